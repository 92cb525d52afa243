"""The expression language against every cell of the compiled data (read here, never by the engine).

Also the evidence behind docs/tariff-notation.md: each count quoted there is asserted here.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from cjktrade.core.money import Money
from cjktrade.tariff.expr_types import walk
from cjktrade.tariff.expressions import (
    CN_AGREEMENT_LABELS,
    AdValorem,
    Cell,
    Expr,
    Free,
    Marked,
    Noted,
    Parenthesised,
    RateRange,
    Report,
    Specific,
    Varies,
    equivalent,
    evaluate,
    format_cell,
    parse_cn,
    parse_jp,
    parse_kr,
    parse_report,
)
from tests.tariff.test_expressions import JP_EVALUATE_CASES, JP_PARSE_CASES

DATA = Path(__file__).resolve().parents[2] / "src" / "cjktrade" / "refdata" / "data"


def _rows(name: str) -> Iterator[dict[str, Any]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line, parse_float=Decimal)


@cache
def jp_rows() -> tuple[dict[str, Any], ...]:
    return tuple(_rows("jp_tariff.jsonl.gz"))


@cache
def cn_lines() -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in _rows("cn_tariff.jsonl.gz") if r["kind"] == "line"}


@cache
def kr_lines() -> tuple[dict[str, Any], ...]:
    return tuple(r for r in _rows("kr_tariff.jsonl.gz") if r["kind"] == "line")


@cache
def jp_cell(raw: str, column: str | None = None) -> Cell:
    """Parsed once per distinct text: the schedule repeats a few hundred texts 200,000 times."""
    return parse_jp(raw, column=column)


def jp_code(row: dict[str, Any]) -> str:
    code = row["code"]
    return f"{code[:4]}.{code[4:6]}.{code[6:]}" if code else row["stat_code"]


def all_cells() -> Iterator[tuple[str, str, str, str]]:
    for row in jp_rows():
        for column, raw in (row.get("rates") or {}).items():
            yield "jp", column, jp_code(row), raw
    for code, row in cn_lines().items():
        for column in ("mfn", "agr", "pref", "gen"):
            yield "cn", column, code, row[column]
    for row in kr_lines():
        for column, value in row["rates"].items():
            yield "kr", column, row["code"], f"{value:f}"


@cache
def report() -> Report:
    footnotes = {code: row.get("footnotes") or {} for code, row in cn_lines().items()}
    return parse_report(all_cells(), footnotes=footnotes)


# --- round trip and coverage --------------------------------------------------------------------


@pytest.mark.parametrize("schedule", ["jp", "cn", "kr"])
def test_format_cell_round_trips_every_non_empty_cell(schedule):
    counts = report().schedule(schedule)
    assert counts.total > 0
    assert counts.round_trip_ok == counts.total


@pytest.mark.parametrize("schedule", ["jp", "cn", "kr"])
def test_parse_report_meets_target_for_each_schedule(schedule):
    assert report().schedule(schedule).parsed_share >= Decimal("99.5")


def test_parse_report_counts_match_docs():
    # The figures quoted in docs/tariff-notation.md.
    jp, cn, kr = (report().schedule(s) for s in ("jp", "cn", "kr"))
    assert (jp.total, jp.unparsed) == (201100, 31)
    assert (cn.total, cn.unparsed, cn.damaged) == (35847, 5, 1086)
    assert (kr.total, kr.unparsed) == (294863, 0)
    assert report().columns[("cn", "agr")].damaged == 1021
    assert report().columns[("jp", "暫定")].unparsed == 16


def test_parse_report_lists_every_unparsed_cell_with_a_reason():
    unparsed = report().unparsed
    assert len(unparsed) == sum(c.unparsed for c in report().columns.values())
    assert all(u.reason and u.raw for u in unparsed)
    # Japan's unparsed cells are prose formulas: reference prices or contents the data lacks.
    assert all(re.search(r"につき", u.raw) for u in unparsed if u.schedule == "jp")


def test_evaluate_every_distinct_cell_never_raises_unexpectedly():
    quantity = {
        u: Decimal(10) for u in ("kg", "l", "kl", "m2", "pair", "head", "piece", "sheet", "t", "unit")
    }
    statuses: Counter[str] = Counter()
    distinct = {(s, c, raw) for s, c, _, raw in all_cells() if s == "jp" and raw.strip()}
    for _, column, raw in distinct:
        statuses[evaluate(jp_cell(raw, column), Money(100000, "JPY"), quantity).status] += 1
    for row in cn_lines().values():
        for column in ("mfn", "agr", "pref", "gen"):
            if row[column].strip():
                cell = parse_cn(row[column], row.get("footnotes") or {}, column=column)
                statuses[evaluate(cell, Money(100000, "CNY"), quantity).status] += 1
    assert set(statuses) <= {"ok", "choose", "no_rate", "not_evaluable"}
    assert statuses["ok"] > statuses["not_evaluable"]


# --- the tables of real cases are real --------------------------------------------------------


def _jp_has(code: str, column: str, raw: str) -> bool:
    return any(jp_code(row) == code and (row.get("rates") or {}).get(column) == raw for row in jp_rows())


@pytest.mark.parametrize(
    ("case_id", "raw"), [(c[0], c[2]) for c in JP_PARSE_CASES] + [(c[0], c[1]) for c in JP_EVALUATE_CASES]
)
def test_jp_case_tables_quote_the_data(case_id, raw):
    _, code, column = case_id.split("-")[:3]
    assert _jp_has(code, column, raw), f"{case_id}: {raw!r} is not in jp_tariff"


def test_cn_case_strings_quote_the_data():
    from tests.tariff.test_expr_cn import (
        CN_02071411_NOTES,
        CN_22084000_AGR,
        CN_85211011_NOTES,
        CN_87083010_AGR,
    )

    lines = cn_lines()
    assert lines["87083010"]["agr"] == CN_87083010_AGR
    assert lines["22084000"]["agr"] == CN_22084000_AGR
    assert lines["02071411"]["footnotes"] == CN_02071411_NOTES
    assert lines["85211011"]["footnotes"] == CN_85211011_NOTES
    assert (lines["03021410"]["mfn"], lines["40011000"]["mfn"], lines["10011100"]["pref"]) == (
        "10∆7",
        "20∆①",
        "0②惠LD",
    )


def test_kr_case_values_quote_the_data():
    rates = next(r for r in kr_lines() if r["code"] == "3304991000")["rates"]
    assert (rates["A"], rates["C"], rates["FRCAS1"], rates["FCN1"]) == (
        Decimal("8.0"),
        Decimal("6.5"),
        Decimal("3.3"),
        0,
    )
    assert "FRCJP1" not in rates  # null in the source: no RCEP rate for Japan-origin goods


def test_cn_agreement_labels_match_the_code_table_in_the_rules_text():
    rules = next(r for r in _rows("cn_tariff.jsonl.gz") if r["kind"] == "rules")["rules"]
    table = "".join(rules[rules.index("协定及对应简称、代码表") : rules.index("（四）特惠税率")].split())
    assert [label for label in CN_AGREEMENT_LABELS if label not in table] == []


def test_cn_detected_damage_is_below_the_origin_estimate():
    # ORIGIN.md estimates about 1,071 strings lost a line; 1,021 show a fragment we can detect.
    assert report().columns[("cn", "agr")].damaged <= 1071


# --- evidence for the notation (docs/tariff-notation.md) ---------------------------------------


@cache
def _jp_index() -> tuple[dict[int, dict[str, Any]], dict[int, list[int]]]:
    by_id = {row["id"]: row for row in jp_rows()}
    children: dict[int, list[int]] = defaultdict(list)
    for row in jp_rows():
        if row["parent"] is not None:
            children[row["parent"]].append(row["id"])
    return by_id, children


def _inherited(row: dict[str, Any] | None, column: str) -> str | None:
    """A column's text on the row or, failing that, on the nearest ancestor that prints it."""
    by_id, _ = _jp_index()
    while row is not None:
        if text := (row.get("rates") or {}).get(column):
            return str(text)
        row = by_id.get(row["parent"])
    return None


