import pytest

from cjktrade.core.countries import RCEP_PARTIES, all_countries, get_country, resolve_country
from cjktrade.core.errors import UnknownCountryError


# Names as CLDR gives them in each language.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CN", "CN"),
        ("chn", "CN"),
        ("China", "CN"),
        ("中国", "CN"),
        ("중국", "CN"),
        ("Japan", "JP"),
        ("日本", "JP"),
        ("일본", "JP"),
        ("South Korea", "KR"),
        ("韩国", "KR"),
        ("韓国", "KR"),
        ("대한민국", "KR"),
        ("kor", "KR"),
        ("Vietnam", "VN"),
        ("越南", "VN"),
        ("ニュージーランド", "NZ"),
        ("오스트레일리아", "AU"),
    ],
)
def test_resolve_country_by_code_or_name_in_four_languages(text, code):
    assert resolve_country(text).alpha2 == code


@pytest.mark.parametrize("text", ["XX", "Atlantis", "", "EU"])
def test_resolve_country_unknown_raises(text):
    with pytest.raises(UnknownCountryError, match="unknown country"):
        resolve_country(text)


def test_get_country_unknown_returns_default():
    assert get_country("ZZ") is None


def test_rcep_parties_are_fifteen_with_names_in_every_language():
    assert len(RCEP_PARTIES) == 15
    for code in RCEP_PARTIES:
        country = get_country(code)
        assert country is not None and country.is_rcep_party
        assert set(country.names) == {"en", "zh", "ja", "ko"}
        assert all(country.names.values())


def test_all_countries_are_iso_3166():
    codes = [c.alpha2 for c in all_countries()]
    assert len(codes) == len(set(codes)) >= 249
