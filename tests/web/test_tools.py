"""The public tools: origin check (editor and upload) and the landed-cost calculator."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cjktrade.web.forms import flatten
from tests.web.conftest import BOM, post

DATA = Path(__file__).parents[1]
SHIPMENT = json.loads((DATA / "landed_cost" / "data" / "jp_rcep_shirts.json").read_text())


def bom_form(bom: dict[str, object], to: str = "JP") -> dict[str, object]:
    return {"to": to, **flatten({k: v for k, v in bom.items() if k != "format"})}


def test_post_origin_editor_gives_rcep_verdict_with_steps(client):
    response = post(client, "/origin", bom_form(BOM), page="/origin")
    assert response.status_code == 200
    html = response.text
    assert 'class="badge badge-originating"' in html
    assert "CTSH or RVC40" in html and "RCEP Art. 3.5" in html  # the rule, and the RVC step's article
    assert "(100.00 − 20.00) / 100.00 × 100 = 80%" in html  # the build-down figures


def test_post_origin_editor_keeps_what_was_typed(client):
    html = post(client, "/origin", bom_form(BOM), page="/origin").text
    assert 'name="materials-1-description" type="text" value="Battery management electronics' in html


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("materials", 1, "value"), "materials-1-value"),
        (("product", None, "fob"), "product-fob"),
        (("materials", 0, "hs_code"), "materials-0-hs_code"),
    ],
)
def test_post_origin_editor_error_is_next_to_its_field(client, change, field):
    bom = json.loads(json.dumps(BOM))
    table, index, key = change
    target = bom[table][index] if index is not None else bom[table]
    target[key] = "850" if key == "hs_code" else ""
    response = post(client, "/origin", bom_form(bom), page="/origin")
    assert response.status_code == 400
    assert f'id="e-{field}"' in response.text
    assert f'id="f-{field}"' in response.text and 'aria-invalid="true"' in response.text


def test_post_origin_unknown_importer_is_next_to_the_importer(client):
    response = post(client, "/origin", bom_form(BOM, to="Atlantis"), page="/origin")
    assert response.status_code == 400 and 'id="e-to"' in response.text


def test_post_origin_add_and_remove_rows_without_javascript(client):
    html = post(client, "/origin", {**bom_form(BOM), "action": "add-materials"}, page="/origin").text
    assert 'name="materials-2-description"' in html
    html = post(client, "/origin", {**bom_form(BOM), "action": "remove-materials-0"}, page="/origin").text
    assert 'name="materials-1-description"' in html  # two rows are always offered
    assert 'value="Battery management electronics' in html.split('name="materials-0-description"')[1][:200]


def test_post_origin_upload_csv_gives_verdict(client):
    csv = (DATA / "origin" / "data" / "bom_template.csv").read_bytes()
    response = client.post("/origin/upload", data={"csrf_token": _token(client), "upload-to": "JP"},
                           files={"file": ("bom.csv", csv, "text/csv")})  # fmt: skip
    assert response.status_code == 200, response.text
    assert 'id="verdict"' in response.text


def test_post_origin_upload_bad_csv_reports_line_numbers(client):
    csv = b"hs_code,8507.60\ndescription,x\nproducer_country,KR\ncurrency,USD\nfob,100\n\nline,description,hs_code,status,value\n1,cells,85423,maybe,\n"
    response = client.post("/origin/upload", data={"csrf_token": _token(client), "upload-to": "JP"},
                           files={"file": ("bom.csv", csv, "text/csv")})  # fmt: skip
    assert response.status_code == 400
    assert "line 8, status" in response.text and "line 8, hs_code" in response.text


def test_post_origin_upload_wrong_kind_is_refused(client):
    response = client.post("/origin/upload", data={"csrf_token": _token(client), "upload-to": "JP"},
                           files={"file": ("bom.pdf", b"%PDF", "application/pdf")})  # fmt: skip
    assert response.status_code == 400 and 'id="e-file"' in response.text


def _token(client):
    from tests.web.conftest import token

    return token(client, "/origin")


def shipment_form(shipment: dict[str, object]) -> dict[str, object]:
    data = flatten(shipment)
    return {k: ("true" if v is True else v) for k, v in data.items()}


def test_post_landed_cost_gives_totals_with_sources(client):
    response = post(client, "/landed-cost", shipment_form(SHIPMENT), page="/landed-cost")
    assert response.status_code == 200, response.text
    html = response.text
    assert re.search(r'data-total="landed_cost">¥568,600<', html)
    assert re.search(r'data-total="duty">¥17,000<', html)
    assert "customs.go.jp FAQ 1006" in html  # a figure's source
    assert "¥21,900" in html  # what the RCEP preference saves


def test_post_landed_cost_in_korean_formats_money_for_korea(client):
    client.cookies.set("cjk_lang", "ko")
    html = post(client, "/landed-cost", shipment_form(SHIPMENT), page="/landed-cost").text
    assert "JP¥568,600" in html and "소비세" in html


def test_post_landed_cost_missing_value_is_next_to_the_line_field(client):
    shipment = json.loads(json.dumps(SHIPMENT))
    del shipment["lines"][0]["value"]["amount"]
    response = post(client, "/landed-cost", shipment_form(shipment), page="/landed-cost")
    assert response.status_code == 400
    assert 'id="e-lines-0-value-amount"' in response.text


def test_post_landed_cost_add_line_without_javascript(client):
    html = post(
        client, "/landed-cost", {**shipment_form(SHIPMENT), "action": "add-lines"}, page="/landed-cost"
    ).text
    assert 'name="lines-1-code"' in html and 'value="6105.90.020"' in html
