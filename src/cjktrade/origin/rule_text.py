"""Canonical text form of a PSR: ``format_rule`` writes it, ``parse_rule`` reads it back.

The form follows the codes of RCEP Annex 3A ("CTH or RVC40") and extends them just enough to hold
every rule of RCEP and CPTPP without losing words::

    rule     := or
    or       := and ("or" and)*
    and      := unary ("and" unary)*
    unary    := "(" or ")" | "WO" | "PE" | "CR" | shift | rvc
              | "process" STRING | "requires" STRING | split
    shift    := ("CC" | "CTH" | "CTSH") ["except from" items]
    items    := item ("," item)*
    item     := CODE ["through" CODE] [STRING]          CODE: 01 | 12.11 | 1211.20
    rvc      := "RVC" NUMBER ["(" method ("," method)* ["of" items] ")"]
    method   := "build-down" | "build-up" | "net-cost" | "focused-value"
    split    := "split" "{" case (";" case)* [";" "other" ":" or] "}"
    case     := STRING ":" or

A bare ``RVC40`` means build-down or build-up at the exporter's choice (RCEP Art. 3.5). STRING is
double-quoted, with ``\\"`` and ``\\\\`` escaped; it carries the source's own words.

>>> format_rule(parse_rule("CTSH  or RVC40"))
'CTSH or RVC40'
>>> format_rule(parse_rule("CC except from 1211.20"))
'CC except from 1211.20'
>>> format_rule(parse_rule('RVC45(build-down) or RVC50(focused-value of 85.07, 8537.10 "control panels")'))
'RVC45(build-down) or RVC50(focused-value of 85.07, 8537.10 "control panels")'
"""

from __future__ import annotations

import re
from decimal import Decimal

from cjktrade.origin.rule_errors import RuleSyntaxError
from cjktrade.origin.rule_nodes import (
    DEFAULT_RVC_METHODS,
    RVC_METHODS,
    And,
    ChemicalReaction,
    HsRange,
    NamedProcess,
    Or,
    ProducedExclusively,
    ProductCase,
    ProductSplit,
    RegionalValueContent,
    Requirement,
    Rule,
    RvcMethod,
    ShiftLevel,
    TariffShift,
    WhollyObtained,
    dotted,
    percent_text,
)

