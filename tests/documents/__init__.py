"""Shared test material for the documents engine and use cases.

The worked case is the Korean battery pack of docs/bom-format.md (RCEP 8507.60 "CTSH or RVC40",
originating with accumulation at RVC 80%, FOB USD 100), evaluated by the origin engine on
tests/origin/data/battery_pack_bom.json. Parties in the shipment fixtures are fictitious.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from cjktrade.core.countries import RCEP_PARTIES
from cjktrade.origin.bom_io import read_bom_json
from cjktrade.origin.evaluate import evaluate
from cjktrade.origin.rules import find_rule, psr_from_row
from cjktrade.refdata import loader
from cjktrade.services.documents import Settings, Workspace, workspace

DATA = Path(__file__).parent / "data"
ORIGIN_DATA = Path(__file__).parents[1] / "origin" / "data"
ISSUED_AT = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
VERIFIED_AT = datetime(2026, 6, 1, tzinfo=UTC)
PASSPHRASE = "a long test passphrase, not a real one"
PUBLIC_URL = "https://trade.example.com"
# Cheap KDF cost for tests (2^12); the default 2^17 is exercised in test_services.
TEST_LOG_N = 12
SUPPLIER_PRICES = ("50.00", "20.00")


@cache
def _rules(table: str) -> tuple[Any, ...]:
    return tuple(psr_from_row(row) for row in loader.rows(table))


def battery_bom() -> dict[str, Any]:
    return json.loads((ORIGIN_DATA / "battery_pack_bom.json").read_text(encoding="utf-8"))


@cache
def _battery_verdict(cumulation: bool) -> str:
    bom = read_bom_json((ORIGIN_DATA / "battery_pack_bom.json").read_bytes())
    rule = find_rule(_rules("rcep_psr"), bom.product.hs_code)
    assert rule is not None
    verdict = evaluate(bom, rule, agreement_parties=RCEP_PARTIES, importer="JP", cumulation=cumulation)
    return json.dumps(verdict.as_dict())


def battery_verdict(*, cumulation: bool = True) -> dict[str, Any]:
    """``Verdict.as_dict()`` of the battery pack for import into Japan (originating with accumulation)."""
    return json.loads(_battery_verdict(cumulation))


@cache
def _cptpp_verdict() -> str:
    data = battery_bom()
    data["product"]["producer_country"] = "JP"
    data["materials"][0].update({"origin_country": "JP", "originating_under": "CPTPP"})
    rule = find_rule(_rules("cptpp_psr"), "8507.60")
    assert rule is not None
    parties = next(
        r["members"] for r in loader.rows("agreements") if r["id"] == "CPTPP" and r["kind"] == "group"
    )
    verdict = evaluate(
        read_bom_json(json.dumps(data)), rule, agreement_parties=frozenset(parties), importer="CA"
    )
    return json.dumps(verdict.as_dict())


def cptpp_verdict() -> dict[str, Any]:
    """A Japanese battery pack exported to Canada, originating under CPTPP by a change of heading."""
    return json.loads(_cptpp_verdict())


def shipment(**changes: Any) -> dict[str, Any]:
    data = json.loads((DATA / "battery_pack_shipment.json").read_text(encoding="utf-8"))
    data.update(copy.deepcopy(changes))
    return data


def small_invoice_shipment() -> dict[str, Any]:
    """An invoice small enough for its credential to travel in the QR code itself."""
    return {
        "format": "cjktrade-shipment/1",
        "documentNumber": "INV-7",
        "language": "ja",
        "exporter": {"name": "Hanbit Energy", "address": {"addressCountry": "KR"}},
        "importer": {"name": "さくらモビリティ", "address": {"addressCountry": "JP"}},
        "items": [{"description": "電池パック", "quantity": {"value": "2", "unitCode": "PCE"},
                   "unitPrice": {"amount": "100.00", "currency": "USD"}, "hsCode": "8507.60"}],
        "invoiceDate": "2026-04-28",
    }  # fmt: skip


def make_workspace(home: Path, **settings: Any) -> Workspace:
    options: dict[str, Any] = {"public_url": PUBLIC_URL, "kdf_log_n": TEST_LOG_N, **settings}
    return workspace(Settings(home, **options))


def issued_certificate(ws: Workspace, *, issuer: str = "kcci", **options: Any) -> dict[str, Any]:
    """The battery pack's RCEP certificate of origin, with the BOM's materials in its cost build-up."""
    from cjktrade.services.documents import issue_document

    options.setdefault("now", ISSUED_AT)
    return issue_document(
        "rcep-certificate-of-origin",
        [battery_verdict()],
        shipment(),
        issuer=issuer,
        passphrase=PASSPHRASE,
        boms=[battery_bom()],
        ws=ws,
        **options,
    )


def new_issuer(ws: Workspace, name: str = "kcci", **options: Any) -> dict[str, Any]:
    from cjktrade.services.documents import new_issuer as create

    options.setdefault("display_name", "Korea Chamber of Commerce and Industry")
    options.setdefault("now", datetime(2026, 1, 1, tzinfo=UTC))
    return create(name, PASSPHRASE, ws=ws, **options)


def private_key_texts(ws: Workspace, name: str = "kcci") -> list[str]:
    """Every textual form in which any private key of the issuer could leak (hex, base64, PKCS#8)."""
    import base64

    from cryptography.hazmat.primitives import serialization

    from cjktrade.documents.keys import open_private_key

    texts: list[str] = []
    for key in ws.keys.get(name).keys:
        sealed = json.loads((ws.keys.root / name / f"{key.key_id}.sealed.json").read_text(encoding="utf-8"))
        private = open_private_key(sealed, PASSPHRASE, key_id=key.kid)
        raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        seed = private.private_bytes(*raw)
        der = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, raw[2])
        texts += [
            seed.hex(),
            base64.urlsafe_b64encode(seed).rstrip(b"=").decode(),
            base64.b64encode(seed).decode().rstrip("="),
            base64.b64encode(der).decode().rstrip("="),
        ]
    return texts
