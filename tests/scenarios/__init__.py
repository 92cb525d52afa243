"""Tests of the structural gravity scenarios (engine, service, CLI, API, builder).

Until ``tools/refdata/build.py`` registers the ``gravity`` builder, the shipped reference data
does not hold the sample: ``refdata_with_gravity`` copies the committed data into a folder, builds
``gravity`` from the raw sources beside it, and the fixtures point CJKTRADE_REFDATA_DIR there.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cjktrade.refdata import loader
from tests.conftest import RAW_DATA
from tools.refdata import gravity

SAMPLE_CSV = RAW_DATA / gravity.SAMPLE


def refdata_with_gravity(target: Path) -> Path:
    shutil.copytree(loader.data_dir(), target, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    entry = gravity.build(RAW_DATA, target)
    entry["id"] = gravity.DATASET
    manifest_path = target / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["datasets"][gravity.DATASET] = entry
    manifest_path.write_text(
        json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8"
    )
    return target


@contextmanager
def gravity_refdata(tmp: Path) -> Iterator[Path]:
    """CJKTRADE_REFDATA_DIR set to committed data + the gravity data set, for the duration."""
    if not RAW_DATA.is_dir():
        pytest.skip(f"raw sources not present at {RAW_DATA}")
    folder = refdata_with_gravity(tmp / "refdata")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CJKTRADE_REFDATA_DIR", str(folder))
        patch.setenv("CJKTRADE_CACHE_DIR", os.environ.get("CJKTRADE_CACHE_DIR", str(tmp / "cache")))
        loader.clear_caches()
        try:
            yield folder
        finally:
            loader.clear_caches()
