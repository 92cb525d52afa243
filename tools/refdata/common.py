"""Shared helpers for the reference-data build scripts: deterministic output, hashes, manifest entries.

Every output is gzip-compressed JSON Lines with sorted keys, written with a zero gzip timestamp and no
file name in the header, so the same raw input always gives byte-identical output.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DEFAULT_RAW = Path(os.environ.get("CJKTRADE_RAW_DATA", REPO.parent / "shared" / "data"))
DEFAULT_OUT = REPO / "src" / "cjktrade" / "refdata" / "data"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dumps(row: Any) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_jsonl_gz(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write rows deterministically; return how many were written."""
    buffer = io.BytesIO()
    count = 0
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        for row in rows:
            gz.write(dumps(row).encode("utf-8"))
            gz.write(b"\n")
            count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)  # atomic: a failed build never leaves a half-written data set behind
    return count


def raw_entry(raw_dir: Path, relative: str) -> dict[str, str]:
    path = raw_dir / relative
    if not path.is_file():
        raise FileNotFoundError(f"raw source {path} is missing")
    return {"path": relative, "sha256": sha256_file(path)}


def output_entry(out_dir: Path, name: str, rows: int) -> dict[str, Any]:
    return {"path": name, "rows": rows, "sha256": sha256_file(out_dir / name)}


def clean(text: str | None) -> str:
    """Collapse runs of whitespace (the sources carry PDF line breaks and doubled spaces)."""
    return " ".join((text or "").split())


CURATED = REPO / "tools" / "refdata" / "curated"


def curated_entry(name: str) -> dict[str, str]:
    """Manifest input entry for a curated file of this repository (tools/refdata/curated/NAME)."""
    return {"path": f"tools/refdata/curated/{name}", "sha256": sha256_file(CURATED / name)}
