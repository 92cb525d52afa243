"""Use case: the landed cost of a shipment, with the tariff engine and exchange rates wired in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import Money
from cjktrade.landed_cost.compute import DutyDecision, DutyOracle, FxOracle, quote
from cjktrade.landed_cost.model import Shipment, ShipmentLine, parse_shipment
from cjktrade.landed_cost.regimes import CountryRegime
from cjktrade.refdata import loader
from cjktrade.refdata.ecb import ecb_table
from cjktrade.services import fx as fx_service
from cjktrade.services import tariff as tariff_service
from cjktrade.tariff.decide import Candidate, TariffQuote
from cjktrade.tariff.decide import quote as tariff_quote


@cache
def _regimes(data_version: str) -> dict[str, CountryRegime]:
    loader.require("landed_cost", "a landed-cost quote")
    return {row["country"]: CountryRegime.from_row(row) for row in loader.rows("landed_cost")}


def regime(country: str) -> CountryRegime:
    regimes = _regimes(loader.manifest_sha256())
    if country not in regimes:
        raise InvalidInputError(f"importer {country}: landed cost is computed for CN, JP and KR.")
    return regimes[country]


def _decision(candidate: Candidate, importer: str) -> DutyDecision:
    assert candidate.duty is not None
    return DutyDecision(
        candidate.id,
        candidate.label,
        candidate.regime,
        candidate.expression or candidate.raw,
        candidate.duty,
        candidate.source,
        candidate.conditions,
        candidate.notes,
        bool(candidate.agreement and candidate.agreement.scenario),
    )


def duty_oracle(importer: str, *, memoise: bool = True) -> DutyOracle:
    """The duty of a line from the tariff engine. A quote computes the shipment three times
    (as declared, best agreement, MFN only) on the same customs values, so each line's tariff
    answer is memoised for the quote (``memoise=False`` is the benchmark's baseline)."""
    ctx = tariff_service.context(importer)
    answers: dict[tuple[Any, ...], TariffQuote] = {}

    def tariff_answer(
        line: ShipmentLine, value: Money, quantity: Mapping[str, Decimal], on: date
    ) -> TariffQuote:
        key = (line.code, line.origin, value, tuple(sorted(quantity.items())), on)
        if memoise and key in answers:
            return answers[key]
        units: dict[str, Decimal] = {}
        for unit, amount in quantity.items():
            units.update(tariff_service.unit_quantities(amount, unit))
        answer = tariff_quote(
            ctx,
            line.code,
            importer=importer,
            origin=line.origin,
            as_of=on,
            customs_value=value,
            quantity=units,
        )
        answers[key] = answer
        return answer

    def decide(
        line: ShipmentLine, value: Money, quantity: Mapping[str, Decimal], prefer: bool, on: date
    ) -> DutyDecision:
        answer = tariff_answer(line, value, quantity, on)
        if len(answer.lines) != 1:
            codes = ", ".join(
                q.line.display_code + (f" [{q.line.variant}]" if q.line.variant else "") for q in answer.lines
            )
            raise InvalidInputError(
                f"{line.code} covers several {importer} lines ({codes}); give the national line."
            )
        quoted = answer.lines[0]
        if line.regime:
            chosen = next((c for c in quoted.candidates if c.id == line.regime), None)
            if chosen is None or not chosen.competes or chosen.duty is None:
                reason = "not a candidate for this line" if chosen is None else chosen.reason
                raise InvalidInputError(f"regime {line.regime!r} cannot be used: {reason}.")
            return _decision(chosen, importer)
        mfn = next((c for c in quoted.candidates if c.status == "applies"), None)
        chosen = quoted.best if prefer else mfn
        if chosen is None or chosen.duty is None:
            options = "; ".join(
                f"{c.label}: {c.reason}" for c in quoted.candidates if c.status in ("applies", "needs-choice")
            )
            raise InvalidInputError(f"the duty cannot be computed without a choice ({options}).")
        return _decision(chosen, importer)

    return decide


def fx_oracle(shipment: Shipment) -> FxOracle:
    supplied = {(r.from_currency, r.to_currency): r for r in shipment.rates}

    def convert(amount: Money, target: str, on: date) -> tuple[Money, dict[str, Any]]:
        direct = supplied.get((amount.currency, target))
        inverse = supplied.get((target, amount.currency))
        given = direct or inverse
        if given is not None:
            rate = given.rate if direct else 1 / given.rate
            record = {
                "from": amount.currency,
                "to": target,
                "rate": f"{rate:f}",
                "rate_date": on.isoformat(),
                "source": given.source,
            }
            return Money(amount.amount * rate, target), record
        answer = fx_service.convert(amount.amount, amount.currency, target, on)
        record = {k: answer[k] for k in ("from", "to", "rate", "rate_date", "source", "note")}
        return Money(Decimal(answer["converted_exact"]), target), record

    return convert


def quote_shipment(data: str | bytes | dict[str, Any] | Shipment, *, memoise: bool = True) -> dict[str, Any]:
    """The landed cost of a shipment given as JSON text or a mapping (schema: docs/landed-cost.md)."""
    shipment = data if isinstance(data, Shipment) else parse_shipment(data)
    importer = resolve_country(shipment.importer).alpha2
    country_regime = regime(importer)
    versions = {
        "reference_data": loader.manifest_sha256()[:16],
        "landed_cost_regimes": loader.manifest()["datasets"]["landed_cost"]["outputs"][0]["sha256"][:16],
        "exchange_rates": ecb_table().source,
    }
    oracle = duty_oracle(importer, memoise=memoise)
    result = quote(shipment, country_regime, duty=oracle, fx=fx_oracle(shipment), data_versions=versions)
    return result.as_dict()


def quote_file(path: str | Path) -> dict[str, Any]:
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(f"shipment file {file} does not exist.")
    return quote_shipment(file.read_bytes())
