"""/api/v1/tariff: duties for a line and origin; the three tariffs side by side.

The routes are ``async``: a quote is a fraction of a millisecond of computation, cheaper to run on
the event loop than to hand to a worker thread and back."""

from __future__ import annotations

from fastapi import APIRouter, Query

from cjktrade.api.responses import JSON
from cjktrade.services import tariff

router = APIRouter(prefix="/tariff", tags=["tariff"])


@router.get("/compare/{hs6}", summary="What JP, KR and CN charge a product of one origin, per regime")
async def compare_tariffs(
    hs6: str,
    from_: str = Query(..., alias="from", description="Country of origin"),
    date: str | None = Query(None, description="YYYY-MM-DD; default today"),
) -> JSON:
    return JSON(tariff.compare(hs6, from_, date))


@router.get("/{code}", summary="Every applicable duty for a line and origin, with the best choice explained")
async def quote_tariff(
    code: str,
    to: str = Query(..., description="Importer: JP, KR or CN"),
    from_: str = Query(..., alias="from", description="Country of origin"),
    date: str | None = Query(None, description="YYYY-MM-DD; default today"),
    value: str | None = Query(None, description="Customs value"),
    currency: str | None = Query(None, description="Currency of value (default: the importer's)"),
    quantity: str | None = Query(None, description="Quantity, for specific duties"),
    unit: str | None = Query(None, description="Unit of quantity: kg, l, pair, piece, ..."),
) -> JSON:
    return JSON(tariff.quote_code(code, to, from_, date, value, currency, quantity, unit))
