"""The gravity use case on the shipped 2006 sample: data in, answer, tariff link, tables and charts."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from cjktrade.core.errors import InvalidInputError, NotFoundError
from cjktrade.services import gravity

CJK = ("CHN", "JPN", "KOR")


@pytest.fixture(scope="module")
def answer():
    return gravity.run_gravity(agreement="CHN,JPN,KOR", draws=100)


def _sample_text(path, drop: tuple[str, ...] = (), edit=None) -> str:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    if edit:
        edit(rows)
    columns = [c for c in rows[0] if c not in drop]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_shipped_data_is_the_2006_sample_with_30_countries():
    data = gravity.shipped_data()
    assert (data.size, data.year) == (30, 2006)  # source: shared/data/README.md, gravity/
    assert set(CJK) <= set(data.countries)
    assert data.covariate("pta")[data.pair_mask(CJK)].sum() == 0  # pta = 0 among CN/JP/KR in 2006


def test_run_gravity_reports_coefficients_members_and_third_countries(answer):
    coefficients = {c["variable"]: c["coefficient"] for c in answer["estimation"]["coefficients"]}
    assert coefficients["pta"] == pytest.approx(0.4711383, abs=1e-6)  # gegravity README
    assert [r["country"] for r in answer["member_effects"]] == list(CJK)
    assert len(answer["largest_third_country_effects"]) == 5
    assert all(not r["member"] for r in answer["largest_third_country_effects"])
    assert answer["assumptions"]["sigma"] == {
        "value": 5.0,
        "kind": "assumption",
        "why": answer["assumptions"]["sigma"]["why"],
    }
    assert answer["monte_carlo"]["solved"] == 100


# Pinned results of this engine (full-endowment GE, σ = 5, DEU) on the gegravity 2006 sample.
PINNED = [
    ("CHN", "real_gdp_change_percent", 0.3813),
    ("JPN", "real_gdp_change_percent", 0.4803),
    ("KOR", "real_gdp_change_percent", 0.9476),
    ("CHN", "foreign_exports_change_percent", 5.594),
    ("KOR", "foreign_imports_change_percent", 19.22),
]


@pytest.mark.parametrize(
    ("country", "measure", "value"), PINNED, ids=[f"sample2006-{c}-{m}" for c, m, _ in PINNED]
)
def test_run_gravity_cjk_figures_on_2006_sample(answer, country, measure, value):
    row = next(r for r in answer["countries"] if r["country"] == country)
    assert row[measure] == pytest.approx(value, rel=1e-3)
    low, high = row["ci"][measure]
    assert low < row[measure] < high


def test_run_gravity_diversion_lowers_members_imports_from_non_members(answer):
    for row in (r for r in answer["trade_diversion"] if r["member"]):
        assert row["imports_from_members_change_percent"] > 30
        assert row["imports_from_non_members_change_percent"] < 0


def test_shipped_sample_holds_the_raw_csv_values(sample, sample_csv):
    # The engine tests run on the shipped sample; it must be the raw CSV, value for value.
    raw, _ = gravity.read_csv(sample_csv)
    assert sample.countries == raw.countries and sample.year == raw.year == 2006
    for name in ("trade", "output", "expenditure"):
        assert np.array_equal(getattr(sample, name), getattr(raw, name)), name
    assert set(sample.covariates) == set(raw.covariates)
    for name, matrix in raw.covariates.items():
        assert np.array_equal(sample.covariates[name], matrix), name


def test_run_gravity_accepts_alpha2_and_names_for_members():
    data = gravity.shipped_data()
    assert gravity.resolve_members(data, "CN, Japan, 대한민국") == CJK


def test_run_gravity_unknown_member_names_the_countries_available():
    with pytest.raises(NotFoundError, match="'XXX'") as caught:
        gravity.run_gravity(agreement="CHN,XXX")
    assert "KOR" in (caught.value.hint or "")


def test_read_csv_names_line_and_column_of_a_bad_number(sample_csv):
    def spoil(rows):
        rows[3]["trade"] = "12,5"

    with pytest.raises(InvalidInputError, match=r"line 5, column 'trade': '12,5' is not a number"):
        gravity.read_csv(text=_sample_text(sample_csv, edit=spoil))


def test_read_csv_without_pta_column_is_refused(sample_csv):
    with pytest.raises(InvalidInputError, match="pta"):
        gravity.read_csv(text=_sample_text(sample_csv, drop=("pta",)))


def test_read_csv_with_two_years_is_refused(sample_csv):
    def second_year(rows):
        rows[0]["year"] = "2005"

    with pytest.raises(InvalidInputError, match="2005, 2006"):
        gravity.read_csv(text=_sample_text(sample_csv, edit=second_year))


def test_read_csv_fills_distance_contiguity_language_from_cepii(sample_csv):
    data, notes = gravity.read_csv(
        text=_sample_text(sample_csv, drop=("lndist", "contiguity", "common_language"))
    )
    assert "CEPII GeoDist" in notes[0]
    sample = gravity.shipped_data()
    # source: CEPII GeoDist contig equals the sample's contiguity on all 900 pairs.
    assert (data.covariate("contiguity") == sample.covariate("contiguity")).all()
    gap = abs(data.covariate("lndist") - sample.covariate("lndist"))
    assert gap.mean() < 0.05  # Dynamic Gravity vs CEPII population-weighted distance


def test_read_csv_derives_international_from_codes(sample_csv):
    data, notes = gravity.read_csv(text=_sample_text(sample_csv, drop=("international",)))
    assert (data.covariate("international") == gravity.shipped_data().covariate("international")).all()
    assert any("international" in n for n in notes)


def test_run_gravity_tariff_link_uses_schedule_margins():
    answer = gravity.run_gravity(agreement="CHN,JPN,KOR", tariff_link=True)
    link = answer["tariff_link"]
    assert {(p["importer"], p["origin"]) for p in link["pairs"]} == {
        (i, o) for i in ("CN", "JP", "KR") for o in ("CN", "JP", "KR") if i != o
    }
    for pair in link["pairs"]:
        assert pair["mfn_average_percent"] > pair["best_average_percent"] >= 0
        assert pair["lines_used"] > 8000
    assert link["trade_elasticity"] == {
        "value": 4.0,
        "kind": "assumption",
        "why": link["trade_elasticity"]["why"],
    }
    assert "pta unchanged" in answer["scenario"]["description"]
    # Lower trade costs among the three raise each member's real GDP (CHN +0.08%, JPN +0.06%,
    # KOR +0.27% on the shipped sample).
    assert all(r["real_gdp_change_percent"] > 0 for r in answer["member_effects"])
    assert len(answer["scenario"]["cost_changes"]) == 6


def test_run_gravity_tariff_link_refuses_members_without_schedule():
    with pytest.raises(InvalidInputError, match="USA"):
        gravity.run_gravity(agreement="CHN,USA", tariff_link=True)


def test_write_tables_writes_four_csv_files(answer, tmp_path):
    written = gravity.write_tables(answer, tmp_path)
    assert sorted(p.rsplit("/", 1)[-1] for p in written) == [
        "bilateral.csv",
        "coefficients.csv",
        "countries.csv",
        "trade_diversion.csv",
    ]
    header = (tmp_path / "countries.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "real_gdp_change_percent_ci_low" in header


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_write_charts_writes_welfare_chart_and_heat_map(answer, tmp_path, suffix):
    welfare, heat = gravity.write_charts(answer, tmp_path / f"cjk{suffix}")
    for path in (welfare, heat):
        with open(path, "rb") as handle:
            head = handle.read(8)
        assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<?xml" in head
    assert heat.endswith(f"cjk-heatmap{suffix}")


def test_write_charts_refuses_unknown_format(answer, tmp_path):
    with pytest.raises(InvalidInputError, match=r"\.png"):
        gravity.write_charts(answer, tmp_path / "chart.bmp")
