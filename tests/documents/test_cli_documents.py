"""`cjktrade keys` and `cjktrade doc` through their Typer apps, as a user runs them."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cjktrade.cli.doc import app as doc_app
from cjktrade.cli.keys import app as keys_app
from tests.documents import PASSPHRASE, battery_bom, battery_verdict, private_key_texts, shipment

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CJKTRADE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CJKTRADE_PUBLIC_URL", "https://trade.example.com")
    monkeypatch.setenv("CJKTRADE_KEY_PASSPHRASE", PASSPHRASE)
    (tmp_path / "verdict.json").write_text(json.dumps(battery_verdict()))
    (tmp_path / "shipment.json").write_text(json.dumps(shipment()))
    (tmp_path / "bom.json").write_text(json.dumps(battery_bom()))
    return tmp_path


def invoke(app: Any, *args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def issue(home: Path, *extra: str) -> dict[str, Any]:
    result = invoke(doc_app, "issue", "rcep-certificate-of-origin", "--from", str(home / "verdict.json"),
                    "--shipment", str(home / "shipment.json"), "--bom", str(home / "bom.json"),
                    "--issuer", "kcci", "--out", str(home / "coo.jwt"), "--json", *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_cli_keys_new_list_rotate(home: Path) -> None:
    created = invoke(
        keys_app, "new", "kcci", "--web", "trade.example.com", "--display-name", "KCCI", "--json"
    )
    assert created.exit_code == 0, created.output
    assert json.loads(created.stdout)["did"] == "did:web:trade.example.com:api:v1:issuers:kcci"
    rotated = invoke(keys_app, "rotate", "kcci")
    assert rotated.exit_code == 0 and "rotated out" in rotated.stdout and "key-2" in rotated.stdout
    listed = json.loads(invoke(keys_app, "list", "--json").stdout)
    assert [k["keyId"] for k in listed[0]["keys"]] == ["key-1", "key-2"]
    document = json.loads(invoke(keys_app, "did-document", "kcci").stdout)
    assert document["verificationMethod"][0]["revoked"]


def test_cli_keys_new_prompts_for_passphrase_twice(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CJKTRADE_KEY_PASSPHRASE")
    result = invoke(keys_app, "new", "kcci", input="secret words\nsecret words\n")
    assert result.exit_code == 0, result.output
    assert "secret words" not in result.output and "did:key:z6Mk" in result.output


def test_cli_wrong_passphrase_exit_code_and_message(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(keys_app, "new", "kcci").exit_code == 0
    monkeypatch.setenv("CJKTRADE_KEY_PASSPHRASE", "wrong")
    result = invoke(keys_app, "rotate", "kcci")
    assert result.exit_code == 1 and "wrong passphrase for key" in result.output


def test_cli_doc_issue_verify_revoke(home: Path) -> None:
    assert invoke(keys_app, "new", "kcci").exit_code == 0
    issued = issue(home)
    assert (home / "coo.jwt").read_text().strip() == issued["credential"]

    verified = invoke(doc_app, "verify", str(home / "coo.jwt"))
    assert verified.exit_code == 0, verified.output
    assert "integrity" in verified.stdout and "verified" in verified.stdout

    revoked = invoke(doc_app, "revoke", issued["id"])
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    after = invoke(doc_app, "verify", str(home / "coo.jwt"), "--json")
    assert after.exit_code == 1
    status = {c["name"]: c for c in json.loads(after.stdout)["checks"]}["status"]
    assert status["outcome"] == "fail" and status["reason"].startswith("revoked")


def test_cli_doc_verify_offline_with_did_document_and_status_list(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke(keys_app, "new", "kcci", "--web", "trade.example.com").exit_code == 0
    issue(home)
    (home / "did.json").write_text(invoke(keys_app, "did-document", "kcci").stdout)
    listed = invoke(doc_app, "status-list", "kcci-revocation-1", "--out", str(home / "list.jwt"))
    assert listed.exit_code == 0
    monkeypatch.setenv("CJKTRADE_HOME", str(home / "elsewhere"))  # a verifier with nothing stored
    result = invoke(doc_app, "verify", str(home / "coo.jwt"), "--did-document", str(home / "did.json"),
                    "--status-list", str(home / "list.jwt"), "--json")  # fmt: skip
    assert result.exit_code == 0, result.output


def test_cli_doc_present_and_render(home: Path) -> None:
    assert invoke(keys_app, "new", "kcci").exit_code == 0
    issue(home)
    shown = invoke(doc_app, "present", str(home / "coo.jwt"), "--out", str(home / "customs.jwt"))
    assert shown.exit_code == 0
    assert "50.00" not in (home / "customs.jwt").read_text()
    rendered = invoke(
        doc_app, "render", str(home / "customs.jwt"), "--pdf", str(home / "coo.pdf"), "--lang", "ko"
    )
    assert rendered.exit_code == 0, rendered.output
    assert (home / "coo.pdf").read_bytes().startswith(
        b"%PDF-"
    ) and "the QR code carries the url" in rendered.stdout


def test_cli_doc_issue_not_originating_exit_2(home: Path) -> None:
    assert invoke(keys_app, "new", "kcci").exit_code == 0
    (home / "verdict.json").write_text(json.dumps(battery_verdict(cumulation=False)))
    result = invoke(doc_app, "issue", "rcep-certificate-of-origin", "--from", str(home / "verdict.json"),
                    "--shipment", str(home / "shipment.json"), "--issuer", "kcci")  # fmt: skip
    assert result.exit_code == 2 and "no proof of origin can be issued" in result.output


def test_cli_doc_missing_file_exit_2(home: Path) -> None:
    result = invoke(doc_app, "verify", str(home / "nope.jwt"))
    assert result.exit_code == 2 and "does not exist" in result.output


def test_cli_never_prints_private_key(home: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    outputs = [invoke(keys_app, "new", "kcci", "--json").output]
    issue(home)
    outputs += [
        invoke(keys_app, "list", "--json").output,
        invoke(keys_app, "rotate", "kcci", "--json").output,
    ]
    outputs.append(invoke(doc_app, "verify", str(home / "coo.jwt"), "--json").output)
    from cjktrade.services.documents import Settings, workspace

    secrets = private_key_texts(workspace(Settings(home / "home")))
    everything = "\n".join(outputs) + caplog.text
    assert not any(secret in everything for secret in secrets)
    assert PASSPHRASE not in everything
