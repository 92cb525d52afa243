"""Use cases of the tariff engine: quote a line for an origin, compare the three importers, and
report how much of each schedule the expression parser understood."""

from __future__ import annotations

import json
import threading
import tomllib
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from cjktrade.core.countries import CJK, resolve_country
from cjktrade.core.errors import InvalidInputError, MissingDataError
from cjktrade.core.money import Money, to_decimal, validate_currency
from cjktrade.refdata import loader
from cjktrade.services.fx import as_of
from cjktrade.services.fx import convert as fx_convert
from cjktrade.tariff.decide import TariffContext, quote
from cjktrade.tariff.registry import Registry
from cjktrade.tariff.scenario import Scenario, parse_scenario
from cjktrade.tariff.schedules import ChinaSchedule, JapanSchedule, KoreaSchedule, Schedule, ScheduleInfo

SCHEDULES = {
    # importer: (data set, currency, the first date the loaded rates are known to be in force)
    # JP: "the Japan file holds the rates in force on 2026-07-09" (../shared/data/README.md).
    "JP": ("jp_tariff", "JPY", date(2026, 7, 9)),
    # CN: 《进出口税则（2026）》, "in force since 2026-01-01" (cn_tariff_2026/ORIGIN.md).
    "CN": ("cn_tariff", "CNY", date(2026, 1, 1)),
    # KR: hs.json built 2026-09-20, "rates valid on that date" (kr_tariff_2026/ORIGIN.md); its
    # 관세청 table is dated 2026-02-11, but validity is stated only for the built date.
    "KR": ("kr_tariff", "KRW", date(2026, 9, 20)),
}
UNIT_WORDS = {
    "kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg",
    "t": "t", "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t",
    "l": "l", "litre": "l", "liter": "l", "litres": "l", "liters": "l", "kl": "kl",
    "pair": "pair", "pairs": "pair", "pr": "pair",
    "piece": "piece", "pieces": "piece", "pc": "piece", "pcs": "piece",
    "unit": "unit", "units": "unit", "u": "unit",
    "head": "head", "heads": "head", "sheet": "sheet", "sheets": "sheet", "m2": "m2",
}  # fmt: skip
_lock = threading.Lock()


def _schedule(importer: str) -> Schedule:
    dataset, currency, valid_from = SCHEDULES[importer]
    entry = loader.require(dataset, f"{importer} import duties")
    info = ScheduleInfo(
        importer, dataset, entry["title"], entry["version"], valid_from, currency, entry["source"]
    )
    rows = loader.rows(dataset)
    if importer == "JP":
        return JapanSchedule(rows, info)
    if importer == "CN":
        return ChinaSchedule(rows, info)
    return KoreaSchedule(rows, info)


@cache
def _schedule_cached(importer: str, data_version: str) -> Schedule:
    return _schedule(importer)


def schedule(importer: str) -> Schedule:
    with _lock:
        return _schedule_cached(importer, loader.manifest_sha256())


@lru_cache(maxsize=1)
def _registry(data_version: str) -> Registry:
    loader.require("agreements", "the agreements registry")
    return Registry.from_rows(loader.rows("agreements"))


def registry() -> Registry:
    return _registry(loader.manifest_sha256())


def load_scenarios(path: str | Path | None) -> list[Scenario]:
    """Scenario agreements from a TOML or JSON file: a list of tables under ``scenario``."""
    if path is None:
        return []
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(f"scenario file {file} does not exist.")
    text = file.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if file.suffix == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        raise InvalidInputError(f"scenario file {file}: {error}") from None
    items = data.get("scenario") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise InvalidInputError(f"scenario file {file}: expected a list of [[scenario]] tables.")
    return [parse_scenario(item) for item in items]


def context(importer: str, scenarios: list[Scenario] | None = None) -> TariffContext:
    reg = registry()
    if scenarios:
        reg = reg.with_scenarios(s.agreement for s in scenarios)
    return TariffContext({importer: schedule(importer)}, reg, tuple(scenarios or ()))


def _importer(text: str) -> str:
    code = resolve_country(text).alpha2
    if code not in SCHEDULES:
        raise InvalidInputError(
            f"importer {code}: only China (CN), Japan (JP) and Korea (KR) schedules are supported."
        )
    return code


def unit_quantities(amount: Decimal, unit: str) -> dict[str, Decimal]:
    """A quantity keyed by its canonical unit, plus the same quantity in the related unit
    (kg and t, l and kl), so a per-tonne or per-kilolitre duty can use it."""
    canonical = UNIT_WORDS.get(unit.strip().lower())
    if canonical is None:
        raise InvalidInputError(
            f"unit {unit!r} is not known; use one of: {', '.join(sorted(set(UNIT_WORDS.values())))}."
        )
    related = {
        "kg": ("t", Decimal("0.001")),
        "t": ("kg", Decimal(1000)),
        "l": ("kl", Decimal("0.001")),
        "kl": ("l", Decimal(1000)),
    }
    out = {canonical: amount}
    if canonical in related:
        other, factor = related[canonical]
        out[other] = amount * factor
    return out


def _quantity(quantity: str | Decimal | None, unit: str | None) -> dict[str, Decimal]:
    if quantity is None and unit is None:
        return {}
    if quantity is None or unit is None:
        raise InvalidInputError("give --quantity and --unit together (e.g. --quantity 12 --unit kg).")
    amount = to_decimal(quantity, field="quantity")
    if amount < 0:
        raise InvalidInputError(f"quantity {amount} is negative.")
    return unit_quantities(amount, unit)


