"""The three importers' schedules as typed tariff lines with parsed cells.

Pure: each schedule is built from the compiled rows handed in, and parses a line's cells only when
that line is asked for (a single answer never parses a whole schedule).

Japan: a 9-digit line inherits, column by column, the nearest rate printed on an ancestor row
(the tariff prints shared rates once on the parent; DOMAIN.md). A few codes are split by season
into variants, returned as separate lines. China: MFN, agreement, special preferential and general
columns, with footnotes. Korea: 28 rate types in percent; a rate type the source lacks is NoRate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from cjktrade.core.errors import CodeNotFoundError, InvalidCodeError
from cjktrade.hs.codes import format_code, normalise_code
from cjktrade.tariff.expressions import Cell, parse_cn, parse_jp, parse_kr

NATIONAL_DIGITS = {"JP": 9, "CN": 8, "KR": 10}


@lru_cache(maxsize=1 << 16)
def _jp_cell(raw: str, column: str) -> Cell:
    # Cells are immutable and the schedule repeats a few texts (無税) very often: parse each once.
    return parse_jp(raw, column=column)


COUNTRY_NAMES = {"JP": "Japan", "CN": "China", "KR": "Korea"}


@dataclass(frozen=True, slots=True)
class ScheduleInfo:
    importer: str
    dataset: str
    title: str
    version: str
    valid_from: date
    currency: str
    source: str


@dataclass(frozen=True, slots=True)
class TariffLine:
    importer: str
    code: str
    description: str
    description_en: str | None
    cells: Mapping[str, Cell]
    inherited_from: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    variant: str | None = None
    estimated_columns: frozenset[str] = frozenset()

    @property
    def display_code(self) -> str:
        return format_code(self.code)


class Schedule:
    """Common lookup: a national code gives its line(s); an HS6 code every line under it."""

    info: ScheduleInfo
    _codes: list[str]

    def lines_for(self, code: str) -> tuple[list[TariffLine], str | None]:
        """The lines answering for ``code`` and a note when the code was read as its HS6."""
        digits = normalise_code(code)
        national = NATIONAL_DIGITS[self.info.importer]
        note = None
        if len(digits) < 6:
            raise InvalidCodeError(
                f"{format_code(digits)} is a {'chapter' if len(digits) == 2 else 'heading'}: tariffs are quoted "
                "for a 6-digit subheading or a national line.",
                hint="Use `cjktrade hs show` to find the subheading.",
            )
        if len(digits) not in (6, national):
            note = (
                f"{format_code(digits)} is not a {COUNTRY_NAMES[self.info.importer]} line; "
                f"answering for its subheading {format_code(digits[:6])}."
            )
            digits = digits[:6]
        codes = [c for c in self._codes_with_prefix(digits)] if len(digits) == 6 else [digits]
        lines = [line for c in codes for line in self._cached_lines(c)]
        if not lines:
            raise CodeNotFoundError(
                f"{format_code(digits)} is not in {COUNTRY_NAMES[self.info.importer]}'s schedule ({self.info.version}).",
                hint="Check the code with `cjktrade hs show`.",
            )
        return lines, note

    def codes(self) -> list[str]:
        """Every national line code of the schedule, sorted."""
        return list(self._codes)

    def _codes_with_prefix(self, prefix: str) -> list[str]:
        return [c for c in self._codes if c.startswith(prefix)]

    def _cached_lines(self, code: str) -> list[TariffLine]:
        # Lines are immutable once built: a bulk run asks for the same few lines again and again.
        cache: dict[str, list[TariffLine]] = self.__dict__.setdefault("_line_cache", {})
        if code not in cache:
            cache[code] = self._lines(code)
        return cache[code]

    def _lines(self, code: str) -> list[TariffLine]:
        raise NotImplementedError


class JapanSchedule(Schedule):
    def __init__(self, rows: Iterable[Mapping[str, Any]], info: ScheduleInfo) -> None:
        self.info = info
        self._by_id: dict[int, Mapping[str, Any]] = {}
        self._by_code: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            self._by_id[row["id"]] = row
            if row["code"]:
                self._by_code[row["code"]].append(row["id"])
        self._codes = sorted(self._by_code)

    def _lines(self, code: str) -> list[TariffLine]:
        ids = self._by_code.get(code, [])
        return [self._line(node, len(ids) > 1) for node in ids]

    def _line(self, node_id: int, seasonal: bool) -> TariffLine:
        node = self._by_id[node_id]
        chain = [node]
        while chain[-1]["parent"] is not None:
            chain.append(self._by_id[chain[-1]["parent"]])
        cells: dict[str, Cell] = {}
        inherited: dict[str, str] = {}
        for depth, row in enumerate(chain):
            for column, raw in (row.get("rates") or {}).items():
                if column not in cells:
                    cells[column] = _jp_cell(raw, column)
                    if depth:
                        inherited[column] = f"{row['stat_code']} {row['desc']}".strip()
        description = node["desc"]
        variant = None
        if seasonal:
            variant, description = node["desc"], chain[1]["desc"]
        return TariffLine("JP", node["code"], description, None, cells, inherited, (), variant)


class ChinaSchedule(Schedule):
    COLUMNS = ("mfn", "agr", "pref", "gen")

    def __init__(self, rows: Iterable[Mapping[str, Any]], info: ScheduleInfo) -> None:
        self.info = info
        self._rows = {r["code"]: r for r in rows if r["kind"] == "line"}
        self._codes = sorted(self._rows)

    def _lines(self, code: str) -> list[TariffLine]:
        row = self._rows.get(code)
        if row is None:
            return []
        notes = row.get("footnotes") or {}
        cells = {col: parse_cn(row[col], notes, column=col) for col in self.COLUMNS if row.get(col)}
        return [TariffLine("CN", code, row["zh"], None, cells)]


class KoreaSchedule(Schedule):
    def __init__(self, rows: Iterable[Mapping[str, Any]], info: ScheduleInfo) -> None:
        self.info = info
        self._rows: dict[str, Mapping[str, Any]] = {}
        self.columns: list[str] = []
        for row in rows:
            if row["kind"] == "meta":
                self.columns = list(row["cols"])
            elif row["kind"] == "line":
                self._rows[row["code"]] = row
        self._codes = sorted(self._rows)

    def _lines(self, code: str) -> list[TariffLine]:
        row = self._rows.get(code)
        if row is None:
            return []
        rates = row.get("rates") or {}
        cells = {col: parse_kr(rates.get(col), column=col) for col in self.columns}
        notes = []
        if row.get("specific_duty"):
            notes.append(
                "Korea: this line also has a specific (per-unit) duty whose amount is not in the source "
                "(관세청 rate table); the duty shown may be incomplete."
            )
        if row.get("customs_confirmation"):
            notes.append("Korea: import needs customs confirmation under other laws (세관장확인).")
        estimated = frozenset(row.get("estimated") or ())
        return [TariffLine("KR", code, row["ko"], row.get("en"), cells, {}, tuple(notes), None, estimated)]
