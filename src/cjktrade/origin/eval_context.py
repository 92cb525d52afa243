"""What one evaluation is run with (agreement, parties, options, answers), and the articles it cites.

Articles are cited for RCEP (Chapter 3 and Art. 2.6); for any other agreement the citation names the
topic and says the article is not mapped, rather than borrowing RCEP's numbering.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from decimal import Decimal

from cjktrade.origin.rule_scope import PsrRule

RCEP_ARTICLES = {
    "originating": "RCEP Art. 3.2",
    "wholly-obtained": "RCEP Art. 3.2(a), 3.3",
    "produced-exclusively": "RCEP Art. 3.2(b)",
    "psr": "RCEP Art. 3.2(c), Annex 3A",
    "accumulation": "RCEP Art. 3.4",
    "rvc": "RCEP Art. 3.5",
    "minimal-operations": "RCEP Art. 3.6",
    "de-minimis": "RCEP Art. 3.7",
    "packing": "RCEP Art. 3.8",
    "country-of-origin": "RCEP Art. 2.6",
}


@dataclass(frozen=True)
class EvalContext:
    """The settings of one evaluation; ``path`` prefixes answer keys inside sub-BOMs (``"2/"``)."""

    agreement: str
    parties: frozenset[str]
    importer: str
    cumulation: bool
    de_minimis_percent: Decimal
    textile_weight_chapters: Container[int]
    rule_for: Callable[[str], PsrRule | None] | None
    answers: Mapping[str, bool]
    path: str = ""

    def cite(self, topic: str) -> str:
        if self.agreement.upper() == "RCEP":
            return RCEP_ARTICLES[topic]
        if topic == "de-minimis":
            # The limit is a figure: say whose it is, since this agreement's own is not loaded.
            return (
                f"{self.agreement} (de minimis; article not mapped: evaluated with the "
                f"{self.de_minimis_percent}% limit and textile rule of {RCEP_ARTICLES[topic]})"
            )
        return f"{self.agreement} ({topic.replace('-', ' ')}; article not mapped)"

    def counted_parties(self, producer: str) -> frozenset[str]:
        """Where a material must originate to count as originating in ``producer`` (Art. 3.4)."""
        return self.parties if self.cumulation else frozenset({producer})

    def answer(self, key: str) -> bool | None:
        return self.answers.get(key)
