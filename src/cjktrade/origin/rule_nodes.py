"""The typed tree of a product-specific rule (PSR): frozen dataclasses, no behaviour beyond validation.

Node types and where the law defines them:

- ``WhollyObtained`` (WO): RCEP Art. 3.3; CPTPP Art. 3.3.
- ``ProducedExclusively`` (PE): produced entirely from originating materials (RCEP Art. 3.2(b)).
- ``TariffShift`` (CC / CTH / CTSH): a change in tariff classification of every non-originating
  material at chapter (2-digit), heading (4) or subheading (6) level, optionally "except from" some
  codes (RCEP Annex 3A headnotes; CPTPP Annex 4-A Section A).
- ``RegionalValueContent`` (RVC): a value threshold under one or more calculation methods (RCEP
  Art. 3.5: build-down or build-up at the exporter's choice; CPTPP Art. 3.5: build-down, build-up,
  net cost, focused value).
- ``ChemicalReaction`` (CR): RCEP Annex 3A.
- ``NamedProcess``: a production process the rule names ("cut or knit to shape ... and sewn"); only
  the user can say whether it took place.
- ``Requirement``: any other factual condition the rule states in words (a proviso such as "at least
  50% by weight of the active ingredients is originating"); answered by the user.
- ``ProductSplit``: a rule that differs by product description inside one HS scope ("1. of insects:
  ... 2. all other goods: ..."); the user says which description the good matches.
- ``And`` / ``Or``: all / any of the parts.

HS codes inside rules are digit strings of 2 (chapter), 4 (heading) or 6 (subheading) digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

from cjktrade.origin.rule_errors import RuleSyntaxError

ShiftLevel = Literal["chapter", "heading", "subheading"]
RvcMethod = Literal["build-down", "build-up", "net-cost", "focused-value"]

SHIFT_LEVELS: tuple[ShiftLevel, ...] = ("chapter", "heading", "subheading")
RVC_METHODS: tuple[RvcMethod, ...] = ("build-down", "build-up", "net-cost", "focused-value")
# RCEP Art. 3.5 lets the exporter choose the indirect (build-down) or direct (build-up) formula;
# a bare "RVC40" means exactly that choice.
DEFAULT_RVC_METHODS: tuple[RvcMethod, ...] = ("build-down", "build-up")
CODE_LEVELS = {2: "chapter", 4: "heading", 6: "subheading"}


def dotted(code: str) -> str:
    """Display form of an HS code: ``01``, ``12.11``, ``1211.20``.

    >>> dotted("121120"), dotted("1211"), dotted("01")
    ('1211.20', '12.11', '01')
    """
    if len(code) == 4:
        return f"{code[:2]}.{code[2:]}"
    if len(code) == 6:
        return f"{code[:4]}.{code[4:]}"
    return code


def percent_text(value: Decimal) -> str:
    """A threshold without trailing zeros or exponent: ``Decimal("40.0")`` -> ``"40"``."""
    return format(value.normalize(), "f")


def check_code(code: str) -> str:
    if not (code.isascii() and code.isdigit() and len(code) in CODE_LEVELS):
        raise RuleSyntaxError(f"HS code {code!r} must be 2, 4 or 6 digits (chapter, heading, subheading).")
    return code


@dataclass(frozen=True)
class HsRange:
    """One HS code or an inclusive range of codes of the same length, optionally narrowed by words.

    ``description`` keeps the source's own words where only part of the code is meant ("housings of
    subheading 8508.70"); it is never paraphrased.
    """

    first: str
    last: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        check_code(self.first)
        if self.last is not None:
            check_code(self.last)
            if len(self.last) != len(self.first) or self.last <= self.first:
                raise RuleSyntaxError(
                    f"HS range {self.first!r}..{self.last!r} must join two codes of the same length, "
                    "the second after the first."
                )
        if self.description is not None and not self.description.strip():
            raise RuleSyntaxError("an HS range description must not be blank; leave it out instead.")

    @property
    def level(self) -> str:
        return CODE_LEVELS[len(self.first)]


@dataclass(frozen=True)
class WhollyObtained:
    pass


@dataclass(frozen=True)
class ProducedExclusively:
    pass


@dataclass(frozen=True)
class ChemicalReaction:
    pass


@dataclass(frozen=True)
class TariffShift:
    level: ShiftLevel
    exceptions: tuple[HsRange, ...] = ()

    def __post_init__(self) -> None:
        if self.level not in SHIFT_LEVELS:
            raise RuleSyntaxError(f"tariff shift level {self.level!r} is not one of {SHIFT_LEVELS}.")


@dataclass(frozen=True)
class RegionalValueContent:
    """At least ``threshold`` percent under any one of ``methods``.

    ``focused_materials`` names the only non-originating materials the focused value method counts
    (CPTPP Art. 3.5); it is empty for the other methods.
    """

    threshold: Decimal
    methods: tuple[RvcMethod, ...] = DEFAULT_RVC_METHODS
    focused_materials: tuple[HsRange, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.threshold, Decimal) or not self.threshold.is_finite():
            raise RuleSyntaxError(f"RVC threshold {self.threshold!r} must be a finite Decimal.")
        if not Decimal(0) < self.threshold <= Decimal(100):
            raise RuleSyntaxError(f"RVC threshold {self.threshold} must be above 0 and at most 100 percent.")
        if not self.methods or any(m not in RVC_METHODS for m in self.methods):
            raise RuleSyntaxError(
                f"RVC methods {self.methods!r} must be a non-empty subset of {RVC_METHODS}."
            )
        if len(set(self.methods)) != len(self.methods):
            raise RuleSyntaxError(f"RVC methods {self.methods!r} repeat a method.")
        if self.focused_materials and "focused-value" not in self.methods:
            raise RuleSyntaxError("focused materials only make sense with the focused-value method.")


@dataclass(frozen=True)
class NamedProcess:
    text: str

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise RuleSyntaxError("a named process needs its wording.")


@dataclass(frozen=True)
class Requirement:
    text: str

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise RuleSyntaxError("a requirement needs its wording.")


@dataclass(frozen=True)
class And:
    parts: tuple[Rule, ...]

    def __post_init__(self) -> None:
        if len(self.parts) < 2:
            raise RuleSyntaxError("'and' joins at least two rules.")


@dataclass(frozen=True)
class Or:
    parts: tuple[Rule, ...]

    def __post_init__(self) -> None:
        if len(self.parts) < 2:
            raise RuleSyntaxError("'or' joins at least two rules.")


@dataclass(frozen=True)
class ProductCase:
    description: str
    rule: Rule

    def __post_init__(self) -> None:
        if not self.description.strip():
            raise RuleSyntaxError("a product case needs its description.")


@dataclass(frozen=True)
class ProductSplit:
    """The rule of each case whose description the good matches; ``otherwise`` for all other goods.

    ``otherwise`` is None where the source gives no rule for the remaining goods of the scope.
    """

    cases: tuple[ProductCase, ...]
    otherwise: Rule | None = None

    def __post_init__(self) -> None:
        if not self.cases:
            raise RuleSyntaxError("a product split needs at least one described case.")


Rule: TypeAlias = (
    WhollyObtained
    | ProducedExclusively
    | ChemicalReaction
    | TariffShift
    | RegionalValueContent
    | NamedProcess
    | Requirement
    | And
    | Or
    | ProductSplit
)
