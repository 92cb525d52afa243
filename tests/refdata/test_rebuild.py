"""The committed reference data is exactly what tools/refdata builds from ../shared/data."""

import json
from pathlib import Path

import pytest

from cjktrade.refdata import loader
from tools.refdata.build import BUILDERS, build
from tools.refdata.common import REPO, sha256_file

COMMITTED = loader.data_dir()


@pytest.fixture(scope="module")
def rebuilt(raw_data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("refdata")
    build(raw_data, out, log=lambda _msg: None)
    return out


def test_rebuild_from_raw_sources_is_byte_identical(rebuilt):
    committed = {
        p.name: sha256_file(p) for p in COMMITTED.iterdir() if p.is_file() and p.name != "__init__.py"
    }
    fresh = {p.name: sha256_file(p) for p in rebuilt.iterdir() if p.is_file()}
    manifest = json.loads((COMMITTED / "MANIFEST.json").read_text())
    for name in set(committed) - set(fresh):  # data sets built by builders this checkout lacks
        assert any(o["path"] == name for d in manifest["datasets"].values() for o in d["outputs"]), name
    assert {k: v for k, v in committed.items() if k in fresh} == fresh


def test_every_builder_has_a_manifest_entry():
    assert set(BUILDERS) <= set(loader.manifest()["datasets"])


@pytest.mark.parametrize("dataset", sorted(loader.manifest()["datasets"]))
def test_manifest_entry_complete_and_hashes_match(dataset, raw_data):
    entry = loader.manifest()["datasets"][dataset]
    for key in ("title", "version", "source", "licence", "attribution"):
        assert entry[key].strip(), key
    for output in entry["outputs"]:
        assert sha256_file(COMMITTED / output["path"]) == output["sha256"]
        assert sum(1 for _ in loader.iter_rows(dataset, output["path"])) == output["rows"]
    for raw in entry["raw"]:
        # Curated inputs live in this repository; raw public sources in ../shared/data.
        base = REPO if raw["path"].startswith("tools/") else raw_data
        assert sha256_file(base / raw["path"]) == raw["sha256"]


def test_manifest_counts_match_the_sources_readme():
    datasets = loader.manifest()["datasets"]
    # ../shared/data/README.md: 9,654 nine-digit JP lines over 5,611 HS6; 11,327 HSK lines;
    # 11,265 KR rate lines; 8,972 CN lines.
    assert datasets["jp_tariff"]["counts"]["national_lines_9_digit"] == 9654
    assert datasets["jp_tariff"]["counts"]["hs6"] == 5611
    assert datasets["kr_hsk"]["counts"]["national_lines_10_digit"] == 11327
    assert datasets["kr_tariff"]["counts"]["national_lines_10_digit"] == 11265
    assert datasets["cn_tariff"]["counts"]["national_lines_8_digit"] == 8972
    assert datasets["hs2022"]["counts"] == {"section": 21, "chapter": 96, "heading": 1228, "subheading": 5612}


def test_no_raw_file_is_committed(raw_data):
    raw_hashes = {sha256_file(p) for p in raw_data.rglob("*") if p.is_file() and p.stat().st_size > 20_000}
    committed = {sha256_file(p) for p in COMMITTED.iterdir() if p.is_file()}
    assert not raw_hashes & committed
