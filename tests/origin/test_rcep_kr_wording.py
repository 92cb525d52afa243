"""RCEP rules in Korea's statute wording: the reader, the reviewed overrides and the compiled data set.

Rows come from rcep_psr_kr_hs2022/kr_rcep_psr_hs2022.csv; the id names the file line and 적용단위.
"""

from __future__ import annotations

import csv
import gzip
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cjktrade.origin.rcep_kr_wording import parse_kr_rcep_wording
from cjktrade.origin.rules import (
    Or,
    ProductSplit,
    RegionalValueContent,
    Requirement,
    TariffShift,
    UnparsedWordingError,
    find_rule,
    format_rule,
    parse_rule,
    psr_from_row,
)
from tools.refdata import rcep_psr
from tools.refdata.common import DEFAULT_RAW

RAW_FILE = DEFAULT_RAW / rcep_psr.RAW
needs_raw = pytest.mark.skipif(not RAW_FILE.is_file(), reason=f"raw source {RAW_FILE} is not present")

ROWS = [
    pytest.param(
        "6단위 세번변경기준 또는 당사자에서 발생한 부가가치가 40퍼 센트 이상일 것",
        "CTSH or RVC40",
        id="line1833-8507.60",
    ),
    pytest.param("당사자에서 발생한 부가가치가 40퍼센트 이상일 것", "RVC40", id="line2001-87.03"),
    pytest.param("2단위 세번변경기준", "CC", id="line1144-61"),
    pytest.param(
        "2단위 세번변경기준(소호 제1211.20호의 것은 제외한다)", "CC except from 1211.20", id="line247-1302.19"
    ),
    pytest.param("완전생산기준", "WO", id="line110-07.01"),
    pytest.param("2단위 세번변경기준(제01류의 것은 제외한다)", "CC except from 01", id="line3-02"),
    pytest.param(
        "4단위 세번변경기준 또는 당사자에서 발생한 부가가치가 40퍼 센트 이상일 것",
        "CTH or RVC40",
        id="line437-2710.12",
    ),
    pytest.param(
        "4단위 세번변경기준 또는 당사자에서 발생한 부가가치가 40퍼 센트 이상일 것 또는 화학반응",
        "CTH or RVC40 or CR",
        id="chapter29-CR",
    ),
    pytest.param(
        "4단위 세번변경기준(제5509호부터 제5511호까지의 것은 제외 한다)",
        "CTH except from 55.09 through 55.11",
        id="ch55-range",
    ),
    pytest.param(
        "4단위 세번변경기준(제7208호 또는 제7209호의 것은 제외한 다) 또는 당사자에서 발생한 부가가치가 40퍼센트 이상일 것",
        "CTH except from 72.08, 72.09 or RVC40",
        id="72.10-heading-list",
    ),
    pytest.param(
        "6단위 세번변경기준(소호 제2204.22호와 제2204.29호의 것은 제외한다)",
        "CTSH except from 2204.22, 2204.29",
        id="2204.21-와",
    ),
    pytest.param(
        "6단위 세번변경기준(소호 제8504.31호, 제8504.33호 또는 제85 04.34호의 것 은 제외한다) 또는 당사자에서 발생한 부가가치 가 40퍼센트 이상일 것",
        "CTSH except from 8504.31, 8504.33, 8504.34 or RVC40",
        id="8504.32-split-code",
    ),
    pytest.param(
        "6단위 세번변경기준(소호 제8504.32호부터 제8504.34호까지의 것은 제외한다) 또는 당사자에서 발생한 부가가치가 40퍼센트 이상일 것",
        "CTSH except from 8504.32 through 8504.34 or RVC40",
        id="8504.31-subheading-range",
    ),
]


@pytest.mark.parametrize(("wording", "canonical"), ROWS)
def test_parse_kr_rcep_wording_reads_real_rows(wording: str, canonical: str) -> None:
    assert format_rule(parse_kr_rcep_wording(wording)) == canonical


@pytest.mark.parametrize(
    ("clean", "broken"),
    [
        (
            "당사자에서 발생한 부가가치가 40퍼센트 이상일 것",
            "당사자 에서 발생한 부 가가치가 40퍼 센트 이 상일 것",
        ),
        ("4단위 세번변경기준", "4 단위 세번변경기 준"),
        ("2단위 세번변경기준(제10류의 것은 제외한다)", "2단위 세번변경기준(제10류의 것은 제외한 다)"),
        ("화학반응", "화학 반응"),
    ],
)
def test_parse_kr_rcep_wording_tolerates_stray_spaces(clean: str, broken: str) -> None:
    assert parse_kr_rcep_wording(broken) == parse_kr_rcep_wording(clean)


def test_parse_kr_rcep_wording_reads_rvc_threshold_as_decimal() -> None:
    rule = parse_kr_rcep_wording("2단위 세번변경기준 또는 당사자에서 발생한 부가가치가 40퍼 센트 이상일 것")
    assert rule == Or(
        (TariffShift("chapter"), RegionalValueContent(Decimal("40"), ("build-down", "build-up")))
    )


