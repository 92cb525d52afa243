"""A data set that is not loaded is reported as missing, by name, with how to import it."""

import json
import shutil

import pytest

from cjktrade.core.errors import MissingDataError
from cjktrade.refdata import hs_index, loader
from cjktrade.services import classification, data_status


@pytest.fixture
def without_china(tmp_path, monkeypatch):
    source = loader.data_dir()
    target = tmp_path / "refdata"
    shutil.copytree(source, target)
    manifest = json.loads((target / "MANIFEST.json").read_text())
    del manifest["datasets"]["cn_tariff"]
    (target / "cn_tariff.jsonl.gz").unlink()
    (target / "MANIFEST.json").write_text(json.dumps(manifest))
    monkeypatch.setenv("CJKTRADE_REFDATA_DIR", str(target))
    monkeypatch.setenv("CJKTRADE_CACHE_DIR", str(tmp_path / "cache"))
    loader.clear_caches()
    yield
    loader.clear_caches()


def test_show_china_line_without_china_data_names_the_dataset(without_china):
    with pytest.raises(MissingDataError) as caught:
        classification.show("85076000")
    assert caught.value.dataset == "cn_tariff"
    assert "tools.refdata.build" in str(caught.value)


def test_show_subheading_without_china_data_says_china_is_missing(without_china):
    answer = classification.show("850760")
    assert set(answer["national_lines"]) == {"JP", "KR"}
    assert [m["country"] for m in answer["missing"]] == ["CN"]
    assert hs_index.index_path().exists()


def test_data_status_lists_not_loaded_dataset_as_gap(without_china):
    gaps = [g["gap"] for g in data_status.status()["gaps"]]
    assert "China tariff lines and rates: not loaded." in gaps
