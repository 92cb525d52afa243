"""Applicable-rate logic: every duty that may apply to a line for an origin on a date, and the best.

Rules (DOMAIN.md, with the sources named there):
- Japan: the MFN-type rate is the temporary (暫定) rate where one is printed, else the general
  (基本) rate, unless the WTO rate is lower (customs.go.jp tariff outline).
- Korea: the basic rate (A) unless a lower WTO concession (C) exists.
- China: MFN, or its provisional (暂定) rate where lower; an agreement rate above MFN is not applied
  (规则与说明 一(三)、(八)).
- Everywhere: a preferential rate needs originating goods and a proof of origin, and is used only
  when lower than the MFN-type rate. The best choice is the lowest duty for the value and quantity
  given; without them, the lowest rate where every candidate is an ad valorem rate, else a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from cjktrade.core.errors import DateOutOfRangeError, InvalidInputError
from cjktrade.core.money import Money
from cjktrade.tariff.describe import describe
from cjktrade.tariff.expr_types import SCHEDULE_CURRENCY
from cjktrade.tariff.expressions import (
    AdValorem,
    Cell,
    Expr,
    Footnote,
    Free,
    Marked,
    NoRate,
    Noted,
    Parenthesised,
    PartnerRates,
    Provisional,
    Unbound,
    evaluate,
)
from cjktrade.tariff.registry import Agreement, ColumnSpec, Registry
from cjktrade.tariff.scenario import Scenario, mfn_share
from cjktrade.tariff.schedules import Schedule, ScheduleInfo, TariffLine


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    regime: str
    label: str
    column: str
    status: (
        str  # applies | eligible | not-applied | no-preference | not-in-force | unknown | needs-choice | info
    )
    reason: str
    raw: str = ""
    expression: str = ""
    agreement: Agreement | None = None
    inherited_from: str | None = None
    duty: Money | None = None
    percent: Decimal | None = None
    conditions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    source: str = ""
    missing_quantity: str | None = None  # why the duty cannot be computed without a quantity

    @property
    def competes(self) -> bool:
        return self.status in ("applies", "eligible")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "regime": self.regime,
            "label": self.label,
            "column": self.column,
            "agreement": self.agreement.as_dict() if self.agreement else None,
            "scenario": bool(self.agreement and self.agreement.scenario),
            "status": self.status,
            "reason": self.reason,
            "raw": self.raw,
            "expression": self.expression,
            "inherited_from": self.inherited_from,
            "duty": _money(self.duty),
            "rate_percent": None if self.percent is None else f"{self.percent:f}",
            "conditions": list(self.conditions),
            "notes": list(self.notes),
            "alternatives": list(self.alternatives),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class LineQuote:
    line: TariffLine
    candidates: tuple[Candidate, ...]
    best: Candidate | None
    explanation: tuple[str, ...]
    not_open_to_origin: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.line.code,
            "display_code": self.line.display_code,
            "description": self.line.description,
            "description_en": self.line.description_en,
            "variant": self.line.variant,
            "line_notes": list(self.line.notes),
            "candidates": [c.as_dict() for c in self.candidates],
            "best": self.best.as_dict() if self.best else None,
            "explanation": list(self.explanation),
            "columns_not_open_to_origin": self.not_open_to_origin,
        }


@dataclass(frozen=True, slots=True)
class TariffQuote:
    importer: str
    origin: str
    as_of: date
    schedule: ScheduleInfo
    customs_value: Money | None
    quantity: Mapping[str, Decimal]
    lines: tuple[LineQuote, ...]
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        info = self.schedule
        return {
            "importer": self.importer,
            "origin": self.origin,
            "date": self.as_of.isoformat(),
            "schedule": {
                "dataset": info.dataset,
                "title": info.title,
                "version": info.version,
                "valid_from": info.valid_from.isoformat(),
                "source": info.source,
            },
            "customs_value": _money(self.customs_value),
            "quantity": {k: f"{v:f}" for k, v in self.quantity.items()},
            "lines": [line.as_dict() for line in self.lines],
            "notes": list(self.notes),
        }


def _plain(value: Decimal) -> Decimal:
    """Without trailing zeros (4.440 -> 4.44, 0.0 -> 0), for figures this module computes."""
    return value.normalize() if value else Decimal(0)


def _money(value: Money | None) -> dict[str, str] | None:
    if value is None:
        return None
    amount = value.amount.normalize() if value.amount else value.amount
    return {"amount": f"{amount:f}", "currency": value.currency}


@dataclass(frozen=True)
class TariffContext:
    """The reference data a quote needs: the schedules loaded, and the registry."""

    schedules: Mapping[str, Schedule]
    registry: Registry
    scenarios: Sequence[Scenario] = field(default_factory=tuple)


# --- the public entry point ------------------------------------------------------------------------


def quote(
    context: TariffContext,
    code: str,
    *,
    importer: str,
    origin: str,
    as_of: date,
    customs_value: Money | None = None,
    quantity: Mapping[str, Decimal] | None = None,
) -> TariffQuote:
    """Every candidate duty for ``code`` imported into ``importer`` from ``origin`` on ``as_of``."""
    schedule = context.schedules[importer]
    info = schedule.info
    if as_of < info.valid_from:
        later = _agreements_not_yet_in_force(context.registry, importer, origin, as_of)
        raise DateOutOfRangeError(
            f"{as_of.isoformat()} is before the loaded {info.title} ({info.version}); the rates in force "
            "then are not loaded." + (f" Not yet in force on that date: {later}." if later else ""),
            hint=f"Ask for {info.valid_from.isoformat()} or later, or load that year's schedule.",
        )
    lines, note = schedule.lines_for(code)
    quantities = dict(quantity or {})
    quoted = tuple(
        _quote_line(context, line, info, origin, as_of, customs_value, quantities) for line in lines
    )
    notes = [note] if note else []
    if as_of > info.valid_from:
        notes.append(
            f"Rates are those of the {info.title} ({info.version}); changes after that date are not loaded. "
            "Year-by-year staging of agreement rates is not in the source, so later cuts are not shown."
        )
    return TariffQuote(importer, origin, as_of, info, customs_value, quantities, quoted, tuple(notes))


def _quote_line(
    context: TariffContext,
    line: TariffLine,
    info: ScheduleInfo,
    origin: str,
    as_of: date,
    value: Money | None,
    quantity: Mapping[str, Decimal],
) -> LineQuote:
    evaluator = _Evaluator(value, quantity)
    mfn_specs, open_specs, closed = context.registry.columns_for(info.importer, origin)
    mfn = _mfn_candidates(line, mfn_specs, evaluator, info)
    applied_mfn = next((c for c in mfn if c.status == "applies"), None)
    if applied_mfn is not None and applied_mfn.missing_quantity:
        # The duty that applies is charged per unit: without the quantity there is no answer.
        raise InvalidInputError(applied_mfn.missing_quantity, hint="Give --quantity and --unit.")
    preferential: list[Candidate] = []
    for spec in open_specs:
        agreement = context.registry.agreements.get(spec.agreement or "")
        preferential.append(_preferential(line, spec, agreement, origin, as_of, evaluator, applied_mfn, info))
    for scenario in context.scenarios:
        if {info.importer, origin} <= scenario.agreement.parties and applied_mfn is not None:
            preferential.append(_scenario(scenario, applied_mfn, as_of, evaluator))
    preferential.sort(key=_display_order)
    candidates = (*mfn, *preferential)
    best, explanation = _choose(candidates, applied_mfn, value is not None)
    return LineQuote(line, candidates, best, explanation, closed)


def _agreements_not_yet_in_force(registry: Registry, importer: str, origin: str, as_of: date) -> str:
    found = []
    for agreement in registry.agreements.values():
        if {importer, origin} <= agreement.parties:
            start = agreement.entry_into_force(importer, origin)
            if start is not None and as_of < start:
                found.append(f"{agreement.name()} (from {start.isoformat()})")
    return ", ".join(sorted(found))


# --- evaluation helpers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Evaluator:
    value: Money | None
    quantity: Mapping[str, Decimal]

    def run(
        self, cell: Cell, partner: str | None = None
    ) -> tuple[str, Money | None, Decimal | None, tuple[str, ...]]:
        """(status, duty, percent, alternatives) for a cell; status ok | choose | no_rate | unknown | not_evaluable."""
        expr = _partner_expr(cell.expr, partner) if partner else cell.expr
        percent = ad_valorem_percent(expr) if expr is not None else None
        if expr is None:
            return ("unknown" if _damaged(cell) else "no_rate"), None, None, ()
        if self.value is None:
            status = "ok" if percent is not None else _static_status(expr)
            return status, None, percent, ()
        if percent is not None and self.value.currency == SCHEDULE_CURRENCY[cell.schedule]:
            # A plain ad valorem rate (or free): the duty is the rate times the value, exactly what
            # ``evaluate`` computes; its explanation text is not used here, so the walk is skipped.
            return "ok", Money(self.value.amount * percent / 100, self.value.currency), percent, ()
        try:
            result = evaluate(cell, self.value, self.quantity, partner=partner)
        except InvalidInputError as missing:  # a quantity this duty is charged on was not given
            return "needs_quantity", None, percent, (missing.message,)
        alternatives = tuple(
            f"{label}: {alt.duty if alt.duty is not None else alt.status}"
            for label, alt in result.alternatives
        )
        return result.status, result.duty, percent, alternatives


def _static_status(expr: Expr) -> str:
    if isinstance(expr, NoRate | Unbound):
        return "no_rate"
    return "needs_value"


def _partner_expr(expr: Expr, partner: str) -> Expr | None:
    if isinstance(expr, PartnerRates):
        return expr.rates().get(partner)
    return None


def _damaged(cell: Cell) -> bool:
    return isinstance(cell.expr, PartnerRates) and cell.expr.damaged


def ad_valorem_percent(expr: Expr) -> Decimal | None:
    """The rate in percent when the expression is a plain ad valorem rate (or free); else None."""
    if isinstance(expr, Free):
        return Decimal(0)
    if isinstance(expr, AdValorem):
        return expr.percent
    if isinstance(expr, Parenthesised | Marked):
        return ad_valorem_percent(expr.expr)
    if isinstance(expr, Noted) and expr.expr is not None:
        return ad_valorem_percent(expr.expr)
    if isinstance(expr, Footnote):
        return ad_valorem_percent(expr.resolved)
    if isinstance(expr, Provisional):
        base, provisional = ad_valorem_percent(expr.base), ad_valorem_percent(expr.provisional)
        return None if base is None or provisional is None else min(base, provisional)
    return None


def _expression_text(cell: Cell, partner: str | None) -> str:
    """The parsed expression in plain words (the raw text is reported beside it)."""
    if partner and isinstance(cell.expr, PartnerRates):
        expr = cell.expr.rates().get(partner)
        return "" if expr is None else describe(expr)
    return describe(cell.expr)


def _cost(candidate: Candidate) -> Money | Decimal | None:
    return candidate.duty if candidate.duty is not None else candidate.percent


def _lower(a: Candidate, b: Candidate) -> bool:
    """True when ``a`` is strictly cheaper than ``b`` (duty if known, else percent)."""
    ca, cb = _cost(a), _cost(b)
    if ca is None or cb is None or type(ca) is not type(cb):
        return False
    return bool(ca < cb)  # type: ignore[operator]


def _display_order(c: Candidate) -> tuple[int, Decimal]:
    rank = {
        "eligible": 0,
        "needs-choice": 1,
        "not-applied": 2,
        "unknown": 3,
        "not-in-force": 4,
        "no-preference": 5,
    }
    cost = _cost(c)
    amount = cost.amount if isinstance(cost, Money) else cost if cost is not None else Decimal("Infinity")
    return rank.get(c.status, 6), amount


# --- MFN-type ------------------------------------------------------------------------------------


def _mfn_candidates(
    line: TariffLine, specs: list[ColumnSpec], ev: _Evaluator, info: ScheduleInfo
) -> list[Candidate]:
    found: dict[str, Candidate] = {}
    for spec in specs:
        cell = line.cells.get(spec.column)
        if cell is None or isinstance(cell.expr, NoRate):
            continue
        status, duty, percent, alternatives = ev.run(cell)
        found[spec.regime] = Candidate(
            id=f"{info.importer}:{spec.column}",
            regime=spec.regime,
            label=spec.label,
            column=spec.column,
            status="info",
            reason="",
            raw=cell.raw,
            expression=_expression_text(cell, None),
            inherited_from=line.inherited_from.get(spec.column),
            duty=duty,
            percent=percent,
            alternatives=alternatives,
            notes=tuple(line.notes) if spec.regime in ("general", "mfn") else (),
            source=f"{info.title} ({info.version}), column {spec.column}",
        )
        if status == "needs_quantity":
            found[spec.regime] = _with(found[spec.regime], missing_quantity=alternatives[0], alternatives=())
        if status not in ("ok",):
            found[spec.regime] = _with(
                found[spec.regime], notes=(*found[spec.regime].notes, _status_note(status))
            )
    return _settle_mfn(found)


def _settle_mfn(found: dict[str, Candidate]) -> list[Candidate]:
    """Decide which MFN-type candidate applies, and say why the others do not."""
    out: list[Candidate] = []
    if "mfn" in found:  # China: one MFN column (its provisional rate is inside the expression)
        return [_with(found["mfn"], status="applies", reason="MFN rate (the provisional rate where lower)")]
    base = found.get("temporary") or found.get("general")
    if "temporary" in found and "general" in found:
        out.append(
            _with(found["general"], status="not-applied", reason="a temporary (暫定) rate replaces it")
        )
    wto = found.get("wto")
    if base is None and wto is None:
        return out
    if base is not None and wto is not None:
        if _lower(wto, base):
            out += [
                _with(
                    base,
                    status="not-applied",
                    reason=f"the WTO rate is lower ({_cost_text(wto)} < {_cost_text(base)})",
                ),
                _with(wto, status="applies", reason="lowest of the general/temporary and WTO rates"),
            ]
        elif _cost(wto) is None or _cost(base) is None:
            out += [
                _with(
                    base,
                    status="applies",
                    reason="general/temporary rate; not comparable with the WTO rate without value and quantity",
                ),
                _with(
                    wto,
                    status="not-applied",
                    reason="not comparable without value and quantity: give --value and --quantity",
                ),
            ]
        else:
            out += [
                _with(base, status="applies", reason="lowest of the general/temporary and WTO rates"),
                _with(wto, status="not-applied", reason="the WTO rate is not lower"),
            ]
    else:
        only = base or wto
        assert only is not None
        out.append(_with(only, status="applies", reason="the only MFN-type rate for this line"))
    return out


def _cost_text(c: Candidate) -> str:
    cost = _cost(c)
    if isinstance(cost, Money):
        amount = cost.amount.normalize() if cost.amount else cost.amount
        return f"{amount:f} {cost.currency}"
    return f"{cost:f}%" if cost is not None else c.expression


def _status_note(status: str) -> str:
    return {
        "choose": "the rate depends on a choice (condition, quota or partner): see alternatives",
        "needs_value": "not an ad valorem rate: give --value (and --quantity) to compute and compare it",
        "needs_quantity": "needs a quantity to compute: give --quantity and --unit",
        "not_evaluable": "the cell is a summary or not fully understood: see the raw text",
        "unknown": "the source lost this information",
        "no_rate": "no rate in this column",
    }.get(status, status)


_CANDIDATE_FIELDS = tuple(f.name for f in fields(Candidate))


def _with(c: Candidate, **changes: Any) -> Candidate:
    # dataclasses.replace re-inspects the fields on every call; a quote makes a dozen copies.
    values = {name: getattr(c, name) for name in _CANDIDATE_FIELDS}
    values.update(changes)
    return Candidate(**values)


# --- preferential ---------------------------------------------------------------------------------


def _preferential(
    line: TariffLine,
    spec: ColumnSpec,
    agreement: Agreement | None,
    origin: str,
    as_of: date,
    ev: _Evaluator,
    mfn: Candidate | None,
    info: ScheduleInfo,
) -> Candidate:
    column, partner = spec.column, None
    if ":" in spec.column:  # China: "agr:RJPR" is partner RJPR of the agreement column
        column, partner = spec.column.split(":", 1)
    cell = line.cells.get(column)
    values: dict[str, Any] = {
        "id": f"{info.importer}:{spec.column}",
        "regime": spec.regime,
        "label": spec.label,
        "column": spec.column,
        "agreement": agreement,
        "inherited_from": line.inherited_from.get(column),
        "conditions": _conditions(agreement, origin, info.importer, spec),
        "source": f"{info.title} ({info.version}), column {spec.column}",
    }
    if spec.column in line.estimated_columns:
        values["notes"] = ("Korea: this rate comes from an expired row and is an estimate (source flag x).",)
    if cell is None or isinstance(cell.expr, NoRate):
        status = "empty"
    elif isinstance(cell.expr, Unbound):
        status, values["raw"] = "unbound", cell.raw
    else:
        status, duty, percent, alternatives = ev.run(cell, partner)
        values.update(
            raw=cell.raw,
            expression=_expression_text(cell, partner),
            duty=duty,
            percent=percent,
            alternatives=alternatives,
        )
    cost = values.get("duty") if values.get("duty") is not None else values.get("percent")
    values["status"], values["reason"] = _judge(
        status, cost, spec, partner, agreement, origin, as_of, mfn, info
    )
    return Candidate(**values)


def _judge(
    status: str,
    cost: Money | Decimal | None,
    spec: ColumnSpec,
    partner: str | None,
    agreement: Agreement | None,
    origin: str,
    as_of: date,
    mfn: Candidate | None,
    info: ScheduleInfo,
) -> tuple[str, str]:
    """The status of a preferential candidate and why, in the order the checks must be made."""
    if status == "empty":
        return (
            "no-preference",
            "no rate in this column for the line: no preference, the MFN-type rate applies",
        )
    if status == "unbound":
        return "no-preference", "excluded from the agreement's concessions (非譲許)"
    if status == "unknown":
        return "unknown", (
            f"China's agreement string for this line lost a wrapped PDF line: the rate for {partner} is unknown, not absent"
        )
    if status == "no_rate":
        reason = (
            f"no rate for {partner or spec.column} on this line: no preference, the MFN-type rate applies"
        )
        if partner:
            # cn_tariff ORIGIN.md: ~1,071 strings lost a wrapped line, ~50 of them without a visible fragment.
            reason += " (a few China agreement strings lost a line without trace: check the official tariff)"
        return "no-preference", reason
    if spec.open_to(origin) is None:
        return "unknown", f"eligibility unknown: {spec.origins_unknown}"
    if agreement is not None:
        start = agreement.entry_into_force(info.importer, origin)
        if start is None:
            return "unknown", f"{agreement.id}: entry into force for {info.importer}–{origin} is not recorded"
        if as_of < start:
            return (
                "not-in-force",
                f"{agreement.id} applies between {info.importer} and {origin} from {start.isoformat()}",
            )
    if status in ("choose", "needs_value", "not_evaluable", "needs_quantity"):
        return "needs-choice", _status_note(status)
    mfn_cost = _cost(mfn) if mfn is not None else None
    if cost is not None and mfn_cost is not None and type(cost) is type(mfn_cost) and not cost < mfn_cost:  # type: ignore[operator]
        return "not-applied", f"not lower than the MFN-type rate ({_cost_text(mfn)}): no saving"  # type: ignore[arg-type]
    return "eligible", "preferential rate, with originating goods and a proof of origin"


_CONDITIONS: dict[tuple[str, str, str, str], tuple[str, ...]] = {}


def _conditions(agreement: Agreement | None, origin: str, importer: str, spec: ColumnSpec) -> tuple[str, ...]:
    key = (agreement.id if agreement else "", origin, importer, spec.label)
    if agreement is not None and agreement.scenario:
        return _conditions_text(agreement, origin, importer, spec)
    if key not in _CONDITIONS:
        _CONDITIONS[key] = _conditions_text(agreement, origin, importer, spec)
    return _CONDITIONS[key]


def _conditions_text(
    agreement: Agreement | None, origin: str, importer: str, spec: ColumnSpec
) -> tuple[str, ...]:
    if agreement is None:
        return (f"origin must be an eligible beneficiary of {spec.label}",)
    verified = "" if agreement.proofs_verified else " (unverified)"
    out = [
        f"the goods must be originating in {origin} under {agreement.name()} (its rules of origin)",
        *(f"proof of origin{verified}: {proof}" for proof in agreement.proofs),
    ]
    if agreement.id == "RCEP" and importer == "JP":
        out.append("RCEP Art. 2.6: the RCEP country of origin decides which of Japan's RCEP columns applies")
    if not agreement.in_force_verified:
        out.append(f"entry-into-force date is unverified ({agreement.in_force_source})")
    if agreement.scenario:
        out.append(f"SCENARIO, not law: {agreement.scenario_terms}")
    return tuple(out)


def _scenario(scenario: Scenario, mfn: Candidate, as_of: date, ev: _Evaluator) -> Candidate:
    agreement = scenario.agreement
    share = mfn_share(scenario, as_of)
    base = Candidate(
        id=f"scenario:{agreement.id}",
        regime="scenario",
        label=agreement.name(),
        column="(scenario)",
        status="not-in-force",
        reason=f"the scenario starts on {scenario.start.isoformat()}",
        agreement=agreement,
        conditions=_conditions(agreement, "", "", ColumnSpec("", "", "scenario", agreement.name())),
        source=f"user scenario {agreement.id}: {agreement.scenario_terms}",
    )
    if share is None:
        return base
    duty = None if mfn.duty is None else Money(mfn.duty.amount * share, mfn.duty.currency)
    percent = None if mfn.percent is None else _plain(mfn.percent * share)
    expression = f"{share:f} × MFN ({mfn.expression})"
    status = "eligible" if (duty is not None or percent is not None) else "needs-choice"
    return _with(
        base,
        status=status,
        reason=f"scenario rate on {as_of.isoformat()}: {share:f} of the MFN-type rate",
        expression=expression,
        duty=duty,
        percent=percent,
    )


# --- the choice -----------------------------------------------------------------------------------


def _choose(
    candidates: Sequence[Candidate], mfn: Candidate | None, have_value: bool
) -> tuple[Candidate | None, tuple[str, ...]]:
    competing = [c for c in candidates if c.competes and _cost(c) is not None]
    explanation: list[str] = []
    if mfn is None:
        explanation.append("No MFN-type rate is printed for this line.")
    left_out = [c for c in candidates if c.competes and _cost(c) is None]
    for c in left_out:
        explanation.append(
            f"{c.label} is not compared: {'it needs a choice' if have_value else 'give --value and --quantity'}."
        )
    if not competing:
        return None, tuple(explanation or ["No candidate can be compared."])
    if have_value and mfn is not None and mfn.duty is None:
        # A preference only counts where it is lower than MFN: with the MFN duty unknown (a quota,
        # a condition) no choice can be made without the user's answer.
        explanation.insert(
            0, f"No best choice: the MFN-type rate ({mfn.label}) needs a choice before it can be compared."
        )
        return None, tuple(explanation)

    # Cheapest first; on a tie the MFN-type rate wins (no proof of origin needed), then real
    # agreements before scenarios.
    def key(c: Candidate) -> tuple[Decimal, int, int]:
        cost = _cost(c)
        amount = cost.amount if isinstance(cost, Money) else cost
        assert amount is not None
        return amount, 0 if c.status == "applies" else 1, 1 if c.regime == "scenario" else 0

    best = min(competing, key=key)
    basis = "lowest duty for the value and quantity given" if have_value else "lowest rate"
    explanation.insert(0, f"Best: {best.label} — {basis} ({_cost_text(best)}).")
    if mfn is not None and best is not mfn:
        saving = _saving(mfn, best)
        if saving:
            explanation.append(f"Saving against the MFN-type rate ({_cost_text(mfn)}): {saving}.")
    return best, tuple(explanation)


def _saving(mfn: Candidate, best: Candidate) -> str | None:
    if mfn.duty is not None and best.duty is not None:
        saved = (mfn.duty - best.duty).amount
        return f"{saved.normalize() if saved else saved:f} {mfn.duty.currency}"
    if mfn.percent is not None and best.percent is not None:
        return f"{mfn.percent - best.percent:f} percentage points"
    return None
