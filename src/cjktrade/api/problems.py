"""RFC 9457 problem details: the one error format of the API."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cjktrade.core.errors import (
    AuthenticationError,
    CjktradeError,
    ConflictError,
    CurrencyMismatchError,
    InvalidInputError,
    MissingDataError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)

MEDIA_TYPE = "application/problem+json"

# Bad input is the client's to fix (400); absent data is 404; a data set the server lacks is 503;
# no or bad credentials 401; a role too weak 403; a locked record 409; too many requests 429.
STATUS: tuple[tuple[type[CjktradeError], int], ...] = (
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (ConflictError, 409),
    (ThrottledError, 429),
    (InvalidInputError, 400),
    (CurrencyMismatchError, 400),
    (NotFoundError, 404),
    (MissingDataError, 503),
    (CjktradeError, 400),
)


def problem(status: int, slug: str, title: str, detail: str, instance: str, **extra: Any) -> JSONResponse:
    body = {
        "type": f"urn:cjktrade:problem:{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def install(app: FastAPI) -> None:
    @app.exception_handler(CjktradeError)
    async def _domain(request: Request, error: CjktradeError) -> JSONResponse:
        status = next(code for cls, code in STATUS if isinstance(error, cls))
        extra = {"hint": error.hint}
        if isinstance(error, MissingDataError):
            extra["dataset"] = error.dataset
        title = error.slug.replace("-", " ").capitalize()
        response = problem(status, error.slug, title, error.message, request.url.path, **extra)
        if isinstance(error, ThrottledError):
            response.headers["Retry-After"] = str(error.retry_after)
        if isinstance(error, AuthenticationError):
            response.headers["WWW-Authenticate"] = 'Bearer realm="cjktrade"'
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]), "message": e["msg"]}
            for e in error.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, "validation-error", "Invalid request", detail, request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        slug = "not-found" if error.status_code == 404 else "http-error"
        return problem(error.status_code, slug, str(error.detail), str(error.detail), request.url.path)
