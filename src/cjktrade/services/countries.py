"""Use case: resolve a country typed as a code or a name in en/zh/ja/ko."""

from __future__ import annotations

from typing import Any

from cjktrade.core.countries import Country, all_countries, resolve_country


def _as_dict(country: Country) -> dict[str, Any]:
    return {
        "alpha2": country.alpha2,
        "alpha3": country.alpha3,
        "names": dict(country.names),
        "rcep_party": country.is_rcep_party,
    }


def lookup(text: str) -> dict[str, Any]:
    return _as_dict(resolve_country(text))


def rcep_parties() -> list[dict[str, Any]]:
    return [_as_dict(c) for c in all_countries() if c.is_rcep_party]
