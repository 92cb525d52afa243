"""Scenario agreements defined by users, e.g. a China–Japan–Korea FTA that cuts MFN duties linearly
to zero over ten years. They are evaluated like real agreements but are never law: every answer that
uses one labels it as a scenario.

Staging: equal annual cuts, the first on the start date, so after ``k`` anniversaries the rate is
``MFN × (1 − (k + 1) / years)`` (never below ``end_share``); on and after the last cut it is the end rate.

>>> s = parse_scenario({"id": "CJK", "name": "China–Japan–Korea FTA", "parties": ["CN", "JP", "KR"],
...                     "start": "2027-01-01", "years": 10})
>>> str(mfn_share(s, date(2027, 6, 1))), str(mfn_share(s, date(2036, 1, 1)))
('0.9', '0')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import to_decimal
from cjktrade.tariff.registry import Agreement


@dataclass(frozen=True, slots=True)
class Scenario:
    agreement: Agreement
    start: date
    years: int
    end_share: Decimal  # share of MFN left at the end (0 = duty-free)


def parse_scenario(spec: Mapping[str, Any]) -> Scenario:
    """A scenario from a mapping (one table of a user's scenario file); errors name the field."""
    where = f"scenario {spec.get('id', '?')!r}"
    for key in ("id", "name", "parties", "start", "years"):
        if key not in spec:
            raise InvalidInputError(f"{where}: field {key!r} is missing.")
    parties = frozenset(resolve_country(str(p)).alpha2 for p in spec["parties"])
    if len(parties) < 2:
        raise InvalidInputError(f"{where}: parties must name at least two countries.")
    try:
        start = date.fromisoformat(str(spec["start"]))
    except ValueError:
        raise InvalidInputError(f"{where}: start {spec['start']!r} is not a date (YYYY-MM-DD).") from None
    years = spec["years"]
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        raise InvalidInputError(f"{where}: years must be a whole number of at least 1.")
    end_share = to_decimal(spec.get("end_share_of_mfn", 0), field=f"{where}: end_share_of_mfn")
    if not 0 <= end_share < 1:
        raise InvalidInputError(f"{where}: end_share_of_mfn must be at least 0 and below 1.")
    terms = (
        f"scenario: MFN cut in {years} equal annual steps from {start.isoformat()} "
        f"to {end_share * 100:f}% of MFN"
    )
    agreement = Agreement(
        id=str(spec["id"]),
        names={"en": f"{spec['name']} (scenario)"},
        parties=parties,
        in_force={"*": start},
        in_force_verified=False,
        in_force_source="user-defined scenario, not law",
        proofs=tuple(spec.get("proofs", ("proof of origin as the scenario defines it",))),
        proofs_verified=False,
        scenario=True,
        scenario_terms=terms,
    )
    return Scenario(agreement, start, years, end_share)


def mfn_share(scenario: Scenario, on: date) -> Decimal | None:
    """The share of the MFN duty charged under the scenario on ``on``; None before it starts."""
    if on < scenario.start:
        return None
    anniversaries = (
        on.year - scenario.start.year - ((on.month, on.day) < (scenario.start.month, scenario.start.day))
    )
    cuts = min(anniversaries + 1, scenario.years)
    share = 1 - Decimal(cuts) / Decimal(scenario.years) * (1 - scenario.end_share)
    return share.normalize() if share else Decimal(0)
