"""The HS lookup and search index: a SQLite database (with FTS5) derived from the compiled data.

It is built at first use into the cache folder ($CJKTRADE_CACHE_DIR, else $XDG_CACHE_HOME/cjktrade,
else ~/.cache/cjktrade), named after the data version, so a new data version builds a new index and
the repository never carries the binary. The build writes a temporary file and renames it, under a
lock file, so an interrupted build leaves nothing half-made and two processes do not build twice.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cjktrade.hs.text import compact, tokens
from cjktrade.refdata import loader

SCHEMA_VERSION = 5
COMMON_TOKEN_DOCS = 400
Progress = Callable[[str], None]

_local = threading.local()
_build_lock = threading.Lock()

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE section(code TEXT PRIMARY KEY, ord INTEGER, en TEXT, zh TEXT);
CREATE TABLE hs_node(code TEXT PRIMARY KEY, kind TEXT, parent TEXT, section TEXT,
                     en TEXT, ja TEXT, ko TEXT, zh TEXT);
CREATE TABLE line(country TEXT, code TEXT, hs6 TEXT, descriptions TEXT, parents TEXT, extra TEXT,
                  PRIMARY KEY(country, code));
CREATE INDEX line_hs6 ON line(hs6);
CREATE INDEX line_code ON line(code);
CREATE TABLE doc(id INTEGER PRIMARY KEY, entity TEXT, lang TEXT, text TEXT, context TEXT,
                 text_compact TEXT, context_compact TEXT, tokens TEXT);
CREATE VIRTUAL TABLE doc_fts USING fts5(body, ctx, content='', tokenize='unicode61 remove_diacritics 0');
"""


