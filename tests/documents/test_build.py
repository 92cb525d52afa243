"""Documents made from origin verdicts and shipment data; refusals with clear errors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cjktrade.core.errors import CurrencyMismatchError
from cjktrade.documents.build import build_subject
from cjktrade.documents.build_origin import rcep_code
from cjktrade.documents.errors import InvalidShipmentError, InvalidVerdictError, NotOriginatingError
from cjktrade.documents.models_invoice import CommercialInvoice
from cjktrade.documents.models_origin import (
    CptppCertificationOfOrigin,
    RcepCertificateOfOrigin,
    RcepDeclarationOfOrigin,
)
from cjktrade.documents.registry import document_type
from tests.documents import battery_bom, battery_verdict, cptpp_verdict, shipment

ON = date(2026, 5, 1)


def build(
    type_name: str,
    verdicts: list[dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
    **options: Any,
) -> Any:
    chosen = [battery_verdict()] if verdicts is None else verdicts
    return build_subject(document_type(type_name), chosen, data or shipment(), issued_on=ON, **options)


def test_build_certificate_battery_pack_boxes_from_verdict() -> None:
    certificate = build("rcep-certificate-of-origin")

    assert isinstance(certificate, RcepCertificateOfOrigin)
    item = certificate.items[0]
    assert (item.hs_code, item.origin_criterion, item.origin_criterion_code) == (
        "8507.60",
        "RVC40",
        "RVC, ACU",
    )
    assert item.country_of_origin == "KR"
    assert item.fob_value is not None and (item.fob_value.amount, item.fob_value.currency) == (
        "100.00",
        "USD",
    )
    rvc = item.origin_determination.regional_value_content
    assert rvc is not None and (rvc.percent, rvc.threshold, rvc.method) == ("80", "40", "build-down")
    assert certificate.issued_in == "KR" and certificate.importing_country == "JP"
    assert certificate.certification.date == ON
    assert "line 1833" in item.origin_determination.rule.legal_source


def test_build_certificate_default_criterion_is_verdicts_first() -> None:
    data = shipment()
    del data["items"][0]["claimCriterion"]
    item = build("rcep-certificate-of-origin", data=data).items[0]
    # CTSH is met first (Art. 3.2 order); box 12 shows no FOB where the RVC is not the criterion.
    assert (item.origin_criterion, item.origin_criterion_code, item.fob_value) == ("CTSH", "CTC, ACU", None)


def test_build_cost_build_up_holds_supplier_prices_from_bom() -> None:
    item = build("rcep-certificate-of-origin", boms=[battery_bom()]).items[0]
    costs = item.origin_determination.cost_build_up
    assert costs is not None and costs.materials is not None
    assert [(m.line, m.value.amount) for m in costs.materials] == [("1", "50.00"), ("2", "20.00")]
    assert costs.terms is not None and costs.terms["VNM"].amount == "20.00"
    assert (
        costs.originating_contributions is not None
        and costs.originating_contributions["CN"].amount == "50.00"
    )


def test_refuse_not_originating_verdict_with_remedies() -> None:
    with pytest.raises(NotOriginatingError, match="is not-originating under RCEP") as caught:
        build("rcep-certificate-of-origin", [battery_verdict(cumulation=False)])
    assert caught.value.hint and "accumulation" in caught.value.hint


def test_refuse_undetermined_verdict_listing_facts() -> None:
    verdict = battery_verdict() | {
        "status": "undetermined",
        "missing_facts": [{"key": "CR", "question": "Was there a chemical reaction?"}],
    }
    with pytest.raises(NotOriginatingError, match="Was there a chemical reaction"):
        build("rcep-declaration-of-origin", [verdict])


def test_refuse_claim_of_criterion_not_met() -> None:
    data = shipment()
    data["items"][0]["claimCriterion"] = "WO"
    with pytest.raises(
        InvalidShipmentError, match=r"'WO' is not a criterion the verdict found met \(CTSH, RVC40\)"
    ):
        build("rcep-certificate-of-origin", data=data)


def test_refuse_verdict_of_other_agreement() -> None:
    with pytest.raises(InvalidVerdictError, match="needs a RCEP verdict, not CPTPP"):
        build("rcep-certificate-of-origin", [cptpp_verdict()])


def test_refuse_verdict_for_other_importer() -> None:
    data = shipment()
    data["importer"]["address"]["addressCountry"] = "CN"
    with pytest.raises(InvalidShipmentError, match="import into JP, but the importer is in CN"):
        build("rcep-certificate-of-origin", data=data)


def test_refuse_shipment_retyping_hs_code() -> None:
    data = shipment()
    data["items"][0]["hsCode"] = "8507.80"
    with pytest.raises(InvalidShipmentError, match="hs_code comes from the verdict"):
        build("rcep-certificate-of-origin", data=data)


def test_refuse_verdict_dict_of_wrong_shape() -> None:
    with pytest.raises(InvalidVerdictError, match="missing status"):
        build("rcep-certificate-of-origin", [{"agreement": "RCEP"}])


def test_refuse_certificate_without_issuing_body() -> None:
    data = shipment()
    del data["issuingBody"]
    with pytest.raises(InvalidShipmentError, match=r"issuingBody is required.*box 16"):
        build("rcep-certificate-of-origin", data=data)


def test_refuse_shipment_naming_faulty_fields() -> None:
    data = shipment()
    data["exporter"]["address"]["addressCountry"] = "Korea"
    data["items"][0]["quantity"] = {"value": "two", "unitCode": "PCE"}
    with pytest.raises(InvalidShipmentError) as caught:
        build("rcep-certificate-of-origin", data=data)
    assert "exporter.address.addressCountry" in caught.value.message
    assert "items[0].quantity.value" in caught.value.message


def test_build_declaration_approved_exporter_carries_code() -> None:
    declaration = build("rcep-declaration-of-origin")
    assert isinstance(declaration, RcepDeclarationOfOrigin)
    assert declaration.approved_exporter_authorisation_code == "KR-AE-2024-00817"


def test_refuse_approved_exporter_declaration_without_code() -> None:
    data = shipment()
    del data["approvedExporterAuthorisationCode"]
    with pytest.raises(InvalidShipmentError, match=r"authorisation code \(RCEP Art. 3.19.2\(c\)\)"):
        build("rcep-declaration-of-origin", data=data)


def cptpp_shipment(**changes: Any) -> dict[str, Any]:
    importer = {
        "name": "Maple Mobility Inc.",
        "address": {"addressLocality": "Vancouver", "addressCountry": "CA"},
    }
    data = shipment(importer=importer, **changes)
    del data["items"][0]["claimCriterion"]
    return data


def test_build_cptpp_certification_criterion_c_for_tariff_shift() -> None:
    certification = build("cptpp-certification-of-origin", [cptpp_verdict()], cptpp_shipment())
    assert isinstance(certification, CptppCertificationOfOrigin)
    item = certification.items[0]
    assert (item.origin_criterion, item.origin_criterion_code, item.country_of_origin) == ("CTH", "C", "JP")
    assert (
        certification.certifier_role == "exporter"
        and certification.certifier.name == "Hanbit Energy Co., Ltd."
    )


def test_refuse_cptpp_blanket_period_over_twelve_months() -> None:
    data = cptpp_shipment(blanketPeriod={"start": "2026-01-01", "end": "2027-06-30"})
    with pytest.raises(InvalidShipmentError, match=r"blanketPeriod.*12 months"):
        build("cptpp-certification-of-origin", [cptpp_verdict()], data)


def test_build_invoice_totals_from_quantity_and_unit_price() -> None:
    invoice = build("commercial-invoice")
    assert isinstance(invoice, CommercialInvoice)
    line = invoice.lines[0]
    assert (line.line_total.amount, invoice.total.amount, invoice.total.currency) == (
        "20000.00",
        "20000.00",
        "USD",
    )
    assert line.preference_claim is not None and line.preference_claim.criterion == "RVC40"
    assert (line.hs_code, line.country_of_origin) == ("8507.60", "KR")


def test_build_invoice_without_verdicts_takes_hs_code_from_shipment() -> None:
    data = shipment()
    data["items"][0]["hsCode"] = "8507.60"
    invoice = build("commercial-invoice", [], data)
    assert invoice.lines[0].preference_claim is None and invoice.lines[0].hs_code == "8507.60"


def test_refuse_invoice_mixing_currencies() -> None:
    data = shipment()
    data["items"].append({"description": "Spare cells", "quantity": {"value": "1", "unitCode": "PCE"},
                          "unitPrice": {"amount": "1000", "currency": "JPY"}})  # fmt: skip
    with pytest.raises(CurrencyMismatchError):
        build("commercial-invoice", [], data)


@pytest.mark.parametrize(
    ("criterion", "accumulation", "de_minimis", "code"),
    [
        ("WO", False, False, "WO"),
        ("PE", False, False, "PE"),
        ("CTH", False, True, "CTC, DMI"),
        ("CTH and RVC40", True, False, "CTC, RVC, ACU"),
        ("CR", False, False, "CR"),
    ],
)
def test_rcep_code_for_criterion(criterion: str, accumulation: bool, de_minimis: bool, code: str) -> None:
    assert rcep_code(criterion, accumulation=accumulation, de_minimis=de_minimis) == code


def test_build_certificate_two_items_share_one_verdict() -> None:
    data = shipment()
    second = dict(data["items"][0], description="Spare battery packs", verdict=0)
    data["items"].append(second)
    certificate = build("rcep-certificate-of-origin", data=data)
    assert [(i.item_number, i.description) for i in certificate.items] == [
        (1, "Lithium-ion battery packs for electric bicycles"),
        (2, "Spare battery packs"),
    ]


def test_refuse_verdict_belonging_to_no_item() -> None:
    with pytest.raises(InvalidShipmentError, match=r"verdict\(s\) \[1\] belong to no item"):
        build("rcep-certificate-of-origin", [battery_verdict(), battery_verdict()])
