"""Classification on the shipped data. Expected texts are quoted from the sources named in each id."""

import pytest

from cjktrade.core.errors import CodeNotFoundError, InvalidCodeError, InvalidInputError
from cjktrade.services import classification


def test_show_subheading_854231_has_four_languages_and_national_lines():
    answer = classification.show("854231")
    assert answer["descriptions"]["en"].startswith(
        "Electronic integrated circuits; processors and controllers"
    )
    assert answer["descriptions"]["ja"].startswith(
        "プロセッサー及びコントローラー"
    )  # Japan tariff 2026-07-09
    assert answer["descriptions"]["ko"].startswith("프로세서와 컨트롤러")  # KCS hs.json h6
    jp = {line["code"]: line["descriptions"]["ja"] for line in answer["national_lines"]["JP"]}
    kr = {line["code"]: line["descriptions"]["ko"] for line in answer["national_lines"]["KR"]}
    assert jp["854231031"] == "−−− MPU（マイクロプロセッサー）"
    assert set(kr) == {"8542311000", "8542312000", "8542313000", "8542314000"}  # HSK 2026-01-01
    assert kr["8542311000"] == "모노리식(monolithic) 집적회로"
    assert [n["code"] for n in answer["hierarchy"]] == ["85", "8542"]
    assert answer["section"]["code"] == "XVI"


def test_show_heading_lists_subheadings_and_line_counts():
    answer = classification.show("85.07")
    assert "850760" in [c["code"] for c in answer["children"]]
    assert answer["national_line_counts"]["KR"] == 10  # HSK 8507100000 … 8507909000


@pytest.mark.parametrize(
    ("code", "country", "text"),
    [
        ("8507.60.000", "JP", "リチウム・イオン蓄電池"),
        ("8507602000", "KR", "전기차(하이브리드형을 포함한다)용"),
        ("85423111", "CN", "具有变流功能的半导体模块"),
    ],
)
def test_show_national_line_with_its_hs_parents(code, country, text):
    answer = classification.show(code)
    assert answer["country"] == country
    assert text in answer["descriptions"][{"JP": "ja", "KR": "ko", "CN": "zh"}[country]]
    assert answer["subheading"]["code"] == answer["hs6"]


def test_show_seasonal_japanese_line_keeps_variants():
    answer = classification.show("0803.10.100")  # plantains, split by import season
    assert answer["descriptions"]["ja"] == "1 生鮮のもの"
    assert len(answer["extra"]["variants"]) == 2


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("85423", InvalidCodeError),
        ("ABCD", InvalidCodeError),
        ("999999", CodeNotFoundError),
        ("7701", CodeNotFoundError),
        ("850760001", CodeNotFoundError),
    ],
)
def test_show_bad_code_raises_specific_error(code, error):
    with pytest.raises(error):
        classification.show(code)


def test_show_unknown_national_line_lists_siblings():
    with pytest.raises(CodeNotFoundError) as caught:
        classification.show("8507609999")
    assert "8507.60-9000" in str(caught.value)


# Acceptance queries of the foundation issue, plus others from the four sources.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("リチウムイオン蓄電池", "850760"),
        ("리튬이온 축전지", "850760"),
        ("lithium-ion accumulators", "850760"),
        ("锂离子蓄电池", "850760"),
        ("集積回路", "8542"),
        ("쇠고기", "021020"),
        ("Meat of bovine animals, frozen", "0202"),
        ("バナナ", "0803"),
    ],
)
def test_search_real_descriptions_rank_expected_code_in_top_three(query, expected):
    codes = [r["code"] for r in classification.search(query, limit=3)["results"]]
    assert expected in codes


@pytest.mark.parametrize("typed", ["8507.60", "850760", "8507 60"])
def test_search_code_typed_any_way_puts_exact_code_first(typed):
    first = classification.search(typed)["results"][0]
    assert (first["code"], first["match"]) == ("850760", "code")


def test_search_jp_line_code_finds_the_line():
    first = classification.search("8507.60.000")["results"][0]
    assert (first["code"], first["country"]) == ("850760000", "JP")


def test_search_lang_filter_only_matches_that_language():
    results = classification.search("蓄電池", lang="ja", limit=20)["results"]
    assert results and all(r["matched_lang"] == "ja" for r in results)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"query": " "}, "empty"),
        ({"query": "x", "lang": "fr"}, "language"),
        ({"query": "x", "limit": 0}, "limit"),
    ],
)
def test_search_bad_arguments_raise(kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        classification.search(**kwargs)


def test_concordance_shows_three_breakdowns():
    answer = classification.concordance("8507.60")
    assert {k: len(v) for k, v in answer["national_lines"].items()} == {"JP": 1, "KR": 3, "CN": 1}
