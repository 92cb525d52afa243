"""``mount(app)``: the web pages and their static files, added to the one FastAPI app.

The pages live at the root (``/``, ``/login``, ``/hs/search`` …) and the API keeps ``/api/v1``.
Errors raised while serving a page become HTML pages in the reader's language; errors of the API
still become RFC 9457 problem details, so call ``mount`` after ``problems.install``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from cjktrade.api.deps import rate_limit
from cjktrade.core.errors import (
    AuthenticationError,
    CjktradeError,
    ConflictError,
    MissingDataError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)
from cjktrade.web import (
    routes_account,
    routes_documents,
    routes_hs,
    routes_landed_cost,
    routes_org,
    routes_origin,
    routes_records,
    routes_scenarios,
)
from cjktrade.web.rendering import page
from cjktrade.web.security import CsrfRejected, SignInRequired, check_csrf, load_viewer

STATIC_PATH = "/static"
ROUTERS = (
    routes_account,
    routes_scenarios,
    routes_hs,
    routes_origin,
    routes_landed_cost,
    routes_records,
    routes_org,
    routes_documents,
)
Handler = Callable[[Request, Any], Response | Awaitable[Response]]

_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (CsrfRejected, 403),
    (PermissionDeniedError, 403),
    (NotFoundError, 404),
    (ConflictError, 409),
    (ThrottledError, 429),
    (MissingDataError, 503),
)


def mount(app: FastAPI) -> None:
    """Add the pages (at ``/``) and their static files (at ``/static``) to ``app``."""
    app.mount(
        STATIC_PATH, StaticFiles(directory=str(resources.files("cjktrade.web") / "static")), name="web-static"
    )
    dependencies = [Depends(rate_limit), Depends(load_viewer), Depends(check_csrf)]
    for module in ROUTERS:
        app.include_router(module.router, dependencies=dependencies, include_in_schema=False)
    for kind in (CjktradeError, StarletteHTTPException, RequestValidationError):
        app.add_exception_handler(kind, _for_pages(app.exception_handlers.get(kind)))


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _for_pages(api_handler: Handler | None) -> Handler:
    async def handle(request: Request, error: Exception) -> Response:
        if _is_api(request) and api_handler is not None:
            answer = api_handler(request, error)
            return await answer if inspect.isawaitable(answer) else answer
        return error_page(request, error)

    return handle


def error_page(request: Request, error: Exception) -> Response:
    if isinstance(error, SignInRequired | AuthenticationError):
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(here, safe='/')}", status_code=303)
    if isinstance(error, StarletteHTTPException):
        status = error.status_code
    elif isinstance(error, RequestValidationError):
        status = 400
    else:
        status = next((code for kind, code in _STATUS if isinstance(error, kind)), 400)
    detail = error.message if isinstance(error, CjktradeError) else None
    response = page(request, "error.html", status=status, status_code=status, detail=detail,
                    csrf_failed=isinstance(error, CsrfRejected))  # fmt: skip
    if isinstance(error, ThrottledError):
        response.headers["Retry-After"] = str(error.retry_after)
    return response
