"""Landed-cost quotes per second for 1-line and 50-line shipments into Japan (real lines, real
schedule), against a naive baseline in the same run: the same quote without memoising each line's
tariff answer across the three computations (as declared, best agreement, MFN only).
"""

from __future__ import annotations

import random
import statistics
import time

from cjktrade.landed_cost.model import parse_shipment
from cjktrade.services.landed_cost import quote_shipment
from cjktrade.services.tariff import context
from cjktrade.tariff.bulk import compile_table

ROUNDS = 30


def shipment(lines: int, codes: list[str], rng: random.Random) -> dict:
    return {
        "importer": "JP",
        "date": "2026-10-30",
        "incoterm": "CIF",
        "lines": [
            {"code": code, "origin": rng.choice(["CN", "KR"]), "proof_of_origin": rng.random() < 0.7,
             "value": {"amount": str(rng.randint(20_000, 2_000_000)), "currency": "JPY"}}
            for code in (rng.choice(codes) for _ in range(lines))
        ],
    }  # fmt: skip


def timed(data, memoise: bool) -> float:
    started = time.perf_counter()
    quote_shipment(data, memoise=memoise)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    ctx = context("JP")
    from datetime import date

    # Lines whose duty needs no quantity (ad valorem), drawn from the real schedule.
    table = compile_table(ctx, "JP", ctx.schedules["JP"].codes()[::7], ["CN", "KR"], date(2026, 10, 30))
    codes = sorted({code for code, _ in table.rates})
    rng = random.Random(11)
    for size in (1, 50):
        shipments = [parse_shipment(shipment(size, codes, rng)) for _ in range(ROUNDS)]
        quote_shipment(shipments[0])  # warm caches (schedule, regimes, ECB table)
        ours = [timed(s, True) for s in shipments]
        naive = [timed(s, False) for s in shipments]
        p50, p50n = statistics.median(ours), statistics.median(naive)
        print(
            f"{size:>2}-line shipment: median {p50:.2f} ms ({1000 / p50:,.0f} quotes/s); naive {p50n:.2f} ms "
            f"({1000 / p50n:,.0f}/s); ratio {p50n / p50:.1f}x  (target for 50 lines: <= 5 ms)"
        )


if __name__ == "__main__":
    main()
