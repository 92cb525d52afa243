from cjktrade.hs.model import Candidate
from cjktrade.hs.ranking import classify_match, rank
from cjktrade.hs.text import compact, tokens


def cand(entity, text, context="", bm25=-1.0, lang="en"):
    return Candidate.of(entity, lang, text, context, bm25)


def match(query, candidate):
    return classify_match(compact(query), frozenset(tokens(query)), candidate)


def test_classify_match_exact_beats_phrase_beats_partial():
    assert match("lithium-ion", cand("HS:1", "Lithium ion"))[0] == "exact"
    assert match("lithium-ion", cand("HS:1", "Accumulators; lithium-ion"))[0] == "phrase"
    assert match("ion lithium", cand("HS:1", "Accumulators; lithium-ion")) == ("partial", 1.0)
    assert match("蓄電池", cand("JP:1", "その他のもの", context="リチウム・イオン蓄電池"))[0] == "context"


def test_rank_orders_by_tier_before_bm25():
    hits = rank(
        "lithium-ion accumulators",
        [
            cand("HS:850790", "Electric accumulators; parts lithium", bm25=-20.0),
            cand("HS:850760", "Lithium-ion accumulators", bm25=-1.0),
        ],
        5,
    )
    assert [h.code for h in hits] == ["850760", "850790"]


def test_rank_prefers_hs_code_over_national_line_on_tie():
    hits = rank(
        "蓄電池", [cand("JP:850760000", "蓄電池", lang="ja"), cand("HS:850760", "蓄電池", lang="ja")], 5
    )
    assert [h.entity for h in hits] == ["HS:850760", "JP:850760000"]


def test_rank_keeps_best_language_per_entity_once():
    hits = rank("battery", [cand("HS:1", "battery"), cand("HS:1", "battery pack")], 5)
    assert len(hits) == 1 and hits[0].match == "exact"


def test_rank_drops_candidates_matching_under_half_the_query():
    assert rank("frozen bovine meat cuts", [cand("HS:1", "cuts")], 5) == []
