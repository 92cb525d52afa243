"""/api/v1/landed-cost: the landed cost of a shipment.

The body is read as raw JSON and validated once, by the shipment model itself (its errors name
the line and field); the route is ``async`` because the quote is a millisecond of computation.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from cjktrade.api.responses import JSON
from cjktrade.landed_cost.model import shipment_schema
from cjktrade.services import landed_cost

router = APIRouter(prefix="/landed-cost", tags=["landed cost"])

_BODY = {
    "requestBody": {
        "required": True,
        "description": "The shipment (schema: GET /api/v1/landed-cost/schema; docs/landed-cost.md)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Shipment"}}},
    }
}


@router.post(
    "",
    summary="Duty, VAT / consumption tax, de minimis and CBEC for a shipment, every figure sourced",
    openapi_extra=_BODY,
)
async def quote_landed_cost(request: Request) -> JSON:
    return JSON(landed_cost.quote_shipment(await request.body()))


@router.get("/schema", summary="JSON schema of a shipment")
def get_shipment_schema() -> JSON:
    return JSON(shipment_schema())
