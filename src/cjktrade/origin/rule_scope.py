"""Where a PSR applies (its HS scope), the PSR record, and the lookup of the rule for a good.

A PSR is written against one HS version (RCEP Annex 3A: HS2012, transposed by Korea to HS2022;
CPTPP Annex 4-A: HS2012), so every record keeps its ``hs_version``: a code of another version must
be transposed before it is looked up.

>>> scope = HsScope.parse("0304.31-0304.39")
>>> scope.level, str(scope), scope.contains("0304.32"), scope.contains("0304.41")
('range', '0304.31-0304.39', True, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from cjktrade.core.errors import InvalidCodeError
from cjktrade.hs.codes import normalise_code
from cjktrade.origin.rule_nodes import CODE_LEVELS, Rule, dotted

Derivation = Literal["automatic", "override", "unparsed"]


@dataclass(frozen=True)
class HsScope:
    """An HS chapter, heading or subheading, or an inclusive range of codes of one length."""

    first: str
    last: str

    def __post_init__(self) -> None:
        for code in (self.first, self.last):
            if not (code.isascii() and code.isdigit() and len(code) in CODE_LEVELS):
                raise InvalidCodeError(
                    f"HS scope code {code!r} must be 2, 4 or 6 digits, as in '01', '03.01', '0304.31'."
                )
        if len(self.first) != len(self.last) or self.last < self.first:
            raise InvalidCodeError(
                f"HS scope {self.first!r}-{self.last!r} is not an ascending range of one level."
            )

    @classmethod
    def parse(cls, text: str) -> HsScope:
        """Read ``01``, ``03.01``, ``0304.31``, ``0304.31-0304.39`` (dots optional)."""
        first, _, last = text.strip().partition("-")
        return cls(first.strip().replace(".", ""), (last or first).strip().replace(".", ""))

    @property
    def level(self) -> str:
        return CODE_LEVELS[len(self.first)] if self.first == self.last else "range"

    def contains(self, hs_code: str) -> bool:
        digits = normalise_code(hs_code)
        if len(digits) < len(self.first):
            return False  # a shorter code may span goods under different rules: never guess
        prefix = digits[: len(self.first)]
        return self.first <= prefix <= self.last

    def specificity(self) -> tuple[int, int]:
        """Longer codes first, then narrower ranges: subheading > range of subheadings > heading ..."""
        return len(self.first), -(int(self.last) - int(self.first))

    def __str__(self) -> str:
        single = dotted(self.first)
        return single if self.first == self.last else f"{single}-{dotted(self.last)}"


@dataclass(frozen=True)
class PsrRule:
    """One product-specific rule as the law states it, with the parsed tree beside the original words.

    ``rule`` is None when the wording could not be read (``derivation == "unparsed"``): such a rule is
    shown to the user as text and never evaluated. ``valid_from`` is None when the source gives no date.
    """

    agreement: str
    hs_version: str
    scope: HsScope
    rule: Rule | None
    original_text: str
    legal_source: str
    valid_from: date | None
    derivation: Derivation = "automatic"
    notes: tuple[str, ...] = ()

    @property
    def executable(self) -> bool:
        return self.rule is not None


class RuleIndex(Sequence[PsrRule]):
    """PSRs bucketed by chapter, so finding a good's rule looks at its chapter's rules only (a
    500-material BOM looks rules up for its sub-assemblies; a linear scan of 2,188 rules per lookup
    dominated the evaluation). It is a sequence of the same rules, in the same order."""

    def __init__(self, rules: Sequence[PsrRule]) -> None:
        self._rules = tuple(rules)
        buckets: dict[str, list[PsrRule]] = {}
        for rule in self._rules:
            for chapter in range(int(rule.scope.first[:2]), int(rule.scope.last[:2]) + 1):
                buckets.setdefault(f"{chapter:02d}", []).append(rule)
        self._buckets = {chapter: tuple(found) for chapter, found in buckets.items()}

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._rules[index]

    def candidates(self, hs_code: str) -> tuple[PsrRule, ...]:
        return self._buckets.get(normalise_code(hs_code)[:2], ())


def find_rule(rules: Sequence[PsrRule], hs_code: str) -> PsrRule | None:
    """The rule whose scope holds ``hs_code`` most specifically; None if no scope holds it.

    Subheading beats a range of subheadings, which beats heading, then chapter. A code shorter than
    the scopes (``"8507"`` against subheading rules) finds nothing rather than a guess. Among equally
    specific scopes the first in ``rules`` wins.

    >>> rules = [PsrRule("RCEP", "HS2022", HsScope.parse(s), None, "", "", None) for s in ("85", "8507.60")]
    >>> str(find_rule(rules, "8507.60.0000").scope), str(find_rule(rules, "8501.10").scope)
    ('8507.60', '85')
    """
    normalise_code(hs_code)
    best: PsrRule | None = None
    for candidate in rules.candidates(hs_code) if isinstance(rules, RuleIndex) else rules:
        if candidate.scope.contains(hs_code) and (
            best is None or candidate.scope.specificity() > best.scope.specificity()
        ):
            best = candidate
    return best
