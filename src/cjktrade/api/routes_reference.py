"""/api/v1/data and /api/v1/fx: reference data status and exchange rates."""

from __future__ import annotations

from fastapi import APIRouter, Query

from cjktrade.api.responses import JSON
from cjktrade.services import countries, data_status, fx

router = APIRouter(tags=["reference data"])


@router.get("/data/status", summary="Data sets with version, licence, attribution and known gaps")
def get_data_status() -> JSON:
    return JSON(data_status.status())


@router.get("/fx/convert", summary="Convert an amount at the ECB cross rate of a date")
def convert_currency(
    amount: str = Query(..., description="Amount, e.g. 1000"),
    from_: str = Query(..., alias="from", description="ISO 4217 code"),
    to: str = Query(..., description="ISO 4217 code"),
    date: str | None = Query(None, description="YYYY-MM-DD; default the latest published day"),
) -> JSON:
    return JSON(fx.convert(amount, from_, to, date))


@router.get("/countries/rcep", summary="The fifteen RCEP parties with names in en/zh/ja/ko")
def list_rcep_parties() -> JSON:
    return JSON(countries.rcep_parties())


@router.get("/countries/{query}", summary="Resolve a country code or name (en/zh/ja/ko)")
def get_country(query: str) -> JSON:
    return JSON(countries.lookup(query))
