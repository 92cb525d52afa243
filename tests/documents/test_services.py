"""Use cases with storage: the key store on disk, issuing, status lists, the document store."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cjktrade.core.errors import InvalidInputError, MissingDataError, NotFoundError
from cjktrade.documents.errors import MissingFontError, UnknownIssuerError, WrongPassphraseError
from cjktrade.documents.keys import DEFAULT_LOG_N
from cjktrade.documents.status_list import get_bit
from cjktrade.services import documents as service
from cjktrade.services.documents import Settings, Workspace
from tests.documents import (
    PASSPHRASE,
    VERIFIED_AT,
    battery_verdict,
    issued_certificate,
    make_workspace,
    new_issuer,
    private_key_texts,
    shipment,
)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = make_workspace(tmp_path)
    new_issuer(workspace)
    return workspace


def test_settings_home_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CJKTRADE_HOME", str(tmp_path))
    monkeypatch.delenv("CJKTRADE_PUBLIC_URL", raising=False)
    settings = Settings.from_env()
    assert settings.home == tmp_path and settings.public_url == "http://127.0.0.1:8000"
    assert settings.kdf_log_n == DEFAULT_LOG_N


def test_settings_home_defaults_to_local_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CJKTRADE_HOME", raising=False)
    assert Settings.from_env().home == Path.home() / ".local" / "share" / "cjktrade"


def test_new_issuer_private_key_sealed_owner_only(ws: Workspace) -> None:
    sealed = ws.settings.home / "issuers" / "kcci" / "key-1.sealed.json"
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    on_disk = "".join(p.read_text() for p in ws.settings.home.rglob("*.json"))
    assert not any(text in on_disk for text in private_key_texts(ws))
    record = json.loads((ws.settings.home / "issuers" / "kcci.json").read_text())
    assert '"d"' not in json.dumps(record) and record["did"].startswith("did:key:z6Mk")


def test_new_issuer_default_kdf_cost_opens(tmp_path: Path) -> None:
    ws = service.workspace(Settings(tmp_path))
    answer = new_issuer(ws)
    sealed = json.loads((tmp_path / "issuers" / "kcci" / "key-1.sealed.json").read_text())
    assert sealed["kdf"] == sealed["kdf"] | {"name": "scrypt", "log_n": 17}
    assert ws.keys.signer("kcci", PASSPHRASE).kid == answer["keys"][0]["kid"]


def test_signer_wrong_passphrase_clear_error(ws: Workspace) -> None:
    with pytest.raises(WrongPassphraseError, match="wrong passphrase for key did:key:"):
        ws.keys.signer("kcci", "not it")


def test_issue_wrong_passphrase_clear_error_no_key_material(ws: Workspace) -> None:
    with pytest.raises(WrongPassphraseError) as caught:
        service.issue_document(
            "commercial-invoice", [battery_verdict()], shipment(), issuer="kcci", passphrase="no", ws=ws
        )
    assert not any(text in str(caught.value) for text in private_key_texts(ws))


def test_unknown_issuer_names_known_ones(ws: Workspace) -> None:
    with pytest.raises(UnknownIssuerError, match=r"no issuer named 'acme' \(known: kcci\)"):
        ws.keys.get("acme")


def test_reject_issuer_name_with_path(ws: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="lower-case letters"):
        new_issuer(ws, "../etc")


def test_reject_second_issuer_with_same_name(ws: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="exists already"):
        new_issuer(ws)


def test_new_issuer_did_web_served_here(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    answer = new_issuer(ws, "kita", web_host="trade.example.com")
    assert answer["did"] == "did:web:trade.example.com:api:v1:issuers:kita"
    assert answer["publishAt"] == "https://trade.example.com/api/v1/issuers/kita/did.json"
    assert answer["keys"][0]["kid"] == "did:web:trade.example.com:api:v1:issuers:kita#key-1"
    assert service.did_document_of(answer["did"], ws)["id"] == answer["did"]


def test_rotate_key_keeps_old_key_with_date(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    new_issuer(ws, web_host="trade.example.com")
    when = datetime(2026, 6, 1, tzinfo=UTC)
    answer = service.rotate_key("kcci", PASSPHRASE, ws=ws, now=when)
    assert [(k["keyId"], k["rotatedOut"]) for k in answer["keys"]] == [
        ("key-1", "2026-06-01T00:00:00Z"),
        ("key-2", None),
    ]
    methods = answer["didDocument"]["verificationMethod"]
    assert methods[0]["revoked"] == "2026-06-01T00:00:00Z" and "revoked" not in methods[1]


def test_rotate_key_wrong_passphrase_changes_nothing(ws: Workspace) -> None:
    with pytest.raises(WrongPassphraseError):
        service.rotate_key("kcci", "guess", ws=ws)
    assert len(ws.keys.get("kcci").keys) == 1


def test_rotate_did_key_issuer_gets_new_did(ws: Workspace) -> None:
    before = ws.keys.get("kcci").did
    after = service.rotate_key("kcci", PASSPHRASE, ws=ws)
    assert after["did"] != before and after["did"].startswith("did:key:")


def test_list_issuers_public_parts_only(ws: Workspace) -> None:
    listed = service.list_issuers(ws)
    assert [i["name"] for i in listed] == ["kcci"]
    assert not any(text in json.dumps(listed) for text in private_key_texts(ws))


def test_issue_document_kept_in_store(ws: Workspace) -> None:
    issued = issued_certificate(ws)
    record = ws.store.get_document(issued["id"])
    assert (record.type, record.issuer, record.credential) == (
        "rcep-certificate-of-origin",
        "kcci",
        issued["credential"],
    )
    status = ws.store.get_status_list("kcci-revocation-1")
    assert status is not None and get_bit(status.allocated, issued["statusListIndex"])


def test_issue_gives_each_document_its_own_random_index(ws: Workspace) -> None:
    indexes = [issued_certificate(ws)["statusListIndex"] for _ in range(5)]
    assert len(set(indexes)) == 5
    # Random, not sequential: an index says nothing about when a document was issued.
    assert sorted(indexes) != list(range(min(indexes), min(indexes) + 5))


def test_get_unknown_document_not_found(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no document"):
        ws.store.get_document("urn:uuid:00000000-0000-0000-0000-000000000000")


def test_reject_document_id_not_uuid_urn(ws: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="not a document id"):
        ws.store.get_document("../../etc/passwd")


def test_status_list_credential_published_and_verifies(ws: Workspace) -> None:
    issued = issued_certificate(ws)
    published = service.status_list_credential("kcci-revocation-1", ws)
    status = service.verify_document(published, ws=ws)
    outcomes = {c["name"]: c["outcome"] for c in status["checks"]}
    assert (outcomes["integrity"], outcomes["issuer"], outcomes["status"]) == ("pass", "pass", "pass")
    assert status["credential"]["id"] == issued["statusListCredential"]


def test_public_document_withholds_cost_build_up(ws: Workspace) -> None:
    issued = issued_certificate(ws)
    public = service.public_document(issued["id"], ws, now=VERIFIED_AT)
    assert public["verification"]["verified"] is True
    assert "~" in public["credential"] and public["credential"].endswith("~")
    assert not any(price in public["credential"] for price in ("50.00", "20.00"))


def test_locate_font_missing_names_apt_package(tmp_path: Path) -> None:
    with pytest.raises(MissingFontError) as caught:
        service.locate_font("ja", Settings(tmp_path, font_path=str(tmp_path / "none.ttc")))
    assert caught.value.dataset == "fonts-noto-cjk"
    assert caught.value.hint is not None and "apt-get install fonts-noto-cjk" in caught.value.hint


@pytest.mark.parametrize(("language", "face"), [("ja", 0), ("ko", 1), ("zh-Hans", 2), ("en", 0)])
def test_locate_font_face_per_language(language: Any, face: int) -> None:
    font = service.locate_font(language, Settings(Path("/nonexistent")))
    assert font.face == face and font.path.endswith(".ttc")


def test_server_passphrase_missing_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CJKTRADE_KEY_PASSPHRASE", raising=False)
    with pytest.raises(MissingDataError, match="no issuer passphrase") as caught:
        service.server_passphrase()
    assert "CJKTRADE_KEY_PASSPHRASE" in str(caught.value)


def test_issue_declaration_by_exporter_notes_where_it_is_accepted(ws: Workspace) -> None:
    data = shipment(declarantRole="exporter")
    answer = service.issue_document("rcep-declaration-of-origin", [battery_verdict()], data, issuer="kcci",
                                    passphrase=PASSPHRASE, ws=ws)  # fmt: skip
    assert "AU and NZ" in answer["notes"][0]
