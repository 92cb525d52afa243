"""Use cases of rules of origin: show a product-specific rule, and check a bill of materials against
every agreement in force between the producer and the importer, ranked by the duty they save."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import CjktradeError, InvalidInputError, NotFoundError
from cjktrade.core.money import Money, money_json
from cjktrade.hs.codes import format_code, normalise_code
from cjktrade.origin import (
    BillOfMaterials,
    PsrRule,
    describe_en,
    evaluate,
    find_rule,
    format_rule,
    psr_from_row,
    read_bom,
)
from cjktrade.origin.evaluate import rule_lookup
from cjktrade.origin.rule_scope import RuleIndex
from cjktrade.refdata import loader
from cjktrade.services import tariff as tariff_service
from cjktrade.services.fx import as_of
from cjktrade.services.fx import convert as fx_convert
from cjktrade.tariff.decide import quote as tariff_quote
from cjktrade.tariff.registry import Agreement

RULE_DATASETS = {"RCEP": "rcep_psr", "CPTPP": "cptpp_psr"}
# Scenario agreements use RCEP's rules with full accumulation among their parties (issue on origin).
SCENARIO_RULES = "RCEP"


@cache
def _rules(agreement: str, data_version: str) -> RuleIndex:
    dataset = RULE_DATASETS[agreement]
    loader.require(dataset, f"{agreement} product-specific rules")
    return RuleIndex([psr_from_row(row) for row in loader.rows(dataset)])


def rules(agreement: str) -> RuleIndex:
    key = agreement.strip().upper()
    if key not in RULE_DATASETS:
        raise InvalidInputError(
            f"agreement {agreement!r}: product-specific rules are loaded for {', '.join(RULE_DATASETS)} only."
        )
    return _rules(key, loader.manifest_sha256())


def rule(hs: str, agreement: str = "RCEP") -> dict[str, Any]:
    """The rule for an HS code: canonical form, the source's own wording, plain English, source."""
    digits = normalise_code(hs)
    found = find_rule(rules(agreement), digits[:6])
    if found is None:
        raise NotFoundError(f"no {agreement.upper()} product-specific rule covers {format_code(digits)}.")
    return _rule_dict(found)


def _rule_dict(found: PsrRule) -> dict[str, Any]:
    return {
        "agreement": found.agreement,
        "hs_version": found.hs_version,
        "scope": str(found.scope),
        "canonical": format_rule(found.rule) if found.rule is not None else None,
        "source_wording": found.original_text,
        "english": describe_en(found.rule) if found.rule is not None else None,
        "legal_source": found.legal_source,
        "valid_from": found.valid_from.isoformat() if found.valid_from else None,
        "derivation": found.derivation,
        "notes": list(found.notes),
    }


def _kind(path: str) -> Literal["json", "csv", "xlsx"]:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ("json", "csv", "xlsx"):
        raise InvalidInputError(f"{path}: a BOM file is .json, .csv or .xlsx.")
    return suffix  # type: ignore[return-value]


def check_file(
    path: str | Path, to: str, on: str | date | None = None, scenario_file: str | Path | None = None
) -> dict[str, Any]:
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(f"BOM file {file} does not exist.")
    return check(read_bom(file.read_bytes(), _kind(str(file))), to, on, scenario_file)


def check_content(
    content: bytes | str, kind: Literal["json", "csv", "xlsx"], to: str, on: str | date | None = None
) -> dict[str, Any]:
    return check(read_bom(content, kind), to, on)


def check(
    bom: BillOfMaterials, to: str, on: str | date | None = None, scenario_file: str | Path | None = None
) -> dict[str, Any]:
    """Evaluate the BOM under every agreement in force between its producer and ``to``."""
    importer = resolve_country(to).alpha2
    producer = bom.product.producer_country
    if importer == producer:
        raise InvalidInputError(
            f"the producer and the importer are both {importer}: there is nothing to claim."
        )
    day = as_of(on)
    scenarios = tariff_service.load_scenarios(scenario_file)
    registry = tariff_service.registry().with_scenarios(s.agreement for s in scenarios)
    results = []
    for agreement in sorted(registry.agreements.values(), key=lambda a: a.id):
        if not {importer, producer} <= agreement.parties:
            continue
        start = agreement.entry_into_force(importer, producer)
        if start is not None and day < start:
            results.append(_entry(agreement, "not-in-force", reason=f"applies from {start.isoformat()}"))
            continue
        results.append(_evaluate_under(bom, agreement, importer, day, scenarios))
    ranked = sorted(results, key=_rank)
    return {
        "product": {
            "hs_code": bom.product.hs_code,
            "description": bom.product.description,
            "producer": producer,
        },
        "importer": importer,
        "date": day.isoformat(),
        "agreements": ranked,
        "best": next((r for r in ranked if r["status"] == "originating"), None),
        "data_version": loader.manifest_sha256()[:16],
    }


def _entry(agreement: Agreement, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "agreement": agreement.id,
        "name": agreement.name(),
        "scenario": agreement.scenario,
        "status": status,
        **extra,
    }


