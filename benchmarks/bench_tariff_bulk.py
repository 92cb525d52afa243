"""Bulk best-rate decisions on Japan's real schedule, against the per-row baseline (one full
``quote`` per tuple) in the same run. Prints decisions per second, the ratio, peak memory, and the
time of one `cjktrade tariff` answer from process start.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

from cjktrade.core.money import Money
from cjktrade.services.tariff import context
from cjktrade.tariff.bulk import compile_table, decide_many
from cjktrade.tariff.decide import quote

AS_OF = date(2026, 11, 28)
ORIGINS = ("CN", "KR")
TUPLES = 300_000
BASELINE_TUPLES = 2_000


def main() -> None:
    ctx = context("JP")
    schedule = ctx.schedules["JP"]
    codes = schedule.codes()
    tracemalloc.start()
    started = time.perf_counter()
    table = compile_table(ctx, "JP", codes, ORIGINS, AS_OF)
    compile_s = time.perf_counter() - started
    _, peak_compile = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    keys = sorted(table.rates)
    print(
        f"compiled {len(table.rates):,} (line, origin) ad valorem decisions in {compile_s:.1f}s; "
        f"{len(table.not_compiled):,} need value/quantity and go through the full engine"
    )

    rng = random.Random(7)
    rows = [
        (code, origin, Decimal(rng.randint(1_000, 5_000_000)))
        for code, origin in (rng.choice(keys) for _ in range(TUPLES))
    ]

    tracemalloc.start()
    started = time.perf_counter()
    results = list(decide_many(table, rows))
    bulk_s = time.perf_counter() - started
    _, peak_bulk = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    sample = rows[:BASELINE_TUPLES]
    started = time.perf_counter()
    baseline = []
    for code, origin, value in sample:
        line = quote(
            ctx, code, importer="JP", origin=origin, as_of=AS_OF, customs_value=Money(value, "JPY")
        ).lines[0]
        baseline.append((line.best.label, line.best.duty.amount))
    base_s = time.perf_counter() - started
    mismatches = sum(
        1
        for (bl, bd), (ol, od) in zip(baseline, results[:BASELINE_TUPLES], strict=True)
        if bl != ol or bd != od
    )

    bulk_rate, base_rate = len(rows) / bulk_s, len(sample) / base_s
    print(
        f"bulk:     {len(rows):,} decisions in {bulk_s:.3f}s = {bulk_rate:,.0f}/s (one core; target >= 200,000/s)"
    )
    print(f"baseline: {len(sample):,} full quotes in {base_s:.3f}s = {base_rate:,.0f}/s")
    print(
        f"ratio bulk/baseline: {bulk_rate / base_rate:,.0f}x; answers identical on the {len(sample):,} "
        f"baseline tuples: {mismatches == 0} ({mismatches} mismatches)"
    )
    print(f"peak traced memory: compile {peak_compile / 2**20:.1f} MiB, bulk run {peak_bulk / 2**20:.1f} MiB")

    cli = str(Path(sys.executable).with_name("cjktrade"))
    walls = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [cli, "tariff", "6105.90.020", "--to", "JP", "--from", "CN", "--json"],
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - started)
    print(
        f"`cjktrade tariff 6105.90.020 --to JP --from CN --json` from process start: median "
        f"{statistics.median(walls):.3f}s over 5 runs (target <= 0.5 s)"
    )


if __name__ == "__main__":
    main()
