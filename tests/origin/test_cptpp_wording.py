"""CPTPP rules (Annex 4-A) from the UK Online Trade Tariff prose: the reader and the compiled data set.

Fragments are copied verbatim from psr_uk_trade_tariff/cptpp.json; the id names the rule set's heading.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from cjktrade.origin.cptpp_wording import plain_text, read_cptpp_rule_set, read_hs_items
from cjktrade.origin.rules import HsRange, UnparsedWordingError, find_rule, format_rule, psr_from_row
from tools.refdata import cptpp_psr
from tools.refdata.common import DEFAULT_RAW

RAW_FILE = DEFAULT_RAW / cptpp_psr.RAW

H = "[heading&nbsp;{0}](/headings/{0})"
S = "[subheading&nbsp;{0}](/subheading/{0}0000-80)"

RULE_SETS = [
    pytest.param(
        [(f"A change to a good of {H.format('7208')} from any other heading.", None)],
        "CTH",
        id="7208-CTH",
    ),
    pytest.param(
        [(f"A change to a good of {S.format('130211')} through 130232 from any other chapter.", None)],
        "CC",
        id="130211-130232-CC",
    ),
    pytest.param(
        [
            (f"A change to a good of {S.format('850730')} through 850780 from any other heading.", None),
            (
                f"No change in tariff classification required for a good of {S.format('850730')} through 850780, "
                "provided there is a regional value content of not less than:\n\n \n\n- a) **30%** under the build-up method.",
                "or",
            ),
            ("- b) **40%** under the build-down method.", "or"),
        ],
        "CTH or (RVC30(build-up) or RVC40(build-down))",
        id="850730-850780-RVC-build-up-build-down",
    ),
    pytest.param(
        [
            (f"A change to a good of {S.format('850790')} from any other heading.", None),
            (
                f"No change in tariff classification required for a good of {S.format('850790')}, provided there is "
                "a regional value content of not less than:\n\n \n\n- a) **30%** under the build-up method.",
                "or",
            ),
            ("- b) **40%** under the build-down method.", "or"),
            (
                "- c) **50%** under the focused value method taking into account only the non-originating "
                f"materials of {H.format('8507')}.",
                "or",
            ),
        ],
        "CTH or (RVC30(build-up) or RVC40(build-down) or RVC50(focused-value of 85.07))",
        id="850790-RVC-focused-value",
    ),
    pytest.param(
        [
            (
                f"A change to a good of {H.format('5109')} from any other heading, except from {H.format('5106')} to "
                f"{H.format('5108')} or {H.format('5110')}.",
                None,
            )
        ],
        "CTH except from 51.06 through 51.08, 51.10",
        id="5109-exceptions-range",
    ),
    pytest.param(
        [
            (
                f"A change to a good of {H.format('6101')} to {H.format('6109')} from any other chapter, except from "
                f"{H.format('5106')} to {H.format('5113')}, {H.format('5204')} to {H.format('5212')} or 5401 to 5402, "
                f"{S.format('540333')} through 540339 or 540342 through 540349, or {H.format('5404')} to {H.format('5408')}, "
                f"{H.format('5508')} to {H.format('5516')}, 5606 or 6001 to 6006, provided the good is cut or knit to shape, "
                "or both, and sewn or otherwise assembled in the territory of one or more of the Parties.",
                None,
            )
        ],
        "CC except from 51.06 through 51.13, 52.04 through 52.12, 54.01 through 54.02, 5403.33 through 5403.39, "
        "5403.42 through 5403.49, 54.04 through 54.08, 55.08 through 55.16, 56.06, 60.01 through 60.06 and process "
        '"the good is cut or knit to shape, or both, and sewn or otherwise assembled in the territory of one or more '
        'of the Parties"',
        id="6101-6109-exceptions-and-process",
    ),
    pytest.param(
        [
            (
                f"A change to domestic vacuum cleaners of {S.format('850819')} from any other subheading, except from "
                f"{H.format('8501')}.",
                None,
            ),
            (
                f"A change to domestic vacuum cleaners of {S.format('850819')} from any other subheading, except from "
                f"housings of {S.format('850870')}.",
                "or",
            ),
            (
                f"No change in tariff classification required for domestic vacuum cleaners of {S.format('850819')}, "
                "provided there is a regional value content of not less than:\n\n \n\n- a) **30%** under the build-up method.",
                "or",
            ),
            ("- b) **40%** under the build-down method.", "or"),
            (f"A change to any other good of {S.format('850819')} from any other heading.", None),
            (
                f"No change in tariff classification required for any other good of {S.format('850819')}, provided there "
                "is a regional value content of not less than:\n\n \n\n- a) **30%** under the build-up method.",
                "or",
            ),
            ("- b) **40%** under the build-down method.", "or"),
        ],
        'split{"domestic vacuum cleaners of subheading 850819": CTSH except from 85.01 or CTSH except from 8508.70 '
        '"housings of subheading 850870" or (RVC30(build-up) or RVC40(build-down)); other: CTH or (RVC30(build-up) '
        "or RVC40(build-down))}",
        id="850819-product-split-described-exception",
    ),
    pytest.param(
        [
            (
                "A change to Merluccius angustimanus (Panama hake) or Merluccius productus (North Pacific hake) of "
                f"{S.format('030444')} from any other chapter.",
                None,
            ),
            (f"A change to any other good of {S.format('030444')} from any other heading.", None),
        ],
        'split{"Merluccius angustimanus (Panama hake) or Merluccius productus (North Pacific hake) of subheading '
        '030444": CC; other: CTH}',
        id="030444-species-split",
    ),
    pytest.param(
        [
            (f"A change to a good of {S.format('410640')} from any other heading.", None),
            (
                f"No change in tariff classification required for a good in the dry state of {S.format('410640')}, "
                "provided there is a change from a good in the wet state.",
                "or",
            ),
        ],
        'CTH or split{"a good in the dry state of subheading 410640": requires "there is a change from a good in the '
        'wet state"}',
        id="410640-alternative-for-described-goods-only",
    ),
    pytest.param(
        [
            (
                f"No change in tariff classification required for a good of {H.format('8703')} provided there is a "
                "regional value content of not less than:\n\n \n\n- a) **45%** under the net cost method.",
                None,
            ),
            (
                "- b) **55%** under the build-down method.\n\nSee also Appendix 1 (Provisions Related to the "
                "Product-Specific Rules of Origin for Certain Vehicles and Parts of Vehicles)\n\nFor originating goods of "
                f"{H.format('8703')} imported from Malaysia, the product specific rule is:\n\nNo change in tariff "
                f"classification required for a good of {H.format('8703')}, provided there is a regional value content "
                "of not less than:\n\n \n\n- a) **25%** under the build-down method.",
                "or",
            ),
            ("- b) **25%** under the build-up method.", "or"),
        ],
        'split{"originating goods of heading 8703 imported from Malaysia": RVC25(build-down) or RVC25(build-up); '
        "other: RVC45(net-cost) or RVC55(build-down)}",
        id="8703-net-cost-and-partner-rule",
    ),
]


@pytest.mark.parametrize(("fragments", "canonical"), RULE_SETS)
def test_read_cptpp_rule_set_reads_real_rule_sets(
    fragments: list[tuple[str, str | None]], canonical: str
) -> None:
    assert format_rule(read_cptpp_rule_set(fragments).rule) == canonical


def test_read_cptpp_rule_set_keeps_cross_references_as_notes() -> None:
    fragments = RULE_SETS[-1].values[0]
    notes = read_cptpp_rule_set(fragments).notes  # type: ignore[arg-type]
    assert notes == (
        "See also Appendix 1 (Provisions Related to the Product-Specific Rules of Origin for Certain Vehicles and "
        "Parts of Vehicles)",
    )


@pytest.mark.parametrize(
    "fragments",
    [
        pytest.param(
            [
                (
                    f"A change to a good of {S.format('841810')} from any other subheading, except from: \n\n \n\n- a) "
                    f"{S.format('841821')} or {S.format('841891')}, \n\n \n\n- b) door assemblies of {S.format('841899')} "
                    "incorporating two or more of the following: \n\n \n\n- i) inner panel, \n\n (ii) outer panel",
                    None,
                )
            ],
            id="841810-nested-list",
        ),
        pytest.param(
            [
                (
                    f"A change to a good of {H.format('9619')}, other than a good of textile material, from any other "
                    f"heading.\n\nA change to a good of textile wadding of {H.format('9619')} from any other heading.",
                    None,
                )
            ],
            id="9619-two-products-in-one-fragment",
        ),
        pytest.param([("Wholly obtained in the territory of a Party.", None)], id="unknown-sentence"),
        pytest.param(
            [(f"A change to any other good of {S.format('030444')} from any other heading.", None)],
            id="other-goods-without-described-goods",
        ),
    ],
)
def test_read_cptpp_rule_set_refuses_unreadable_prose(fragments: list[tuple[str, str | None]]) -> None:
    with pytest.raises(UnparsedWordingError):
        read_cptpp_rule_set(fragments)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("heading 0401 to heading 0406", (HsRange("0401", "0406"),)),
        ("chapter 3", (HsRange("03"),)),
        ("chapter 61 to chapter 62", (HsRange("61", "62"),)),
        (
            "subheading 540333 through 540339 or 540342 through 540349",
            (HsRange("540333", "540339"), HsRange("540342", "540349")),
        ),
        (
            "heading 0401 to heading 0406 or dairy preparations of subheading 190190 containing more than 10% by dry "
            "weight of milk solids",
            (
                HsRange("0401", "0406"),
                HsRange(
                    "190190",
                    None,
                    "dairy preparations of subheading 190190 containing more "
                    "than 10% by dry weight of milk solids",
                ),
            ),
        ),
        (
            "mangoes or guavas of subheading 080450, heading 0805",
            (HsRange("080450", None, "mangoes or guavas of subheading 080450"), HsRange("0805")),
        ),
    ],
)
def test_read_hs_items_reads_codes_ranges_and_described_parts(text: str, items: tuple[HsRange, ...]) -> None:
    assert read_hs_items(text) == items


@pytest.mark.parametrize(
    "text", ["heading 85", "subheading 8507", "fresh fish", "heading 0401 then heading 0402"]
)
def test_read_hs_items_refuses_malformed_lists(text: str) -> None:
    with pytest.raises(UnparsedWordingError):
        read_hs_items(text)


def test_plain_text_unwraps_links_and_emphasis() -> None:
    markdown = f"- b) **40%** under the build-down method of {H.format('8507')}."
    assert plain_text(markdown) == "- b) 40% under the build-down method of heading 8507."


# --- the compiled data set ------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    if not RAW_FILE.is_file():
        pytest.skip(f"raw source {RAW_FILE} is not present")
    out = tmp_path_factory.mktemp("cptpp_psr")
    return cptpp_psr.build(DEFAULT_RAW, out), out


def test_build_cptpp_psr_makes_at_least_95_percent_executable(
    compiled: tuple[dict[str, object], Path],
) -> None:
    manifest, out = compiled
    counts = manifest["counts"]
    assert isinstance(counts, dict) and counts["total"] == 1239
    assert counts["parsed_automatically"] / counts["total"] >= 0.95
    rows = _rows(out / "cptpp_psr.jsonl.gz")
    unparsed = sorted(r["scope"] for r in rows if r["rule"] is None)
    assert unparsed == ["8418.10", "8418.21", "96.19"]
    assert all(r["derivation"] == "unparsed" and r["original"] for r in rows if r["rule"] is None)


@pytest.mark.parametrize(
    ("hs_code", "scope", "canonical"),
    [
        pytest.param(
            "8507.60", "8507.30-8507.80", "CTH or (RVC30(build-up) or RVC40(build-down))", id="850730-850780"
        ),
        pytest.param("7208.10", "72.08", "CTH", id="7208"),
        pytest.param("0101.21", "01.01-01.06", "CC", id="0101-0106"),
    ],
)
def test_find_rule_in_compiled_cptpp_uses_range_scopes(
    compiled: tuple[dict[str, object], Path], hs_code: str, scope: str, canonical: str
) -> None:
    _, out = compiled
    rules = [psr_from_row(r) for r in _rows(out / "cptpp_psr.jsonl.gz")]
    found = find_rule(rules, hs_code)
    assert found is not None and found.rule is not None
    assert (str(found.scope), format_rule(found.rule), found.hs_version) == (scope, canonical, "HS2012")