@pytest.mark.parametrize(
    "wording",
    [
        pytest.param(
            "1. 곤충의 것: 2단위 세번변경기준 또는 당사자에서 발생한 부 가가치가 40퍼센트 이상일 것 2. 그 밖의 모든 상품: 2단위 세번변경기준",
            id="line279-1601.00-split",
        ),
        pytest.param(
            "6단위 세번변경기준(다만, 유효성분(들)의 전 중량의 100분의 50 이상이 원산지제품인 경우로 한정한다) 또는 "
            "당사자에서 발생한 부가가치가 40퍼센트 이상일 것",
            id="line868-38.08-proviso",
        ),
        pytest.param("", id="empty"),
        pytest.param("3단위 세번변경기준", id="unknown-level"),
        pytest.param("4단위 세번변경기준(제85류의 것)", id="unfinished-exception"),
        pytest.param("4단위 세번변경기준(제8504.31호의 것은 제외한다)", id="subheading-without-소호"),
    ],
)
def test_parse_kr_rcep_wording_refuses_composite_or_unknown_wording(wording: str) -> None:
    with pytest.raises(UnparsedWordingError):
        parse_kr_rcep_wording(wording)


# --- reviewed overrides ---------------------------------------------------------------------------


def _overrides() -> list[dict[str, str]]:
    with rcep_psr.OVERRIDES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _overrides(), ids=lambda r: f"override-{r['subheading'] or r['heading']}")
def test_override_row_is_canonical_and_refused_by_reader(row: dict[str, str]) -> None:
    assert format_rule(parse_rule(row["canonical_rule"])) == row["canonical_rule"]
    assert "kr_rcep_psr_hs2022.csv line" in row["reviewer_note"]
    with pytest.raises(UnparsedWordingError):
        parse_kr_rcep_wording(row["source_rule_text"])


def test_override_row_1601_splits_insects_from_other_goods() -> None:
    row = next(r for r in _overrides() if r["subheading"] == "1601.00")
    rule = parse_rule(row["canonical_rule"])
    assert isinstance(rule, ProductSplit)
    assert rule.cases[0].description.startswith("곤충의 것")
    assert format_rule(rule.cases[0].rule) == "CC or RVC40"
    assert rule.otherwise == TariffShift("chapter")


def test_override_row_3808_binds_proviso_to_ctsh_only() -> None:
    row = next(r for r in _overrides() if r["heading"] == "38.08")
    rule = parse_rule(row["canonical_rule"])
    assert isinstance(rule, Or) and format_rule(rule.parts[1]) == "RVC40"
    shift, proviso = rule.parts[0].parts  # type: ignore[union-attr]
    assert shift == TariffShift("subheading")
    assert isinstance(proviso, Requirement) and "100분의 50" in proviso.text


@needs_raw
def test_override_row_source_text_matches_raw_row_exactly() -> None:
    with RAW_FILE.open(encoding="utf-8-sig", newline="") as handle:
        raw = {(r["류"], r["호"], r["소호"]): r["기준"] for r in csv.DictReader(handle)}
    for row in _overrides():
        assert raw[(row["chapter"], row["heading"], row["subheading"])] == row["source_rule_text"]


# --- the compiled data set ------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    if not RAW_FILE.is_file():
        pytest.skip(f"raw source {RAW_FILE} is not present")
    out = tmp_path_factory.mktemp("rcep_psr")
    return rcep_psr.build(DEFAULT_RAW, out), out


def test_build_rcep_psr_makes_every_rule_executable(compiled: tuple[dict[str, object], Path]) -> None:
    manifest, out = compiled
    assert manifest["counts"] == {
        "parsed_automatically": 2180,
        "via_overrides": 8,
        "unparsed": 0,
        "total": 2188,
    }
    rows = _rows(out / "rcep_psr.jsonl.gz")
    assert len(rows) == 2188 and all(r["rule"] is not None for r in rows)


def test_build_rcep_psr_is_byte_identical_when_rebuilt(
    compiled: tuple[dict[str, object], Path], tmp_path: Path
) -> None:
    manifest, out = compiled
    again = rcep_psr.build(DEFAULT_RAW, tmp_path)
    assert (tmp_path / "rcep_psr.jsonl.gz").read_bytes() == (out / "rcep_psr.jsonl.gz").read_bytes()
    assert again == manifest


@pytest.mark.parametrize(
    ("hs_code", "canonical"),
    [
        pytest.param("8507.60", "CTSH or RVC40", id="line1833-8507.60"),
        pytest.param("8703.23", "RVC40", id="line2001-87.03"),
        pytest.param("6109.10", "CC", id="line1144-61"),
        pytest.param("1302.19", "CC except from 1211.20", id="line247-1302.19"),
        pytest.param("0504.00", "CC except from 01", id="line102-0504.00"),
    ],
)
def test_find_rule_in_compiled_rcep_gives_acceptance_rules(
    compiled: tuple[dict[str, object], Path], hs_code: str, canonical: str
) -> None:
    _, out = compiled
    rules = [psr_from_row(r) for r in _rows(out / "rcep_psr.jsonl.gz")]
    found = find_rule(rules, hs_code)
    assert found is not None and found.rule is not None
    assert format_rule(found.rule) == canonical
    assert found.hs_version == "HS2022" and "line" in found.legal_source
