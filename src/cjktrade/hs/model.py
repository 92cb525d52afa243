"""Typed values of the HS layer: nomenclature nodes, national lines, search hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjktrade.hs.codes import format_code

COUNTRY_LANG = {"JP": "ja", "KR": "ko", "CN": "zh"}


@dataclass(frozen=True, slots=True)
class HsNode:
    """A section-less HS 2022 node (chapter, heading or subheading) with descriptions by language."""

    code: str
    kind: str  # chapter | heading | subheading
    parent: str | None
    section: str
    descriptions: dict[str, str]

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "display_code": self.display_code,
            "kind": self.kind,
            "parent": self.parent,
            "section": self.section,
            "descriptions": self.descriptions,
        }


@dataclass(frozen=True, slots=True)
class NationalLine:
    """A national tariff line: CN 8-digit, JP 9-digit or KR 10-digit."""

    country: str
    code: str
    descriptions: dict[str, str]
    parents: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def hs6(self) -> str:
        return self.code[:6]

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "code": self.code,
            "display_code": self.display_code,
            "hs6": self.hs6,
            "descriptions": self.descriptions,
            "parents": list(self.parents),
            **({"extra": self.extra} if self.extra else {}),
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """One indexed description that the full-text stage found for a query.

    ``text_compact``, ``context_compact`` and ``tokens`` are computed once, when the index is built,
    with ``cjktrade.hs.text.compact`` and ``tokens`` (of text and context together).
    """

    entity: str  # "HS:850760", "JP:850760000", ...
    lang: str
    text: str
    text_compact: str
    context_compact: str
    tokens: frozenset[str]
    bm25: float  # FTS5 rank: lower is better

    @classmethod
    def of(cls, entity: str, lang: str, text: str, context: str = "", bm25: float = 0.0) -> Candidate:
        from cjktrade.hs.text import compact, tokens

        return cls(
            entity, lang, text, compact(text), compact(context), frozenset(tokens(text + " " + context)), bm25
        )


@dataclass(frozen=True, slots=True)
class SearchHit:
    entity: str
    lang: str | None
    text: str
    match: str  # code | exact | phrase | partial
    score: float

    @property
    def country(self) -> str | None:
        prefix = self.entity.split(":", 1)[0]
        return None if prefix == "HS" else prefix

    @property
    def code(self) -> str:
        return self.entity.split(":", 1)[1]
