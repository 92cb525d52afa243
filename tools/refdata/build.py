"""Compile the raw public sources into the package's reference data and MANIFEST.json.

Usage (from the repository root):
    python -m tools.refdata.build [--raw DIR] [--out DIR] [DATASET ...]

``--raw`` defaults to $CJKTRADE_RAW_DATA or ../shared/data; ``--out`` to src/cjktrade/refdata/data.
A data set whose raw files are absent is skipped with a message, and its previous output and
manifest entry are kept. The manifest is rewritten deterministically (sorted keys, no timestamps).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools.refdata import (
    agreements,
    cn_tariff,
    cptpp_psr,
    gravity,
    hs2022,
    jp_tariff,
    kr_hsk,
    kr_tariff,
    landed_cost,
    rcep_psr,
)
from tools.refdata.common import DEFAULT_OUT, DEFAULT_RAW

BUILDERS: dict[str, Callable[[Path, Path], dict[str, Any]]] = {
    "hs2022": hs2022.build,
    "jp_tariff": jp_tariff.build,
    "kr_hsk": kr_hsk.build,
    "kr_tariff": kr_tariff.build,
    "cn_tariff": cn_tariff.build,
    "agreements": agreements.build,
    "rcep_psr": rcep_psr.build,
    "cptpp_psr": cptpp_psr.build,
    "landed_cost": landed_cost.build,
    "gravity": gravity.build,
}
MANIFEST = "MANIFEST.json"

# Data sets the platform uses, with the words a person reads when one is not loaded.
EXPECTED = {
    "hs2022": "HS 2022 nomenclature",
    "jp_tariff": "Japan tariff lines and rates",
    "kr_hsk": "Korea HSK tariff lines",
    "kr_tariff": "Korea tariff rates",
    "cn_tariff": "China tariff lines and rates",
    "agreements": "Trade agreements registry",
    "landed_cost": "Import tax regimes (landed cost)",
    "rcep_psr": "RCEP product-specific rules of origin",
    "cptpp_psr": "CPTPP product-specific rules of origin",
    "gravity": "Gravity sample data (trade-policy scenarios)",
}
# Known gaps of the raw sources themselves (../shared/data/README.md, "Known gaps").
SOURCE_GAPS = [
    "RCEP product-specific rules in the treaty's own English / HS2012 text are not available; "
    "the Korean HS2022 transposition is used.",
    "Year-by-year RCEP staging schedules are not available; rates are those in force on each schedule's date.",
    "HS-level bilateral trade flows among China, Japan and Korea are not available "
    "(the gravity sample is aggregate, 2006).",
    "China's consumption-tax rates by product are not in any loaded data set.",
]


def build(raw_dir: Path, out_dir: Path, names: list[str] | None = None, *, log=print) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"datasets": {}}
    selected = names or list(BUILDERS)
    for position, name in enumerate(selected, 1):
        if name not in BUILDERS:
            raise SystemExit(f"unknown data set {name!r}; known: {', '.join(BUILDERS)}")
        started = time.perf_counter()
        try:
            entry = BUILDERS[name](raw_dir, out_dir)
        except FileNotFoundError as missing:
            log(f"[{position}/{len(selected)}] {name}: skipped, {missing}")
            continue
        entry["id"] = name
        manifest["datasets"][name] = entry
        rows = sum(o["rows"] for o in entry["outputs"])
        log(f"[{position}/{len(selected)}] {name}: {rows} rows in {time.perf_counter() - started:.1f}s")
    manifest["format"] = 1
    manifest["expected"] = EXPECTED
    manifest["gaps"] = SOURCE_GAPS
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(manifest_path)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--raw", type=Path, default=DEFAULT_RAW, help="folder of raw sources (../shared/data)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "datasets", nargs="*", help=f"data sets to build (default: all of {', '.join(BUILDERS)})"
    )
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        print(f"raw data folder {args.raw} does not exist; pass --raw", file=sys.stderr)
        return 2
    build(args.raw, args.out, args.datasets or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
