"""HS and national tariff-line codes: validation, normalisation and display.

Codes are typed in many ways (``8507.60``, ``850760``, ``8507.60.000``, ``8507.60-2000``); the
canonical form is the digits alone. HS 2022 codes have 2 (chapter), 4 (heading) or 6 (subheading)
digits; the national lines of this platform have 8 (China), 9 (Japan) or 10 (Korea).

>>> normalise_code("8507.60.000")
'850760000'
>>> classify_code("850760000").country
'JP'
>>> format_code("8507602000")
'8507.60-2000'
>>> normalise_code("85423")
Traceback (most recent call last):
...
cjktrade.core.errors.InvalidCodeError: '85423' has 5 digits: an HS code has 2, 4 or 6 digits, a national tariff line 8 (CN), 9 (JP) or 10 (KR).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from cjktrade.core.errors import InvalidCodeError

_SEPARATORS = re.compile(r"[\s.\-_/·・．]")
_CODE_LIKE = re.compile(r"^[\d\s.\-_/·・．]+$")


class CodeKind(Enum):
    CHAPTER = (2, None)
    HEADING = (4, None)
    SUBHEADING = (6, None)
    CN_LINE = (8, "CN")
    JP_LINE = (9, "JP")
    KR_LINE = (10, "KR")

    def __init__(self, digits: int, country: str | None) -> None:
        self.digits = digits
        self.country = country

    @property
    def is_national(self) -> bool:
        return self.country is not None


_BY_DIGITS = {kind.digits: kind for kind in CodeKind}


def looks_like_code(text: str) -> bool:
    """True when the text is digits with the usual separators (a code, not words)."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return bool(_CODE_LIKE.match(folded)) and any(ch.isdigit() for ch in folded)


def digits_of(text: str) -> str:
    """Digits with separators removed; full-width digits (as typed in Japan) become ASCII."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).strip())


def normalise_code(text: str) -> str:
    """The digits of a code, or ``InvalidCodeError`` explaining what is wrong with it."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidCodeError("empty code: give an HS code such as 8507.60.")
    digits = digits_of(text)
    if not digits.isdigit() or not digits.isascii():
        raise InvalidCodeError(
            f"{text!r} is not a tariff code: codes are digits, optionally with dots or dashes (e.g. 8507.60)."
        )
    if len(digits) not in _BY_DIGITS:
        raise InvalidCodeError(
            f"{text!r} has {len(digits)} digits: an HS code has 2, 4 or 6 digits, "
            "a national tariff line 8 (CN), 9 (JP) or 10 (KR)."
        )
    return digits


def classify_code(text: str) -> CodeKind:
    return _BY_DIGITS[len(normalise_code(text))]


def format_code(code: str) -> str:
    """Display form: 85, 85.07, 8507.60, 8507.60.00 (CN), 8507.60.000 (JP), 8507.60-2000 (KR)."""
    d = normalise_code(code)
    if len(d) == 2:
        return d
    if len(d) == 4:
        return f"{d[:2]}.{d[2:]}"
    head = f"{d[:4]}.{d[4:6]}"
    if len(d) == 6:
        return head
    if len(d) == 10:
        return f"{head}-{d[6:]}"
    return f"{head}.{d[6:]}"


def ancestors(code: str) -> list[str]:
    """HS ancestors of a code, from the chapter down: 850760000 -> [85, 8507, 850760]."""
    d = normalise_code(code)
    return [d[:n] for n in (2, 4, 6) if n < len(d)]
