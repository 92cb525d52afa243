"""The answer of the origin evaluator: status, criterion met, the figures, the steps, what is missing.

Every figure in a ``Verdict`` carries its formula and article; ``Verdict.as_dict()`` is JSON-ready
(``Decimal`` as strings, ``Money`` as ``{"amount": "...", "currency": "..."}``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from cjktrade.core.money import Money
from cjktrade.core.steps import step_lines
from cjktrade.origin.rule_nodes import RvcMethod

Status = Literal["originating", "not-originating", "undetermined"]
Outcome = Literal["pass", "fail", "undetermined", "info"]


@dataclass(frozen=True)
class Step:
    """One step of the explanation: the article applied, what was found (with figures), the outcome."""

    article: str
    text: str
    outcome: Outcome = "info"


QuestionKind = Literal["answer", "bom", "rule"]


@dataclass(frozen=True)
class Question:
    """A fact the evaluator needs.

    ``kind`` says how to give it: ``answer`` — pass ``answers[key] = True/False`` to ``evaluate``;
    ``bom`` — complete the BOM field that ``key`` names; ``rule`` — the rule itself cannot be
    evaluated (its wording was not read): decide by hand from the original text.
    """

    key: str
    question: str
    kind: QuestionKind = "answer"


@dataclass(frozen=True)
class Remedy:
    """What would make the good qualify under one criterion: the materials to change or the money needed."""

    criterion: str
    text: str
    materials: tuple[str, ...] = ()
    amount: Money | None = None


@dataclass(frozen=True)
class MaterialRef:
    """A material named in a verdict (e.g. one that blocks the tariff shift) and why."""

    line: str
    description: str
    hs_code: str
    value: Money
    reason: str


@dataclass(frozen=True)
class RvcComputation:
    """One RVC method: ``numerator / denominator × 100 = percent`` against ``threshold``.

    ``passed`` is None when the method could not be decided: ``not_computable`` then says what it
    needs, or ``note`` says which undecided materials the result depends on. ``shortfall`` is the
    regional value still needed to reach the threshold. ``upper_bound_percent`` is set when the
    figure itself was not computable but can be bounded (see ``cjktrade.origin.eval_rvc``).
    """

    method: RvcMethod
    criterion: str
    threshold: Decimal
    formula: str
    article: str
    numerator: Money | None = None
    denominator: Money | None = None
    percent: Decimal | None = None
    terms: tuple[tuple[str, Money], ...] = ()
    passed: bool | None = None
    shortfall: Money | None = None
    upper_bound_percent: Decimal | None = None
    not_computable: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DeMinimisTest:
    """RCEP Art. 3.7: non-originating materials failing the shift as a share of FOB (or of weight)."""

    criterion: str
    materials: tuple[str, ...]
    limit_percent: Decimal
    value: Money
    fob: Money
    value_percent: Decimal
    value_passed: bool
    weight_kg: Decimal | None = None
    product_weight_kg: Decimal | None = None
    weight_percent: Decimal | None = None
    weight_passed: bool | None = None
    weight_note: str | None = None


@dataclass(frozen=True)
class CountryOfOrigin:
    """RCEP Art. 2.6: the Party where the good gained origin, with the facts its tests may still need."""

    party: str
    basis: str
    value_added: Money
    originating_contributions: tuple[tuple[str, Money], ...] = ()
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleRef:
    """The PSR applied: canonical text, the source's own words and the legal source."""

    agreement: str
    scope: str
    hs_version: str
    canonical: str | None
    original_text: str
    legal_source: str


@dataclass(frozen=True)
class Verdict:
    """Whether the good is originating under ``rule``, and why.

    ``criterion`` is the first criterion met (Art. 3.2 order: WO, PE, then the PSR in its own order);
    ``criteria_met`` lists them all. ``missing_facts`` is non-empty exactly when ``status`` is
    ``undetermined``. ``to_pass`` says what would make a good that does not qualify qualify.
    ``without_accumulation`` is the same evaluation without Art. 3.4, given when accumulation was used.
    """

    status: Status
    agreement: str
    importer: str
    product_hs_code: str
    producer_country: str
    rule: RuleRef
    criterion: str | None
    criteria_met: tuple[str, ...]
    steps: tuple[Step, ...]
    rvc: tuple[RvcComputation, ...]
    de_minimis: tuple[DeMinimisTest, ...]
    shift_blockers: tuple[MaterialRef, ...]
    missing_facts: tuple[Question, ...]
    to_pass: tuple[Remedy, ...]
    country_of_origin: CountryOfOrigin | None
    accumulation_applied: bool
    de_minimis_applied: bool
    non_originating_value: Money
    sub_assemblies: tuple[tuple[str, Verdict], ...] = ()
    without_accumulation: Verdict | None = None

    @property
    def is_originating(self) -> bool:
        return self.status == "originating"

    def explain(self) -> str:
        """The steps as numbered lines of text."""
        return "\n".join(step_lines(dataclasses.asdict(s) for s in self.steps))

    def as_dict(self) -> dict[str, Any]:
        result = {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}
        result["sub_assemblies"] = {line: verdict.as_dict() for line, verdict in self.sub_assemblies}
        return result


def _is_named_pair(item: object) -> bool:
    return isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)


def jsonable(value: object) -> object:
    """A JSON-ready copy: dataclasses as dicts, Decimal as str, Money as amount + currency, tuples as
    lists — except tuples of ``(name, value)`` pairs (RVC terms, contributions), which become objects."""
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Verdict):
        return value.as_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and value and all(_is_named_pair(item) for item in value):
        return {item[0]: jsonable(item[1]) for item in value}
    if isinstance(value, tuple | list):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
