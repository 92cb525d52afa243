"""Gravity sample data for trade-policy scenarios, and CEPII GeoDist distances.

Raw: gravity/gegravity_sample_data_set_2006.csv (the peer gegravity's sample: 30 countries, 2006,
trade incl. domestic flows, output Y, expenditure E and cost proxies), gravity/cepii_geodist_edge.csv
(CEPII GeoDist, 238 countries). Outputs: gravity.jsonl.gz (one row per exporter→importer pair of the
sample) and gravity_distances.jsonl.gz (one row per CEPII origin→destination pair: contiguity,
common official / ethnographic language, distance between main cities and population-weighted
distance in km; the capital-city distance and the colonial-link columns are not carried). Values
are kept as the sources print them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tools.refdata.common import output_entry, raw_entry, write_jsonl_gz

DATASET = "gravity"
SAMPLE = "gravity/gegravity_sample_data_set_2006.csv"
GEODIST = "gravity/cepii_geodist_edge.csv"
LICENCE_FILE = "gravity/LICENSE.gegravity-MIT.txt"
INTEGER_COLUMNS = ("year", "trade", "Y", "E", "pta", "contiguity", "common_language", "international")
GEODIST_DUMMIES = ("contig", "comlang_off", "comlang_ethno")
GEODIST_DISTANCES = ("dist", "distw")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def sample_rows(raw_dir: Path) -> list[dict[str, Any]]:
    rows = []
    for row in _read_csv(raw_dir / SAMPLE):
        out: dict[str, Any] = {"exporter": row["exporter"].strip(), "importer": row["importer"].strip()}
        for column in INTEGER_COLUMNS:
            out[column] = int(row[column])
        out["lndist"] = float(row["lndist"])
        rows.append(out)
    rows.sort(key=lambda r: (r["exporter"], r["importer"]))
    return rows


def distance_rows(raw_dir: Path) -> list[dict[str, Any]]:
    rows = []
    for row in _read_csv(raw_dir / GEODIST):
        out: dict[str, Any] = {"iso_o": row["iso_o"], "iso_d": row["iso_d"]}
        for column in GEODIST_DUMMIES:
            out[column] = int(row[column])
        for column in GEODIST_DISTANCES:
            # distw is empty where CEPII lacks city-population data: missing, not zero.
            out[column] = _number(row[column]) if row[column].strip() else None
        rows.append(out)
    rows.sort(key=lambda r: (r["iso_o"], r["iso_d"]))
    return rows


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    sample, distances = sample_rows(raw_dir), distance_rows(raw_dir)
    name, distances_name = f"{DATASET}.jsonl.gz", f"{DATASET}_distances.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, sample)
    distance_count = write_jsonl_gz(out_dir / distances_name, distances)
    countries = sorted({r["exporter"] for r in sample})
    return {
        "title": "Gravity sample data 2006 (30 countries) and CEPII GeoDist distances",
        "version": "gegravity sample 2006; CEPII GeoDist (Mayer & Zignago 2011)",
        "source": "gegravity sample data set (trade, output and expenditure from Yotov, Piermartini, "
        "Monteiro & Larch (2016), 1_TradeWithoutBorder.dta; cost proxies from the Dynamic Gravity Dataset, "
        "Gurevich & Herman (2018)); CEPII GeoDist dist_cepii",
        "licence": "gegravity sample: MIT (© 2021 Peter R. Herman); CEPII GeoDist: Etalab Open Licence 2.0",
        "attribution": "Sample data from gegravity (Herman 2021, MIT) derived from Yotov et al. (2016), An Advanced "
        "Guide to Trade Policy Analysis (WTO/UNCTAD), and Gurevich & Herman (2018), The Dynamic Gravity "
        "Dataset (USITC). Distances: CEPII GeoDist, Mayer & Zignago (2011), Notes on CEPII's distances "
        "measures: the GeoDist database, CEPII Working Paper 2011-25.",
        "raw": [raw_entry(raw_dir, SAMPLE), raw_entry(raw_dir, GEODIST), raw_entry(raw_dir, LICENCE_FILE)],
        "outputs": [
            output_entry(out_dir, name, count),
            output_entry(out_dir, distances_name, distance_count),
        ],
        "counts": {
            "sample_pairs": count,
            "sample_countries": len(countries),
            "sample_years": len({r["year"] for r in sample}),
            "distance_pairs": distance_count,
            "distance_pairs_without_distw": sum(1 for r in distances if r["distw"] is None),
        },
        "gaps": [
            "Gravity: the sample is aggregate (all goods) for 2006 only; HS-level flows among China, Japan "
            "and Korea are not available. The sample's units of trade value are not stated by its source.",
            "Gravity: pta is 0 among China, Japan and Korea in 2006 (before the China–Korea FTA and RCEP).",
            "Gravity: the sample's lndist comes from the Dynamic Gravity Dataset, not from CEPII GeoDist; the "
            "two differ slightly.",
        ],
    }
