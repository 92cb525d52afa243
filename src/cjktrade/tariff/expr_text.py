"""Text helpers shared by the parsers and the printer: normalisation, equivalence, numerals.

Two texts are **equivalent** when they are equal after :func:`canonical_text`: Unicode NFKC
(full-width ``（％＋１`` become ``(%+1``, ``㎡`` becomes ``m2``), every dash-like minus
(``−`` U+2212, ``－``, ``‐``, ``–``) read as ``-``, ``~`` read as ``〜``, and all whitespace
(spaces, ideographic spaces, line breaks) removed. Nothing else is forgiven: digits, thousands
separators, trailing zeros, words and markers must match.

>>> equivalent("（無税）", "(無税)")
True
>>> equivalent("30%又は4,300円/足", "30% 又は 4,300円/足")
True
>>> equivalent("13.0%", "13%")
False
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_DASHES = str.maketrans({"−": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "~": "〜"})

#: Numerals as each schedule prints them, and nothing else, so that every parsed numeral prints
#: back the same: Japan groups thousands ("4,300", never "4300"), China never does ("20600");
#: neither writes leading zeros ("05").
JP_NUMBER = r"(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{0,2}|0)(?:\.\d+)?"
CN_NUMBER = r"(?:[1-9]\d*|0)(?:\.\d+)?"


def canonical_text(text: str) -> str:
    """The form in which two cell texts are compared (see the module docstring)."""
    normal = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(normal.split())


def equivalent(left: str, right: str) -> bool:
    """True when ``left`` and ``right`` differ only in whitespace or full-/half-width forms."""
    return canonical_text(left) == canonical_text(right)


def prepare(text: str) -> str:
    """Text as the parsers read it: NFKC, one kind of minus and tilde, single spaces, no blank lines."""
    normal = unicodedata.normalize("NFKC", text).translate(_DASHES)
    lines = (" ".join(line.split()) for line in normal.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def to_number(numeral: str) -> Decimal:
    """``"4,300"`` -> ``Decimal("4300")``; trailing zeros are kept (``"27.40"`` stays 27.40)."""
    return Decimal(numeral.replace(",", ""))


def jp_number(value: Decimal) -> str:
    """A numeral as the Japan schedule prints it: thousands separators, no exponent."""
    return f"{value:,f}"


def cn_number(value: Decimal) -> str:
    """A numeral as the China schedule prints it: plain digits, no exponent."""
    return f"{value:f}"


def split_top_level(text: str, separators: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split ``text`` on any of ``separators`` outside parentheses: (operands, separators found)."""
    pattern = "|".join(re.escape(s) for s in sorted(separators, key=len, reverse=True))
    operands: list[str] = []
    found: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            match = re.match(pattern, text[i:])
            if match:
                operands.append(text[start:i])
                found.append(match.group(0))
                i += len(match.group(0))
                start = i
                continue
        i += 1
    operands.append(text[start:])
    return operands, found


def wrapped_in_parentheses(text: str) -> bool:
    """True when ``text`` is one parenthesised group: ``(a)`` but not ``(a)〜(b)``."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and index < len(text) - 1:
            return False
    return depth == 0
