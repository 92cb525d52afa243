"""Regional value content by every method a rule allows (RCEP Art. 3.5), exactly in Decimal.

- build-down (indirect): ``(FOB − VNM) / FOB × 100``
- build-up (direct): ``(VOM + direct labour + direct overhead + profit + other costs) / FOB × 100``

VNM is the value of non-originating materials (materials of undetermined origin included); VOM the
value of originating materials. A sub-assembly that does not qualify adds only its non-originating
content to VNM and the rest of its value to VOM, so VOM + VNM is always the materials' total.

When the BOM gives no cost elements the build-up figure cannot be computed, but it can be bounded:
its terms are parts of the FOB price, so VOM + labour + overhead + profit + other costs ≤ FOB − VNM,
and the build-up can never exceed the build-down figure. If even that bound is below the threshold
the method fails; otherwise the cost elements are asked for.

Only RCEP's formulas are encoded. Under another agreement every method is reported "not computable"
with what it needs; net cost and focused value (CPTPP) need facts a BOM does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials
from cjktrade.origin.eval_context import EvalContext
from cjktrade.origin.eval_figures import at_least_percent, percent, percent_text, share_of
from cjktrade.origin.eval_materials import MaterialStanding, total
from cjktrade.origin.rule_nodes import RegionalValueContent, RvcMethod
from cjktrade.origin.rule_text import format_rule
from cjktrade.origin.verdict import Outcome, Question, Remedy, RvcComputation, Step

FORMULAS: dict[RvcMethod, str] = {
    "build-down": "(FOB − VNM) / FOB × 100",
    "build-up": "(VOM + direct labour + direct overhead + profit + other costs) / FOB × 100",
    "net-cost": "(NC − VNM) / NC × 100",
    "focused-value": "(value − FVNM) / value × 100",
}


@dataclass
class RvcEvaluation:
    outcome: Outcome
    criterion: str
    computations: list[RvcComputation] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    remedies: list[Remedy] = field(default_factory=list)


@dataclass(frozen=True)
class _Values:
    """VNM and VOM with undecided sub-assemblies counted as non-originating (low) or originating (high)."""

    vnm_low: Money
    vnm_high: Money
    vom_low: Money
    vom_high: Money
    undecided: tuple[str, ...]


def _values(standings: tuple[MaterialStanding, ...], currency: str) -> _Values:
    counted = [s for s in standings if s.standing != "disregarded"]
    return _Values(
        vnm_low=total((s.vnm(undecided_originating=True) for s in counted), currency),
        vnm_high=total((s.vnm(undecided_originating=False) for s in counted), currency),
        vom_low=total((s.regional_value(undecided_originating=False) for s in counted), currency),
        vom_high=total((s.regional_value(undecided_originating=True) for s in counted), currency),
        undecided=tuple(s.line for s in counted if s.standing == "undecided"),
    )


def evaluate_rvc(
    node: RegionalValueContent,
    bom: BillOfMaterials,
    standings: tuple[MaterialStanding, ...],
    ctx: EvalContext,
) -> RvcEvaluation:
    criterion = format_rule(node)
    values = _values(standings, bom.currency)
    result = RvcEvaluation("fail", criterion)
    for method in node.methods:
        computation = _compute(method, node, bom, values, ctx, criterion)
        result.computations.append(computation)
        result.steps.append(Step(computation.article, _text(computation), _step_outcome(computation)))
        if computation.passed is None:
            result.questions.extend(_questions(computation, standings))
        elif not computation.passed and computation.shortfall is not None:
            result.remedies.append(_remedy(computation))
    decided = [c.passed for c in result.computations]
    if any(decided):
        result.outcome = "pass"
    elif any(p is None for p in decided):
        result.outcome = "undetermined"
    return result


def _compute(
    method: RvcMethod,
    node: RegionalValueContent,
    bom: BillOfMaterials,
    values: _Values,
    ctx: EvalContext,
    criterion: str,
) -> RvcComputation:
    base = RvcComputation(method, criterion, node.threshold, FORMULAS[method], ctx.cite("rvc"))
    if ctx.agreement.upper() != "RCEP":
        return _not_computable(base, _other_agreement_needs(method, ctx.agreement))
    if method not in ("build-down", "build-up"):
        return _not_computable(base, f"RCEP Art. 3.5 has no {method} method")
    fob = bom.product.fob
    if method == "build-down":
        return _decide(
            base,
            fob,
            fob - values.vnm_high,
            fob - values.vnm_low,
            (("FOB", fob), ("VNM", values.vnm_high)),
            values,
        )
    if bom.costs is None:
        return _build_up_bound(base, fob, values)
    costs = bom.costs.total()
    terms = (("VOM", values.vom_low), *bom.costs.items())
    return _decide(base, fob, values.vom_low + costs, values.vom_high + costs, terms, values)


def _other_agreement_needs(method: RvcMethod, agreement: str) -> str:
    if method == "net-cost":
        return f"needs the net cost of the good (not in a bill of materials) and {agreement}'s formula, not encoded here"
    if method == "focused-value":
        return (
            f"needs the value of the focused non-originating materials and {agreement}'s value base for the good; "
            "the formula is not encoded here"
        )
    return f"{agreement}'s {method} formula is not encoded here (only RCEP Art. 3.5, on FOB)"


def _not_computable(base: RvcComputation, needs: str) -> RvcComputation:
    return replace(base, not_computable=needs)


def _decide(
    base: RvcComputation,
    fob: Money,
    numerator: Money,
    numerator_if_undecided_originating: Money,
    terms: tuple[tuple[str, Money], ...],
    values: _Values,
) -> RvcComputation:
    passed: bool | None = at_least_percent(numerator.amount, fob.amount, base.threshold)
    note = None
    if not passed and values.undecided:
        best = numerator_if_undecided_originating
        if at_least_percent(best.amount, fob.amount, base.threshold):
            passed = None
            note = (
                f"passes ({percent_text(percent(best.amount, fob.amount))}%) if sub-assemblies "
                f"{', '.join(values.undecided)} are originating"
            )
    needed = Money(share_of(fob.amount, base.threshold), fob.currency) - numerator
    return replace(
        base,
        numerator=numerator,
        denominator=fob,
        percent=percent(numerator.amount, fob.amount),
        terms=terms,
        passed=passed,
        shortfall=needed if passed is False else None,
        note=note,
    )


def _build_up_bound(base: RvcComputation, fob: Money, values: _Values) -> RvcComputation:
    bound = fob - values.vnm_low
    bound_percent = percent(bound.amount, fob.amount)
    needs = "needs the cost elements (direct labour, direct overhead, profit, other costs) in the BOM"
    if at_least_percent(bound.amount, fob.amount, base.threshold):
        return replace(base, not_computable=needs, upper_bound_percent=bound_percent)
    return replace(
        base,
        not_computable=needs,
        upper_bound_percent=bound_percent,
        passed=False,
        note=(
            f"its terms are parts of FOB, so it is at most (FOB − VNM) / FOB = "
            f"{percent_text(bound_percent)}%, below {percent_text(base.threshold)}%: it cannot pass"
        ),
    )


def _step_outcome(computation: RvcComputation) -> Outcome:
    if computation.passed is None:
        return "undetermined"
    return "pass" if computation.passed else "fail"


def _text(c: RvcComputation) -> str:
    head = f"{c.criterion} by {c.method}, {c.formula}"
    threshold = f"{percent_text(c.threshold)}%"
    if c.numerator is None or c.denominator is None or c.percent is None:
        text = f"{head}: not computable — {c.not_computable}"
        return text + (f"; {c.note}." if c.note else ".")
    if c.method == "build-down":
        figures = " − ".join(str(money.amount) for _, money in c.terms)
    else:
        figures = " + ".join(str(money.amount) for _, money in c.terms)
    text = (
        f"{head} = ({figures}) / {c.denominator.amount} × 100 = {percent_text(c.percent)}% "
        f"(amounts in {c.denominator.currency})"
    )
    if c.passed:
        return f"{text} ≥ {threshold}: met."
    if c.passed is None:
        return f"{text} < {threshold}; {c.note}."
    return f"{text} < {threshold}: needs {c.shortfall} more regional value."


def _questions(computation: RvcComputation, standings: tuple[MaterialStanding, ...]) -> list[Question]:
    if computation.not_computable is not None:
        return [
            Question(
                "bom.costs",
                f"{computation.criterion} by {computation.method}: {computation.not_computable}.",
                "bom",
            )
        ]
    return [q for s in standings if s.standing == "undecided" for q in s.questions]


def _remedy(c: RvcComputation) -> Remedy:
    assert c.shortfall is not None and c.percent is not None
    action = (
        "replace that much non-originating material value with originating materials (with proof of origin)"
        if c.method == "build-down"
        else "raise originating material value or the producer's costs and profit by that much"
    )
    text = (
        f"{c.criterion} by {c.method}: {percent_text(c.percent)}% now; {c.shortfall} more regional value reaches "
        f"{percent_text(c.threshold)}%: {action}."
    )
    return Remedy(c.criterion, text, (), c.shortfall)
