"""Use cases of classification: show a code, search descriptions, compare national breakdowns.

Each returns JSON-ready dictionaries, so the CLI (``--json`` and tables) and the API render the same
answer.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from cjktrade.core.errors import CodeNotFoundError, InvalidInputError
from cjktrade.hs.codes import CodeKind, ancestors, classify_code, digits_of, format_code, looks_like_code
from cjktrade.hs.model import COUNTRY_LANG, Candidate, HsNode, NationalLine, SearchHit
from cjktrade.hs.ranking import rank
from cjktrade.hs.text import tokens
from cjktrade.refdata import hs_index, loader

LANGS = ("en", "zh", "ja", "ko")
LINE_DATASETS = {"JP": "jp_tariff", "KR": "kr_hsk", "CN": "cn_tariff"}
COUNTRY_NAMES = {"JP": "Japan", "KR": "Korea", "CN": "China"}
MAX_LIMIT = 100
FTS_CANDIDATES = 400


def _conn(progress: hs_index.Progress | None = None) -> sqlite3.Connection:
    return hs_index.connection(progress)


def _node(row: sqlite3.Row) -> HsNode:
    descriptions = {lang: row[lang] for lang in LANGS if row[lang]}
    return HsNode(row["code"], row["kind"], row["parent"], row["section"], descriptions)


def _line(row: sqlite3.Row) -> NationalLine:
    return NationalLine(
        row["country"],
        row["code"],
        json.loads(row["descriptions"]),
        tuple(json.loads(row["parents"])),
        json.loads(row["extra"]),
    )


def get_node(code: str) -> HsNode | None:
    row = _conn().execute("SELECT * FROM hs_node WHERE code = ?", (code,)).fetchone()
    return _node(row) if row else None


def lines_under(prefix: str, country: str | None = None) -> list[NationalLine]:
    sql = "SELECT * FROM line WHERE code >= ? AND code < ?"
    args: list[Any] = [prefix, prefix + "\uffff"]
    if country:
        sql += " AND country = ?"
        args.append(country)
    return [_line(r) for r in _conn().execute(sql + " ORDER BY country, code", args)]


def _section(code: str) -> dict[str, Any]:
    row = _conn().execute("SELECT * FROM section WHERE code = ?", (code,)).fetchone()
    return (
        {"code": code, "descriptions": {k: row[k] for k in ("en", "zh") if row[k]}} if row else {"code": code}
    )


def _hierarchy(code: str) -> list[dict[str, Any]]:
    chain = [get_node(a) for a in ancestors(code)]
    return [n.as_dict() for n in chain if n]


def _missing_line_sets() -> list[dict[str, str]]:
    return [
        {"country": c, "dataset": d, "message": f"{COUNTRY_NAMES[c]}'s national lines are not loaded ({d})."}
        for c, d in LINE_DATASETS.items()
        if not loader.has_dataset(d)
    ]


def show(code: str, progress: hs_index.Progress | None = None) -> dict[str, Any]:
    """An HS code or national line: its hierarchy, descriptions in every language, lines under it."""
    kind = classify_code(code)
    digits = digits_of(code)
    _conn(progress)
    if kind.is_national:
        return _show_line(kind, digits)
    node = get_node(digits)
    if node is None:
        raise CodeNotFoundError(
            f"{format_code(digits)} is not an HS 2022 {kind.name.lower()}.",
            hint="Search by description with `cjktrade hs search` or check the digits.",
        )
    answer: dict[str, Any] = {
        **node.as_dict(),
        "section": _section(node.section),
        "hierarchy": _hierarchy(digits),
        "children": [
            _node(r).as_dict()
            for r in _conn().execute("SELECT * FROM hs_node WHERE parent = ? ORDER BY code", (digits,))
        ],
    }
    if kind is CodeKind.SUBHEADING:
        answer["national_lines"] = concordance_lines(digits)
    else:
        counts = _conn().execute(
            "SELECT country, COUNT(*) FROM line WHERE code >= ? AND code < ? GROUP BY country",
            (digits, digits + "\uffff"),
        )
        answer["national_line_counts"] = dict(counts.fetchall())
    answer["missing"] = _missing_line_sets()
    return answer


def _show_line(kind: CodeKind, digits: str) -> dict[str, Any]:
    country = kind.country
    assert country is not None
    loader.require(LINE_DATASETS[country], f"{COUNTRY_NAMES[country]}'s national line {format_code(digits)}")
    row = _conn().execute("SELECT * FROM line WHERE country = ? AND code = ?", (country, digits)).fetchone()
    if row is None:
        siblings = ", ".join(line.display_code for line in lines_under(digits[:6], country)[:12])
        raise CodeNotFoundError(
            f"{format_code(digits)} is not a {COUNTRY_NAMES[country]} tariff line.",
            hint=(f"Lines under {format_code(digits[:6])}: {siblings}." if siblings else "")
            + " Use `cjktrade hs show` on the 6-digit code to see the national lines.",
        )
    line = _line(row)
    hs6 = get_node(digits[:6])
    return {
        **line.as_dict(),
        "kind": f"{country.lower()}-line",
        "dataset": LINE_DATASETS[country],
        "hierarchy": _hierarchy(digits),
        "subheading": hs6.as_dict() if hs6 else None,
        "national_lines": concordance_lines(digits[:6]),
        "missing": _missing_line_sets(),
    }


def concordance_lines(hs6: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {
        c: [] for c in ("JP", "KR", "CN") if loader.has_dataset(LINE_DATASETS[c])
    }
    for line in lines_under(hs6):
        out[line.country].append(line.as_dict())
    return out


def concordance(code: str) -> dict[str, Any]:
    """The three national breakdowns of one HS subheading side by side."""
    kind = classify_code(code)
    digits = digits_of(code)[:6]
    if kind in (CodeKind.CHAPTER, CodeKind.HEADING):
        raise InvalidInputError(
            f"{format_code(digits)}: a concordance is by 6-digit subheading (e.g. 8507.60)."
        )
    node = get_node(digits)
    if node is None:
        raise CodeNotFoundError(f"{format_code(digits)} is not an HS 2022 subheading.")
    return {
        "subheading": node.as_dict(),
        "national_lines": concordance_lines(digits),
        "missing": _missing_line_sets(),
    }


# --- search --------------------------------------------------------------------------------------


def search(query: str, lang: str | None = None, limit: int = 10) -> dict[str, Any]:
    """Codes matching text in en/zh/ja/ko or a code typed any common way, best first."""
    text = (query or "").strip()
    if not text:
        raise InvalidInputError("empty search: type words (any of en, zh, ja, ko) or a code such as 8507.60.")
    if lang is not None and lang not in LANGS:
        raise InvalidInputError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}.")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"limit {limit} is out of range: use 1 to {MAX_LIMIT}.")
    hits = _code_hits(text, limit) if looks_like_code(text) else _text_hits(text, lang, limit)
    return {"query": text, "lang": lang, "results": [_render(hit) for hit in hits]}


def _code_hits(text: str, limit: int) -> list[SearchHit]:
    digits = digits_of(text)
    conn = _conn()
    hits: list[SearchHit] = []
    upper = digits + "\uffff"
    for row in conn.execute(
        "SELECT code FROM hs_node WHERE code >= ? AND code < ? ORDER BY length(code), code LIMIT ?",
        (digits, upper, limit),
    ):
        exact = row["code"] == digits
        hits.append(
            SearchHit(f"HS:{row['code']}", None, row["code"], "code" if exact else "code-prefix", 0.0)
        )
    for row in conn.execute(
        "SELECT country, code FROM line WHERE code >= ? AND code < ? ORDER BY length(code), code LIMIT ?",
        (digits, upper, limit),
    ):
        exact = row["code"] == digits
        hits.append(
            SearchHit(
                f"{row['country']}:{row['code']}", None, row["code"], "code" if exact else "code-prefix", 0.0
            )
        )
    hits.sort(key=lambda h: (h.match != "code", len(h.code), h.code))
    return [
        SearchHit(h.entity, h.lang, h.text, h.match, 4.0 if h.match == "code" else 3.5) for h in hits[:limit]
    ]


def fts_query(text: str, *, phrase: bool = False, skip: frozenset[str] = frozenset()) -> str | None:
    """FTS5 query: all tokens as one phrase (adjacent, in order), or any of them (OR) less ``skip``."""
    distinct = list(dict.fromkeys(tokens(text)))
    if not distinct:
        return None
    if phrase:
        return '"' + " ".join(tokens(text)) + '"'
    kept = [t for t in distinct if t not in skip] or distinct
    return " OR ".join(f'"{t}"' for t in kept)


def _common_tokens(text: str) -> frozenset[str]:
    wanted = list(dict.fromkeys(tokens(text)))
    marks = ",".join("?" * len(wanted))
    rows = _conn().execute(f"SELECT token FROM common_token WHERE token IN ({marks})", wanted)
    return frozenset(r[0] for r in rows)


def _candidates(match: str, lang: str | None) -> list[Candidate]:
    sql = (
        "SELECT d.entity, d.lang, d.text, d.text_compact, d.context_compact, d.tokens, "
        "bm25(doc_fts, 1.0, 0.3) AS score FROM doc_fts JOIN doc d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?"
    )
    args: list[Any] = [match]
    if lang:
        sql += " AND d.lang = ?"
        args.append(lang)
    sql += " ORDER BY score LIMIT ?"
    args.append(FTS_CANDIDATES)
    return [
        Candidate(r[0], r[1], r[2], r[3], r[4], frozenset(r[5].split()), r[6])
        for r in _conn().execute(sql, args)
    ]


def _text_hits(text: str, lang: str | None, limit: int) -> list[SearchHit]:
    """Two stages: the phrase query is selective and cheap; when it already fills the page with
    exact/phrase/context matches, no partial match could outrank them, so the broad OR stage is skipped."""
    phrase = fts_query(text, phrase=True)
    if phrase is None:
        return []
    phrase_candidates = _candidates(phrase, lang)
    hits = rank(text, phrase_candidates, limit)
    if len(hits) >= limit and all(h.match != "partial" for h in hits):
        return hits
    broad = fts_query(text, skip=_common_tokens(text))
    assert broad is not None
    return rank(text, phrase_candidates + _candidates(broad, lang), limit)


def _render(hit: SearchHit) -> dict[str, Any]:
    country = hit.country
    if country is None:
        node = get_node(hit.code)
        descriptions = node.descriptions if node else {}
        kind = node.kind if node else "hs"
    else:
        row = (
            _conn()
            .execute("SELECT * FROM line WHERE country = ? AND code = ?", (country, hit.code))
            .fetchone()
        )
        descriptions = json.loads(row["descriptions"]) if row else {}
        kind = f"{country.lower()}-line"
    return {
        "code": hit.code,
        "display_code": format_code(hit.code),
        "kind": kind,
        "country": country,
        "hs6": hit.code[:6] if len(hit.code) >= 6 else None,
        "match": hit.match,
        "matched_lang": hit.lang,
        "matched_text": hit.text,
        "descriptions": descriptions,
        "score": hit.score,
        "language_of_line": COUNTRY_LANG.get(country or ""),
    }
