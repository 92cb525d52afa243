"""Walking a rule tree over one BOM level: each node passes, fails or is undetermined.

"or" passes if any part passes (the exporter chooses), "and" fails if any part fails; a product
split evaluates every case the answers leave open and agrees only when they all agree. Facts only
the user can give (a named process, a stated condition, a chemical reaction, which case of a split)
come from ``answers``; unanswered, they become questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cjktrade.origin.bom import BillOfMaterials
from cjktrade.origin.eval_context import EvalContext
from cjktrade.origin.eval_materials import MaterialStanding, describe
from cjktrade.origin.eval_rvc import evaluate_rvc
from cjktrade.origin.eval_shift import evaluate_shift
from cjktrade.origin.rule_nodes import (
    And,
    ChemicalReaction,
    NamedProcess,
    Or,
    ProducedExclusively,
    ProductSplit,
    RegionalValueContent,
    Requirement,
    Rule,
    TariffShift,
    WhollyObtained,
)
from cjktrade.origin.rule_text import format_rule
from cjktrade.origin.verdict import (
    DeMinimisTest,
    MaterialRef,
    Outcome,
    Question,
    Remedy,
    RvcComputation,
    Step,
)

ANSWER_WHOLLY_OBTAINED = "WO"
ANSWER_CHEMICAL_REACTION = "CR"


@dataclass
class NodeResult:
    outcome: Outcome
    criterion: str | None = None
    questions: list[Question] = field(default_factory=list)
    remedies: list[Remedy] = field(default_factory=list)
    met: list[str] = field(default_factory=list)


def any_of(results: Sequence[NodeResult]) -> NodeResult:
    passed = [r for r in results if r.outcome == "pass"]
    remedies = [m for r in results for m in r.remedies]
    if passed:
        return NodeResult(
            "pass", passed[0].criterion, met=list(dict.fromkeys(m for r in passed for m in r.met))
        )
    if all(r.outcome == "fail" for r in results):
        return NodeResult("fail", remedies=remedies)
    questions = [q for r in results if r.outcome == "undetermined" for q in r.questions]
    return NodeResult("undetermined", questions=questions, remedies=remedies)


def all_of(results: Sequence[NodeResult]) -> NodeResult:
    failed = [r for r in results if r.outcome == "fail"]
    if failed:
        return NodeResult("fail", remedies=[m for r in failed for m in r.remedies])
    if all(r.outcome == "pass" for r in results):
        criterion = " and ".join(r.criterion or "" for r in results)
        return NodeResult("pass", criterion, met=[criterion])
    return NodeResult("undetermined", questions=[q for r in results for q in r.questions])


class RuleWalk:
    """One evaluation of one BOM level: walks the rule, collecting steps and figures."""

    def __init__(
        self, bom: BillOfMaterials, ctx: EvalContext, standings: tuple[MaterialStanding, ...]
    ) -> None:
        self.bom = bom
        self.ctx = ctx
        self.standings = standings
        self.producer = bom.product.producer_country
        self.steps: list[Step] = []
        self.rvc: list[RvcComputation] = []
        self.de_minimis: list[DeMinimisTest] = []
        self.blockers: dict[str, MaterialRef] = {}
        self.de_minimis_applied = False

    def node(self, rule: Rule) -> NodeResult:
        if isinstance(rule, Or):
            return any_of([self.node(part) for part in rule.parts])
        if isinstance(rule, And):
            return all_of([self.node(part) for part in rule.parts])
        if isinstance(rule, WhollyObtained):
            return self.wholly_obtained()
        if isinstance(rule, ProducedExclusively):
            return self.produced_exclusively()
        if isinstance(rule, TariffShift):
            return self.tariff_shift(rule)
        if isinstance(rule, RegionalValueContent):
            return self.regional_value(rule)
        if isinstance(rule, ChemicalReaction):
            question = f"Did a chemical reaction take place in {self.producer} in producing the good?"
            return self.ask(ANSWER_CHEMICAL_REACTION, question, "CR")
        if isinstance(rule, NamedProcess):
            question = f"Did the process “{rule.text}” take place in {self.producer}?"
            return self.ask(rule.text, question, format_rule(rule))
        if isinstance(rule, Requirement):
            return self.ask(rule.text, f"Is the condition “{rule.text}” met?", format_rule(rule))
        return self.split(rule)

    def ask(self, text: str, question: str, criterion: str) -> NodeResult:
        key = f"{self.ctx.path}{text}"
        answer = self.ctx.answer(key)
        article = self.ctx.cite("psr")
        if answer is None:
            self.steps.append(Step(article, f"{criterion}: {question} Not answered.", "undetermined"))
            return NodeResult("undetermined", questions=[Question(key, question)])
        self.steps.append(
            Step(article, f"{criterion}: answered {'yes' if answer else 'no'}.", "pass" if answer else "fail")
        )
        if answer:
            return NodeResult("pass", criterion, met=[criterion])
        return NodeResult(
            "fail", remedies=[Remedy(criterion, f"{criterion} is not met: {question} (answered no).")]
        )

    def wholly_obtained(self) -> NodeResult:
        article = self.ctx.cite("wholly-obtained")
        declared = self.bom.product.wholly_obtained
        if declared is None:
            declared = self.ctx.answer(f"{self.ctx.path}{ANSWER_WHOLLY_OBTAINED}")
        if declared is not None:
            verb = "declared" if declared else "declared not"
            self.steps.append(
                Step(
                    article,
                    f"WO: the good is {verb} wholly obtained in {self.producer}.",
                    "pass" if declared else "fail",
                )
            )
            return NodeResult("pass", "WO", met=["WO"]) if declared else NodeResult("fail")
        others = [s.line for s in self.standings if s.may_be_non_originating]
        if others:
            text = f"WO: not wholly obtained — (possibly) non-originating materials: {', '.join(others)}."
            self.steps.append(Step(article, text, "fail"))
            return NodeResult("fail")
        question = (
            f"Is the good wholly obtained or produced in {self.producer}? (set product.wholly_obtained)"
        )
        self.steps.append(Step(article, f"WO: {question} Not declared.", "undetermined"))
        return NodeResult(
            "undetermined", questions=[Question(f"{self.ctx.path}{ANSWER_WHOLLY_OBTAINED}", question)]
        )

    def produced_exclusively(self) -> NodeResult:
        article = self.ctx.cite("produced-exclusively")
        counted = [s for s in self.standings if s.standing != "disregarded"]
        non = [s.line for s in counted if s.standing == "non-originating"]
        undecided = [s for s in counted if s.standing == "undecided"]
        if not counted:
            self.steps.append(Step(article, "PE: the BOM lists no materials.", "fail"))
            return NodeResult("fail")
        if non:
            self.steps.append(Step(article, f"PE: non-originating materials: {', '.join(non)}.", "fail"))
            remedy = Remedy("PE", f"PE needs materials {', '.join(non)} to be originating.", tuple(non))
            return NodeResult("fail", remedies=[remedy])
        if undecided:
            text = f"PE: depends on sub-assemblies {', '.join(s.line for s in undecided)}."
            self.steps.append(Step(article, text, "undetermined"))
            return NodeResult("undetermined", questions=[q for s in undecided for q in s.questions])
        self.steps.append(Step(article, "PE: every material is originating.", "pass"))
        return NodeResult("pass", "PE", met=["PE"])

    def tariff_shift(self, rule: TariffShift) -> NodeResult:
        shift = evaluate_shift(rule, self.bom, self.standings, self.ctx)
        self.steps.extend(shift.steps)
        for blocker in shift.blockers:
            self.blockers.setdefault(blocker.line, blocker)
        if shift.de_minimis is not None:
            self.de_minimis.append(shift.de_minimis)
        self.de_minimis_applied |= shift.de_minimis_applied
        if shift.outcome == "pass":
            return NodeResult("pass", shift.criterion, met=[shift.criterion])
        return NodeResult(shift.outcome, questions=shift.questions, remedies=shift.remedies)

    def regional_value(self, rule: RegionalValueContent) -> NodeResult:
        rvc = evaluate_rvc(rule, self.bom, self.standings, self.ctx)
        self.steps.extend(rvc.steps)
        self.rvc.extend(rvc.computations)
        if rvc.outcome == "pass":
            return NodeResult("pass", rvc.criterion, met=[rvc.criterion])
        return NodeResult(rvc.outcome, questions=rvc.questions, remedies=rvc.remedies)

    def split(self, rule: ProductSplit) -> NodeResult:
        article = self.ctx.cite("psr")
        keys = [f"{self.ctx.path}{case.description}" for case in rule.cases]
        answers = [self.ctx.answer(key) for key in keys]
        chosen = [case for case, answer in zip(rule.cases, answers, strict=True) if answer is True]
        if chosen:
            self.steps.append(Step(article, f"Product split: the good is “{chosen[0].description}”."))
            return self.node(chosen[0].rule)
        open_cases = [
            (case, key) for case, key, a in zip(rule.cases, keys, answers, strict=True) if a is None
        ]
        results: list[NodeResult] = []
        for case, _ in open_cases:
            self.steps.append(
                Step(
                    article, f"Product split, if the good is “{case.description}”: {format_rule(case.rule)}."
                )
            )
            results.append(self.node(case.rule))
        if rule.otherwise is not None:
            self.steps.append(
                Step(article, f"Product split, for any other good: {format_rule(rule.otherwise)}.")
            )
            results.append(self.node(rule.otherwise))
        else:
            self.steps.append(
                Step(
                    article, "Product split: the rule gives no criterion for any other good.", "undetermined"
                )
            )
            results.append(NodeResult("undetermined"))
        if all(r.outcome == "pass" for r in results):
            criteria = list(dict.fromkeys(r.criterion or "" for r in results))
            return NodeResult("pass", " / ".join(criteria), met=criteria)
        if all(r.outcome == "fail" for r in results):
            return NodeResult("fail", remedies=[m for r in results for m in r.remedies])
        questions = [Question(key, f"Is the good “{case.description}”?") for case, key in open_cases]
        questions += [q for r in results for q in r.questions]
        return NodeResult(
            "undetermined", questions=questions, remedies=[m for r in results for m in r.remedies]
        )

    def material_steps(self) -> None:
        for standing in self.standings:
            outcome: Outcome = "undetermined" if standing.standing == "undecided" else "info"
            self.steps.append(
                Step(standing.article, f"{describe(standing.material)}: {standing.reason}.", outcome)
            )
