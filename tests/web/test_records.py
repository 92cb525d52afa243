"""The organisation's pages: products with BOM versions, suppliers, shipments, verdicts, members,
API keys, and documents issued from a verdict."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import BOM, PASSWORD, post, sign_up
from tests.web.test_tools import SHIPMENT, bom_form, shipment_form


def location(response) -> str:
    assert response.status_code == 303, response.text[-2000:]
    return response.headers["location"]


def create_product(client) -> str:
    where = location(post(client, "/products/new", {"code": "8507.60", "name": "Battery pack",
                                                    "descriptions-ja": "電池パック"}, page="/products/new",
                          follow_redirects=False))  # fmt: skip
    return where.split("?")[0]


def test_product_create_edit_delete(owner):
    product = create_product(owner)
    assert "Battery pack" in owner.get("/products").text
    location(
        post(
            owner,
            product,
            {"code": "850760", "name": "Battery pack v2"},
            page=product,
            follow_redirects=False,
        )
    )
    html = owner.get(product).text
    assert 'value="Battery pack v2"' in html and 'value="電池パック"' not in html
    location(post(owner, f"{product}/delete", {}, page=product, follow_redirects=False))
    assert owner.get(product).status_code == 404


def test_product_invalid_code_error_is_next_to_the_code(owner):
    response = post(owner, "/products/new", {"code": "85423", "name": "Chip"}, page="/products/new")
    assert response.status_code == 400 and 'id="e-code"' in response.text


def test_supplier_unknown_country_error_is_next_to_the_country(owner):
    response = post(
        owner, "/suppliers/new", {"name": "Cells Co", "country": "Atlantis"}, page="/suppliers/new"
    )
    assert response.status_code == 400 and 'id="e-country"' in response.text


def test_supplier_create_shows_country_name_in_language(owner):
    location(post(owner, "/suppliers/new", {"name": "Cells Co", "country": "CN"}, page="/suppliers/new",
                  follow_redirects=False))  # fmt: skip
    owner.cookies.set("cjk_lang", "ja")
    assert "中国" in owner.get("/suppliers").text


def test_shipment_create_with_lines_and_edit(owner):
    data = {"reference": "PO-2026-17", **shipment_form(SHIPMENT)}
    shipment = location(
        post(owner, "/shipments/new", data, page="/shipments/new", follow_redirects=False)
    ).split("?")[0]
    html = owner.get(shipment).text
    assert 'value="PO-2026-17"' in html and 'value="6105.90.020"' in html
    bad = {**data, "lines-0-value-amount": "-5"}
    response = post(owner, shipment, bad, page=shipment)
    assert response.status_code == 400 and 'id="e-lines-0-value-amount"' in response.text


def test_bom_version_check_stores_verdict_and_locks_version(owner):
    product = create_product(owner)
    bom = location(post(owner, f"{product}/boms/new", bom_form(BOM), page=f"{product}/boms/new",
                        follow_redirects=False)).split("?")[0]  # fmt: skip
    assert bom.endswith("/boms/1")
    verdict = location(post(owner, f"{bom}/verdicts", {"to": "JP"}, page=bom, follow_redirects=False))
    html = owner.get(verdict).text
    assert 'class="badge badge-originating"' in html and "/documents/issue?verdict=" in html
    locked = owner.get(bom).text
    assert "<fieldset disabled>" in locked and 'value="save"' not in locked


def test_org_owner_adds_member_changes_role_and_removes(owner):
    location(post(owner, "/org/members", {"email": "clerk@example.com", "name": "Clerk", "password": PASSWORD,
                                          "role": "viewer"}, page="/org", follow_redirects=False))  # fmt: skip
    html = owner.get("/org").text
    assert "clerk@example.com" in html
    member = re.findall(r'action="/org/members/(\d+)/delete"', html)[-1]  # the owner cannot remove themself
    location(post(owner, f"/org/members/{member}", {"role": "editor"}, page="/org", follow_redirects=False))
    assert re.search(
        rf'id="role-{member}" name="role">(?:(?!</select>).)*value="editor" selected', owner.get("/org").text
    )
    location(post(owner, f"/org/members/{member}/delete", {}, page="/org", follow_redirects=False))
    assert "clerk@example.com" not in owner.get("/org").text


def test_org_member_error_is_next_to_its_field(owner):
    response = post(
        owner,
        "/org/members",
        {"email": "new@example.com", "password": "short", "role": "viewer"},
        page="/org",
    )
    assert response.status_code == 400 and 'id="e-password"' in response.text
    assert "short" not in re.findall(r'<input id="f-password"[^>]*>', response.text)[0]


def test_org_viewer_cannot_manage_keys(client):
    sign_up(client, "boss@example.com")
    post(
        client,
        "/org/members",
        {"email": "reader@example.com", "password": PASSWORD, "role": "viewer"},
        page="/org",
    )
    client.cookies.clear()
    post(client, "/login", {"email": "reader@example.com", "password": PASSWORD})
    assert client.get("/api-keys").status_code == 403
    assert 'href="/api-keys"' not in client.get("/").text


def test_api_key_secret_shown_once_then_revoked(owner):
    response = post(owner, "/api-keys", {"name": "erp", "scopes": ["read", "write"]}, page="/api-keys")
    secret = re.search(r'value="(cjk_[0-9a-f]{8}_[^"]+)"', response.text).group(1)
    listing = owner.get("/api-keys").text
    assert secret not in listing and secret[:12] in listing
    assert owner.get("/api/v1/org", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    key_id = re.search(r'action="/api-keys/(\d+)/revoke"', listing).group(1)
    location(post(owner, f"/api-keys/{key_id}/revoke", {}, page="/api-keys", follow_redirects=False))
    assert owner.get("/api/v1/org", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_api_key_without_scopes_error_is_next_to_the_rights(owner):
    response = post(owner, "/api-keys", {"name": "none"}, page="/api-keys")
    assert response.status_code == 400 and 'id="e-scopes"' in response.text


def test_records_of_another_organisation_are_not_found(client, app):
    from fastapi.testclient import TestClient

    sign_up(client, "alice@example.com")
    product = create_product(client)
    with TestClient(app) as other:
        sign_up(other, "bob@example.com", org="Other", country="JP")
        assert other.get(product).status_code == 404


@pytest.fixture
def issuer(home, monkeypatch):
    from cjktrade.services import documents

    monkeypatch.setenv("CJKTRADE_KEY_PASSPHRASE", "issuer passphrase for tests")
    if not documents.list_issuers():
        documents.new_issuer("hanbit", "issuer passphrase for tests", display_name="Hanbit Energy")
    return "hanbit"


ISSUE = {
    "type": "rcep-declaration-of-origin", "documentNumber": "KR-DO-1", "language": "en",
    "exporter-name": "Hanbit Energy", "exporter-address-addressCountry": "KR",
    "importer-name": "Sakura Mobility", "importer-address-addressCountry": "JP",
    "items-0-description": "Battery packs", "declaration-signatory": "Kim", "declaration-place": "Seoul",
    "declaration-date": "2026-05-01", "declarantRole": "exporter",
}  # fmt: skip


def test_issue_document_from_verdict_then_verify_by_link_and_upload(owner, issuer):
    product = create_product(owner)
    bom = location(post(owner, f"{product}/boms/new", bom_form(BOM), page=f"{product}/boms/new",
                        follow_redirects=False)).split("?")[0]  # fmt: skip
    verdict = location(post(owner, f"{bom}/verdicts", {"to": "JP"}, page=bom, follow_redirects=False))
    verdict_id = verdict.rsplit("/", 1)[1]
    form = f"/documents/issue?verdict={verdict_id}"
    assert owner.get(form).status_code == 200
    response = post(owner, "/documents/issue", {**ISSUE, "issuer": issuer, "verdict": verdict_id}, page=form)
    assert response.status_code == 200, response.text[-3000:]
    document_id = re.search(r'href="/documents/(urn:[^"/]+)"', response.text).group(1)
    page = owner.get(f"/documents/{document_id}")
    assert page.status_code == 200 and "badge-pass" in page.text and "badge-fail" not in page.text
    pdf = owner.get(f"/documents/{document_id}/pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    credential = owner.get(f"/documents/{document_id}/credential").text
    verified = owner.post("/documents/verify", data={"csrf_token": _form_token(owner)},
                          files={"file": ("doc.jwt", credential.encode(), "application/jwt")})  # fmt: skip
    assert verified.status_code == 200 and "badge-fail" not in verified.text and "badge-pass" in verified.text
    by_link = post(owner, "/documents/verify", {"credential": f"http://127.0.0.1:8000/api/v1/documents/{document_id}"},
                   page="/documents/verify", follow_redirects=False)  # fmt: skip
    assert by_link.headers["location"] == f"/documents/{document_id}"


def test_issue_document_missing_field_error_is_next_to_it(owner, issuer):
    product = create_product(owner)
    bom = location(post(owner, f"{product}/boms/new", bom_form(BOM), page=f"{product}/boms/new",
                        follow_redirects=False)).split("?")[0]  # fmt: skip
    verdict_id = location(
        post(owner, f"{bom}/verdicts", {"to": "JP"}, page=bom, follow_redirects=False)
    ).rsplit("/", 1)[1]
    data = {**ISSUE, "issuer": issuer, "verdict": verdict_id, "exporter-name": ""}
    response = post(owner, "/documents/issue", data, page=f"/documents/issue?verdict={verdict_id}")
    assert response.status_code == 400 and 'id="e-exporter-name"' in response.text


def test_verify_garbage_is_not_verified(client):
    response = post(client, "/documents/verify", {"credential": "not a credential"}, page="/documents/verify")
    assert response.status_code == 200
    assert (
        'id="verification"' in response.text
        and "badge-fail" in response.text
        and "badge-pass" not in response.text
    )


def test_verify_nothing_is_an_error_next_to_the_field(client):
    response = post(client, "/documents/verify", {"credential": " "}, page="/documents/verify")
    assert response.status_code == 400 and 'id="e-credential"' in response.text


def _form_token(client) -> str:
    from tests.web.conftest import token

    return token(client, "/documents/verify")


def test_bom_version_keeps_packing_weight_and_minimal_operations(owner):
    product = create_product(owner)
    data = {**bom_form(BOM), "materials-1-packing": "retail", "materials-1-weight_kg": "0.2",
            "product-minimal_operations": "packing; labelling"}  # fmt: skip
    bom = location(
        post(owner, f"{product}/boms/new", data, page=f"{product}/boms/new", follow_redirects=False)
    )
    html = owner.get(bom.split("?")[0]).text
    assert re.search(r'id="f-materials-1-packing"(?:(?!</select>).)*value="retail" selected', html, re.S)
    assert 'name="materials-1-weight_kg" type="text" value="0.2"' in html
    assert 'value="packing; labelling"' in html


def test_bom_version_with_sub_assemblies_is_not_edited_in_the_editor():
    from cjktrade.web.routes_records import version_info
    from tests.web.conftest import BOM as bom

    nested = {**bom, "materials": [{**bom["materials"][0], "sub_bom": {"product": {}}}]}
    row = {"version": 1, "locked": False, "created_at": "2026-01-01", "content": nested}
    assert version_info(row)["nested"] is True
    assert version_info({**row, "content": bom})["nested"] is False
