"""Reader of RCEP product-specific rules in Korea's statute wording (HS2022 transposition).

Source: 「자유무역협정의 이행을 위한 관세법의 특례에 관한 법률 시행규칙」 [별표], RCEP 품목별
원산지결정기준 (Annex 3A as Korea enacts it). The statute's own glossary:

=====================================================  ==========================================
2단위 / 4단위 / 6단위 세번변경기준                      CC / CTH / CTSH (change of chapter, heading,
                                                       subheading)
당사자에서 발생한 부가가치가 40퍼센트 이상일 것         RVC40 (regional value content ≥ 40%)
완전생산기준                                           WO (wholly obtained)
화학반응                                               CR (chemical reaction)
(제xx류 / 제xxxx호 / 소호 제xxxx.xx호의 것은 제외한다)  except from chapter / heading / subheading
제A호부터 제B호까지                                    A through B
또는 / 와 / 과 / ,                                     or (between rules) / list separators
=====================================================  ==========================================

The published table broke words with stray spaces ("40퍼 센트", "제외한 다", "제85 04.34호"); none
of the wording above depends on a space, so whitespace is ignored. Composite rules ("1. ... 2. ...",
split by product description) and provisos ("다만, ...") are refused with ``UnparsedWordingError``:
they need a reviewed override (tools/refdata/overrides/rcep_psr_overrides.csv).

>>> from cjktrade.origin.rule_text import format_rule
>>> format_rule(parse_kr_rcep_wording("6단위 세번변경기준 또는 당사자에서 발생한 부가가치가 40퍼 센트 이상일 것"))
'CTSH or RVC40'
>>> format_rule(parse_kr_rcep_wording("2단위 세번변경기준(소호 제1211.20호의 것은 제외한다)"))
'CC except from 1211.20'
"""

from __future__ import annotations

import re
from decimal import Decimal

from cjktrade.origin.rule_errors import UnparsedWordingError
from cjktrade.origin.rule_nodes import (
    ChemicalReaction,
    HsRange,
    Or,
    RegionalValueContent,
    Rule,
    ShiftLevel,
    TariffShift,
    WhollyObtained,
)

_SHIFT = re.compile(r"([246])단위세번변경기준(?:\((.+)의것은제외한다\))?")
_RVC = re.compile(r"당사자에서발생한부가가치가(\d+(?:\.\d+)?)퍼센트이상일것")
_LEVELS: dict[str, ShiftLevel] = {"2": "chapter", "4": "heading", "6": "subheading"}
_CODE = r"제(\d{4}\.\d{2}|\d{4}|\d{2})(류|호)"
_ITEM = re.compile(_CODE + r"(?:부터" + _CODE + r"까지)?")
_SEPARATOR = re.compile(r",|또는|와|과")
_OPEN, _CLOSE = "([{", ")]}"


def _refuse(text: str, why: str) -> UnparsedWordingError:
    return UnparsedWordingError(
        f"RCEP rule wording {text!r}: {why}.",
        hint="Add a reviewed row to tools/refdata/overrides/rcep_psr_overrides.csv.",
    )


def _split_top_level(compact: str, word: str) -> list[str]:
    """Split on ``word`` outside brackets: "또는" inside "(제7208호 또는 제7209호 ...)" is a list."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(compact):
        ch = compact[i]
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if depth == 0 and compact.startswith(word, i):
            parts.append(compact[start:i])
            i += len(word)
            start = i
            continue
        i += 1
    parts.append(compact[start:])
    return parts


def _code(digits: str, unit: str, text: str) -> str:
    code = digits.replace(".", "")
    if (unit == "류") != (len(code) == 2):
        raise _refuse(
            text, f"'제{digits}{unit}' mixes a chapter/heading marker with a code of {len(code)} digits"
        )
    return code


def _exceptions(inner: str, text: str) -> tuple[HsRange, ...]:
    subheadings = inner.startswith("소호")  # "소호 제1211.20호": the codes that follow are subheadings
    body = inner[2:] if subheadings else inner
    items: list[HsRange] = []
    position = 0
    while True:
        match = _ITEM.match(body, position)
        if match is None:
            raise _refuse(text, f"cannot read the exception list {inner!r}")
        first = _code(match.group(1), match.group(2), text)
        last = _code(match.group(3), match.group(4), text) if match.group(3) else None
        if subheadings != (len(first) == 6):
            raise _refuse(text, f"'소호' and the code {match.group(1)!r} disagree on the level")
        items.append(HsRange(first, last))
        position = match.end()
        if position == len(body):
            return tuple(items)
        separator = _SEPARATOR.match(body, position)
        if separator is None:
            raise _refuse(text, f"unexpected {body[position:]!r} in the exception list")
        position = separator.end()


def _alternative(part: str, text: str) -> Rule:
    if part == "완전생산기준":
        return WhollyObtained()
    if part == "화학반응":
        return ChemicalReaction()
    rvc = _RVC.fullmatch(part)
    if rvc:
        # RCEP Art. 3.5: "RVC40" lets the exporter use either the build-down or the build-up formula.
        return RegionalValueContent(Decimal(rvc.group(1)))
    shift = _SHIFT.fullmatch(part)
    if shift:
        exceptions = _exceptions(shift.group(2), text) if shift.group(2) else ()
        return TariffShift(_LEVELS[shift.group(1)], exceptions)
    raise _refuse(text, f"unknown criterion {part!r}")


def parse_kr_rcep_wording(text: str) -> Rule:
    """The rule tree of one RCEP rule in Korean statute wording, or ``UnparsedWordingError``."""
    compact = "".join(text.split())
    if not compact:
        raise _refuse(text, "the rule is empty")
    if re.match(r"\d+\.", compact):
        raise _refuse(text, "a numbered rule split by product description ('1. ... 2. ...')")
    if "다만" in compact:
        raise _refuse(text, "a proviso ('다만, ...') qualifies the criterion")
    parts = [_alternative(p, text) for p in _split_top_level(compact, "또는")]
    return parts[0] if len(parts) == 1 else Or(tuple(parts))
