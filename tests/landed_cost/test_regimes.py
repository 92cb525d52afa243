"""Country regimes read from the compiled landed-cost data: rounding rules are named, never guessed."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from cjktrade.landed_cost.regimes import CountryRegime
from cjktrade.refdata import loader


def _row(country: str) -> dict:
    return copy.deepcopy(next(r for r in loader.rows("landed_cost") if r["country"] == country))


def test_shipped_rounding_rules_all_have_a_known_mode():
    for row in loader.rows("landed_cost"):
        CountryRegime.from_row(row)  # raises on an unknown rule name


def test_unknown_rounding_rule_is_refused_naming_country_step_and_rule():
    row = _row("CN")
    row["rounding"][0]["rule"] = "round_half_upp"
    with pytest.raises(ValueError, match=r"CN rounding of tax: unknown rule 'round_half_upp'"):
        CountryRegime.from_row(row)


@pytest.mark.parametrize(
    ("country", "amount", "expected"),
    [
        ("CN", "178.235", "178.24"),  # round half up to the fen (regime data, unverified)
        ("KR", "27773.9", "27773"),  # truncate to the won (regime data, unverified)
    ],
)
def test_round_applies_the_mode_the_data_names(country, amount, expected):
    rounded, rule = CountryRegime.from_row(_row(country)).round("tax", Decimal(amount))
    assert rounded == Decimal(expected) and rule is not None
