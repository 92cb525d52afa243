"""Fast JSON responses for the engine routes.

FastAPI's default path (jsonable_encoder, then json.dumps) walks every value of a large answer in
Python; the services already return JSON-ready dictionaries, so they are dumped directly.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class HeaderMiddleware:
    """Adds fixed headers to every HTTP response (pure ASGI: no per-request task switching)."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.raw]
            await send(message)

        await self.app(scope, receive, sending)
