"""/api/v1/origin: product-specific rules and BOM checks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, File, Query, UploadFile

from cjktrade.api.responses import JSON
from cjktrade.core.errors import InvalidInputError
from cjktrade.services import origin

router = APIRouter(prefix="/origin", tags=["rules of origin"])


@router.get(
    "/rules/{hs}", summary="The product-specific rule for an HS code (canonical, source wording, English)"
)
def get_rule(hs: str, agreement: str = Query("RCEP", description="RCEP or CPTPP")) -> JSON:
    return JSON(origin.rule(hs, agreement))


@router.post("/check", summary="Evaluate a BOM (JSON) under every agreement in force, ranked by duty saved")
def check_bom(
    bom: dict[str, Any] = Body(..., description="BOM in the documented JSON schema (docs/bom-format.md)"),
    to: str = Query(..., description="Importer: JP, KR or CN"),
    date: str | None = Query(None, description="YYYY-MM-DD; default today"),
) -> dict[str, Any]:
    import json

    return origin.check_content(json.dumps(bom), "json", to, date)


@router.post("/check/upload", summary="Evaluate a BOM uploaded as CSV or XLSX (template: docs/bom-format.md)")
async def check_bom_upload(
    file: UploadFile = File(..., description="BOM as .csv or .xlsx"),
    to: str = Query(..., description="Importer: JP, KR or CN"),
    date: str | None = Query(None, description="YYYY-MM-DD; default today"),
) -> dict[str, Any]:
    name = (file.filename or "").lower()
    content = await file.read()
    if name.endswith(".xlsx"):
        return origin.check_content(content, "xlsx", to, date)
    if name.endswith(".csv"):
        return origin.check_content(content.decode("utf-8-sig"), "csv", to, date)
    raise InvalidInputError(f"file {file.filename!r}: upload a .csv or .xlsx BOM.")
