"""Where each material stands for the good's origin: originating, non-originating, undecided, disregarded.

- A material declared originating counts as originating where it originates in the producer's
  country, or in any other Party when accumulation is applied (RCEP Art. 3.4); under another
  agreement, or in a non-Party, it is non-originating.
- A material of unknown origin is non-originating (RCEP Art. 3.5: materials of undetermined origin).
- A sub-assembly made in a counted Party is evaluated against the rule of its own HS code: if it
  qualifies it counts as originating in full (roll-up); if not, only its non-originating content
  counts as non-originating value (capped at its value). Made elsewhere, it is non-originating in
  full. When its rule or its verdict is missing it is *undecided*: evaluated both ways.
- Transport packing is disregarded (RCEP Art. 3.8).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from cjktrade.core.errors import CurrencyMismatchError
from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials, Material
from cjktrade.origin.eval_context import EvalContext
from cjktrade.origin.rule_nodes import dotted
from cjktrade.origin.rule_scope import PsrRule
from cjktrade.origin.verdict import Question, Verdict

Standing = Literal["originating", "non-originating", "undecided", "disregarded"]
EvaluateSub = Callable[[BillOfMaterials, PsrRule, EvalContext], Verdict]


@dataclass(frozen=True)
class MaterialStanding:
    """A material's standing, why, and the value it adds to VNM when it is not originating."""

    material: Material
    standing: Standing
    reason: str
    article: str
    non_originating_value: Money
    by_accumulation: bool = False
    sub_verdict: Verdict | None = None
    questions: tuple[Question, ...] = ()

    @property
    def line(self) -> str:
        return self.material.line

    @property
    def may_be_non_originating(self) -> bool:
        return self.standing in ("non-originating", "undecided")

    def regional_value(self, *, undecided_originating: bool) -> Money:
        """Value counted as regional (VOM): all of it if originating, else value − non-originating value."""
        if self.standing == "originating" or (self.standing == "undecided" and undecided_originating):
            return self.material.value
        return self.material.value - self.non_originating_value

    def vnm(self, *, undecided_originating: bool) -> Money:
        if self.standing == "non-originating" or (self.standing == "undecided" and not undecided_originating):
            return self.non_originating_value
        return Money(0, self.material.value.currency)


def describe(material: Material) -> str:
    return f"material {material.line} “{material.description}” ({dotted(material.hs_code[:6])}, {material.value})"


def sub_assembly_key(ctx: EvalContext, line: str) -> str:
    """The ``answers`` key that settles whether a sub-assembly is originating."""
    return f"material {ctx.path}{line} is originating"


def total(amounts: Iterable[Money], currency: str) -> Money:
    """The sum; adding Decimals first is much faster than Money by Money on a 500-line BOM."""
    values = list(amounts)
    mixed = {a.currency for a in values} - {currency}
    if mixed:
        raise CurrencyMismatchError(f"cannot add {', '.join(sorted(mixed))} amounts to a {currency} total.")
    return Money(sum((a.amount for a in values), Decimal(0)), currency)


def non_originating_content(standings: Iterable[MaterialStanding], currency: str) -> Money:
    """VNM with undecided materials counted as non-originating (the conservative figure)."""
    return total((s.vnm(undecided_originating=False) for s in standings), currency)


def assess_materials(
    bom: BillOfMaterials, ctx: EvalContext, evaluate_sub: EvaluateSub
) -> tuple[MaterialStanding, ...]:
    return tuple(_assess(bom, m, ctx, evaluate_sub) for m in bom.materials)


def _assess(
    bom: BillOfMaterials, material: Material, ctx: EvalContext, evaluate_sub: EvaluateSub
) -> MaterialStanding:
    if material.packing == "transport":
        return MaterialStanding(
            material, "disregarded", "transport packing: disregarded", ctx.cite("packing"), material.value * 0
        )
    if material.sub_bom is not None:
        return _assess_sub_assembly(bom, material, material.sub_bom, ctx, evaluate_sub)
    return _assess_declared(bom, material, ctx)


