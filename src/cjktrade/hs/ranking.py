"""Ranking of search candidates: exact code > exact description > phrase > partial match.

Pure: the full-text stage (SQLite FTS5 over the tokens of ``cjktrade.hs.text``) proposes candidates
with a BM25 score; this module decides the order a person expects.
"""

from __future__ import annotations

from collections.abc import Iterable

from cjktrade.hs.model import Candidate, SearchHit
from cjktrade.hs.text import compact, tokens

TIERS = {"code": 4.0, "exact": 3.0, "phrase": 2.0, "context": 1.0, "partial": 0.0}


def classify_match(
    query_compact: str, query_tokens: frozenset[str], candidate: Candidate
) -> tuple[str, float]:
    """The match kind and the share of the query's distinct tokens found in the candidate."""
    if query_compact and candidate.text_compact == query_compact:
        return "exact", 1.0
    if query_compact and query_compact in candidate.text_compact:
        return "phrase", 1.0
    coverage = len(query_tokens & candidate.tokens) / len(query_tokens) if query_tokens else 0.0
    if query_compact and query_compact in candidate.context_compact:
        return "context", coverage
    return "partial", coverage


def rank(query: str, candidates: Iterable[Candidate], limit: int) -> list[SearchHit]:
    """Best hit per entity, ordered by tier, coverage, HS before national lines, then BM25."""
    query_compact, query_tokens = compact(query), frozenset(tokens(query))
    best: dict[str, tuple[tuple[float, float, int, float, int], SearchHit]] = {}
    for cand in candidates:
        kind, coverage = classify_match(query_compact, query_tokens, cand)
        if kind == "partial" and coverage < 0.5:
            continue  # fewer than half the query's tokens: noise, not an answer
        national = 0 if cand.entity.startswith("HS:") else 1
        key = (-TIERS[kind], -coverage, national, cand.bm25, len(cand.text))
        score = round(TIERS[kind] + coverage - 0.001 * national, 4)
        hit = SearchHit(cand.entity, cand.lang, cand.text, kind, score)
        if cand.entity not in best or key < best[cand.entity][0]:
            best[cand.entity] = (key, hit)
    ordered = sorted(best.values(), key=lambda item: item[0])
    return [hit for _, hit in ordered[:limit]]