def quote_code(
    code: str,
    to: str,
    origin: str,
    on: str | date | None = None,
    value: str | Decimal | None = None,
    currency: str | None = None,
    quantity: str | Decimal | None = None,
    unit: str | None = None,
    scenario_file: str | Path | None = None,
) -> dict[str, Any]:
    """Every candidate duty for a line (or every line of an HS6) into ``to`` from ``origin``."""
    importer = _importer(to)
    source = resolve_country(origin).alpha2
    if source == importer:
        raise InvalidInputError(
            f"origin and importer are both {importer}: no import duty applies to domestic goods."
        )
    day = as_of(on)
    quantities = _quantity(quantity, unit)
    customs_value, conversion = _customs_value(value, currency, importer, day)
    ctx = context(importer, load_scenarios(scenario_file))
    answer = quote(
        ctx,
        code,
        importer=importer,
        origin=source,
        as_of=day,
        customs_value=customs_value,
        quantity=quantities,
    ).as_dict()
    answer["currency_conversion"] = conversion
    answer["data_version"] = loader.manifest_sha256()[:16]
    return answer


def _customs_value(
    value: str | Decimal | None, currency: str | None, importer: str, day: date
) -> tuple[Money | None, dict[str, Any] | None]:
    if value is None:
        if currency is not None:
            raise InvalidInputError("--currency was given without --value.")
        return None, None
    amount = to_decimal(value, field="value")
    if amount < 0:
        raise InvalidInputError(f"value {amount} is negative.")
    target = SCHEDULES[importer][1]
    given = validate_currency(currency or target)
    if given == target:
        return Money(amount, target), None
    conversion = fx_convert(amount, given, target, day)
    return Money(Decimal(conversion["converted_exact"]), target), conversion


def compare(hs6: str, origin: str, on: str | date | None = None) -> dict[str, Any]:
    """What each of the other two (or three) importers charges a product of ``origin`` under each regime."""
    source = resolve_country(origin).alpha2
    day = as_of(on)
    importers = [c for c in CJK if c != source]
    result: dict[str, Any] = {"hs6": hs6, "origin": source, "date": day.isoformat(), "importers": {}}
    for importer in importers:
        try:
            quoted = quote(context(importer), hs6, importer=importer, origin=source, as_of=day).as_dict()
        except MissingDataError as missing:
            result["importers"][importer] = {"error": str(missing), "dataset": missing.dataset}
            continue
        result["importers"][importer] = {
            "schedule": quoted["schedule"],
            "lines": [
                {
                    "code": line["code"],
                    "display_code": line["display_code"],
                    "description": line["description"],
                    "variant": line["variant"],
                    "regimes": [
                        {
                            k: c[k]
                            for k in ("label", "regime", "status", "expression", "rate_percent", "reason")
                        }
                        for c in line["candidates"]
                        if (
                            c["status"]
                            in (
                                "applies",
                                "eligible",
                                "needs-choice",
                                "unknown",
                                "no-preference",
                                "not-applied",
                            )
                            and c["regime"] != "general"
                        )
                        or c["status"] == "applies"
                    ],
                    "best": None
                    if line["best"] is None
                    else {k: line["best"][k] for k in ("label", "expression", "rate_percent")},
                }
                for line in quoted["lines"]
            ],
            "notes": quoted["notes"],
        }
    return result


def parse_report() -> dict[str, Any]:
    """Per schedule and column: non-empty cells, how many parsed, and every unparsed cell."""
    from cjktrade.tariff.expressions import parse_report as report_cells

    cells: list[tuple[str, str, str, str]] = []
    footnotes: dict[str, dict[str, str]] = {}
    loaded = []
    if loader.has_dataset("jp_tariff"):
        loaded.append("jp")
        for row in loader.rows("jp_tariff"):
            where = row["code"] or f"{row['stat_code']} (row {row['id']})"
            cells.extend(("jp", column, where, raw) for column, raw in (row.get("rates") or {}).items())
    if loader.has_dataset("cn_tariff"):
        loaded.append("cn")
        for row in loader.rows("cn_tariff"):
            if row["kind"] == "line":
                footnotes[row["code"]] = row.get("footnotes") or {}
                cells.extend(
                    ("cn", column, row["code"], row[column]) for column in ("mfn", "agr", "pref", "gen")
                )
    if loader.has_dataset("kr_tariff"):
        loaded.append("kr")
        for row in loader.rows("kr_tariff"):
            if row["kind"] == "line":
                cells.extend(
                    ("kr", column, row["code"], f"{value:f}") for column, value in row["rates"].items()
                )
    report = report_cells(cells, footnotes=footnotes)
    schedules = {}
    for name in loaded:
        total = report.schedule(name)
        schedules[name] = {
            "cells": total.total,
            "parsed": total.parsed,
            "unparsed": total.unparsed,
            "parsed_percent": f"{total.parsed_share:f}",
            "round_trip_ok": total.round_trip_ok,
            "damaged": total.damaged,
            "columns": {
                column: {
                    "cells": counts.total,
                    "parsed": counts.parsed,
                    "unparsed": counts.unparsed,
                    "parsed_percent": f"{counts.parsed_share:f}",
                    "round_trip_ok": counts.round_trip_ok,
                    "damaged": counts.damaged,
                }
                for (sched, column), counts in sorted(report.columns.items())
                if sched == name
            },
        }
    missing = [SCHEDULES[c][0] for c in ("JP", "CN", "KR") if c.lower() not in loaded]
    return {
        "schedules": schedules,
        "unparsed": [
            {"schedule": u.schedule, "column": u.column, "code": u.code, "raw": u.raw, "reason": u.reason}
            for u in report.unparsed
        ],
        "not_loaded": missing,
    }
