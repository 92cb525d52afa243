"""Agreements and the meaning of schedule columns, as typed values built from the compiled registry.

Pure: the rows are handed in (``refdata.loader.rows("agreements")``). An agreement applies between
an importer and an origin on a date when both are parties and it is in force for both on that date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MFN_REGIMES = ("general", "temporary", "wto", "mfn")


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    names: Mapping[str, str]
    parties: frozenset[str]
    in_force: Mapping[str, date]  # country -> date; "*" for every party
    in_force_verified: bool
    in_force_source: str
    proofs: tuple[str, ...]
    proofs_verified: bool
    scenario: bool = False
    scenario_terms: str | None = None

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get("en") or self.id

    def entry_into_force(self, importer: str, origin: str) -> date | None:
        """The date from which the agreement applies between the two parties (None: not known)."""
        dates = []
        for party in (importer, origin):
            when = self.in_force.get(party) or self.in_force.get("*")
            if when is None:
                return None
            dates.append(when)
        return max(dates)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name(),
            "names": dict(self.names),
            "parties": sorted(self.parties),
            "scenario": self.scenario,
            "scenario_terms": self.scenario_terms,
            "in_force": {k: v.isoformat() for k, v in self.in_force.items()},
            "in_force_verified": self.in_force_verified,
            "in_force_source": self.in_force_source,
            "proofs_of_origin": list(self.proofs),
            "proofs_verified": self.proofs_verified,
        }


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """What one column of an importer's schedule is: its regime, agreement and eligible origins."""

    importer: str
    column: str
    regime: str  # general | temporary | wto | mfn | gsp | ldc | preferential
    label: str
    agreement: str | None = None
    origins: frozenset[str] = field(default_factory=frozenset)
    origins_unknown: str | None = None
    not_open_to: frozenset[str] = field(default_factory=frozenset)
    source: str = ""

    def open_to(self, origin: str) -> bool | None:
        """True/False when eligibility is known; None when the beneficiary list is not loaded."""
        if origin in self.not_open_to:
            return False
        if self.origins_unknown:
            return None
        return origin in self.origins


@dataclass(frozen=True)
class Registry:
    agreements: Mapping[str, Agreement]
    columns: Mapping[tuple[str, str], ColumnSpec]
    _by_importer: dict[str, tuple[ColumnSpec, ...]] = field(default_factory=dict, compare=False, repr=False)
    _by_origin: dict[tuple[str, str], tuple[list[ColumnSpec], list[ColumnSpec], int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Registry:
        agreements: dict[str, Agreement] = {}
        columns: dict[tuple[str, str], ColumnSpec] = {}
        for row in rows:
            if row["kind"] == "agreement":
                agreements[row["id"]] = Agreement(
                    id=row["id"],
                    names=dict(row["names"]),
                    parties=frozenset(row["parties"]),
                    in_force={k: date.fromisoformat(v) for k, v in row["in_force"].items()},
                    in_force_verified=bool(row.get("in_force_verified")),
                    in_force_source=row.get("in_force_source", "background knowledge (unverified)"),
                    proofs=tuple(row.get("proofs", ())),
                    proofs_verified=bool(row.get("proofs_verified", row.get("proofs_source") is not None)),
                )
            elif row["kind"] == "column":
                columns[(row["importer"], row["column"])] = ColumnSpec(
                    importer=row["importer"],
                    column=row["column"],
                    regime=row["regime"],
                    label=row.get("label") or _default_label(row),
                    agreement=row.get("agreement"),
                    origins=frozenset(row.get("origins", ())),
                    origins_unknown=row.get("origins_unknown"),
                    not_open_to=frozenset(row.get("not_open_to", ())),
                    source=row.get("source", ""),
                )
        return cls(agreements, columns)

    def columns_of(self, importer: str) -> tuple[ColumnSpec, ...]:
        cached = self._by_importer.get(importer)
        if cached is None:
            cached = tuple(spec for (imp, _), spec in self.columns.items() if imp == importer)
            self._by_importer[importer] = cached
        return cached

    def columns_for(self, importer: str, origin: str) -> tuple[list[ColumnSpec], list[ColumnSpec], int]:
        """The MFN-type columns, the preferential columns open (or maybe open) to the origin, and how
        many are closed to it; worked out once per importer and origin."""
        key = (importer, origin)
        if key not in self._by_origin:
            specs = self.columns_of(importer)
            mfn = [s for s in specs if s.regime in MFN_REGIMES]
            others = [s for s in specs if s.regime not in MFN_REGIMES]
            open_specs = [s for s in others if s.open_to(origin) is not False]
            self._by_origin[key] = (mfn, open_specs, len(others) - len(open_specs))
        return self._by_origin[key]

    def with_scenarios(self, scenarios: Iterable[Agreement]) -> Registry:
        merged = dict(self.agreements)
        for scenario in scenarios:
            merged[scenario.id] = scenario
        return Registry(merged, self.columns)


def _default_label(row: Mapping[str, Any]) -> str:
    agreement = row.get("agreement")
    return f"{agreement} ({row['column']})" if agreement else str(row["column"])
