"""Use case: what reference data is loaded, its versions and licences, and what is missing."""

from __future__ import annotations

from typing import Any

from cjktrade.core.errors import CjktradeError
from cjktrade.refdata import loader
from cjktrade.refdata.ecb import LICENCE as ECB_LICENCE
from cjktrade.refdata.ecb import ecb_table


def status() -> dict[str, Any]:
    man = loader.manifest()
    datasets = []
    gaps: list[dict[str, str]] = []
    for ident, entry in sorted(man["datasets"].items()):
        loaded = loader.has_dataset(ident)
        datasets.append(
            {
                "id": ident,
                "title": entry["title"],
                "version": entry["version"],
                "source": entry["source"],
                "licence": entry["licence"],
                "attribution": entry["attribution"],
                "rows": sum(o["rows"] for o in entry["outputs"]),
                "counts": entry.get("counts", {}),
                "loaded": loaded,
            }
        )
        gaps.extend({"dataset": ident, "gap": gap} for gap in entry.get("gaps", []))
        if not loaded:
            gaps.append(
                {
                    "dataset": ident,
                    "gap": f"{entry['title']}: listed in the manifest but its files are missing.",
                }
            )
    for ident, title in man.get("expected", {}).items():
        if ident not in man["datasets"]:
            gaps.append({"dataset": ident, "gap": f"{title}: not loaded."})
    gaps.extend({"dataset": "sources", "gap": gap} for gap in man.get("gaps", []))
    return {
        "data_version": loader.manifest_sha256()[:16],
        "data_dir": str(loader.data_dir()),
        "datasets": datasets,
        "exchange_rates": _fx_status(),
        "gaps": gaps,
    }


def _fx_status() -> dict[str, Any]:
    try:
        table = ecb_table()
    except CjktradeError as missing:
        return {"loaded": False, "error": str(missing)}
    first, last = table.days[0], table.days[-1]
    return {
        "loaded": True,
        "source": table.source,
        "licence": ECB_LICENCE,
        "attribution": "Source: European Central Bank (euro foreign exchange reference rates).",
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "currencies": sorted(table.currencies()),
    }
