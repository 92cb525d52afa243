"""Shared test fixtures. The HS index is built once into CJKTRADE_CACHE_DIR (set by scripts/test.sh)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW_DATA = Path(os.environ.get("CJKTRADE_RAW_DATA", REPO.parent / "shared" / "data"))

os.environ.setdefault("CJKTRADE_CACHE_DIR", str(REPO / ".cache"))


@pytest.fixture(scope="session")
def raw_data() -> Path:
    if not RAW_DATA.is_dir():
        pytest.skip(f"raw sources not present at {RAW_DATA}")
    return RAW_DATA
