"""tools/refdata/gravity.py: deterministic compiled data from the raw sources."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.conftest import RAW_DATA
from tools.refdata import gravity
from tools.refdata.common import sha256_file


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not RAW_DATA.is_dir():
        pytest.skip(f"raw sources not present at {RAW_DATA}")
    out = tmp_path_factory.mktemp("gravity-build")
    return out, gravity.build(RAW_DATA, out)


def _rows(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_build_gravity_counts_match_the_sources_readme(built):
    _, entry = built
    # source: shared/data/README.md — 2006, 30 countries; 50,176 GeoDist pairs.
    assert entry["counts"]["sample_pairs"] == 900
    assert entry["counts"]["sample_countries"] == 30
    assert entry["counts"]["distance_pairs"] == 50_176
    assert [o["path"] for o in entry["outputs"]] == ["gravity.jsonl.gz", "gravity_distances.jsonl.gz"]


def test_build_gravity_is_byte_identical_when_repeated(built, tmp_path):
    out, entry = built
    again = gravity.build(RAW_DATA, tmp_path)
    assert [o["sha256"] for o in again["outputs"]] == [o["sha256"] for o in entry["outputs"]]
    assert sha256_file(out / "gravity.jsonl.gz") == entry["outputs"][0]["sha256"]


def test_build_gravity_manifest_entry_is_complete(built):
    _, entry = built
    for key in ("title", "version", "source", "licence", "attribution"):
        assert entry[key].strip(), key
    assert "MIT" in entry["licence"] and "Etalab" in entry["licence"]
    assert "Mayer & Zignago (2011)" in entry["attribution"]


def test_build_gravity_keeps_values_as_printed(built):
    out, _ = built
    first = _rows(out / "gravity.jsonl.gz")[0]
    # source: gegravity_sample_data_set_2006.csv, row AUS→AUS.
    assert first == {
        "E": 362227, "Y": 305793, "common_language": 1, "contiguity": 0, "exporter": "AUS",
        "importer": "AUS", "international": 0, "lndist": 7.0733, "pta": 0, "trade": 261365, "year": 2006,
    }  # fmt: skip
    distances = _rows(out / "gravity_distances.jsonl.gz")
    missing = [r for r in distances if r["distw"] is None]
    assert len(missing) == 2215  # empty distw cells in cepii_geodist_edge.csv: missing, not zero
    chn_jpn = next(r for r in distances if (r["iso_o"], r["iso_d"]) == ("CHN", "JPN"))
    assert chn_jpn["dist"] == 2098.1108 and chn_jpn["contig"] == 0
