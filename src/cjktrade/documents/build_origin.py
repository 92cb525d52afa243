"""Origin items (RCEP Form boxes 6-12, CPTPP Annex 3-B elements 6-7) from verdicts and shipment items.

Box 10 carries the Form RCEP code of the criterion — WO, PE, CTC (a change of chapter, heading or
subheading), RVC, CR — with ACU when the good relies on accumulation (Art. 3.4) and DMI when de
minimis was applied (Art. 3.7) [Form RCEP overleaf notes, secondary]. CPTPP certifications name the
Art. 3.2 paragraph the good meets: A wholly obtained, B exclusively from originating materials,
C the product-specific rule (the letters are customary, not prescribed by Annex 3-B).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from cjktrade.documents.errors import InvalidShipmentError, InvalidVerdictError
from cjktrade.documents.models_common import Amount
from cjktrade.documents.models_origin import (
    CostBuildUp,
    DeMinimisFigures,
    MaterialLine,
    OriginDetermination,
    OriginItem,
    RegionalValueContent,
    RuleApplied,
)
from cjktrade.documents.models_shipment import ShipmentItem
from cjktrade.documents.verdict_view import VerdictView

_SHIFT = re.compile(r"^(CC|CTH|CTSH)\b")


def criterion_parts(criterion: str) -> list[str]:
    """``CTH and RVC40`` → ``['CTH', 'RVC40']``."""
    return [p.strip() for p in re.split(r"\s+and\s+|\s*\+\s*", criterion) if p.strip()]


def rcep_code(criterion: str, *, accumulation: bool, de_minimis: bool) -> str:
    """The Form RCEP box 10 code: ``rcep_code('CTSH', accumulation=True, de_minimis=False)`` → ``'CTC, ACU'``."""
    codes: list[str] = []
    for part in criterion_parts(criterion):
        if part in ("WO", "PE", "CR"):
            codes.append(part)
        elif _SHIFT.match(part):
            codes.append("CTC")
        elif part.startswith("RVC"):
            codes.append("RVC")
        else:
            codes.append(part)  # a named process: its own words, since the form has no code for it
    codes += ["ACU"] * accumulation + ["DMI"] * de_minimis
    return ", ".join(dict.fromkeys(codes))


def cptpp_code(criterion: str) -> str:
    return {"WO": "A", "PE": "B"}.get(criterion, "C")


def origin_item(
    number: int,
    verdict: VerdictView,
    item: ShipmentItem,
    *,
    where: str,
    materials: list[MaterialLine] | None,
) -> OriginItem:
    """One item; ``materials`` (from the BOM) join the selectively disclosable cost build-up."""
    verdict.require_originating()
    criterion = item.claim_criterion or verdict.text("criterion")
    if criterion not in verdict.criteria_met:
        raise InvalidShipmentError(
            f"{where}.claimCriterion {criterion!r} is not a criterion the verdict found met "
            f"({', '.join(verdict.criteria_met)}): claim one of those."
        )
    rvc = verdict.passing_rvc(criterion)
    agreement = verdict.agreement
    if agreement == "RCEP":
        code = rcep_code(
            criterion,
            accumulation=verdict.relies_on_accumulation,
            de_minimis=bool(verdict.data["de_minimis_applied"]),
        )
        country = _rcep_country(verdict)
    else:
        code, country = cptpp_code(criterion), verdict.text("producer_country")
    return OriginItem(
        item_number=number,
        marks_and_numbers=item.marks_and_numbers,
        packages=item.packages,
        description=item.description,
        hs_code=verdict.hs_subheading,
        origin_criterion=criterion,
        origin_criterion_code=code,
        country_of_origin=country,
        quantity=item.quantity,
        # Box 12: the FOB value is shown where the RVC is the criterion applied.
        fob_value=_fob(verdict, rvc) if rvc is not None else None,
        origin_determination=_determination(verdict, criterion, rvc, materials),
    )


def _rcep_country(verdict: VerdictView) -> str:
    country = verdict.country_of_origin
    if country is None or not isinstance(country.get("party"), str):
        raise InvalidVerdictError(
            f"{verdict.where}: an originating RCEP verdict names its RCEP country of origin (Art. 2.6): "
            "country_of_origin.party is missing."
        )
    return str(country["party"])


def _fob(verdict: VerdictView, rvc: Mapping[str, Any]) -> Amount:
    terms = rvc.get("terms")
    if isinstance(terms, Mapping) and "FOB" in terms:
        return verdict.amount(terms["FOB"], "rvc.terms.FOB")
    return verdict.amount(rvc.get("denominator"), "rvc.denominator")


def _determination(
    verdict: VerdictView, criterion: str, rvc: Mapping[str, Any] | None, materials: list[MaterialLine] | None
) -> OriginDetermination:
    rule = verdict.data["rule"]
    try:
        applied = RuleApplied.model_validate(
            {
                k: rule.get(k)
                for k in ("agreement", "scope", "hs_version", "canonical", "original_text", "legal_source")
            }
        )
    except (AttributeError, ValueError):
        raise InvalidVerdictError(
            f"{verdict.where}: rule is not a rule reference: {json.dumps(rule)[:120]}"
        ) from None
    importer, producer = verdict.text("importer"), verdict.text("producer_country")
    return OriginDetermination(
        agreement=verdict.agreement,
        rule=applied,
        criterion=criterion,
        criteria_met=verdict.criteria_met,
        regional_value_content=_rvc_result(rvc) if rvc is not None else None,
        accumulation_applied=bool(verdict.data["accumulation_applied"]),
        de_minimis_applied=bool(verdict.data["de_minimis_applied"]),
        producer_country=producer,
        importing_party=importer,
        cost_build_up=_cost_build_up(verdict, rvc, materials),
    )


def _rvc_result(rvc: Mapping[str, Any]) -> RegionalValueContent:
    return RegionalValueContent(
        criterion=str(rvc["criterion"]),
        method=str(rvc["method"]),
        percent=str(rvc["percent"]),
        threshold=str(rvc["threshold"]),
        formula=str(rvc["formula"]),
        article=str(rvc["article"]),
    )


def _cost_build_up(
    verdict: VerdictView, rvc: Mapping[str, Any] | None, materials: list[MaterialLine] | None
) -> CostBuildUp:
    country = verdict.country_of_origin or {}
    needs = [str(n) for n in country.get("needs") or []]
    return CostBuildUp(
        fob=verdict.any_fob(),
        regional_value=verdict.amount(rvc["numerator"], "rvc.numerator")
        if rvc and rvc.get("numerator")
        else None,
        terms=verdict.amounts(rvc.get("terms"), "rvc.terms") if rvc else None,
        non_originating_value=verdict.amount(verdict.data["non_originating_value"], "non_originating_value"),
        value_added_in_country_of_origin=(
            verdict.amount(country["value_added"], "country_of_origin.value_added")
            if country.get("value_added")
            else None
        ),
        originating_contributions=verdict.amounts(
            country.get("originating_contributions"), "originating_contributions"
        ),
        de_minimis=_de_minimis(verdict) or None,
        materials=materials,
        explanation=verdict.explanation() or None,
        country_of_origin_notes=needs or None,
    )


def _de_minimis(verdict: VerdictView) -> list[DeMinimisFigures]:
    if not verdict.data["de_minimis_applied"]:
        return []
    return [
        DeMinimisFigures(
            criterion=str(t["criterion"]),
            materials=[str(m) for m in t["materials"]],
            value=verdict.amount(t["value"], "de_minimis.value"),
            fob=verdict.amount(t["fob"], "de_minimis.fob"),
            value_percent=str(t["value_percent"]),
            limit_percent=str(t["limit_percent"]),
        )
        for t in verdict.data.get("de_minimis") or []
        if isinstance(t, Mapping) and t.get("value_passed")
    ]
