"""Acceptance: the Korean battery pack end to end.

BOM (tests/origin/data/battery_pack_bom.json) → origin engine verdict (RCEP 8507.60 "CTSH or
RVC40": RVC40 met at 80% with accumulation, FOB USD 100) → RCEP certificate of origin credential →
PDF with QR → verify (all checks pass) → revoke → verify fails with "revoked". And the customs
presentation: criterion RVC40 and RVC 80% shown, no material price anywhere in it.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cjktrade.api import problems
from cjktrade.api.routes_documents import router
from cjktrade.core.countries import RCEP_PARTIES
from cjktrade.documents import sdjwt
from cjktrade.documents.encoding import b64url_decode
from cjktrade.documents.jws import parse_compact
from cjktrade.origin.bom_io import read_bom_json
from cjktrade.origin.evaluate import evaluate
from cjktrade.origin.rules import find_rule, psr_from_row
from cjktrade.refdata import loader
from cjktrade.services import documents as service
from tests.documents import (
    ISSUED_AT,
    ORIGIN_DATA,
    PASSPHRASE,
    VERIFIED_AT,
    make_workspace,
    new_issuer,
    shipment,
)

pdfium = pytest.importorskip("pypdfium2")
zxingcpp = pytest.importorskip("zxingcpp")

PUBLIC = "https://trade.example.com"


def battery_pack_verdict() -> dict[str, Any]:
    bom = read_bom_json((ORIGIN_DATA / "battery_pack_bom.json").read_bytes())
    rule = find_rule([psr_from_row(row) for row in loader.rows("rcep_psr")], bom.product.hs_code)
    assert rule is not None and rule.agreement == "RCEP"
    verdict = evaluate(bom, rule, agreement_parties=RCEP_PARTIES, importer="JP")
    assert verdict.status == "originating" and "RVC40" in verdict.criteria_met
    return verdict.as_dict()


def decode_qr(pdf: bytes) -> str:
    page = pdfium.PdfDocument(pdf)[0].render(scale=4).to_pil()
    (found,) = [r.text for r in zxingcpp.read_barcodes(page) if r.format == zxingcpp.BarcodeFormat.QRCode]
    return str(found)


def checks(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {c["name"]: (c["outcome"], c["reason"]) for c in result["checks"]}


def test_battery_pack_certificate_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJKTRADE_HOME", str(tmp_path))
    monkeypatch.setenv("CJKTRADE_PUBLIC_URL", PUBLIC)
    ws = make_workspace(tmp_path)
    new_issuer(ws, web_host="trade.example.com")
    verdict = battery_pack_verdict()
    bom = json.loads((ORIGIN_DATA / "battery_pack_bom.json").read_text())

    issued = service.issue_document("rcep-certificate-of-origin", [verdict], shipment(), issuer="kcci",
                                    passphrase=PASSPHRASE, boms=[bom], ws=ws, now=ISSUED_AT)  # fmt: skip
    full = service.verify_document(issued["credential"], ws=ws, now=VERIFIED_AT)
    assert full["verified"], full["checks"]
    item = full["credential"]["credentialSubject"]["items"][0]
    assert (item["originCriterion"], item["countryOfOrigin"], item["fobValue"]) == (
        "RVC40",
        "KR",
        {"amount": "100.00", "currency": "USD"},
    )
    assert item["originDetermination"]["regionalValueContent"]["percent"] == "80"

    # PDF with QR: the certificate is too large for the symbol, so it carries the verification URL;
    # following it (GET /api/v1/documents/{id}) gives the credential, which verifies on its own.
    rendered = service.render_document(issued["credential"], ws=ws)
    url = decode_qr(rendered["pdf"])
    assert url == issued["documentUrl"]
    app = FastAPI()
    problems.install(app)
    app.include_router(router, prefix="/api/v1")
    fetched = TestClient(app).get(url.removeprefix(PUBLIC)).json()
    assert service.verify_document(fetched["credential"], ws=ws, now=VERIFIED_AT)["verified"]

    service.revoke_document(issued["id"], passphrase=PASSPHRASE, ws=ws, now=ISSUED_AT + timedelta(days=3))
    after = service.verify_document(issued["credential"], ws=ws, now=VERIFIED_AT)
    outcome, reason = checks(after)["status"]
    assert after["verified"] is False and outcome == "fail" and reason.startswith("revoked")


def test_battery_pack_customs_presentation_hides_supplier_prices(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    new_issuer(ws)
    bom = json.loads((ORIGIN_DATA / "battery_pack_bom.json").read_text())
    issued = service.issue_document("rcep-certificate-of-origin", [battery_pack_verdict()], shipment(),
                                    issuer="kcci", passphrase=PASSPHRASE, boms=[bom], ws=ws, now=ISSUED_AT)  # fmt: skip
    prices = [m["value"] for m in bom["materials"]]  # "50.00" (cells, CN) and "20.00" (electronics, US)
    assert all(price in _decoded(issued["credential"]) for price in prices)

    presentation = service.present_document(issued["credential"])
    result = service.verify_document(presentation, ws=ws, now=VERIFIED_AT)
    assert result["verified"], result["checks"]
    item = result["credential"]["credentialSubject"]["items"][0]
    assert item["originCriterion"] == "RVC40"
    rvc = item["originDetermination"]["regionalValueContent"]
    assert (rvc["criterion"], rvc["percent"], rvc["threshold"]) == ("RVC40", "80", "40")
    # Nothing from which a material price could be read: not in the compact form, not decoded.
    decoded = _decoded(presentation)
    for price in prices:
        assert price not in presentation and price not in decoded
    assert "Lithium-ion cells" not in decoded and "SUPPLIER-DECL-0001" not in decoded


def _decoded(credential: str) -> str:
    """Everything a holder of the compact credential can read: header, payload and each disclosure."""
    jwt, disclosures = sdjwt.split(credential)
    parsed = parse_compact(jwt)
    parts = [json.dumps(parsed.header), json.dumps(parsed.payload, ensure_ascii=False)]
    parts += [b64url_decode(d).decode("utf-8") for d in disclosures]
    return "\n".join(parts)
