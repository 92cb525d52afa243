"""Reader of CPTPP product-specific rules (Annex 4-A) from the prose of the UK Online Trade Tariff.

The UK schema gives one rule set per HS scope as a list of markdown fragments. A fragment whose
``operator`` is null starts the rule for a (possibly described) product; ``or`` fragments continue it
with an alternative or with the next item of a list ("- b) 45% under the build-down method"). The
wording read here, after Annex 4-A Section A and Chapter 3 (Art. 3.5 value methods):

- "A change to <good> of <scope> from any other chapter|heading|subheading" -> CC / CTH / CTSH,
  ", except from <HS list>" -> exceptions;
- "No change in tariff classification required for <good> ..., provided ..." -> the condition alone;
- "provided there is a regional value content of not less than: a) 35% under the build-up method
  b) 45% under the build-down method c) 50% under the focused value method taking into account only
  the non-originating materials of <HS list>" -> ``RVC35(build-up) or RVC45(build-down) or ...``;
- "provided the good is <process>" -> ``process "..."``; any other "provided that <fact>" ->
  ``requires "..."`` (words kept verbatim; the user answers);
- <good> other than "a good" / "any other good" -> a ``ProductSplit`` case in the source's words;
  "For originating goods ... imported from Malaysia, the product specific rule is: ..." -> a case too.

Cross-references ("See also Appendix 1 ...") and notes ("Note: Where more than one product-specific
rule is applicable ...") are returned beside the rule. Anything else raises ``UnparsedWordingError``:
the compiler keeps such a rule set as text, never guessed.

>>> fragments = [("A change to a good of [heading&nbsp;3901](/headings/3901) from any other heading.", None)]
>>> from cjktrade.origin.rule_text import format_rule
>>> format_rule(read_cptpp_rule_set(fragments).rule)
'CTH'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cjktrade.origin.rule_errors import UnparsedWordingError
from cjktrade.origin.rule_nodes import (
    And,
    HsRange,
    NamedProcess,
    Or,
    ProductCase,
    ProductSplit,
    RegionalValueContent,
    Requirement,
    Rule,
    RvcMethod,
    ShiftLevel,
    TariffShift,
)

_NOTES = (
    re.compile(r"\s*(See also Appendix 1 \([^)]*\))\.?"),
    re.compile(r"\s*(Note: .*)$"),
)
_PARTNER = re.compile(
    r"\s*For (originating goods of .+? imported from \w+), the product specific rule is:\s*"
)
_CHANGE = re.compile(
    r"A change to (?P<good>.+?) from any other (?P<level>chapter|heading|subheading)(?P<rest>.*)"
)
_NO_CHANGE = re.compile(
    r"No change in tariff classification (?:is )?required for (?P<good>.+?),? provided (?P<cond>.+)"
)
_EXCEPT = re.compile(r",? except from (?P<items>.+?)(?:,? provided (?P<cond>.+))?")
_PROVIDED = re.compile(r",? provided (?P<cond>.+)")
_RVC_INTRO = "there is a regional value content of not less than"
_RVC_ITEM = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)% under the (?P<method>build-up|build-down|net cost|focused value) method"
    r"(?: taking into account only the non-originating materials of (?P<materials>.+?))?[.;]?"
)
_METHODS: dict[str, RvcMethod] = {
    "build-up": "build-up",
    "build-down": "build-down",
    "net cost": "net-cost",
    "focused value": "focused-value",
}
_LEVELS: dict[str, ShiftLevel] = {"chapter": "chapter", "heading": "heading", "subheading": "subheading"}
_WHOLE = re.compile(
    r"(?P<who>a good|any other good) of (?:chapter|heading|subheading) \d+"
    r"(?: (?:to|through) (?:heading |subheading )?\d+)?"
)


# HS code lists in the prose ("except from heading 0401 to heading 0406 or dairy preparations of
# subheading 190190 containing more than 10% by dry weight of milk solids"). Annex 4-A writes headings
# as 4 digits and subheadings as 6, ranges as "heading A to heading B" / "subheading A through B"; a
# bare code keeps the level its length gives, a bare 1-2 digit number belongs to the "chapter" keyword
# before it. Where only part of a code is meant, the words around it are kept verbatim.


def _refuse_list(text: str, why: str) -> UnparsedWordingError:
    return UnparsedWordingError(f"CPTPP HS list {text!r}: {why}.")


_KEYWORD = r"(chapter|heading|subheading)"
_MENTION = re.compile(
    rf"(?:{_KEYWORD}\s+)?(?<![\d.])(\d{{1,6}})(?![\d%.]\d|\d|%)"
    rf"(?:\s+(?:to|through)\s+(?:{_KEYWORD}\s+)?(\d{{1,6}})(?![\d%]))?"
)
# Longest first: ", or " must win over ", ".
_SEPARATORS = (", or ", ", and ", " or ", " and ", ", ")
_LENGTH_LEVEL = {4: "heading", 6: "subheading"}


def _code(digits: str, keyword: str | None, text: str) -> str:
    if keyword == "chapter" and len(digits) <= 2:
        return digits.zfill(2)
    level = _LENGTH_LEVEL.get(len(digits))
    if level is None or (keyword is not None and keyword != level):
        raise _refuse_list(text, f"{keyword or 'code'} {digits!r} has the wrong number of digits")
    return digits


def _separator_at(chunk: str, position: int) -> str | None:
    return next((s for s in _SEPARATORS if chunk.startswith(s, position)), None)


def _split_chunk(chunk: str, text: str) -> tuple[str, str]:
    """Split the words between two codes into (trailing words of the first, leading words of the next).

    The leading words of an item always end in " of " ("housings of subheading 850870").
    """
    for position in range(len(chunk)):
        separator = _separator_at(chunk, position)
        if separator is None:
            continue
        rest = chunk[position + len(separator) :]
        if rest == "" or rest.endswith(" of "):
            return chunk[:position], rest
    raise _refuse_list(text, f"cannot tell where {chunk!r} separates two items")


def read_hs_items(text: str) -> tuple[HsRange, ...]:
    """The codes, ranges and described parts of codes in a CPTPP list, or ``UnparsedWordingError``."""
    mentions = list(_MENTION.finditer(text))
    if not mentions:
        raise _refuse_list(text, "no HS code")
    lead = text[: mentions[0].start()]
    if lead and not lead.endswith(" of "):
        raise _refuse_list(text, f"unexpected words {lead!r} before the first code")
    items: list[HsRange] = []
    keyword: str | None = None
    lead_start = 0
    for index, mention in enumerate(mentions):
        keyword = mention.group(1) or (keyword if len(mention.group(2)) <= 2 else None)
        first = _code(mention.group(2), keyword, text)
        last = None
        if mention.group(4):
            last = _code(mention.group(4), mention.group(3) or keyword, text)
        next_start = mentions[index + 1].start() if index + 1 < len(mentions) else len(text)
        chunk = text[mention.end() : next_start]
        if index + 1 < len(mentions):
            trail, next_lead = _split_chunk(chunk, text)
        else:
            trail, next_lead = chunk, ""
        described = lead_start < mention.start() or trail
        phrase = text[lead_start : mention.end() + len(trail)].strip() if described else None
        items.append(HsRange(first, last, phrase))
        lead_start = next_start - len(next_lead)
    return tuple(items)


@dataclass(frozen=True)
class CptppReading:
    """The rule read from one rule set, with the cross-references and notes the prose carries."""

    rule: Rule
    notes: tuple[str, ...] = ()


def plain_text(markdown: str) -> str:
    """The fragment's words: links unwrapped, ``&nbsp;`` and bold marks dropped, spaces collapsed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = text.replace("&nbsp;", " ").replace("**", "").replace("*or*", "or")
    return " ".join(text.split())