def _evaluate_under(
    bom: BillOfMaterials, agreement: Agreement, importer: str, day: date, scenarios: list[Any]
) -> dict[str, Any]:
    rule_set = SCENARIO_RULES if agreement.scenario else agreement.id
    if rule_set not in RULE_DATASETS:
        return _entry(
            agreement,
            "rules-not-loaded",
            reason=f"{agreement.name()}'s product-specific rules are not loaded",
        )
    try:
        loaded = rules(rule_set)
    except CjktradeError as missing:
        return _entry(agreement, "rules-not-loaded", reason=str(missing))
    found = find_rule(loaded, bom.product.hs6)
    if found is None:
        return _entry(
            agreement, "rules-not-loaded", reason=f"no {rule_set} rule covers {bom.product.hs_code}"
        )
    verdict = evaluate(
        bom,
        found,
        agreement_parties=agreement.parties,
        importer=importer,
        cumulation=True,
        rule_for=rule_lookup(loaded),
    )
    answer = verdict.as_dict()
    entry = _entry(agreement, answer["status"], rule=_rule_dict(found), verdict=answer)
    if agreement.scenario:
        entry["note"] = (
            f"SCENARIO, not law: {agreement.scenario_terms}; evaluated with RCEP's rules and full accumulation among {', '.join(sorted(agreement.parties))}"
        )
    if answer["status"] == "originating":
        origin = (answer.get("country_of_origin") or {}).get("party") or bom.product.producer_country
        entry["duty_saving"] = _saving(bom, agreement, importer, origin, day, scenarios)
    return entry


def _saving(
    bom: BillOfMaterials, agreement: Agreement, importer: str, origin: str, day: date, scenarios: list[Any]
) -> dict[str, Any]:
    """What the agreement saves on the product's line(s), from the tariff engine; in money on the FOB
    value converted at the ECB rate (an estimate: customs value is CIF)."""
    value = None
    currency = tariff_service.SCHEDULES[importer][1]
    try:
        converted = fx_convert(bom.product.fob.amount, bom.product.fob.currency, currency, day)
        value = Money(Decimal(converted["converted_exact"]), currency)
    except CjktradeError as error:
        note = f"no money estimate: {error}"
    else:
        note = "money estimated on the FOB value converted at the ECB rate (customs value is CIF: add freight and insurance)"
    try:
        ctx = tariff_service.context(importer, scenarios)
        answer = tariff_quote(
            ctx, bom.product.hs_code, importer=importer, origin=origin, as_of=day, customs_value=value
        )
    except CjktradeError as error:
        return {"error": str(error)}
    lines: list[dict[str, Any]] = []
    savings: list[Decimal] = []
    for line in answer.lines:
        mfn = next((c for c in line.candidates if c.status == "applies"), None)
        mine = [c for c in line.candidates if c.agreement is not None and c.agreement.id == agreement.id]
        usable = [c for c in mine if c.status == "eligible"]
        pref = (
            min(usable, key=lambda c: c.duty.amount if c.duty else c.percent or Decimal(0))
            if usable
            else None
        )
        lines.append(
            {
                "code": line.line.code,
                "mfn": None
                if mfn is None
                else {"label": mfn.label, "rate": mfn.expression, "duty": money_json(mfn.duty)},
                "preferential": None
                if pref is None
                else {"label": pref.label, "rate": pref.expression, "duty": money_json(pref.duty)},
                "reason": None
                if pref
                else (mine[0].reason if mine else "no column of this agreement for the origin"),
                "saving_points": _points(mfn, pref),
                "saving": money_json(mfn.duty - pref.duty)
                if mfn and pref and mfn.duty and pref.duty
                else None,
            }
        )
        if mfn and pref and mfn.duty and pref.duty:
            savings.append((mfn.duty - pref.duty).amount)
    best = max(savings, default=None)
    return {
        "importer": importer,
        "origin": origin,
        "lines": lines,
        "best_saving": None if best is None else {"amount": f"{best:f}", "currency": currency},
        "note": note,
    }


def _points(mfn: Any, pref: Any) -> str | None:
    if mfn is None or pref is None or mfn.percent is None or pref.percent is None:
        return None
    return f"{(mfn.percent - pref.percent).normalize():f}"


def _rank(entry: dict[str, Any]) -> tuple[int, Decimal]:
    order = {
        "originating": 0,
        "undetermined": 1,
        "not-originating": 2,
        "rules-not-loaded": 3,
        "not-in-force": 4,
    }
    saving = (entry.get("duty_saving") or {}).get("best_saving") or {}
    return order.get(entry["status"], 5), -Decimal(saving.get("amount", "0"))


def rules_report() -> dict[str, Any]:
    """Per agreement: rules compiled, executable automatically or via reviewed overrides, and the rest."""
    out: dict[str, Any] = {}
    for agreement, dataset in RULE_DATASETS.items():
        if not loader.has_dataset(dataset):
            out[agreement] = {"loaded": False}
            continue
        loaded = rules(agreement)
        by = {
            kind: sum(1 for r in loaded if r.derivation == kind)
            for kind in ("automatic", "override", "unparsed")
        }
        executable = by["automatic"] + by["override"]
        out[agreement] = {
            "loaded": True,
            "total": len(loaded),
            "executable": executable,
            "parsed_automatically": by["automatic"],
            "via_overrides": by["override"],
            "executable_percent": f"{Decimal(executable * 100) / len(loaded):.2f}",
            "unparsed": [
                {"scope": str(r.scope), "text": r.original_text} for r in loaded if r.derivation == "unparsed"
            ],
        }
    return out
