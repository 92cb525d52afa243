"""Read-only, lazy, cached access to the compiled reference data and its MANIFEST.

The data lives in the package (``cjktrade/refdata/data``), or in the folder named by
``CJKTRADE_REFDATA_DIR`` (for data sets built from sources the package does not ship). Nothing is
parsed until asked for; each data set is decoded once per process. Rates and other numbers come
back as ``Decimal``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from cjktrade.core.errors import MissingDataError

IMPORT_HINT = (
    "Build it from the raw source with `python -m tools.refdata.build --raw <folder> {dataset}` in a "
    "cjktrade source checkout, then point CJKTRADE_REFDATA_DIR at the output folder (see README, 'Reference data')."
)

_lock = threading.Lock()


def data_dir() -> Path:
    override = os.environ.get("CJKTRADE_REFDATA_DIR")
    if override:
        return Path(override)
    return Path(str(resources.files("cjktrade.refdata") / "data"))


@lru_cache(maxsize=1)
def _manifest_cached(directory: str) -> tuple[dict[str, Any], str]:
    path = Path(directory) / "MANIFEST.json"
    if not path.is_file():
        raise MissingDataError(
            f"no reference data: {path} does not exist.", dataset="*", hint=IMPORT_HINT.format(dataset="")
        )
    raw = path.read_bytes()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def manifest() -> dict[str, Any]:
    """The MANIFEST: for each data set its source, version, licence, attribution, hashes and counts."""
    return _manifest_cached(str(data_dir()))[0]


def manifest_sha256() -> str:
    """Fingerprint of the loaded data version; quotes and caches record it."""
    return _manifest_cached(str(data_dir()))[1]


def has_dataset(name: str) -> bool:
    entry = manifest()["datasets"].get(name)
    return bool(entry) and all((data_dir() / o["path"]).is_file() for o in entry["outputs"])


def require(name: str, purpose: str) -> dict[str, Any]:
    """The manifest entry of ``name``, or ``MissingDataError`` saying what needs it and how to load it."""
    if not has_dataset(name):
        raise MissingDataError(
            f"{purpose} needs the reference data set '{name}', which is not loaded.",
            dataset=name,
            hint=IMPORT_HINT.format(dataset=name),
        )
    entry: dict[str, Any] = manifest()["datasets"][name]
    return entry


def iter_rows(
    name: str, output: str | None = None, *, purpose: str | None = None
) -> Iterator[dict[str, Any]]:
    """Rows of one output file of a data set (default: its first output)."""
    entry = require(name, purpose or f"this answer ({name})")
    path = data_dir() / (output or entry["outputs"][0]["path"])
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line, parse_float=Decimal)


@cache
def _rows_cached(directory: str, name: str, output: str | None) -> tuple[dict[str, Any], ...]:
    entry = require(name, f"this answer ({name})")
    path = Path(directory) / (output or entry["outputs"][0]["path"])
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read().strip()
    # One JSON array decodes faster than one call per line (a JSON line never holds a raw
    # newline, so joining the lines with commas is safe).
    return tuple(json.loads("[" + text.replace("\n", ",") + "]", parse_float=Decimal)) if text else ()


def rows(name: str, output: str | None = None) -> tuple[dict[str, Any], ...]:
    """All rows of a data set, decoded once per process (thread-safe)."""
    with _lock:
        return _rows_cached(str(data_dir()), name, output)


def clear_caches() -> None:
    """Forget everything loaded (tests that switch CJKTRADE_REFDATA_DIR call this)."""
    _manifest_cached.cache_clear()
    _rows_cached.cache_clear()
