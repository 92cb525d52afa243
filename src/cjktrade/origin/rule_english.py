"""Plain-English rendering of a PSR, worded after the treaties' own phrasing.

>>> from cjktrade.origin.rule_text import parse_rule
>>> describe_en(parse_rule("CTSH or RVC40"))
'A change to this subheading from any other subheading, or a regional value content of at least 40%'
>>> describe_en(parse_rule("CC except from 1211.20"))
'A change to this chapter from any other chapter, except from subheading 1211.20'
"""

from __future__ import annotations

from cjktrade.origin.rule_nodes import (
    DEFAULT_RVC_METHODS,
    And,
    ChemicalReaction,
    HsRange,
    NamedProcess,
    Or,
    ProducedExclusively,
    ProductSplit,
    RegionalValueContent,
    Requirement,
    Rule,
    TariffShift,
    WhollyObtained,
    dotted,
    percent_text,
)

_METHOD_WORDS = {
    "build-down": "the build-down method",
    "build-up": "the build-up method",
    "net-cost": "the net cost method",
    "focused-value": "the focused value method",
}


def _item(item: HsRange) -> str:
    text = f"{item.level} {dotted(item.first)}"
    if item.last is not None:
        text += f" through {dotted(item.last)}"
    if item.description is not None:
        text += f" (only: {item.description})"
    return text


def _items(items: tuple[HsRange, ...], joiner: str = "or") -> str:
    words = [_item(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1]


def _rvc(rule: RegionalValueContent) -> str:
    text = f"a regional value content of at least {percent_text(rule.threshold)}%"
    if rule.methods == DEFAULT_RVC_METHODS and not rule.focused_materials:
        return text
    text += " under " + " or ".join(_METHOD_WORDS[m] for m in rule.methods)
    if rule.focused_materials:
        text += f", counting only the non-originating materials of {_items(rule.focused_materials, 'and')}"
    return text


def _clause(rule: Rule) -> str:
    if isinstance(rule, WhollyObtained):
        return "the good is wholly obtained or produced"
    if isinstance(rule, ProducedExclusively):
        return "the good is produced exclusively from originating materials"
    if isinstance(rule, ChemicalReaction):
        return "a chemical reaction"
    if isinstance(rule, TariffShift):
        text = f"a change to this {rule.level} from any other {rule.level}"
        return f"{text}, except from {_items(rule.exceptions)}" if rule.exceptions else text
    if isinstance(rule, RegionalValueContent):
        return _rvc(rule)
    if isinstance(rule, NamedProcess):
        return f"the process “{rule.text}”"
    if isinstance(rule, Requirement):
        return f"the condition “{rule.text}”"
    if isinstance(rule, And):
        return " and ".join(_nested(p) for p in rule.parts)
    if isinstance(rule, Or):
        return ", or ".join(_nested(p) for p in rule.parts)
    cases = [f"for goods described as “{c.description}”: {_clause(c.rule)}" for c in rule.cases]
    if rule.otherwise is not None:
        cases.append(f"for any other good: {_clause(rule.otherwise)}")
    return "; ".join(cases)


def _nested(rule: Rule) -> str:
    return f"({_clause(rule)})" if isinstance(rule, And | Or | ProductSplit) else _clause(rule)


def describe_en(rule: Rule) -> str:
    """One English sentence (without a final full stop) saying what the rule requires."""
    text = _clause(rule)
    first = next((i for i, ch in enumerate(text) if ch.isalpha()), 0)
    return text[:first] + text[first : first + 1].upper() + text[first + 1 :]
