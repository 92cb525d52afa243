"""Import tax regimes of China, Japan and Korea (customs value basis, VAT / consumption tax, de
minimis, China's cross-border e-commerce regime, rounding, exchange-rate rule), from the curated
file tools/refdata/curated/landed_cost_regimes.json. Every entry carries its source and a verified
flag. Output: landed_cost.jsonl.gz, one row per importing country.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tools.refdata.common import CURATED, curated_entry, output_entry, write_jsonl_gz

DATASET = "landed_cost"
FILE = "landed_cost_regimes.json"


def _unverified(node: Any) -> int:
    if isinstance(node, dict):
        return int(node.get("verified") is False) + sum(_unverified(v) for v in node.values())
    if isinstance(node, list):
        return sum(_unverified(v) for v in node)
    return 0


NUMERIC = {"rate", "reduced_rate", "threshold", "threshold_us_origin", "per_order_limit", "annual_limit",
           "duty_rate", "tax_share", "unit"}  # fmt: skip


def _check_numbers(node: Any) -> None:
    """Every figure is a decimal string (never a float), so the engine reads it exactly."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in NUMERIC and value is not None:
                Decimal(value)  # raises on anything that is not a number
            _check_numbers(value)
    elif isinstance(node, list):
        for value in node:
            _check_numbers(value)


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    regimes = json.loads((CURATED / FILE).read_text(encoding="utf-8"))
    rows = []
    for country in ("CN", "JP", "KR"):
        _check_numbers(regimes[country])
        rows.append({"country": country, **regimes[country]})
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, rows)
    unverified = sum(_unverified(regimes[c]) for c in ("CN", "JP", "KR"))
    return {
        "title": "Import tax regimes for landed cost (curated)",
        "version": "curated, see tools/refdata/curated",
        "source": "Curated by the cjktrade project from DOMAIN.md (customs.go.jp FAQ 1006/1111; China import VAT "
        "and CBEC rules; Korea VAT and list clearance); each entry names its source",
        "licence": "Apache-2.0 (cjktrade project)",
        "attribution": "cjktrade project; entries marked verified=false come from secondary sources or background "
        "knowledge and are flagged in every answer that uses them.",
        "raw": [curated_entry(FILE)],
        "outputs": [output_entry(out_dir, name, count)],
        "counts": {"countries": count, "unverified_entries": unverified},
        "gaps": [
            "Landed cost: China's consumption-tax rates and reduced-VAT goods list are not loaded (the shipment must state them).",
            "Landed cost: Japan's list of goods designated out of the ¥10,000 exemption and its simplified duty rates are not loaded.",
            "Landed cost: customs' own exchange rates (weekly JP/KR, monthly CN) are not loaded; ECB rates are used unless the shipment supplies rates.",
        ],
    }
