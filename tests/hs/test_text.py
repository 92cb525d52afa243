from hypothesis import given
from hypothesis import strategies as st

from cjktrade.hs.text import compact, guess_language, tokens


def test_tokens_cut_japanese_into_bigrams_ignoring_middle_dot():
    assert tokens("リチウム・イオン蓄電池") == tokens("リチウムイオン蓄電池")


def test_tokens_join_korean_words_before_bigrams():
    assert (
        tokens("리튬이온 축전지")
        == tokens("리튬이온축전지")
        == ["리튬", "튬이", "이온", "온축", "축전", "전지"]
    )


def test_tokens_english_words_stemmed_and_stopwords_dropped():
    assert tokens("Meat of bovine animals, frozen") == ["meat", "bovine", "animal", "frozen"]


def test_tokens_single_cjk_character_kept():
    assert tokens("茶") == ["茶"]


def test_compact_folds_full_width_and_case():
    assert compact("ＬＩＴＨＩＵＭ－ion") == "lithiumion"


hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=2, max_size=12)


@given(hangul, st.integers(min_value=1, max_value=11))
def test_tokens_of_korean_do_not_depend_on_spacing(word, cut):
    cut = min(cut, len(word) - 1)
    assert tokens(word[:cut] + " " + word[cut:]) == tokens(word)


@given(st.text(max_size=40))
def test_tokens_never_fail_and_are_non_empty_strings(text):
    assert all(t and " " not in t for t in tokens(text))


def test_guess_language_by_script():
    assert guess_language("축전지") == "ko"
    assert guess_language("リチウム") == "ja"
    assert guess_language("蓄电池") is None
    assert guess_language("battery") == "en"
