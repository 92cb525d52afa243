"""Parser for cells of Japan's applied tariff (実行関税率表), every column alike.

Grammar, on text normalised by :func:`~cjktrade.tariff.expr_text.prepare` (NFKC: ``（`` is
``(``, ``＋`` is ``+``, ``㎡`` is ``m2``; loosest binding first)::

    cell     := line | labelled ("\\n" labelled)*       -- sub-lines: "label<space>line"
    line     := [MARK] body [" ◆" N] | "◆" N          -- MARK: ● ◎ ※ * **
    body     := body "ただしその税率が" X "を下回る場合は" X            (floor)
              | body "(ただしその税率が" X "を上回る場合は" X "とする)"  (ceiling)
              | "一部" body
              | item (("、" | "又は") item)*                             (varies by goods)
    item     := term "〜" term | term                                   (range)
              | term ("又は" term)+ "のうちいずれか" ("高い" | "低い") "税率"
    term     := [MARK] ( "(" body ")" | gate | atom ("+" atom)* | "非譲許" )
    atom     := "無税" | "免税" | N "%" | N ["万"] "円/" [N] UNIT

A whole cell is first read as one line with its line breaks removed (a rate wrapped over two
lines, ``29.8%+\\n915円/kg``); only when that fails is it read as labelled sub-lines. Anything
else is :class:`Unparsed`.

>>> parse_jp_expr("30%又は4,300円/足のうちいずれか高い税率")
HigherOf(parts=(AdValorem(percent=Decimal('30')), Specific(amount=Decimal('4300'), currency='JPY', per_unit='pair', per_quantity=Decimal('1'), label='足', numeral=None)))
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cjktrade.tariff.expr_formula import parse_gate
from cjktrade.tariff.expr_text import JP_NUMBER, prepare, split_top_level, to_number, wrapped_in_parentheses
from cjktrade.tariff.expr_types import (
    AdValorem,
    Ceiling,
    Compound,
    Conditional,
    Expr,
    Floor,
    Free,
    HigherOf,
    LowerOf,
    Marked,
    Noted,
    Parenthesised,
    Partial,
    RateRange,
    Specific,
    TariffQuota,
    Unbound,
    Unparsed,
    Varies,
)

#: Units as printed after 円/ (NFKC form) -> the quantity key the caller supplies.
JP_UNITS: dict[str, str] = {
    "kg": "kg",
    "l": "l",
    "kl": "kl",
    "m2": "m2",
    "足": "pair",
    "頭": "head",
    "本": "piece",
    "枚": "sheet",
    "MT": "t",
}
MARKS = ("**", "*", "●", "◎", "※")
IN_QUOTA = "関税割当数量以内のもの"
OUT_OF_QUOTA = ("関税割当数量以外のもの", "その他のもの")

_CHOICE = re.compile(r"(?P<body>.+)のうちいずれか(?P<which>高い|低い)税率")
_CEILING = re.compile(r"(?P<body>.+)\(ただしその税率が(?P<a>.+)を上回る場合は(?P<b>.+)とする\)")
_FLOOR = re.compile(r"(?P<body>.+?)ただしその税率が(?P<a>.+)を下回る場合は(?P<b>.+)")
_NOTE = re.compile(r"(?P<body>.*?) ?◆(?P<note>\d+)")
_PERCENT = re.compile(rf"(?P<n>{JP_NUMBER})%")
_SPECIFIC = re.compile(
    rf"(?P<n>{JP_NUMBER})(?P<man>万)?円/(?P<q>{JP_NUMBER})?(?P<unit>{'|'.join(sorted(JP_UNITS, key=len, reverse=True))})"
)


def parse_jp_expr(raw: str) -> Expr:
    """The expression a Japan cell states; :class:`Unparsed` when any part is not understood."""
    text = prepare(raw)
    if not text:
        return Unparsed(raw, "empty cell")
    expr = _line(text.replace("\n", ""))
    if expr is None:
        expr = _sub_lines(text.split("\n"))
    return expr if expr is not None else Unparsed(raw, "not a rate expression this parser knows")


def _sub_lines(lines: list[str]) -> Expr | None:
    branches: list[tuple[str, Expr]] = []
    for line in lines:
        branch = _labelled(line)
        if branch is None:
            return None
        branches.append(branch)
    return _quota_or_conditional(branches)


def _labelled(line: str) -> tuple[str, Expr] | None:
    # The label is prose that may itself contain spaces (JIS L-1017…): take the first split
    # after which the rest reads as a rate, and refuse labels that read as rates themselves.
    for match in re.finditer(" ", line):
        label, rest = line[: match.start()], line[match.end() :]
        expr = _line(rest)
        if expr is not None and _line(label) is None:
            return label, expr
    return None


def _quota_or_conditional(branches: list[tuple[str, Expr]]) -> Expr:
    labels = [label for label, _ in branches]
    if labels == [IN_QUOTA]:
        return TariffQuota(branches[0][1], None)
    if len(labels) == 2 and labels[0] == IN_QUOTA and labels[1] in OUT_OF_QUOTA:
        return TariffQuota(branches[0][1], branches[1][1], out_label=labels[1])
    return Conditional(tuple(branches))


def _line(text: str) -> Expr | None:
    note = _NOTE.fullmatch(text)
    if note is None:
        return _marked(text, _body)
    if not note.group("body"):
        return Noted(None, note.group("note"))
    inner = _marked(note.group("body"), _body)
    return Noted(inner, note.group("note")) if inner is not None else None


def _marked(text: str, parse: Callable[[str], Expr | None]) -> Expr | None:
    for mark in MARKS:
        if text.startswith(mark):
            inner = _marked(text[len(mark) :], parse)
            return Marked(mark, inner) if inner is not None else None
    return parse(text)


def _body(text: str) -> Expr | None:
    if not text:
        return None
    floor = _FLOOR.fullmatch(text)
    if floor:
        return _bounded(floor.group("body"), floor.group("a"), floor.group("b"), Floor)
    ceiling = _CEILING.fullmatch(text)
    if ceiling:
        return _bounded(ceiling.group("body"), ceiling.group("a"), ceiling.group("b"), Ceiling)
    if text.startswith("一部"):
        inner = _body(text[2:])
        return Partial(inner) if inner is not None else None
    return _items(text)


def _bounded(body: str, first: str, second: str, kind: type[Floor] | type[Ceiling]) -> Expr | None:
    inner, bound, again = _body(body), _term(first), _term(second)
    # The bound is written twice ("…が50%を上回る場合は50%とする"); refuse if they differ.
    if inner is None or bound is None or bound != again:
        return None
    return kind(inner, bound)


def _items(text: str) -> Expr | None:
    operands, seps = split_top_level(text, ("、", "又は", "〜"))
    parsed: list[Expr] = []
    links: list[str] = []
    index = 0
    while index < len(operands):
        # Gather a choice: operands joined by 又は whose last one ends with のうちいずれか…税率.
        end = index
        while end < len(seps) and seps[end] == "又は" and not _CHOICE.fullmatch(operands[end]):
            end += 1
        choice = _CHOICE.fullmatch(operands[end]) if end > index else None
        if choice:
            parts = [_term(o) for o in operands[index:end]] + [_term(choice.group("body"))]
            if any(p is None for p in parts):
                return None
            kind = HigherOf if choice.group("which") == "高い" else LowerOf
            parsed.append(kind(tuple(p for p in parts if p is not None)))
            index = end + 1
        else:
            term = _term(operands[index])
            if term is None:
                return None
            parsed.append(term)
            index += 1
        if index - 1 < len(seps):
            links.append(seps[index - 1])
    return _ranges_and_varies(parsed, links)


def _ranges_and_varies(parsed: list[Expr], links: list[str]) -> Expr | None:
    members: list[Expr] = [parsed[0]]
    separators: list[str] = []
    for link, expr in zip(links, parsed[1:], strict=True):
        if link == "〜":
            if isinstance(members[-1], RateRange):
                return None  # a〜b〜c is not notation we know
            members[-1] = RateRange(members[-1], expr)
        else:
            members.append(expr)
            separators.append(link)
    if len(members) == 1:
        return members[0]
    return Varies(tuple(members), tuple(separators))


def _term(text: str) -> Expr | None:
    return _marked(text, _unmarked_term)


def _unmarked_term(text: str) -> Expr | None:
    if text == "非譲許":
        return Unbound()
    if wrapped_in_parentheses(text):
        inner = _body(text[1:-1])
        return Parenthesised(inner) if inner is not None else None
    gate = parse_gate(text, JP_UNITS)
    if gate is not None:
        return gate
    atoms = [_atom(part) for part in split_top_level(text, ("+",))[0]]
    if any(a is None for a in atoms):
        return None
    return atoms[0] if len(atoms) == 1 else Compound(tuple(a for a in atoms if a is not None))


def _atom(text: str) -> Expr | None:
    if text in ("無税", "免税"):
        return Free(text)
    if match := _PERCENT.fullmatch(text):
        return AdValorem(to_number(match.group("n")))
    if match := _SPECIFIC.fullmatch(text):
        amount = to_number(match.group("n"))
        numeral = None
        if match.group("man"):
            # 170万円 is 1,700,000 yen; keep the numeral so the cell prints as published.
            amount, numeral = amount * 10000, match.group("n") + "万"
        per = to_number(match.group("q")) if match.group("q") else to_number("1")
        label = (match.group("q") or "") + match.group("unit")
        return Specific(amount, "JPY", JP_UNITS[match.group("unit")], per, label, numeral)
    return None