def _level(expr: Expr) -> tuple[str, Decimal] | None:
    """A comparable level: ("%", rate) or (unit, yen per unit); None for anything richer."""
    while isinstance(expr, Marked | Parenthesised):
        expr = expr.expr
    if isinstance(expr, Free):
        return "%", Decimal(0)
    if isinstance(expr, AdValorem):
        return "%", expr.percent
    if isinstance(expr, Specific):
        return expr.per_unit, expr.amount / expr.per_quantity
    return None


def _compare(left: Expr, right: Expr) -> int | None:
    a, b = _level(left), _level(right)
    if a is None or b is None:
        return None
    if a[0] != b[0] and 0 not in (a[1], b[1]):
        return None  # a percentage against a specific duty: no order without a price
    return (a[1] > b[1]) - (a[1] < b[1])


def _general(row: dict[str, Any]) -> str | None:
    # The temporary rate replaces the general one while in force (DOMAIN.md, Japan).
    return _inherited(row, "暫定") or _inherited(row, "基本")


def test_parenthesised_wto_rate_is_never_below_the_general_or_temporary_rate():
    outcome: Counter[tuple[bool, int | None]] = Counter()
    for row in jp_rows():
        wto = (row.get("rates") or {}).get("WTO協定")
        general = _general(row)
        if wto and general:
            cell = jp_cell(wto, "WTO協定")
            outcome[(cell.parenthesised, _compare(cell.expr, jp_cell(general).expr))] += 1
    assert sum(n for (parenthesised, _), n in outcome.items() if parenthesised) == 3481 + 64
    assert outcome[(True, 0)] == 3292 and outcome[(True, 1)] == 189  # in parentheses: WTO ≥ general
    assert outcome[(False, -1)] == 4262  # bare: WTO below general, so the WTO rate applies
    assert outcome[(True, -1)] == outcome[(False, 0)] == outcome[(False, 1)] == 0  # no counter-example
    assert outcome[(True, None)] + outcome[(False, None)] == 504  # not comparable (e.g. % vs 円/kg)


