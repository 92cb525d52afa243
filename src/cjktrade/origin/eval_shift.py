"""The tariff-shift test (CC / CTH / CTSH, with exceptions) and de minimis (RCEP Art. 3.7).

Every material that is (or may be) non-originating must be classified outside the product's
chapter, heading or subheading, and outside the rule's "except from" codes. A material of the
product's own heading therefore never satisfies CTH. Retail packing classified with the good is left
out of the test (RCEP Art. 3.8). If some materials fail, the good still passes when their
non-originating value is at most ``de_minimis_percent`` of FOB — or, for goods of the textile
chapters (50–63 by default), of the good's weight.

A material whose code is too short to decide (``8507`` against CTSH of ``8507.60``), or which falls
in an exception narrowed by words, raises a yes/no question rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials, Material
from cjktrade.origin.eval_context import EvalContext
from cjktrade.origin.eval_figures import at_most_percent, percent, percent_text, share_of
from cjktrade.origin.eval_materials import MaterialStanding, describe, total
from cjktrade.origin.rule_nodes import HsRange, TariffShift, dotted
from cjktrade.origin.rule_text import format_rule
from cjktrade.origin.verdict import DeMinimisTest, MaterialRef, Outcome, Question, Remedy, Step

ShiftResult = Literal["changes", "same", "excepted", "unclear"]
LEVEL_DIGITS = {"chapter": 2, "heading": 4, "subheading": 6}


@dataclass
class ShiftEvaluation:
    outcome: Outcome
    criterion: str
    blockers: list[MaterialRef] = field(default_factory=list)
    de_minimis: DeMinimisTest | None = None
    de_minimis_applied: bool = False
    steps: list[Step] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    remedies: list[Remedy] = field(default_factory=list)


def classification_key(ctx: EvalContext, line: str, codes: str) -> str:
    """The ``answers`` key of "is material <line> classified in <codes>?" (codes as displayed)."""
    return f"material {ctx.path}{line} is in {codes}"


def description_key(ctx: EvalContext, line: str, description: str) -> str:
    """The ``answers`` key of "is material <line> <the exception's words>?"."""
    return f"material {ctx.path}{line} is {description}"


def _ask(ctx: EvalContext, key: str, question: str) -> tuple[bool | None, list[Question]]:
    answer = ctx.answer(key)
    return (answer, []) if answer is not None else (None, [Question(key, question)])


def _in_range(
    material: Material, first: str, last: str, ctx: EvalContext
) -> tuple[bool | None, list[Question]]:
    """Whether the material is classified in first..last (codes of one length); a question if its code is too short."""
    code = material.hs_code
    if len(code) >= len(first):
        return first <= code[: len(first)] <= last, []
    if not first[: len(code)] <= code <= last[: len(code)]:
        return False, []
    codes = dotted(first) if first == last else f"{dotted(first)} through {dotted(last)}"
    return _ask(
        ctx,
        classification_key(ctx, material.line, codes),
        f"Is {describe(material)} classified in {codes}? Its code has only {len(code)} digits.",
    )


def _in_exception(material: Material, item: HsRange, ctx: EvalContext) -> tuple[bool | None, list[Question]]:
    inside, questions = _in_range(material, item.first, item.last or item.first, ctx)
    if not inside or item.description is None:
        return inside, questions
    return _ask(
        ctx,
        description_key(ctx, material.line, item.description),
        f"Is {describe(material)} “{item.description}”?",
    )


def material_shift(
    material: Material, product_hs6: str, shift: TariffShift, ctx: EvalContext
) -> tuple[ShiftResult, str, list[Question]]:
    """Whether one material makes the shift, and why."""
    digits = LEVEL_DIGITS[shift.level]
    own = product_hs6[:digits]
    same, asked = _in_range(material, own, own, ctx)
    if same is None:
        return "unclear", f"may be in {shift.level} {dotted(own)}", asked
    if same:
        return "same", f"same {shift.level} {dotted(own)} as the good", []
    questions: list[Question] = []
    for item in shift.exceptions:
        inside, asked = _in_exception(material, item, ctx)
        questions.extend(asked)
        if inside:
            return "excepted", f"from {_item_text(item)}, which the rule excepts", []
    if questions:
        return "unclear", "may fall in an excepted code", questions
    return "changes", f"changes {shift.level}", []


def _item_text(item: HsRange) -> str:
    text = dotted(item.first) + (f" through {dotted(item.last)}" if item.last else "")
    return text + (f" “{item.description}”" if item.description else "")


def evaluate_shift(
    shift: TariffShift, bom: BillOfMaterials, standings: tuple[MaterialStanding, ...], ctx: EvalContext
) -> ShiftEvaluation:
    criterion = format_rule(shift)
    article = ctx.cite("psr")
    result = ShiftEvaluation("pass", criterion)
    tested = [s for s in standings if s.may_be_non_originating and s.material.packing != "retail"]
    blockers: list[MaterialStanding] = []
    unclear: list[MaterialStanding] = []
    findings: list[str] = []
    for standing in tested:
        outcome, why, questions = material_shift(standing.material, bom.product.hs6, shift, ctx)
        findings.append(f"{describe(standing.material)}: {why}")
        if outcome == "changes":
            continue
        if standing.standing == "non-originating" and outcome != "unclear":
            blockers.append(standing)
            result.blockers.append(_ref(standing, why))
        else:
            unclear.append(standing)
            result.questions.extend(questions)
            result.questions.extend(standing.questions)
    retail = [s for s in standings if s.may_be_non_originating and s.material.packing == "retail"]
    head = f"{criterion}: every non-originating material must come from outside {_own(shift, bom)}"
    if not tested:
        head += "; there is no non-originating material to test"
    if retail:
        head += f"; retail packing ({', '.join(s.line for s in retail)}) is left out ({ctx.cite('packing')})"
    summary = f"{head}. " + "; ".join(findings) if findings else head + "."
    if not blockers and not unclear:
        result.steps.append(Step(article, summary, "pass"))
        return result
    result.steps.append(Step(article, summary, "fail" if blockers else "undetermined"))
    considered = blockers + unclear
    test = de_minimis_test(criterion, considered, bom, ctx)
    result.de_minimis = test
    passed_all = _de_minimis_passed(test)
    result.steps.append(Step(ctx.cite("de-minimis"), _de_minimis_text(test), _outcome(passed_all)))
    if passed_all:
        result.de_minimis_applied = True
        return result
    blockers_only = _de_minimis_passed(de_minimis_test(criterion, blockers, bom, ctx)) if blockers else True
    if blockers_only is False:
        result.outcome = "fail"
        result.questions.clear()
        result.remedies.append(_remedy(shift, bom, blockers, test))
        return result
    result.outcome = "undetermined"
    if test.weight_passed is None and test.weight_note is not None:
        result.questions.append(Question("bom.weight_kg", test.weight_note, "bom"))
    return result


def _own(shift: TariffShift, bom: BillOfMaterials) -> str:
    own = bom.product.hs6[: LEVEL_DIGITS[shift.level]]
    text = f"{shift.level} {dotted(own)}"
    if shift.exceptions:
        text += " and from " + ", ".join(_item_text(i) for i in shift.exceptions)
    return text


def _ref(standing: MaterialStanding, why: str) -> MaterialRef:
    material = standing.material
    return MaterialRef(material.line, material.description, material.hs_code, material.value, why)


def de_minimis_test(
    criterion: str, materials: list[MaterialStanding], bom: BillOfMaterials, ctx: EvalContext
) -> DeMinimisTest:
    product = bom.product
    limit = ctx.de_minimis_percent
    value = total((s.non_originating_value for s in materials), bom.currency)
    test = DeMinimisTest(
        criterion=criterion,
        materials=tuple(s.line for s in materials),
        limit_percent=limit,
        value=value,
        fob=product.fob,
        value_percent=percent(value.amount, product.fob.amount),
        value_passed=at_most_percent(value.amount, product.fob.amount, limit),
    )
    if product.chapter not in ctx.textile_weight_chapters:
        return test
    missing = [s.line for s in materials if s.material.weight_kg is None]
    weight = sum((s.material.weight_kg or Decimal(0) for s in materials), Decimal(0))
    if product.weight_kg is not None and (
        not missing or not at_most_percent(weight, product.weight_kg, limit)
    ):
        # Weights are positive, so the known ones alone exceeding the limit decide the test.
        return replace(
            test,
            weight_kg=weight,
            product_weight_kg=product.weight_kg,
            weight_percent=percent(weight, product.weight_kg),
            weight_passed=not missing and at_most_percent(weight, product.weight_kg, limit),
            weight_note=f"without materials {', '.join(missing)}, whose weight is not given"
            if missing
            else None,
        )
    what = ([f"materials {', '.join(missing)}"] if missing else []) + (
        ["the good"] if product.weight_kg is None else []
    )
    note = (
        f"Give the weight (kg) of {' and '.join(what)}: for goods of chapter {product.chapter:02d} de minimis "
        f"may also be met by weight ({ctx.cite('de-minimis')})."
    )
    return replace(test, weight_note=note)


def _de_minimis_passed(test: DeMinimisTest) -> bool | None:
    if test.value_passed or test.weight_passed:
        return True
    return None if test.weight_passed is None and test.weight_note is not None else False


def _outcome(passed: bool | None) -> Outcome:
    return "pass" if passed else ("undetermined" if passed is None else "fail")


def _de_minimis_text(test: DeMinimisTest) -> str:
    sign = "≤" if test.value_passed else ">"
    text = (
        f"De minimis for {test.criterion}: non-originating materials not making the shift "
        f"({', '.join(test.materials)}) are worth {test.value} = {percent_text(test.value_percent)}% of FOB "
        f"{test.fob} {sign} {percent_text(test.limit_percent)}%"
    )
    if test.weight_percent is not None:
        sign = "≤" if test.weight_passed else ">"
        text += (
            f"; by weight {test.weight_kg} kg of {test.product_weight_kg} kg = "
            f"{percent_text(test.weight_percent)}% {sign} {percent_text(test.limit_percent)}%"
        )
        if test.weight_note:
            text += f" ({test.weight_note})"
    elif test.weight_note:
        text += f"; by weight: not computable. {test.weight_note}"
    return text + "."


def _remedy(
    shift: TariffShift, bom: BillOfMaterials, blockers: list[MaterialStanding], test: DeMinimisTest
) -> Remedy:
    allowed = Money(share_of(bom.product.fob.amount, test.limit_percent), bom.currency)
    excess = test.value - allowed
    names = ", ".join(f"{s.line} “{s.material.description}”" for s in blockers)
    text = (
        f"{test.criterion} is blocked by {names}. Use originating materials for them (with proof of origin "
        f"from a Party), or materials classified outside {_own(shift, bom)}; or bring the non-originating value "
        f"of these materials down by {excess} to the de minimis limit of {allowed} "
        f"({percent_text(test.limit_percent)}% of FOB)."
    )
    return Remedy(test.criterion, text, tuple(s.line for s in blockers), excess)
