"""The landed-cost calculator: a shipment typed into a form, quoted with every figure's source.

The same shipment form edits the organisation's stored shipments (``routes_records``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cjktrade.core.errors import CjktradeError
from cjktrade.services import landed_cost
from cjktrade.web.forms import USER_ERRORS, FormErrors, field_errors, flatten
from cjktrade.web.rendering import page
from cjktrade.web.rows import apply_action, form_json, is_row_action, with_rows
from cjktrade.web.security import FormDep

router = APIRouter()

BOOLEANS = frozenset({"proof_of_origin", "reduced_consumption_tax", "retail_price"})
SHIPMENT_FIELDS = ("importer", "importer_type", "channel", "date", "incoterm", "freight-", "insurance-",
                   "display_currency", "cbec_annual_used-", "lines-")  # fmt: skip


def shipment_form(form: FormDep) -> dict[str, Any]:
    """The shipment JSON of the form (``reference`` is the stored record's, not the shipment's)."""
    return form_json(form, BOOLEANS, skip=frozenset({"reference"}))


def shipment_context(shipment: dict[str, Any], errors: FormErrors) -> dict[str, Any]:
    """What ``_shipment_form.html`` shows: at least one line, today's date by default."""
    shown = with_rows({"date": date.today().isoformat(), **shipment}, "lines", 1)
    return {"shipment": shown, "values": flatten(shown), "errors": errors}


def shipment_errors(error: CjktradeError) -> FormErrors:
    return field_errors(error, SHIPMENT_FIELDS, country_field="importer")


@router.get("/landed-cost")
def calculator(request: Request) -> Response:
    return page(request, "landed_cost.html", answer=None, **shipment_context({}, FormErrors()))


@router.post("/landed-cost")
def quote(request: Request, form: FormDep) -> Response:
    shipment = shipment_form(form)
    action = str(form.get("action") or "")
    if is_row_action(action):
        return page(
            request,
            "landed_cost.html",
            answer=None,
            **shipment_context(apply_action(shipment, action), FormErrors()),
        )
    try:
        answer = landed_cost.quote_shipment(shipment)
    except USER_ERRORS as error:
        return page(
            request,
            "landed_cost.html",
            status=400,
            answer=None,
            **shipment_context(shipment, shipment_errors(error)),
        )
    return page(request, "landed_cost.html", answer=answer, **shipment_context(shipment, FormErrors()))