def test_parenthesised_general_rate_is_displaced_by_temporary_rates_on_all_its_lines():
    by_id, children = _jp_index()

    def covered_lines(row: dict[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        stack = [row["id"]]
        while stack:
            node = by_id[stack.pop()]
            if node is not row and (node.get("rates") or {}).get("基本"):
                continue  # a closer general rate takes over below this point
            if not children[node["id"]]:
                found.append(node)
            stack.extend(children[node["id"]])
        return found

    outcome: Counter[tuple[bool, bool]] = Counter()
    for row in jp_rows():
        if general := (row.get("rates") or {}).get("基本"):
            all_temporary = all(_inherited(line, "暫定") for line in covered_lines(row))
            outcome[(jp_cell(general).parenthesised, all_temporary)] += 1
    assert outcome[(True, True)] == 107 and outcome[(True, False)] == 0
    assert outcome[(False, False)] == 7573
    assert outcome[(False, True)] == 1  # 1008.60 65円/kg: every sub-line has a temporary rate, yet bare
    # Where the temporary rate is on the row itself or inherited, it is always the lower one.
    order: Counter[int | None] = Counter()
    for row in jp_rows():
        general = (row.get("rates") or {}).get("基本")
        temporary = _inherited(row, "暫定")
        if general and temporary and jp_cell(general).parenthesised:
            order[_compare(jp_cell(general).expr, jp_cell(temporary).expr)] += 1
    assert order == Counter({1: 19, None: 1})


def test_parenthesised_epa_rate_is_always_above_the_mfn_rate():
    outcome: Counter[tuple[bool, int | None]] = Counter()
    for row in jp_rows():
        candidates = [jp_cell(t).expr for t in (_general(row), _inherited(row, "WTO協定")) if t]
        if not candidates:
            continue
        mfn = candidates[0]
        if len(candidates) == 2:
            order = _compare(candidates[1], candidates[0])
            if order is None:
                continue
            mfn = candidates[1] if order < 0 else candidates[0]  # the lower MFN-type rate applies
        for column, raw in (row.get("rates") or {}).items():
            if column.startswith("EPA_"):
                cell = jp_cell(raw, column)
                outcome[(cell.parenthesised, _compare(cell.expr, mfn))] += 1
    assert outcome[(True, 1)] == 119
    assert outcome[(True, 0)] == outcome[(True, -1)] == outcome[(False, 1)] == 0
    assert (outcome[(False, -1)], outcome[(False, 0)]) == (86499, 80813)


def _marked_cells(mark: str) -> list[tuple[dict[str, Any], str, Cell]]:
    found = []
    for row in jp_rows():
        for column, raw in (row.get("rates") or {}).items():
            cell = jp_cell(raw, column)
            if mark in cell.marks:
                found.append((row, column, cell))
    return found


def _path(row: dict[str, Any]) -> str:
    by_id, _ = _jp_index()
    texts = []
    node: dict[str, Any] | None = row
    while node is not None:
        texts.append(node["desc"])
        node = by_id.get(node["parent"])
    return " ".join(texts)


def test_double_circle_marks_only_end_use_lines():
    cells = _marked_cells("◎")
    assert len(cells) == 89
    end_use = re.compile(r"使用する|製造用|飼料用|用に供する|電解精製用")
    assert all(end_use.search(_path(row)) for row, _, _ in cells)
    assert {column for _, column, _ in cells} == {"基本", "暫定", "EPA_CPTPP"}


def test_black_circle_always_wraps_a_range_or_set_of_rates():
    cells = _marked_cells("●")
    assert len(cells) == 299
    marked = [e for _, _, cell in cells for e in walk(cell.expr) if isinstance(e, Marked) and e.mark == "●"]
    assert all(isinstance(e.expr, RateRange | Varies) for e in marked)


def test_reference_mark_is_only_on_sugar_lines():
    cells = _marked_cells("※")
    assert len(cells) == 37
    assert all(re.search("砂糖|しよ糖", _path(row)) for row, _, _ in cells)
    assert {column for _, column, _ in cells} == {"暫定", "EPA_CPTPP"}


def test_asterisks_are_only_in_the_wto_column():
    single, double = _marked_cells("*"), _marked_cells("**")
    assert (len(single), len(double)) == (83, 14)
    assert {column for _, column, _ in single + double} == {"WTO協定"}
    assert {row["chapter"] for row, _, _ in single} == {"04", "10", "11", "19", "21"}
    assert {row["chapter"] for row, _, _ in double} == {"17", "21"}


def test_diamond_note_references_are_only_in_epa_columns():
    cells = _marked_cells("◆")
    assert len(cells) == 65
    assert all(column.startswith("EPA_") for _, column, _ in cells)
    assert all(any(isinstance(e, Noted) for e in walk(cell.expr)) for _, _, cell in cells)


@pytest.mark.parametrize(
    ("code", "column", "percent"),
    [
        ("0201100000", "A", "30"),  # basic rate
        ("0201100000", "FCN1", "40"),  # Korea-China FTA
        ("0201100000", "FUS1", "0"),  # KORUS
        ("0201100000", "FAU1", "5.3"),  # Korea-Australia FTA
        ("6105900000", "A", "13"),
        ("6105900000", "C", "35"),  # WTO bound
        ("6105900000", "FRCJP1", "6.5"),  # RCEP, Japan-origin
    ],
)
def test_parse_kr_reads_rates_of_named_lines(code, column, percent):
    # source: ../shared/data/kr_tariff_2026/hs.json ("r" in the order of "cols"),
    # 관세청 품목번호별 관세율표 2026-02-11.
    (row,) = [r for r in kr_lines() if r["code"] == code]
    assert parse_kr(row["rates"][column]).expr == AdValorem(Decimal(percent))


def test_parse_kr_every_rate_is_a_finite_non_negative_percentage():
    percents = [parse_kr(v).expr for row in kr_lines() for v in row["rates"].values()]
    assert len(percents) > 100_000
    assert all(isinstance(p, AdValorem) and p.percent.is_finite() and p.percent >= 0 for p in percents)


def test_equivalent_ignores_only_width_and_whitespace():
    assert equivalent("（無税）〜\n(12%)", "(無税)〜(12%)")
    assert not equivalent("4,300円/足", "4300円/足")
    assert format_cell(jp_cell("（無税）〜\n(12%)")) == "(無税)〜(12%)"
