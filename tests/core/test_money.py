from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjktrade.core.errors import CurrencyMismatchError, InvalidInputError, UnknownCurrencyError
from cjktrade.core.money import Money, minor_units, validate_currency


def test_add_money_same_currency_is_exact():
    assert Money("0.1", "USD") + Money("0.2", "usd") == Money("0.3", "USD")


def test_add_money_mixed_currencies_raises_naming_both():
    with pytest.raises(CurrencyMismatchError, match="JPY and KRW"):
        Money(100, "JPY") + Money(100, "KRW")


@pytest.mark.parametrize("bad", [0.1, float("nan"), "NaN", "Infinity", "abc", True])
def test_create_money_from_float_or_non_number_raises(bad):
    with pytest.raises(InvalidInputError):
        Money(bad, "USD")


@pytest.mark.parametrize("code", ["XYZ", "", "JP", "yen"])
def test_validate_currency_unknown_code_raises(code):
    with pytest.raises(UnknownCurrencyError):
        validate_currency(code)


@pytest.mark.parametrize(("currency", "places"), [("JPY", 0), ("KRW", 0), ("CNY", 2), ("USD", 2)])
def test_minor_units_per_cldr(currency, places):
    assert minor_units(currency) == places


def test_round_money_to_minor_units_half_up():
    assert Money("157250.5", "JPY").rounded() == Money("157251", "JPY")
    assert Money("12.345", "CNY").rounded() == Money("12.35", "CNY")


amounts = st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=2)


@given(amounts, amounts)
def test_add_then_subtract_money_returns_original(a, b):
    assert (Money(a, "CNY") + Money(b, "CNY")) - Money(b, "CNY") == Money(a, "CNY")


@given(amounts)
def test_multiply_money_by_int_matches_repeated_addition(a):
    m = Money(a, "KRW")
    assert m * 3 == m + m + m
    assert isinstance((m * 3).amount, Decimal)