def _refuse(text: str, why: str) -> UnparsedWordingError:
    return UnparsedWordingError(f"CPTPP rule {text!r}: {why}.")


def _rvc(condition: str, text: str) -> Rule:
    body = condition[len(_RVC_INTRO) :].lstrip(":").strip()
    pieces = [p.strip() for p in re.split(r"(?:^|\s)-?\s*[a-d]\)\s", body) if p.strip()]
    alternatives: list[Rule] = []
    for piece in pieces:
        match = _RVC_ITEM.fullmatch(piece)
        if match is None:
            raise _refuse(text, f"cannot read the value condition {piece!r}")
        method = _METHODS[match.group("method")]
        materials = read_hs_items(match.group("materials")) if match.group("materials") else ()
        alternatives.append(RegionalValueContent(Decimal(match.group("pct")), (method,), materials))
    if not alternatives:
        raise _refuse(text, "a value condition without a threshold")
    return alternatives[0] if len(alternatives) == 1 else Or(tuple(alternatives))


def _condition(condition: str, text: str) -> Rule:
    condition = condition.strip().rstrip(".")
    if condition.startswith(_RVC_INTRO):
        return _rvc(condition, text)
    if condition.startswith("that "):
        condition = condition[len("that ") :]
    if condition.startswith("the good is "):
        return NamedProcess(condition)  # a production step only the producer can confirm
    return Requirement(condition)


