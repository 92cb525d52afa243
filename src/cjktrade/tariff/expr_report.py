"""How much of a schedule the parsers understand: counts per (schedule, column), and the rest.

>>> report = parse_report([("jp", "基本", "010121000", "無税"), ("jp", "基本", "x", "謎の税率")])
>>> report.columns[("jp", "基本")].parsed, report.columns[("jp", "基本")].unparsed
(1, 1)
>>> [u.raw for u in report.unparsed]
['謎の税率']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cjktrade.tariff.expr_format import format_cell
from cjktrade.tariff.expr_parse import parse_cn, parse_jp, parse_kr
from cjktrade.tariff.expr_text import equivalent
from cjktrade.tariff.expr_types import Cell, Unparsed, walk


@dataclass(slots=True)
class ColumnCounts:
    """Non-empty cells of one column: understood, not understood, damaged, printed back equivalent."""

    total: int = 0
    parsed: int = 0
    unparsed: int = 0
    damaged: int = 0  # China partner strings that lost a wrapped line (parsed; partners unknown)
    round_trip_ok: int = 0

    @property
    def parsed_share(self) -> Decimal:
        """Parsed cells as a percentage of all non-empty cells, to two decimals."""
        if self.total == 0:
            return Decimal("100.00")
        return (Decimal(self.parsed) * 100 / self.total).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class UnparsedCell:
    schedule: str
    column: str
    code: str
    raw: str
    reason: str


@dataclass(frozen=True, slots=True)
class Report:
    columns: dict[tuple[str, str], ColumnCounts] = field(default_factory=dict)
    unparsed: tuple[UnparsedCell, ...] = ()

    def schedule(self, schedule: str) -> ColumnCounts:
        """The counts of all columns of one schedule added together."""
        total = ColumnCounts()
        for (name, _), counts in self.columns.items():
            if name == schedule:
                total.total += counts.total
                total.parsed += counts.parsed
                total.unparsed += counts.unparsed
                total.damaged += counts.damaged
                total.round_trip_ok += counts.round_trip_ok
        return total


def parse_report(
    cells: Iterable[tuple[str, str, str, str]],
    *,
    footnotes: Mapping[str, Mapping[str, str]] | None = None,
) -> Report:
    """Parse every ``(schedule, column, code, raw)`` and count the outcome per (schedule, column).

    ``footnotes`` maps a China code to its footnote texts ({mark: text}). Empty ``raw`` values
    are skipped: an empty cell states nothing to parse. Korea's raw value is the number as text.
    """
    parsers: dict[str, Callable[[str, str, str], Cell]] = {
        "jp": lambda raw, column, code: parse_jp(raw, column=column),
        "cn": lambda raw, column, code: parse_cn(raw, (footnotes or {}).get(code, {}), column=column),
        "kr": lambda raw, column, code: parse_kr(Decimal(raw), column=column),
    }
    columns: dict[tuple[str, str], ColumnCounts] = {}
    unparsed: list[UnparsedCell] = []
    # Schedules repeat the same few texts (無税 175,000 times): parse each distinct one once.
    seen: dict[tuple[str, str, str, tuple[tuple[str, str], ...]], tuple[Cell, bool]] = {}
    for schedule, column, code, raw in cells:
        if not raw.strip():
            continue
        notes = tuple(sorted((footnotes or {}).get(code, {}).items())) if schedule == "cn" else ()
        key = (schedule, column, raw, notes)
        if key not in seen:
            cell = parsers[schedule](raw, column, code)
            seen[key] = (cell, equivalent(format_cell(cell), raw))
        cell, round_trip = seen[key]
        counts = columns.setdefault((schedule, column), ColumnCounts())
        counts.total += 1
        counts.damaged += cell.damaged
        counts.round_trip_ok += round_trip
        if cell.parsed:
            counts.parsed += 1
        else:
            counts.unparsed += 1
            reason = next((e.reason for e in walk(cell.expr) if isinstance(e, Unparsed)), "")
            unparsed.append(UnparsedCell(schedule, column, code, raw, reason))
    return Report(columns, tuple(unparsed))
