"""HS search in any of the four languages, and the three importers' tariffs for one HS6."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cjktrade.core.errors import InvalidInputError, NotFoundError
from cjktrade.hs.codes import digits_of
from cjktrade.services import classification, tariff
from cjktrade.web.forms import FormErrors, field_errors
from cjktrade.web.rendering import page

router = APIRouter()


@router.get("/hs/search")
def search(request: Request, q: str = "", lang: str = "") -> Response:
    values = {"q": q, "lang": lang}
    answer: dict[str, Any] | None = None
    errors = FormErrors()
    if q.strip():
        try:
            answer = classification.search(q, lang or None, limit=25)
        except InvalidInputError as error:
            errors = field_errors(error, ("q", "lang"))
    return page(
        request, "hs_search.html", status=400 if errors else 200, values=values, answer=answer, errors=errors
    )


@router.get("/hs/compare")
def compare(request: Request, hs6: str = "", origin: str = "") -> Response:
    values = {"hs6": hs6, "origin": origin}
    answer: dict[str, Any] | None = None
    subheading: dict[str, Any] | None = None
    errors = FormErrors()
    if hs6.strip() and origin.strip():
        try:
            digits = digits_of(hs6)
            if len(digits) < 6:
                raise InvalidInputError(f"hs6: {hs6!r}: give a 6-digit subheading such as 6105.90.")
            subheading = classification.concordance(digits[:6])["subheading"]
            answer = tariff.compare(digits[:6], origin)
        except (InvalidInputError, NotFoundError) as error:
            errors = field_errors(error, ("hs6", "origin"), country_field="origin")
            if not errors.get("origin") and not errors.get("hs6"):
                errors.by_field["hs6"] = errors.by_field.pop("", [])
    status = 400 if errors else 200
    return page(request, "hs_compare.html", status=status, values=values, answer=answer, subheading=subheading,
                errors=errors)  # fmt: skip
