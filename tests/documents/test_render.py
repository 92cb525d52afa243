"""PDF rendering: each language, and a QR code that decodes to something that verifies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjktrade.documents.credential import present
from cjktrade.documents.render_qr import qr_content
from cjktrade.services import documents as service
from cjktrade.services.documents import Workspace
from tests.documents import (
    ISSUED_AT,
    PASSPHRASE,
    SUPPLIER_PRICES,
    VERIFIED_AT,
    issued_certificate,
    make_workspace,
    new_issuer,
    small_invoice_shipment,
)

pdfium = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    workspace = make_workspace(tmp_path_factory.mktemp("home"))
    new_issuer(workspace, web_host="trade.example.com")
    return workspace


@pytest.fixture(scope="module")
def certificate(ws: Workspace) -> dict[str, Any]:
    return issued_certificate(ws)


def page_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def qr_codes(pdf: bytes, scale: float = 4.0) -> list[str]:
    """Rasterise each page (288 dpi) and decode every QR code on it."""
    document = pdfium.PdfDocument(pdf)
    found: list[str] = []
    for i in range(len(document)):
        image = document[i].render(scale=scale).to_pil()
        found += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    return found


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["CERTIFICATE OF ORIGIN", "Form RCEP", "Origin criterion"]),
        ("zh-Hans", ["原产地证书", "区域全面经济伙伴关系协定", "原产地标准"]),
        ("ja", ["原産地証明書", "地域的な包括的経済連携協定", "原産性基準"]),
        ("ko", ["원산지증명서", "역내포괄적경제동반자협정", "원산지결정기준"]),
    ],
)
def test_render_certificate_in_language(
    ws: Workspace, certificate: dict[str, Any], language: str, words: list[str]
) -> None:
    rendered = service.render_document(certificate["credential"], language=language, ws=ws)
    text = page_text(rendered["pdf"])
    assert rendered["pdf"].startswith(b"%PDF-")
    for word in [*words, "KR-RCEP-2026-000123", "8507.60", "RVC, ACU", "FOB 100.00 USD"]:
        assert word in text, word
    assert not any(price in text for price in SUPPLIER_PRICES)


def test_render_large_credential_qr_carries_verification_url(
    ws: Workspace, certificate: dict[str, Any]
) -> None:
    rendered = service.render_document(certificate["credential"], ws=ws)
    assert rendered["qr"] == "url"
    assert qr_codes(rendered["pdf"]) == [certificate["documentUrl"]]


def test_render_small_credential_qr_carries_verifiable_credential(ws: Workspace) -> None:
    issued = service.issue_document(
        "commercial-invoice",
        [],
        small_invoice_shipment(),
        issuer="kcci",
        passphrase=PASSPHRASE,
        ws=ws,
        now=ISSUED_AT,
    )
    rendered = service.render_document(issued["credential"], ws=ws)
    assert rendered["qr"] == "credential" and rendered["language"] == "ja"
    assert "商業インボイス" in page_text(rendered["pdf"])
    (carried,) = qr_codes(rendered["pdf"])
    assert carried == issued["credential"]
    assert service.verify_document(carried, ws=ws, now=VERIFIED_AT)["verified"]


def test_render_prints_public_part_only(ws: Workspace, certificate: dict[str, Any]) -> None:
    revealed = present(
        certificate["credential"], ["credentialSubject.items[*].originDetermination.costBuildUp"]
    )
    text = page_text(service.render_document(revealed, ws=ws)["pdf"])
    assert "KR-RCEP-2026-000123" in text and "8507.60" in text  # the public part is there
    assert "Lithium-ion cells" not in text and not any(price in text for price in SUPPLIER_PRICES)


@pytest.mark.parametrize("type_name", ["rcep-declaration-of-origin", "commercial-invoice"])
def test_render_other_documents(ws: Workspace, type_name: str) -> None:
    from tests.documents import battery_verdict, shipment

    issued = service.issue_document(type_name, [battery_verdict()], shipment(language="ko"), issuer="kcci",
                                    passphrase=PASSPHRASE, ws=ws, now=ISSUED_AT)  # fmt: skip
    text = page_text(service.render_document(issued["credential"], ws=ws)["pdf"])
    assert ("원산지신고서" if type_name.startswith("rcep") else "상업송장") in text


def test_render_cptpp_certification(ws: Workspace) -> None:
    from tests.documents import cptpp_verdict, shipment

    data = shipment(importer={"name": "Maple Mobility Inc.", "address": {"addressCountry": "CA"}})
    del data["items"][0]["claimCriterion"]
    issued = service.issue_document("cptpp-certification-of-origin", [cptpp_verdict()], data, issuer="kcci",
                                    passphrase=PASSPHRASE, ws=ws, now=ISSUED_AT)  # fmt: skip
    text = page_text(service.render_document(issued["credential"], ws=ws)["pdf"])
    assert "CERTIFICATION OF ORIGIN" in text and "I certify that the goods described" in text


def test_render_refuses_unknown_language(ws: Workspace, certificate: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="use one of en, zh-Hans, ja, ko"):
        service.render_document(certificate["credential"], language="fr", ws=ws)


def test_render_without_cjk_font_names_package(tmp_path: Path, certificate: dict[str, Any]) -> None:
    no_font = make_workspace(tmp_path, font_path=str(tmp_path / "missing.ttc"))
    with pytest.raises(service.MissingFontError, match="no CJK font found") as caught:
        service.render_document(certificate["credential"], ws=no_font)
    assert "fonts-noto-cjk" in str(caught.value)


def test_qr_content_falls_back_to_url_past_capacity() -> None:
    assert qr_content("x" * 2331, "https://u") == ("x" * 2331, "credential")
    assert qr_content("x" * 2332, "https://u") == ("https://u", "url")


def test_render_pdf_creation_date_is_valid_from_else_the_given_time(
    ws: Workspace, certificate: dict[str, Any]
) -> None:
    from datetime import UTC, datetime

    from cjktrade.documents.credential import disclosed_payload
    from cjktrade.documents.render_views import render_pdf

    payload = disclosed_payload(present(certificate["credential"]))
    font = service.locate_font("en", ws.settings)
    given = datetime(2027, 3, 4, 5, 6, 7, tzinfo=UTC)

    def created(data: dict[str, Any]) -> str:
        pdf = render_pdf(data, font=font, qr_text="x", qr_kind="url", rendered_at=given)
        return str(pdfium.PdfDocument(pdf).get_metadata_dict()["CreationDate"])

    stated = datetime.fromisoformat(payload["validFrom"].replace("Z", "+00:00"))
    assert created(payload).startswith(stated.strftime("D:%Y%m%d%H%M%S"))
    del payload["validFrom"]
    assert created(payload).startswith("D:20270304050607")