def cache_dir() -> Path:
    if os.environ.get("CJKTRADE_CACHE_DIR"):
        return Path(os.environ["CJKTRADE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cjktrade"


def index_path() -> Path:
    return cache_dir() / f"hs-index-v{SCHEMA_VERSION}-{loader.manifest_sha256()[:16]}.sqlite"


def connection(progress: Progress | None = None) -> sqlite3.Connection:
    """A read-only connection for this thread, building the index first if needed."""
    path = index_path()
    cached: sqlite3.Connection | None = getattr(_local, "conn", None)
    if cached is not None and getattr(_local, "path", None) == path:
        return cached
    if not path.exists():
        build(path, progress)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    _local.conn, _local.path = conn, path
    return conn


def build(path: Path, progress: Progress | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock, open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():  # another process finished it while we waited
            return
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.unlink(missing_ok=True)
        try:
            conn = sqlite3.connect(tmp)
            conn.executescript(SCHEMA)
            _fill(conn, progress or (lambda _msg: None))
            conn.commit()
            conn.execute("INSERT INTO doc_fts(doc_fts) VALUES('optimize')")
            conn.commit()
            conn.close()
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)


# --- filling -------------------------------------------------------------------------------------


def _fill(conn: sqlite3.Connection, progress: Progress) -> None:
    nodes: dict[str, dict[str, Any]] = {}
    progress("HS 2022 nomenclature")
    for row in loader.rows("hs2022"):
        if row["kind"] == "section":
            conn.execute("INSERT INTO section VALUES(?,?,?,NULL)", (row["code"], row["order"], row["en"]))
        else:
            nodes[row["code"]] = {**row, "ja": None, "ko": None, "zh": None}
    lines: list[tuple[str, str, dict[str, str], list[str], dict[str, Any]]] = []
    for name, reader in (("jp_tariff", _jp), ("kr_hsk", _kr), ("cn_tariff", _cn)):
        if loader.has_dataset(name):
            progress(f"national lines: {name}")
            lines.extend(reader(nodes, conn))
    conn.executemany(
        "INSERT INTO hs_node VALUES(?,?,?,?,?,?,?,?)",
        [
            (c, n["kind"], n["parent"], n["section"], n["en"], n["ja"], n["ko"], n["zh"])
            for c, n in nodes.items()
        ],
    )
    conn.executemany(
        "INSERT INTO line VALUES(?,?,?,?,?,?)",
        [
            (country, code, code[:6], _j(desc), _j(parents), _j(extra))
            for country, code, desc, parents, extra in lines
        ],
    )
    progress("search index")
    docs: list[tuple[str, str, str, str]] = []
    for code, node in nodes.items():
        parent = nodes.get(node["parent"] or "")
        for lang in ("en", "ja", "ko", "zh"):
            if node[lang]:
                docs.append((f"HS:{code}", lang, node[lang], (parent or {}).get(lang) or ""))
    for country, code, desc, parents, _extra in lines:
        for lang, text in desc.items():
            context = parents[-1] if parents and lang != "en" else ""
            docs.append((f"{country}:{code}", lang, text, context))
    for ident, (entity, lang, text, context) in enumerate(docs, 1):
        body, ctx = tokens(text), tokens(context)
        conn.execute(
            "INSERT INTO doc VALUES(?,?,?,?,?,?,?,?)",
            (
                ident,
                entity,
                lang,
                text,
                context,
                compact(text),
                compact(context),
                " ".join(sorted({*body, *ctx})),
            ),
        )
        conn.execute(
            "INSERT INTO doc_fts(rowid, body, ctx) VALUES(?,?,?)", (ident, " ".join(body), " ".join(ctx))
        )
    # Tokens found in very many descriptions (の-bigrams, "other") make the broad OR query slow and
    # rank nothing; the search leaves them out of that query when the query has rarer tokens too.
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'doc_fts', 'row')")
    conn.execute(
        "CREATE TABLE common_token(token TEXT PRIMARY KEY, docs INTEGER) WITHOUT ROWID",
    )
    conn.execute(
        "INSERT INTO common_token SELECT term, doc FROM temp.vocab WHERE doc > ?", (COMMON_TOKEN_DOCS,)
    )
    conn.execute("INSERT INTO meta VALUES('manifest_sha256', ?)", (loader.manifest_sha256(),))


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _jp(nodes: dict[str, dict[str, Any]], conn: sqlite3.Connection) -> Iterable[tuple[Any, ...]]:
    rows = loader.rows("jp_tariff")
    by_id = {r["id"]: r for r in rows}
    for note in loader.rows("jp_tariff", "jp_tariff_notes.jsonl.gz"):
        if note["kind"] == "chapter" and note["chapter"] in nodes:
            # First line reads "第85類　電気機器…"; keep the title after the chapter number.
            first = note["chapter_note"].split("\n", 1)[0]
            title = first.split("\u3000", 1)[1] if "\u3000" in first else first
            nodes[note["chapter"]]["ja"] = title.strip()
    variants: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        digits = row["stat_code"].replace(".", "")
        # The shallowest node carrying an HS code is Japan's text for that heading or subheading.
        if digits in nodes and nodes[digits]["ja"] is None and len(digits) in (4, 6):
            nodes[digits]["ja"] = row["desc"]
        if row["code"]:
            variants[row["code"]].append(row)
    for code, group in variants.items():
        # A few lines are split by season under one code (e.g. 0803.10.100, bananas by import
        # date): the line is their parent, and the seasonal texts are kept as variants.
        first = group[0]
        anchor = by_id[first["parent"]] if len(group) > 1 else first
        parents: list[str] = []
        parent = anchor["parent"]
        while parent is not None:
            parents.append(by_id[parent]["desc"])
            parent = by_id[parent]["parent"]
        extra: dict[str, Any] = {k: first[k] for k in ("unit", "law") if k in first}
        if len(group) > 1:
            extra["variants"] = [g["desc"] for g in group]
        yield ("JP", code, {"ja": anchor["desc"]}, parents[::-1], extra)


def _kr(nodes: dict[str, dict[str, Any]], conn: sqlite3.Connection) -> Iterable[tuple[Any, ...]]:
    if loader.has_dataset("kr_tariff"):
        for row in loader.rows("kr_tariff"):
            if row["kind"] in ("heading", "subheading") and row["code"] in nodes:
                nodes[row["code"]]["ko"] = row["ko"]
    for row in loader.rows("kr_hsk"):
        desc = {"ko": row["ko"], **({"en": row["en"]} if row["en"] else {})}
        yield ("KR", row["code"], desc, row["parents_ko"], {})


def _cn(nodes: dict[str, dict[str, Any]], conn: sqlite3.Connection) -> Iterable[tuple[Any, ...]]:
    rows = [r for r in loader.rows("cn_tariff") if r["kind"] in ("line", "chapter", "section")]
    headings: dict[str, Counter[str]] = defaultdict(Counter)
    paths_by_hs6: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        if row["kind"] == "chapter" and row["code"] in nodes:
            nodes[row["code"]]["zh"] = row["zh"]
        elif row["kind"] == "section":
            roman = _roman(row["number"])
            conn.execute("UPDATE section SET zh = ? WHERE code = ?", (row["zh"], roman))
        elif row["kind"] == "line":
            if row["path"]:
                headings[row["code"][:4]][row["path"][0]] += 1
            paths_by_hs6[row["code"][:6]].append(row["path"] + [row["zh"]])
            yield ("CN", row["code"], {"zh": row["zh"]}, row["path"], {"page": row["page"]})
    for heading, names in headings.items():
        if heading in nodes:
            nodes[heading]["zh"] = names.most_common(1)[0][0]
    for hs6, paths in paths_by_hs6.items():
        if hs6 in nodes and (text := _hs6_text(hs6, paths)):
            nodes[hs6]["zh"] = text


def _hs6_text(hs6: str, paths: list[list[str]]) -> str | None:
    """China's text for a subheading: the line itself when it is undivided (code ends in 00 and
    stands alone), else the deepest path element all its lines share below the heading."""
    if len(paths) == 1:
        return paths[0][-1] if len(paths[0]) >= 1 else None
    common: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return common[-1] if len(common) >= 2 else None


def _roman(number: int) -> str:
    values = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, numeral in values:
        while number >= value:
            out += numeral
            number -= value
    return out
