"""Computing the duty a cell states, in ``Decimal`` money, or saying why it cannot be one figure.

Duties are not rounded here: Japan, China and Korea round at steps their own rules name, which
the landed-cost engine applies. A cell that needs a choice the caller has not made (a condition,
in or out of quota, a partner) gives ``status="choose"`` and lists the alternatives; nothing is
guessed.

>>> from cjktrade.tariff.expr_types import Cell, HigherOf, AdValorem, Specific
>>> shoes = Cell("30%又は4,300円/足のうちいずれか高い税率",
...              HigherOf((AdValorem(Decimal(30)), Specific(Decimal(4300), "JPY", "pair"))), "jp")
>>> evaluate(shoes, Money(10000, "JPY"), {"pair": Decimal(1)}).duty
Money('4300', 'JPY')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from cjktrade.core.errors import CurrencyMismatchError, InvalidInputError
from cjktrade.core.money import Money, to_decimal
from cjktrade.tariff.expr_formula import format_gate, per_unit_duty, total_duty
from cjktrade.tariff.expr_text import canonical_text
from cjktrade.tariff.expr_types import (
    SCHEDULE_CURRENCY,
    AdValorem,
    Ceiling,
    Cell,
    Compound,
    Conditional,
    Expr,
    Floor,
    Footnote,
    Free,
    GatePrice,
    HigherOf,
    LowerOf,
    Marked,
    NoRate,
    Noted,
    Parenthesised,
    Partial,
    PartnerRates,
    Provisional,
    RateRange,
    Specific,
    TariffQuota,
    Unbound,
    Unparsed,
    Varies,
)

Status = Literal["ok", "choose", "no_rate", "unknown", "not_evaluable"]

#: What each marker means, as established in docs/tariff-notation.md (with the evidence there).
MARK_NOTES: dict[str, str] = {
    "●": "● the line groups goods with different treatments and the cell lists them (a range or a set): "
    "find the rate of the goods concerned on a finer line or in the agreement's schedule.",
    "◎": "◎ end-use rate: every ◎ cell in the data is on a line limited to goods for a stated use "
    "(…の製造に使用するもの, 飼料用…); the rate applies only to goods put to that use.",
    "※": "※ marker kept: its meaning is not established from the data (all 37 ※ cells are on "
    "sugar-containing lines of chapters 18-21, in the 暫定 and CPTPP columns).",
    "*": "* marker kept: its meaning is not established from the data (WTO協定 column only, "
    "chapters 04, 10, 11, 19 and 21).",
    "**": "** marker kept: its meaning is not established from the data (WTO協定 column only, "
    "chapters 17 and 21).",
}
PARENTHESIS_NOTES: dict[str, str] = {
    "WTO協定": "rate in parentheses: the WTO bound rate is not applied because the general or "
    "temporary rate is lower or equal (docs/tariff-notation.md).",
    "基本": "rate in parentheses: the general rate is displaced by a temporary (暫定) rate on every "
    "line it covers (docs/tariff-notation.md).",
}
EPA_PARENTHESIS_NOTE = (
    "rate in parentheses: the agreement rate is above the MFN-type rate, so it brings no reduction "
    "and the MFN-type rate applies (docs/tariff-notation.md)."
)


@dataclass(frozen=True, slots=True)
class DutyResult:
    """The duty a cell gives, or why it gives none.

    ``status``: ``ok`` (``duty`` set), ``choose`` (see ``alternatives``; pass ``condition``,
    ``in_quota`` or ``partner``), ``no_rate`` (this column gives no rate: another one applies),
    ``unknown`` (the data lost the information), ``not_evaluable`` (a summary or text not understood).
    """

    status: Status
    duty: Money | None
    explanation: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, DutyResult], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True, slots=True)
class _Context:
    customs_value: Money
    quantity: Mapping[str, Decimal]
    condition: str | int | None
    in_quota: bool | None
    partner: str | None

    def amount_of(self, unit: str, label: str) -> Decimal:
        if unit not in self.quantity:
            shown = f" ({label})" if label and label != unit else ""
            raise InvalidInputError(
                f"this duty is charged per {unit}{shown}, but no quantity in {unit!r} was given.",
                hint=f"Pass quantity={{'{unit}': Decimal(...)}}.",
            )
        return self.quantity[unit]


def evaluate(
    cell: Cell,
    customs_value: Money,
    quantity: Mapping[str, Decimal] | None = None,
    *,
    condition: str | int | None = None,
    in_quota: bool | None = None,
    partner: str | None = None,
) -> DutyResult:
    """The duty ``cell`` states for goods of ``customs_value`` and ``quantity`` (unit -> amount).

    Raises ``CurrencyMismatchError`` when the customs value is not in the importer's currency
    (JPY for Japan, CNY for China, KRW for Korea) and ``InvalidInputError`` when a quantity the
    duty needs is missing (the message names the unit).
    """
    expected = SCHEDULE_CURRENCY[cell.schedule]
    if customs_value.currency != expected:
        raise CurrencyMismatchError(
            f"the {cell.schedule.upper()} schedule charges duty on a customs value in {expected}, "
            f"but {customs_value.currency} was given: convert the customs value first (cjktrade fx convert)."
        )
    checked = {unit: _quantity(unit, value) for unit, value in (quantity or {}).items()}
    context = _Context(customs_value, checked, condition, in_quota, partner)
    result = _evaluate(cell.expr, context)
    note = _parenthesis_note(cell)
    return replace(result, notes=(*result.notes, note)) if note else result


def _quantity(unit: str, value: object) -> Decimal:
    number = to_decimal(value, field=f"quantity[{unit!r}]")
    if number < 0:
        raise InvalidInputError(f"quantity[{unit!r}] = {number} is negative.")
    return number


def _parenthesis_note(cell: Cell) -> str | None:
    if not cell.parenthesised or cell.schedule != "jp":
        return None
    if cell.column in PARENTHESIS_NOTES:
        return PARENTHESIS_NOTES[cell.column]
    return EPA_PARENTHESIS_NOTE if (cell.column or "").startswith("EPA_") else None


def _ok(duty: Money, *explanation: str) -> DutyResult:
    return DutyResult("ok", duty, explanation)


def _evaluate(expr: Expr, ctx: _Context) -> DutyResult:
    handler = _HANDLERS.get(type(expr))
    if handler is None:
        return DutyResult("not_evaluable", None, (f"{type(expr).__name__} cannot be evaluated",))
    return handler(expr, ctx)


def _free(expr: Expr, ctx: _Context) -> DutyResult:
    return _ok(Money(0, ctx.customs_value.currency), "free (no duty)")


def _ad_valorem(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, AdValorem)
    duty = Money(ctx.customs_value.amount * expr.percent / 100, ctx.customs_value.currency)
    return _ok(duty, f"{expr.percent:f}% × {ctx.customs_value} = {duty}")


def _specific(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Specific)
    if expr.currency != ctx.customs_value.currency:
        raise CurrencyMismatchError(
            f"a specific duty in {expr.currency} cannot be charged on a customs value in "
            f"{ctx.customs_value.currency}: convert the customs value first."
        )
    quantity = ctx.amount_of(expr.per_unit, expr.label)
    duty = Money(expr.amount * quantity / expr.per_quantity, expr.currency)
    per = f"{expr.per_quantity:f} " if expr.per_quantity != 1 else ""
    return _ok(
        duty, f"{expr.amount:f} {expr.currency}/{per}{expr.per_unit} × {quantity:f} {expr.per_unit} = {duty}"
    )


def _parts(parts: tuple[Expr, ...], ctx: _Context) -> list[DutyResult] | DutyResult:
    results = [_evaluate(p, ctx) for p in parts]
    blocked = next((r for r in results if not r.ok), None)
    return blocked if blocked is not None else results


def _combine(pick: Callable[[list[Money]], Money], word: str) -> Callable[[Expr, _Context], DutyResult]:
    def handler(expr: Expr, ctx: _Context) -> DutyResult:
        assert isinstance(expr, Compound | HigherOf | LowerOf)
        results = _parts(expr.parts, ctx)
        if isinstance(results, DutyResult):
            return results
        duties = [r.duty for r in results if r.duty is not None]
        chosen = pick(duties)
        steps = tuple(step for r in results for step in r.explanation)
        return _ok(chosen, *steps, f"{word} of {', '.join(str(d) for d in duties)} = {chosen}")

    return handler


def _sum(duties: list[Money]) -> Money:
    total = duties[0]
    for duty in duties[1:]:
        total = total + duty
    return total


def _bounded(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Ceiling | Floor)
    bound_expr = expr.maximum if isinstance(expr, Ceiling) else expr.minimum
    results = _parts((expr.expr, bound_expr), ctx)
    if isinstance(results, DutyResult):
        return results
    value, bound = (r.duty for r in results)
    assert value is not None and bound is not None
    chosen = min(value, bound) if isinstance(expr, Ceiling) else max(value, bound)
    word = "capped at" if isinstance(expr, Ceiling) else "at least"
    return _ok(chosen, *results[0].explanation, f"{word} {bound}: {chosen}")


def _gate_price(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, GatePrice)
    quantity = ctx.amount_of(expr.per_unit, expr.label)
    if quantity == 0:
        raise InvalidInputError(f"a gate-price duty needs a quantity in {expr.per_unit} above zero.")
    per_unit_value = ctx.customs_value.amount / quantity
    per_unit = per_unit_duty(expr.formula, per_unit_value)  # for the explanation only
    total = total_duty(expr.formula, ctx.customs_value.amount, quantity)
    # A gate price tops the customs value up to the reference price; it is never negative.
    duty = Money(max(Decimal(0), total), ctx.customs_value.currency)
    return _ok(
        duty,
        f"customs value per {expr.per_unit}: {per_unit_value:f}",
        f"{format_gate(expr)} = {per_unit:f} per {expr.per_unit}; max(0, that) × {quantity:f} = {duty}",
    )


def _provisional(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Provisional)
    results = _parts((expr.base, expr.provisional), ctx)
    if isinstance(results, DutyResult):
        return results
    base, provisional = (r.duty for r in results)
    assert base is not None and provisional is not None
    # 规则与说明: where a provisional rate exists the lower applies (DOMAIN.md, China).
    chosen = min(base, provisional)
    return _ok(chosen, f"MFN {base}, provisional {provisional}: the lower applies = {chosen}")


def _footnote(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Footnote)
    result = _evaluate(expr.resolved, ctx)
    return replace(result, explanation=(f"footnote {expr.mark}: {expr.text}", *result.explanation))


def _alternative(expr: Expr | None, ctx: _Context) -> DutyResult:
    if expr is None:
        return DutyResult("no_rate", None, ("this column gives no rate outside the quota",))
    try:
        return _evaluate(expr, ctx)
    except InvalidInputError as error:
        # Not chosen yet, so a missing quantity is reported on the branch instead of raised.
        return DutyResult("not_evaluable", None, (str(error),))


def _tariff_quota(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, TariffQuota)
    if ctx.in_quota is None:
        options = (
            ("in quota", _alternative(expr.in_quota, ctx)),
            ("out of quota", _alternative(expr.out_of_quota, ctx)),
        )
        return DutyResult("choose", None, ("tariff quota: pass in_quota=True or False",), options)
    chosen = expr.in_quota if ctx.in_quota else expr.out_of_quota
    if chosen is None:
        return DutyResult(
            "no_rate", None, ("this column gives no rate outside the quota: another column applies",)
        )
    result = _evaluate(chosen, ctx)
    return replace(result, explanation=("in quota" if ctx.in_quota else "out of quota", *result.explanation))


def _conditional(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Conditional)
    labels = [label for label, _ in expr.branches]
    if ctx.condition is None:
        options = tuple((label, _alternative(e, ctx)) for label, e in expr.branches)
        return DutyResult("choose", None, ("the rate depends on the goods: pass condition=",), options)
    if isinstance(ctx.condition, int):
        index = ctx.condition if 0 <= ctx.condition < len(labels) else -1
    else:
        wanted = canonical_text(ctx.condition)
        index = next((i for i, label in enumerate(labels) if canonical_text(label) == wanted), -1)
    if index < 0:
        raise InvalidInputError(f"condition {ctx.condition!r} is not one of {labels}.")
    label, chosen = expr.branches[index]
    result = _evaluate(chosen, replace(ctx, condition=None))
    return replace(result, explanation=(f"condition: {label}", *result.explanation))


def _partner_rates(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, PartnerRates)
    rates = expr.rates()
    fragments = expr.fragments()
    lost = (
        f"string damaged (fragments {list(fragments)}): partners not listed are unknown" if fragments else ""
    )
    if ctx.partner is None:
        options = tuple((code, _alternative(rate, ctx)) for code, rate in rates.items())
        notes = (lost,) if lost else ()
        return DutyResult("choose", None, ("the rate depends on the partner: pass partner=",), options, notes)
    code = ctx.partner.strip().upper()
    if code in rates:
        result = _evaluate(rates[code], ctx)
        return replace(result, explanation=(f"partner {code}", *result.explanation))
    if fragments:
        return DutyResult(
            "unknown",
            None,
            (
                f"partner {code} is not in this string, which lost a wrapped PDF line: "
                f"its rate is unknown, not absent ({lost}).",
            ),
        )
    return DutyResult(
        "no_rate", None, (f"no agreement or preferential rate for {code}: the MFN rate applies.",)
    )


def _summary(reason: str) -> Callable[[Expr, _Context], DutyResult]:
    def handler(expr: Expr, ctx: _Context) -> DutyResult:
        return DutyResult("not_evaluable", None, (reason,))

    return handler


def _no_rate(reason: str) -> Callable[[Expr, _Context], DutyResult]:
    def handler(expr: Expr, ctx: _Context) -> DutyResult:
        return DutyResult("no_rate", None, (reason,))

    return handler


def _marked(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Marked)
    result = _evaluate(expr.expr, ctx)
    return replace(result, notes=(*result.notes, MARK_NOTES.get(expr.mark, f"{expr.mark} marker kept")))


def _noted(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Noted)
    note = f"◆{expr.note}: see note {expr.note} of the published schedule (its text is not in the data)."
    if expr.expr is None:
        return DutyResult("not_evaluable", None, ("the cell shows only a note reference",), notes=(note,))
    result = _evaluate(expr.expr, ctx)
    return replace(result, notes=(*result.notes, note))


def _parenthesised(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Parenthesised)
    return _evaluate(expr.expr, ctx)


def _unparsed(expr: Expr, ctx: _Context) -> DutyResult:
    assert isinstance(expr, Unparsed)
    return DutyResult("not_evaluable", None, (f"text not understood, shown as published: {expr.raw}",))


_HANDLERS: dict[type, Callable[[Expr, _Context], DutyResult]] = {
    Free: _free,
    AdValorem: _ad_valorem,
    Specific: _specific,
    Compound: _combine(_sum, "sum"),
    HigherOf: _combine(lambda duties: max(duties, key=lambda d: d.amount), "higher"),
    LowerOf: _combine(lambda duties: min(duties, key=lambda d: d.amount), "lower"),
    Ceiling: _bounded,
    Floor: _bounded,
    GatePrice: _gate_price,
    Provisional: _provisional,
    Footnote: _footnote,
    TariffQuota: _tariff_quota,
    Conditional: _conditional,
    PartnerRates: _partner_rates,
    RateRange: _summary("a range of rates summarising several goods: look up the goods' own line"),
    Varies: _summary("the treatment varies with the goods inside the line: look up the goods' own line"),
    Partial: _summary("the rate applies to part of the line only"),
    Unbound: _no_rate("非譲許: no concession under this agreement; the MFN-type rate applies"),
    NoRate: _no_rate("no rate of this type: another column applies"),
    Marked: _marked,
    Noted: _noted,
    Parenthesised: _parenthesised,
    Unparsed: _unparsed,
}
