"""The origin evaluator: does the good of a BOM qualify as originating under a product-specific rule?

Pure: typed values in, a ``Verdict`` out; no I/O. The good is originating if it is wholly obtained
(WO), produced exclusively from originating materials (PE) or meets its PSR (RCEP Art. 3.2), unless
only minimal operations were performed on it (Art. 3.6). Each part of the rule evaluates to pass,
fail or undetermined; "or" passes if any part passes, "and" fails if any part fails, and an
undetermined result lists the facts it needs (``Verdict.missing_facts``) rather than guessing.

Facts only the user can give — a named process, a stated condition, which description of a split
rule the good matches, a chemical reaction — are passed as ``answers``: a mapping from the question's
key to True/False. Keys: the requirement's or process's own text, the split case's description,
``"CR"`` for a chemical reaction, ``"WO"`` for "wholly obtained" (or set ``Product.wholly_obtained``);
inside a sub-BOM each key is prefixed with the path of lines (``"2/"``). Every question in a verdict
carries its key.

The worked case of ``docs/bom-format.md`` (a Korean battery pack, RCEP ``CTSH or RVC40``) is in
``tests/origin/test_evaluate.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Container, Mapping, Sequence
from decimal import Decimal

from cjktrade.core.countries import get_country
from cjktrade.core.errors import InvalidInputError, UnknownCountryError
from cjktrade.origin.bom import BillOfMaterials
from cjktrade.origin.eval_context import EvalContext
from cjktrade.origin.eval_country import rcep_country_of_origin
from cjktrade.origin.eval_figures import percent_text
from cjktrade.origin.eval_materials import MaterialStanding, assess_materials, non_originating_content
from cjktrade.origin.eval_tree import (
    ANSWER_CHEMICAL_REACTION,
    ANSWER_WHOLLY_OBTAINED,
    NodeResult,
    RuleWalk,
    any_of,
)
from cjktrade.origin.rule_nodes import Or, dotted
from cjktrade.origin.rule_scope import PsrRule, RuleIndex, find_rule
from cjktrade.origin.rule_text import format_rule
from cjktrade.origin.verdict import (
    CountryOfOrigin,
    Outcome,
    Question,
    Remedy,
    RuleRef,
    Status,
    Step,
    Verdict,
)

RuleLookup = Callable[[str], PsrRule | None]

__all__ = ["ANSWER_CHEMICAL_REACTION", "ANSWER_WHOLLY_OBTAINED", "RuleLookup", "evaluate", "rule_lookup"]


def evaluate(
    bom: BillOfMaterials,
    rule: PsrRule,
    *,
    agreement_parties: frozenset[str],
    importer: str,
    cumulation: bool = True,
    de_minimis_percent: Decimal = Decimal(10),
    textile_weight_chapters: Container[int] = range(50, 64),
    rule_for: RuleLookup | None = None,
    answers: Mapping[str, bool] | None = None,
) -> Verdict:
    """The origin verdict of ``bom``'s good under ``rule`` (a PSR of ``rule.agreement``).

    ``agreement_parties``: the Parties (ISO alpha-2) of the agreement; ``importer``: the importing
    Party. ``cumulation``: count materials originating in any Party as originating (RCEP Art. 3.4).
    ``de_minimis_percent``: the Art. 3.7 limit, of FOB — and of weight for goods of the chapters in
    ``textile_weight_chapters``. ``rule_for`` finds the rule of a sub-assembly's HS code (see
    ``rule_lookup``); without it, sub-assemblies are undecided. ``answers``: see the module docstring.
    """
    _check_options(rule, agreement_parties, importer, de_minimis_percent)
    ctx = EvalContext(
        agreement=rule.agreement,
        parties=frozenset(p.strip().upper() for p in agreement_parties),
        importer=importer.strip().upper(),
        cumulation=cumulation,
        de_minimis_percent=de_minimis_percent,
        textile_weight_chapters=textile_weight_chapters,
        rule_for=rule_for,
        answers=dict(answers or {}),
    )
    return _evaluate(bom, rule, ctx, compare=True)


def rule_lookup(rules: Sequence[PsrRule]) -> RuleLookup:
    """A ``rule_for`` over a list of PSRs (e.g. ``psr_from_row`` of ``loader.rows("rcep_psr")``)."""
    chosen = rules if isinstance(rules, RuleIndex) else RuleIndex(rules)

    def lookup(hs_code: str) -> PsrRule | None:
        return find_rule(chosen, hs_code)

    return lookup


def _check_options(
    rule: PsrRule, parties: frozenset[str], importer: str, de_minimis_percent: Decimal
) -> None:
    """Check the options; raise naming the faulty one."""
    if not parties:
        raise InvalidInputError(
            f"agreement_parties is empty: give the Parties of {rule.agreement} (ISO alpha-2)."
        )
    for code in sorted({*parties, importer}):
        if get_country(code) is None:
            raise UnknownCountryError(f"{code!r} is not an ISO 3166 alpha-2 country code (e.g. CN, JP, KR).")
    if not isinstance(de_minimis_percent, Decimal) or not Decimal(0) <= de_minimis_percent <= Decimal(100):
        raise InvalidInputError(f"de_minimis_percent {de_minimis_percent!r} must be a Decimal from 0 to 100.")


def _evaluate_sub(bom: BillOfMaterials, rule: PsrRule, ctx: EvalContext) -> Verdict:
    if rule.agreement.upper() != ctx.agreement.upper():
        raise InvalidInputError(
            f"rule_for gave a {rule.agreement} rule ({rule.scope}) for a sub-assembly of a {ctx.agreement} "
            f"evaluation: give it the {ctx.agreement} rules."
        )
    return _evaluate(bom, rule, ctx, compare=False)


def _evaluate(bom: BillOfMaterials, psr: PsrRule, ctx: EvalContext, *, compare: bool) -> Verdict:
    product = bom.product
    if not psr.scope.contains(product.hs_code):
        raise InvalidInputError(
            f"the {psr.agreement} rule for {psr.scope} does not cover the good's code {dotted(product.hs6)}: "
            "look the rule up with find_rule."
        )
    standings = assess_materials(bom, ctx, _evaluate_sub)
    run = RuleWalk(bom, ctx, standings)
    canonical = None if psr.rule is None else format_rule(psr.rule)
    run.steps.append(
        Step(
            ctx.cite("psr"),
            f"Good {dotted(product.hs6)} “{product.description}”, produced in {product.producer_country}, FOB "
            f"{product.fob}; {psr.agreement} rule for {psr.scope} ({psr.hs_version}): {canonical or 'not readable'} "
            f"— “{psr.original_text}” [{psr.legal_source}].",
        )
    )
    early = _early_exit(run, product.producer_country, product.minimal_operations)
    if early is not None:
        return _verdict(run, psr, early, compare)
    run.material_steps()
    wholly = run.wholly_obtained()
    exclusively = run.produced_exclusively()
    if psr.rule is None:
        question = Question(
            "rule",
            f"The rule's wording could not be read into the rule language: “{psr.original_text}”. Decide it by hand.",
            "rule",
        )
        run.steps.append(Step(ctx.cite("psr"), question.question, "undetermined"))
        rule_result = NodeResult("undetermined", questions=[question])
    elif isinstance(psr.rule, Or):
        rule_result = any_of([run.node(part) for part in psr.rule.parts])
    else:
        rule_result = run.node(psr.rule)
    overall = any_of([wholly, exclusively, rule_result])
    overall.remedies = rule_result.remedies if overall.outcome != "pass" else []
    if overall.outcome != "pass" and not ctx.cumulation:
        overall.remedies.extend(_accumulation_remedy(bom, ctx))
    return _verdict(run, psr, overall, compare)


def _early_exit(run: RuleWalk, producer: str, minimal_operations: tuple[str, ...]) -> NodeResult | None:
    ctx = run.ctx
    if producer not in ctx.parties:
        text = f"The good is produced in {producer}, which is not a Party to {ctx.agreement}: it cannot originate."
        run.steps.append(Step(ctx.cite("originating"), text, "fail"))
        remedy = Remedy("origin", f"Produce the good in a Party to {ctx.agreement}.")
        return NodeResult("fail", remedies=[remedy])
    if minimal_operations:
        text = (
            f"Only minimal operations were declared ({'; '.join(minimal_operations)}): they never confer origin, "
            "whatever the rule says."
        )
        run.steps.append(Step(ctx.cite("minimal-operations"), text, "fail"))
        remedy = Remedy(
            "minimal operations",
            f"The production in {producer} must go beyond minimal operations ({ctx.cite('minimal-operations')}).",
        )
        return NodeResult("fail", remedies=[remedy])
    return None


def _accumulation_remedy(bom: BillOfMaterials, ctx: EvalContext) -> list[Remedy]:
    producer = bom.product.producer_country
    lines = [
        m.line
        for m in bom.materials
        if m.status == "originating"
        and (m.originating_under or "").upper() == ctx.agreement.upper()
        and m.origin_country in ctx.parties - {producer}
    ]
    if not lines:
        return []
    text = (
        f"Materials {', '.join(lines)} are declared originating in other Parties: with accumulation "
        f"({ctx.cite('accumulation')}) they count as originating in {producer} (evaluate with cumulation=True)."
    )
    return [Remedy("accumulation", text, tuple(lines))]


_STATUS: dict[Outcome, Status] = {
    "pass": "originating",
    "fail": "not-originating",
    "undetermined": "undetermined",
}


def _verdict(run: RuleWalk, psr: PsrRule, result: NodeResult, compare: bool) -> Verdict:
    ctx, bom = run.ctx, run.bom
    status = _STATUS[result.outcome]
    questions = list({q.key: q for q in result.questions}.values()) if status == "undetermined" else []
    accumulated = [s for s in run.standings if s.by_accumulation and s.standing == "originating"]
    without = None
    if compare and accumulated:
        without = _evaluate(bom, psr, dataclasses.replace(ctx, cumulation=False), compare=False)
        run.steps.append(Step(ctx.cite("accumulation"), _comparison_text(accumulated, without)))
    country = None
    if status == "originating" and ctx.agreement.upper() == "RCEP":
        country = rcep_country_of_origin(bom, run.standings, ctx)
        run.steps.append(Step(ctx.cite("country-of-origin"), _country_text(country, ctx)))
    if ctx.importer not in ctx.parties:
        text = f"The importer {ctx.importer} is not a Party to {ctx.agreement}: no preference can be claimed there."
        run.steps.append(Step(ctx.cite("originating"), text))
    run.steps.append(Step(ctx.cite("originating"), _conclusion(status, result, questions), _FINAL[status]))
    canonical = None if psr.rule is None else format_rule(psr.rule)
    return Verdict(
        status=status,
        agreement=ctx.agreement,
        importer=ctx.importer,
        product_hs_code=bom.product.hs_code,
        producer_country=bom.product.producer_country,
        rule=RuleRef(
            psr.agreement, str(psr.scope), psr.hs_version, canonical, psr.original_text, psr.legal_source
        ),
        criterion=result.criterion if status == "originating" else None,
        criteria_met=tuple(result.met) if status == "originating" else (),
        steps=tuple(run.steps),
        rvc=tuple(run.rvc),
        de_minimis=tuple(run.de_minimis),
        shift_blockers=tuple(run.blockers.values()),
        missing_facts=tuple(questions),
        to_pass=tuple(result.remedies) if status != "originating" else (),
        country_of_origin=country,
        accumulation_applied=bool(accumulated),
        de_minimis_applied=run.de_minimis_applied and status == "originating",
        non_originating_value=non_originating_content(run.standings, bom.currency),
        sub_assemblies=tuple((s.line, s.sub_verdict) for s in run.standings if s.sub_verdict is not None),
        without_accumulation=without,
    )


_FINAL: dict[Status, Outcome] = {
    "originating": "pass",
    "not-originating": "fail",
    "undetermined": "undetermined",
}


def _conclusion(status: Status, result: NodeResult, questions: list[Question]) -> str:
    if status == "originating":
        others = [c for c in result.met if c != result.criterion]
        also = f" (also met: {', '.join(others)})" if others else ""
        return f"Originating: {result.criterion} is met{also}."
    if status == "not-originating":
        return "Not originating: no criterion is met."
    return f"Undetermined: {len(questions)} fact(s) needed — " + " ".join(q.question for q in questions)


def _comparison_text(accumulated: list[MaterialStanding], without: Verdict) -> str:
    lines = ", ".join(s.line for s in accumulated)
    text = f"Without accumulation, materials {lines} would be non-originating and the good {without.status}"
    blockers = [f"{b.line} ({dotted(b.hs_code[:6])}: {b.reason})" for b in without.shift_blockers]
    if blockers:
        text += f"; the tariff shift would be blocked by {', '.join(blockers)}"
    figures = [f"{c.method} {percent_text(c.percent)}%" for c in without.rvc if c.percent is not None]
    if figures:
        text += f"; RVC {', '.join(figures)}"
    return text + "."


def _country_text(country: CountryOfOrigin, ctx: EvalContext) -> str:
    text = f"RCEP country of origin: {country.party} ({country.basis})"
    if country.needs:
        text += "; to confirm: " + "; ".join(country.needs)
    return text + f". Importer: {ctx.importer}."
