"""Countries: ISO 3166-1 alpha-2 codes, with names in English, Chinese, Japanese and Korean.

Names come from the Unicode CLDR (through Babel), so every country is known by name in the four
languages; the RCEP parties are listed here because agreements refer to them.

>>> resolve_country("日本").alpha2
'JP'
>>> resolve_country("kor").alpha2
'KR'
>>> resolve_country("중국").names["en"]
'China'
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from cjktrade.core.errors import UnknownCountryError

LANGUAGES: tuple[str, ...] = ("en", "zh", "ja", "ko")
_BABEL_LOCALES = {"en": "en", "zh": "zh_Hans", "ja": "ja", "ko": "ko"}

# RCEP Agreement, Art. 20.1 and the signatories' list (signed 2020-11-15): ten ASEAN members plus
# Australia, China, Japan, Korea and New Zealand.
RCEP_PARTIES: frozenset[str] = frozenset(
    {"AU", "BN", "KH", "CN", "ID", "JP", "KR", "LA", "MY", "MM", "NZ", "PH", "SG", "TH", "VN"}
)
CJK: tuple[str, ...] = ("CN", "JP", "KR")


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    names: Mapping[str, str]

    @property
    def is_rcep_party(self) -> bool:
        return self.alpha2 in RCEP_PARTIES

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names["en"]


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, Country], dict[str, str]]:
    import pycountry
    from babel import Locale

    with _lock:
        territories = {lang: Locale.parse(loc).territories for lang, loc in _BABEL_LOCALES.items()}
        by_code: dict[str, Country] = {}
        by_key: dict[str, str] = {}
        for entry in pycountry.countries:
            code = entry.alpha_2
            names = {lang: territories[lang].get(code, entry.name) for lang in LANGUAGES}
            country = Country(code, entry.alpha_3, MappingProxyType(names))
            by_code[code] = country
            keys = {
                code,
                entry.alpha_3,
                entry.name,
                getattr(entry, "common_name", entry.name),
                *names.values(),
            }
            for key in keys:
                by_key.setdefault(_key(key), code)
        return by_code, by_key


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def all_countries() -> list[Country]:
    return sorted(_countries()[0].values(), key=lambda c: c.alpha2)


def get_country(code: str, default: Country | None = None) -> Country | None:
    """The country for an alpha-2 code, or ``default``; never raises."""
    return _countries()[0].get(code.strip().upper(), default) if isinstance(code, str) else default


def resolve_country(text: str) -> Country:
    """Resolve an alpha-2 or alpha-3 code or a name in en/zh/ja/ko; raise ``UnknownCountryError``."""
    by_code, by_key = _countries()
    code = by_key.get(_key(text)) if isinstance(text, str) else None
    if code is None:
        raise UnknownCountryError(
            f"unknown country {text!r}: not an ISO 3166 code or a country name we know.",
            hint="Use a two-letter code such as CN, JP or KR.",
        )
    return by_code[code]
