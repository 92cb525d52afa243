"""/api/v1/hs: codes, search, concordance."""

from __future__ import annotations

from fastapi import APIRouter, Query

from cjktrade.api.responses import JSON
from cjktrade.services import classification

router = APIRouter(prefix="/hs", tags=["classification"])


@router.get("/search", summary="Search HS codes and national lines (en, zh, ja, ko, or codes)")
def search_hs(
    q: str = Query(
        ..., description="Words in English, Chinese, Japanese or Korean, or a code such as 8507.60"
    ),
    lang: str | None = Query(None, description="Only match descriptions in this language: en, zh, ja, ko"),
    limit: int = Query(10, description="How many results, 1-100"),
) -> JSON:
    return JSON(classification.search(q, lang=lang, limit=limit))


@router.get("/{code}", summary="An HS code or national line with its hierarchy and national lines")
def show_hs(code: str) -> JSON:
    return JSON(classification.show(code))


@router.get("/{code}/concordance", summary="JP, KR and CN national lines of one HS subheading side by side")
def concordance_hs(code: str) -> JSON:
    return JSON(classification.concordance(code))
