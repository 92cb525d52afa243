"""The cross-section a structural gravity scenario runs on: a square table of trade flows.

Countries are in a fixed order; every matrix has exporters as rows and importers as columns, and
includes the domestic (intranational) flow on the diagonal, as structural gravity needs
(Yotov et al. 2016, Ch. 1, "intra-national trade flows").

>>> codes = ("AAA", "BBB", "CCC")
>>> data = GravityData.from_records(
...     [PairRecord(e, i, 10.0 if e == i else 1.0, 12.0, 12.0, {"international": float(e != i)}, "")
...      for e in codes for i in codes]
... )
>>> data.countries, data.trade[0].tolist()
(('AAA', 'BBB', 'CCC'), [10.0, 1.0, 1.0])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from cjktrade.core.errors import InvalidInputError, NotFoundError

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# The trade-cost proxies of the peer's documented example (gegravity README) and of Yotov et al.
# (2016, Ch. 1): distance, contiguity, common language, a preferential trade agreement, and the
# international-border term that separates foreign from domestic flows.
DEFAULT_COST_VARIABLES: tuple[str, ...] = ("lndist", "contiguity", "common_language", "pta", "international")


@dataclass(frozen=True, slots=True)
class PairRecord:
    """One (exporter, importer) row of the input; ``where`` names its place for error messages."""

    exporter: str
    importer: str
    trade: float
    output: float  # Y of the exporter
    expenditure: float  # E of the importer
    covariates: Mapping[str, float]
    where: str


@dataclass(frozen=True)
class GravityData:
    countries: tuple[str, ...]
    trade: FloatArray
    output: FloatArray
    expenditure: FloatArray
    covariates: Mapping[str, FloatArray] = field(default_factory=dict)
    year: int | None = None
    source: str = ""

    def __post_init__(self) -> None:
        n = len(self.countries)
        if n < 3:
            raise InvalidInputError(f"gravity data needs at least 3 countries; got {n}.")
        if len(set(self.countries)) != n:
            raise InvalidInputError("gravity data lists a country twice.")
        for name, matrix in (("trade", self.trade), *self.covariates.items()):
            if matrix.shape != (n, n) or not np.all(np.isfinite(matrix)):
                raise InvalidInputError(f"{name}: expected a finite {n}×{n} matrix.")
        if np.any(self.trade < 0):
            raise InvalidInputError("trade flows must not be negative.")
        for name, vector in (("output (Y)", self.output), ("expenditure (E)", self.expenditure)):
            if vector.shape != (n,) or not np.all(np.isfinite(vector)) or np.any(vector <= 0):
                raise InvalidInputError(f"{name} must be positive for every country.")
        object.__setattr__(self, "covariates", MappingProxyType(dict(self.covariates)))

    @property
    def size(self) -> int:
        return len(self.countries)

    def index(self, country: str) -> int:
        try:
            return self.countries.index(country)
        except ValueError:
            raise NotFoundError(
                f"country {country!r} is not in the gravity data.",
                hint=f"Countries in the data: {', '.join(self.countries)}.",
            ) from None

    def covariate(self, name: str) -> FloatArray:
        if name not in self.covariates:
            raise InvalidInputError(
                f"trade-cost variable {name!r} is not in the gravity data.",
                hint=f"Variables present: {', '.join(sorted(self.covariates)) or 'none'}.",
            )
        return self.covariates[name]

    def pair_mask(self, members: Iterable[str]) -> BoolArray:
        """True for every international pair whose exporter and importer are both members."""
        chosen = np.zeros(self.size, dtype=bool)
        for country in members:
            chosen[self.index(country)] = True
        mask: BoolArray = np.outer(chosen, chosen) & ~np.eye(self.size, dtype=bool)
        return mask

    @classmethod
    def from_records(
        cls, records: Iterable[PairRecord], *, year: int | None = None, source: str = ""
    ) -> GravityData:
        """Assemble the square matrices; every pair must appear exactly once."""
        rows = list(records)
        if not rows:
            raise InvalidInputError("gravity data is empty.")
        countries = tuple(sorted({r.exporter for r in rows} | {r.importer for r in rows}))
        position = {c: k for k, c in enumerate(countries)}
        n = len(countries)
        names = sorted(rows[0].covariates)
        trade = np.full((n, n), np.nan)
        covariates = {name: np.full((n, n), np.nan) for name in names}
        output = _country_values(rows, "exporter", "output", "Y", position)
        expenditure = _country_values(rows, "importer", "expenditure", "E", position)
        seen: dict[tuple[int, int], str] = {}
        for row in rows:
            key = (position[row.exporter], position[row.importer])
            if key in seen:
                raise InvalidInputError(
                    f"{row.where}: pair {row.exporter}→{row.importer} already given at {seen[key]}."
                )
            seen[key] = row.where
            if sorted(row.covariates) != names:
                raise InvalidInputError(f"{row.where}: expected the variables {', '.join(names)}.")
            trade[key] = row.trade
            for name in names:
                covariates[name][key] = row.covariates[name]
        missing = [(countries[i], countries[j]) for i in range(n) for j in range(n) if (i, j) not in seen]
        if missing:
            shown = ", ".join(f"{e}→{i}" for e, i in missing[:8])
            raise InvalidInputError(
                f"gravity data is not square: {len(missing)} exporter→importer pairs are missing ({shown}"
                f"{', …' if len(missing) > 8 else ''}).",
                hint="Give every pair, including each country's domestic flow (exporter = importer).",
            )
        return cls(countries, trade, output, expenditure, covariates, year, source)


def _country_values(
    rows: list[PairRecord], side: str, attribute: str, label: str, position: Mapping[str, int]
) -> FloatArray:
    """Y (by exporter) or E (by importer): one value per country, repeated on its rows."""
    values = np.full(len(position), np.nan)
    first: dict[str, PairRecord] = {}
    for row in rows:
        country: str = getattr(row, side)
        value: float = getattr(row, attribute)
        if country in first and getattr(first[country], attribute) != value:
            raise InvalidInputError(
                f"{row.where}: {label} of {country} is {value:g}, but {first[country].where} gives "
                f"{getattr(first[country], attribute):g}; {label} must be the same on every row of a country."
            )
        first.setdefault(country, row)
        values[position[country]] = value
    absent = [c for c, k in position.items() if np.isnan(values[k])]
    if absent:
        raise InvalidInputError(f"no {label} for {', '.join(absent)} (it never appears as {side}).")
    return values