SHIFT_CODES: dict[str, ShiftLevel] = {"CC": "chapter", "CTH": "heading", "CTSH": "subheading"}
SHIFT_NAMES = {level: name for name, level in SHIFT_CODES.items()}
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<rvc>RVC(?P<threshold>\d+(?:\.\d+)?))
    | (?P<code>\d{4}\.\d{2}|\d{2}\.\d{2}|\d{2})(?![\d.])
    | (?P<punct>[(){},;:])
    | (?P<word>[A-Za-z][A-Za-z-]*)
    )""",
    re.VERBOSE | re.DOTALL,
)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1], flags=re.DOTALL)


def _format_item(item: HsRange) -> str:
    text = dotted(item.first)
    if item.last is not None:
        text += f" through {dotted(item.last)}"
    if item.description is not None:
        text += f" {_quote(item.description)}"
    return text


def _format_items(items: tuple[HsRange, ...]) -> str:
    return ", ".join(_format_item(i) for i in items)


def _format_rvc(rule: RegionalValueContent) -> str:
    text = f"RVC{percent_text(rule.threshold)}"
    if rule.methods == DEFAULT_RVC_METHODS and not rule.focused_materials:
        return text
    inner = ", ".join(rule.methods)
    if rule.focused_materials:
        inner += f" of {_format_items(rule.focused_materials)}"
    return f"{text}({inner})"


def _wrapped(rule: Rule) -> str:
    # Nested and/or are always parenthesised: the text then shows the structure the law gives.
    return f"({format_rule(rule)})" if isinstance(rule, And | Or) else format_rule(rule)


def format_rule(rule: Rule) -> str:
    """The canonical text of ``rule`` (see the module docstring for the grammar)."""
    if isinstance(rule, WhollyObtained):
        return "WO"
    if isinstance(rule, ProducedExclusively):
        return "PE"
    if isinstance(rule, ChemicalReaction):
        return "CR"
    if isinstance(rule, TariffShift):
        name = SHIFT_NAMES[rule.level]
        return f"{name} except from {_format_items(rule.exceptions)}" if rule.exceptions else name
    if isinstance(rule, RegionalValueContent):
        return _format_rvc(rule)
    if isinstance(rule, NamedProcess):
        return f"process {_quote(rule.text)}"
    if isinstance(rule, Requirement):
        return f"requires {_quote(rule.text)}"
    if isinstance(rule, And):
        return " and ".join(_wrapped(p) for p in rule.parts)
    if isinstance(rule, Or):
        return " or ".join(_wrapped(p) for p in rule.parts)
    cases = [f"{_quote(c.description)}: {format_rule(c.rule)}" for c in rule.cases]
    if rule.otherwise is not None:
        cases.append(f"other: {format_rule(rule.otherwise)}")
    return "split{" + "; ".join(cases) + "}"


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        while position < len(text):
            if not text[position:].strip():
                break
            match = _TOKEN.match(text, position)
            if match is None or match.lastgroup is None:
                raise self._error(f"unexpected character {text[position:].lstrip()[:1]!r}", position)
            kind = "rvc" if match.group("rvc") else match.lastgroup
            value = match.group("threshold") if kind == "rvc" else match.group(kind)
            self.tokens.append((kind, value, match.start(kind)))
            position = match.end()
        self.index = 0

    def _error(self, what: str, position: int | None = None) -> RuleSyntaxError:
        if position is None:
            position = self.tokens[self.index][2] if self.index < len(self.tokens) else len(self.text)
        return RuleSyntaxError(
            f"rule text {self.text!r}: {what} at position {position}.",
            hint="Write rules like 'CTH or RVC40', 'CC except from 1211.20' (see cjktrade.origin.rule_text).",
        )

    def peek(self, value: str | None = None, kind: str | None = None) -> bool:
        if self.index >= len(self.tokens):
            return False
        token_kind, token_value, _ = self.tokens[self.index]
        return (value is None or token_value == value) and (kind is None or token_kind == kind)

    def take(self, value: str | None = None, kind: str | None = None) -> str:
        if not self.peek(value, kind):
            raise self._error(f"expected {value or kind}")
        self.index += 1
        return self.tokens[self.index - 1][1]

    def parse(self) -> Rule:
        if not self.tokens:
            raise self._error("empty rule")
        rule = self.or_expr()
        if self.index != len(self.tokens):
            raise self._error(f"unexpected {self.tokens[self.index][1]!r}")
        return rule

    def or_expr(self) -> Rule:
        parts = [self.and_expr()]
        while self.peek("or", "word"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Rule:
        parts = [self.unary()]
        while self.peek("and", "word"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Rule:
        if self.peek("(", "punct"):
            self.take()
            inner = self.or_expr()
            self.take(")", "punct")
            return inner
        if self.peek(kind="rvc"):
            return self.rvc()
        word = self.take(kind="word")
        simple: dict[str, Rule] = {
            "WO": WhollyObtained(),
            "PE": ProducedExclusively(),
            "CR": ChemicalReaction(),
        }
        if word in simple:
            return simple[word]
        if word in SHIFT_CODES:
            return self.shift(SHIFT_CODES[word])
        if word == "process":
            return NamedProcess(_unquote(self.take(kind="string")))
        if word == "requires":
            return Requirement(_unquote(self.take(kind="string")))
        if word == "split":
            return self.split()
        self.index -= 1
        raise self._error(f"unknown rule {word!r}")

    def shift(self, level: ShiftLevel) -> TariffShift:
        if not self.peek("except", "word"):
            return TariffShift(level)
        self.take()
        self.take("from", "word")
        return TariffShift(level, self.items())

    def items(self) -> tuple[HsRange, ...]:
        items = [self.item()]
        while (
            self.peek(",", "punct")
            and self.index + 1 < len(self.tokens)
            and self.tokens[self.index + 1][0] == "code"
        ):
            self.take()
            items.append(self.item())
        return tuple(items)

    def item(self) -> HsRange:
        first = self.take(kind="code").replace(".", "")
        last = None
        if self.peek("through", "word"):
            self.take()
            last = self.take(kind="code").replace(".", "")
        description = _unquote(self.take(kind="string")) if self.peek(kind="string") else None
        return HsRange(first, last, description)

    def rvc(self) -> RegionalValueContent:
        threshold = Decimal(self.take(kind="rvc"))
        if not self.peek("(", "punct"):
            return RegionalValueContent(threshold)
        self.take()
        methods = [self.method()]
        while self.peek(",", "punct"):
            self.take()
            methods.append(self.method())
        focused: tuple[HsRange, ...] = ()
        if self.peek("of", "word"):
            self.take()
            focused = self.items()
        self.take(")", "punct")
        return RegionalValueContent(threshold, tuple(methods), focused)

    def method(self) -> RvcMethod:
        word = self.take(kind="word")
        if word not in RVC_METHODS:
            self.index -= 1
            raise self._error(f"unknown RVC method {word!r} (one of {', '.join(RVC_METHODS)})")
        return word

    def split(self) -> ProductSplit:
        self.take("{", "punct")
        cases: list[ProductCase] = []
        otherwise: Rule | None = None
        while True:
            if self.peek("other", "word"):
                self.take()
                self.take(":", "punct")
                otherwise = self.or_expr()
                break
            description = _unquote(self.take(kind="string"))
            self.take(":", "punct")
            cases.append(ProductCase(description, self.or_expr()))
            if not self.peek(";", "punct"):
                break
            self.take()
        self.take("}", "punct")
        return ProductSplit(tuple(cases), otherwise)


def parse_rule(text: str) -> Rule:
    """Read canonical rule text; raise ``RuleSyntaxError`` naming the position of the first fault."""
    return _Parser(text).parse()
