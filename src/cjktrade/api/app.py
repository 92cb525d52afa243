"""The FastAPI application. ``cjktrade serve`` runs it; later features add their routers here."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI

from cjktrade import __version__
from cjktrade.api import (
    problems,
    routes_accounts,
    routes_documents,
    routes_hs,
    routes_landed_cost,
    routes_origin,
    routes_records,
    routes_reference,
    routes_scenarios,
    routes_tariff,
)
from cjktrade.api.deps import rate_limit
from cjktrade.api.responses import JSON, HeaderMiddleware
from cjktrade.refdata import hs_index, loader
from cjktrade.web.app import mount as mount_web

API_PREFIX = "/api/v1"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    hs_index.connection()  # build or open the index before the first request
    _warm_reference_data()
    yield


def _warm_reference_data() -> None:
    """Load the schedules, registry, regimes and rules now rather than on a request, then move
    them out of the garbage collector's way: hundreds of thousands of long-lived objects made every
    full collection a pause of several milliseconds under load."""
    import gc

    from cjktrade.core.errors import CjktradeError
    from cjktrade.services import landed_cost, origin, tariff

    for load in (
        lambda: [tariff.schedule(c) for c in ("JP", "CN", "KR")],
        tariff.registry,
        lambda: landed_cost.regime("JP"),
        lambda: [origin.rules(a) for a in origin.RULE_DATASETS],
    ):
        try:
            load()
        except CjktradeError:
            continue  # a data set that is not loaded is reported when it is asked for
    gc.collect()
    gc.freeze()


def create_app() -> FastAPI:
    app = FastAPI(
        default_response_class=JSON,
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
    _document_shipment_schema(app)
    limited = [Depends(rate_limit)]
    for module in (
        routes_hs,
        routes_reference,
        routes_tariff,
        routes_landed_cost,
        routes_origin,
        routes_scenarios,
        routes_accounts,
    routes_documents,
        routes_records,
    ):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=limited)

    app.include_router(routes_documents.well_known_router)
    mount_web(app)  # the server-rendered pages, after the API routes and problem handlers
    # The data version is fixed for the life of the process: every response names it.
    app.add_middleware(HeaderMiddleware, headers={"X-Cjktrade-Data-Version": loader.manifest_sha256()[:16]})

    return app


def _document_shipment_schema(app: FastAPI) -> None:
    """The landed-cost route reads its body raw; its schema is added to the OpenAPI components."""
    from cjktrade.landed_cost.model import shipment_schema

    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = original()
            schema = shipment_schema()
            definitions = schema.pop("$defs", {})
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            components.update(definitions)
            components["Shipment"] = json.loads(
                json.dumps(schema).replace("#/$defs/", "#/components/schemas/")
            )
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


app = create_app()
