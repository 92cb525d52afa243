"""Origin verdicts per second for realistic BOMs (20 and 500 materials drawn from real HS codes)
evaluated under every agreement with loaded rules between the producer (Viet Nam: RCEP and CPTPP
both apply) and Japan, against a naive baseline in the same run: the same evaluation with the rule
found by scanning and re-parsing every compiled rule row each time (no compiled rule index).
"""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal

from cjktrade.origin import evaluate, find_rule, psr_from_row, read_bom_json
from cjktrade.origin.evaluate import rule_lookup
from cjktrade.refdata import loader
from cjktrade.services.origin import rules
from cjktrade.services.tariff import registry

ROUNDS = 15
PRODUCTS = ["8507.60", "8471.30", "8528.72", "6110.20", "9403.60", "8708.99"]
ORIGINS = ["VN", "CN", "JP", "KR", "US", "DE", "TH", None]


def bom_json(size: int, rng: random.Random, hs6: list[str]) -> str:
    import json

    materials = []
    for line in range(1, size + 1):
        origin = rng.choice(ORIGINS)
        status = rng.choice(["originating", "non-originating", "unknown"]) if origin else "unknown"
        material = {"line": str(line), "description": f"part {line}", "hs_code": rng.choice(hs6),
                    "status": status, "value": f"{rng.randint(1, 400)}.{rng.randint(0, 99):02d}"}  # fmt: skip
        if origin:
            material["origin_country"] = origin
        if status == "originating":
            material["originating_under"] = "RCEP"
        materials.append(material)
    total = sum(Decimal(m["value"]) for m in materials)
    product = {"hs_code": rng.choice(PRODUCTS), "description": "assembled good", "producer_country": "VN",
               "fob": f"{total * Decimal('1.6'):.2f}"}  # fmt: skip
    return json.dumps(
        {"format": "cjktrade-bom/1", "currency": "USD", "product": product, "materials": materials}
    )


def main() -> None:
    hs6 = [r["code"] for r in loader.rows("hs2022") if r["kind"] == "subheading"]
    reg = registry()
    agreements = [
        a for a in reg.agreements.values() if {"VN", "JP"} <= a.parties and a.id in ("RCEP", "CPTPP")
    ]
    compiled = {a.id: rules(a.id) for a in agreements}
    raw_rows = {a.id: loader.rows({"RCEP": "rcep_psr", "CPTPP": "cptpp_psr"}[a.id]) for a in agreements}
    rng = random.Random(5)

    def ours(bom) -> None:
        for agreement in agreements:
            loaded = compiled[agreement.id]
            rule = find_rule(loaded, bom.product.hs6)
            evaluate(
                bom, rule, agreement_parties=agreement.parties, importer="JP", rule_for=rule_lookup(loaded)
            )

    def naive(bom) -> None:
        for agreement in agreements:
            parsed = [psr_from_row(row) for row in raw_rows[agreement.id]]  # no compiled index
            rule = find_rule(parsed, bom.product.hs6)
            evaluate(
                bom, rule, agreement_parties=agreement.parties, importer="JP", rule_for=rule_lookup(parsed)
            )

    print(f"agreements evaluated for a VN-made good into JP: {', '.join(a.id for a in agreements)}")
    for size in (20, 500):
        boms = [read_bom_json(bom_json(size, rng, hs6)) for _ in range(ROUNDS)]
        ours(boms[0])
        fast = []
        for bom in boms:
            started = time.perf_counter()
            ours(bom)
            fast.append((time.perf_counter() - started) * 1000)
        slow = []
        for bom in boms[:5]:
            started = time.perf_counter()
            naive(bom)
            slow.append((time.perf_counter() - started) * 1000)
        p50, n50 = statistics.median(fast), statistics.median(slow)
        print(
            f"{size:>3} materials: median {p50:.2f} ms for all agreements ({1000 / p50:,.0f} BOMs/s), max {max(fast):.2f} ms; "
            f"naive {n50:.1f} ms; ratio {n50 / p50:.1f}x  (target for 500 materials: <= 20 ms)"
        )


if __name__ == "__main__":
    main()
