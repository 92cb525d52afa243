"""Bulk best-rate decisions: compile once, then decide many (line, origin, value) tuples fast.

For every line whose competing candidates are all ad valorem (or free), the best choice does not
depend on the value, so it is decided once per (line, origin) with the full rules of ``decide`` and
kept as a rate. Each tuple then costs a dictionary lookup and one multiplication. Lines whose
duty depends on value or quantity (specific, compound, gate-price, quota) are not compiled:
``decide`` answers them one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cjktrade.tariff.decide import TariffContext, quote


@dataclass(frozen=True, slots=True)
class CompiledRate:
    label: str
    regime: str
    percent: Decimal
    mfn_percent: Decimal | None


@dataclass(frozen=True)
class DecisionTable:
    importer: str
    as_of: date
    rates: dict[tuple[str, str], CompiledRate]
    not_compiled: frozenset[tuple[str, str]]


def compile_table(
    context: TariffContext, importer: str, codes: Iterable[str], origins: Iterable[str], as_of: date
) -> DecisionTable:
    rates: dict[tuple[str, str], CompiledRate] = {}
    skipped: set[tuple[str, str]] = set()
    for origin in origins:
        for code in codes:
            for line in quote(context, code, importer=importer, origin=origin, as_of=as_of).lines:
                key = (line.line.code, origin)
                open_choice = any(c.competes and c.percent is None for c in line.candidates)
                if line.best is None or line.best.percent is None or open_choice or line.line.variant:
                    skipped.add(key)
                    continue
                mfn = next((c for c in line.candidates if c.status == "applies"), None)
                rates[key] = CompiledRate(
                    line.best.label, line.best.regime, line.best.percent, mfn.percent if mfn else None
                )
    return DecisionTable(importer, as_of, rates, frozenset(skipped))


def decide_many(
    table: DecisionTable, rows: Iterable[tuple[str, str, Decimal]]
) -> Iterator[tuple[str, Decimal] | None]:
    """(label of the best regime, duty) per (line, origin, customs value); None when not compiled."""
    rates = table.rates
    hundred = Decimal(100)
    for code, origin, value in rows:
        rate = rates.get((code, origin))
        yield None if rate is None else (rate.label, value * rate.percent / hundred)