def _assess_declared(bom: BillOfMaterials, material: Material, ctx: EvalContext) -> MaterialStanding:
    producer = bom.product.producer_country
    value = material.value
    if material.status == "unknown":
        return MaterialStanding(
            material,
            "non-originating",
            "origin not established: a material of undetermined origin counts as non-originating",
            ctx.cite("rvc"),
            value,
        )
    if material.status != "originating":
        return MaterialStanding(
            material, "non-originating", "declared non-originating", ctx.cite("originating"), value
        )
    country = material.origin_country or "?"
    under = material.originating_under or "?"
    proof = (
        f" (supplier declaration {material.supplier_declaration})"
        if material.supplier_declaration
        else " (no supplier declaration reference given: keep the proof on file)"
    )
    if under.upper() != ctx.agreement.upper():
        reason = f"declared originating under {under}, not under {ctx.agreement}: non-originating here"
        return MaterialStanding(material, "non-originating", reason, ctx.cite("originating"), value)
    if country not in ctx.parties:
        reason = (
            f"declared originating in {country}, which is not a Party to {ctx.agreement}: non-originating"
        )
        return MaterialStanding(material, "non-originating", reason, ctx.cite("originating"), value)
    if country == producer:
        reason = f"originating in {country} under {under}{proof}"
        return MaterialStanding(material, "originating", reason, ctx.cite("originating"), value)
    if ctx.cumulation:
        reason = f"originating in {country} under {under}{proof}: counts as originating in {producer} (accumulation)"
        return MaterialStanding(
            material, "originating", reason, ctx.cite("accumulation"), value, by_accumulation=True
        )
    reason = (
        f"originating in {country} under {under}, but accumulation is not applied: "
        f"counts as non-originating in {producer}"
    )
    return MaterialStanding(material, "non-originating", reason, ctx.cite("accumulation"), value)


def _assess_sub_assembly(
    bom: BillOfMaterials,
    material: Material,
    sub: BillOfMaterials,
    ctx: EvalContext,
    evaluate_sub: EvaluateSub,
) -> MaterialStanding:
    producer = bom.product.producer_country
    made_in = sub.product.producer_country
    value = material.value
    if made_in not in ctx.counted_parties(producer):
        why = (
            "not a Party" if made_in not in ctx.parties else "another Party, and accumulation is not applied"
        )
        reason = f"sub-assembly made in {made_in} ({why}): non-originating in full"
        topic = "originating" if made_in not in ctx.parties else "accumulation"
        return MaterialStanding(material, "non-originating", reason, ctx.cite(topic), value)
    sub_ctx = dataclasses.replace(ctx, path=f"{ctx.path}{material.line}/")
    rule = ctx.rule_for(material.hs_code) if ctx.rule_for is not None else None
    by_accumulation = made_in != producer
    if rule is None or rule.rule is None:
        missing = (
            "no rule was found" if rule is None else f"its rule could not be read ({rule.original_text!r})"
        )
        sub_standings = assess_materials(sub, sub_ctx, evaluate_sub)
        content = _capped(non_originating_content(sub_standings, sub.currency), value)
        return _from_answer_or_undecided(material, ctx, content, by_accumulation, None, missing, ())
    verdict = evaluate_sub(sub, rule, sub_ctx)
    content = _capped(verdict.non_originating_value, value)
    if verdict.status == "originating":
        reason = f"sub-assembly qualifies in {made_in} under {verdict.criterion} of its own rule: originating in full"
        if by_accumulation:
            reason += f", counted in {producer} by accumulation"
        return MaterialStanding(
            material, "originating", reason, ctx.cite("psr"), content, by_accumulation, sub_verdict=verdict
        )
    if verdict.status == "not-originating":
        reason = (
            f"sub-assembly does not qualify in {made_in}: only its non-originating content "
            f"{content} counts as non-originating"
        )
        return MaterialStanding(
            material, "non-originating", reason, ctx.cite("rvc"), content, sub_verdict=verdict
        )
    return _from_answer_or_undecided(
        material,
        ctx,
        content,
        by_accumulation,
        verdict,
        "its own verdict is undetermined",
        verdict.missing_facts,
    )


def _from_answer_or_undecided(
    material: Material,
    ctx: EvalContext,
    content: Money,
    by_accumulation: bool,
    verdict: Verdict | None,
    missing: str,
    sub_questions: tuple[Question, ...],
) -> MaterialStanding:
    key = sub_assembly_key(ctx, material.line)
    answer = ctx.answer(key)
    if answer is True:
        reason = f"sub-assembly declared originating (answer to {key!r}); {missing}"
        return MaterialStanding(
            material, "originating", reason, ctx.cite("psr"), content, by_accumulation, verdict
        )
    if answer is False:
        reason = f"sub-assembly declared not originating (answer to {key!r}): its non-originating content {content} counts"
        return MaterialStanding(
            material, "non-originating", reason, ctx.cite("rvc"), content, sub_verdict=verdict
        )
    question = Question(
        key,
        f"Is sub-assembly {material.line} “{material.description}” ({dotted(material.hs_code[:6])}) originating? "
        f"{missing[0].upper()}{missing[1:]}.",
    )
    reason = f"sub-assembly undecided: {missing}; evaluated both as originating and with its non-originating content {content}"
    return MaterialStanding(
        material,
        "undecided",
        reason,
        ctx.cite("psr"),
        content,
        by_accumulation,
        verdict,
        (question, *sub_questions),
    )


def _capped(content: Money, value: Money) -> Money:
    # A material cannot add more non-originating value than its own value.
    return value if value < content else content
