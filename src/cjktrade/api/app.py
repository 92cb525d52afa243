"""The FastAPI application. ``cjktrade serve`` runs it; later features add their routers here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response

from cjktrade import __version__
from cjktrade.api import (
    problems,
    routes_accounts,
    routes_hs,
    routes_landed_cost,
    routes_origin,
    routes_records,
    routes_reference,
    routes_scenarios,
    routes_tariff,
)
from cjktrade.api.deps import rate_limit
from cjktrade.refdata import hs_index, loader

API_PREFIX = "/api/v1"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    hs_index.connection()  # build or open the index before the first request
    yield


def create_app() -> FastAPI:
    app = FastAPI(
        title="cjktrade API",
        version=__version__,
        description="HS classification, tariffs, origin and trade documents for China, Japan and Korea. "
        "Errors are RFC 9457 problem details. Data licences and attribution: GET /api/v1/data/status.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    problems.install(app)
    limited = [Depends(rate_limit)]
    for module in (
        routes_hs,
        routes_reference,
        routes_tariff,
        routes_landed_cost,
        routes_origin,
        routes_scenarios,
        routes_accounts,
        routes_records,
    ):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=limited)

    @app.middleware("http")
    async def data_version_header(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["X-Cjktrade-Data-Version"] = loader.manifest_sha256()[:16]
        return response

    return app


app = create_app()
