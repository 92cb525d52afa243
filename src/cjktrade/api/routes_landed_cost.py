"""/api/v1/landed-cost: the landed cost of a shipment."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from cjktrade.landed_cost.model import shipment_schema
from cjktrade.services import landed_cost

router = APIRouter(prefix="/landed-cost", tags=["landed cost"])


@router.post(
    "", summary="Duty, VAT / consumption tax, de minimis and CBEC for a shipment, every figure sourced"
)
def quote_landed_cost(
    shipment: dict[str, Any] = Body(..., description="Shipment (schema: GET /api/v1/landed-cost/schema)"),
) -> dict[str, Any]:
    return landed_cost.quote_shipment(shipment)


@router.get("/schema", summary="JSON schema of a shipment")
def get_shipment_schema() -> dict[str, Any]:
    return shipment_schema()