def _clause(clause: str) -> tuple[str, Rule]:
    """(the good's words, the rule) of one "A change to ..." or "No change ..." sentence."""
    text = clause.strip()
    change = _CHANGE.fullmatch(text.rstrip("."))
    if change:
        rest = change.group("rest")
        shift = TariffShift(_LEVELS[change.group("level")])
        condition = None
        if rest:
            excepted = _EXCEPT.fullmatch(rest)
            provided = _PROVIDED.fullmatch(rest)
            if excepted:
                shift = TariffShift(shift.level, read_hs_items(excepted.group("items")))
                condition = excepted.group("cond")
            elif provided:
                condition = provided.group("cond")
            else:
                raise _refuse(text, f"unexpected words {rest!r} after the tariff shift")
        if condition is None:
            return change.group("good"), shift
        return change.group("good"), And((shift, _condition(condition, text)))
    unchanged = _NO_CHANGE.fullmatch(text)
    if unchanged:
        return unchanged.group("good"), _condition(unchanged.group("cond"), text)
    raise _refuse(text, "neither 'A change to ...' nor 'No change in tariff classification required ...'")


@dataclass
class _Group:
    partner: str | None
    clauses: list[str]


def _groups(fragments: Sequence[tuple[str, str | None]], notes: list[str]) -> list[_Group]:
    groups: list[_Group] = []
    for markdown, operator in fragments:
        # "*or*" (emphasised) joins two whole sentences inside one fragment: alternatives.
        text = "\x00".join(plain_text(piece) for piece in markdown.split("*or*"))
        for pattern in _NOTES:
            for found in pattern.finditer(text):
                notes.append(found.group(1))
            text = pattern.sub("", text)
        partner = _PARTNER.search(text)
        tail = None
        if partner:
            text, tail = text[: partner.start()], (partner.group(1), text[partner.end() :])
        if operator is None or not groups:
            groups.append(_Group(None, []))
        for piece in text.split("\x00"):
            _add(groups[-1], piece.strip().rstrip(","))
        if tail:
            groups.append(_Group(tail[0], []))
            _add(groups[-1], tail[1].strip())
    return groups


def _add(group: _Group, piece: str) -> None:
    if not piece:
        return
    if re.match(r"-?\s*[a-d]\)\s", piece) and group.clauses:
        group.clauses[-1] += " " + piece  # the next item of the list the last clause opened
    else:
        group.clauses.append(piece)


def _group_rule(group: _Group) -> tuple[str, Rule]:
    """The group's goods (its first clause's words) and the alternatives its clauses give.

    A later clause worded for other goods ("No change ... required for a good in the dry state of
    subheading 410640 ...") only opens its alternative to those goods: it is kept as a one-case split.
    """
    if not group.clauses:
        raise _refuse(group.partner or "", "an empty rule")
    read = [(good.rstrip(", "), rule) for good, rule in (_clause(c) for c in group.clauses)]
    head = read[0][0]
    rules = tuple(r if good == head else ProductSplit((ProductCase(good, r),)) for good, r in read)
    return head, rules[0] if len(rules) == 1 else Or(rules)


def read_cptpp_rule_set(fragments: Sequence[tuple[str, str | None]]) -> CptppReading:
    """Read one UK-schema rule set given as (markdown, operator) pairs, in order."""
    notes: list[str] = []
    cases: list[ProductCase] = []
    described = False
    ruled: dict[str, Rule] = {}  # "a good" / "any other good" -> its rule
    first = plain_text(fragments[0][0]) if fragments else ""
    for group in _groups(fragments, notes):
        good, rule = _group_rule(group)
        who = _WHOLE.fullmatch(good)
        if group.partner is not None or who is None:
            described |= group.partner is None
            cases.append(ProductCase(group.partner or good, rule))
        elif who.group("who") in ruled:
            raise _refuse(good, "two rules for the same goods")
        else:
            ruled[who.group("who")] = rule
    if len(ruled) == 2 or ("a good" in ruled and described):
        raise _refuse(first, "a rule for all goods of the scope beside rules for some of them")
    rest = ruled.get("a good", ruled.get("any other good"))
    if not cases:
        if "a good" not in ruled:
            raise _refuse(first, "'any other good' without the goods it is other than")
        return CptppReading(ruled["a good"], tuple(notes))
    return CptppReading(ProductSplit(tuple(cases), rest), tuple(notes))
