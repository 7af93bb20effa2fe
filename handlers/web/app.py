"""The Starlette app of the bot's web server, built from parts (staff console, web chat, webhook).

Every part brings its routes (and, if it has any, its templates folder); the app adds what all
share: the services, Jinja2 templates with autoescape, the static files, security headers,
a health route and a `closing` event that long-lived streams (SSE) watch to end on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from core.config import WebSection
from core.services import Services

__all__ = ["STATIC_DIR", "TEMPLATE_DIR", "WebPart", "WebState", "create_app", "web_state"]

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# htmx runs without eval and inline styles (htmx-config meta in base.html), so the policy stays strict.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


@dataclass(frozen=True)
class WebPart:
    """One part of the web server: its routes, its templates folder, hooks for start and stop."""

    name: str
    routes: Sequence[BaseRoute]
    templates: Path | None = None
    startup: Callable[[WebState], Awaitable[None]] | None = None
    shutdown: Callable[[WebState], Awaitable[None]] | None = None


@dataclass
class WebState:
    """What every route reaches through `web_state(request)`."""

    services: Services
    settings: WebSection
    secret_key: bytes
    templates: Jinja2Templates
    closing: asyncio.Event = field(default_factory=asyncio.Event)
    extras: dict[str, Any] = field(default_factory=dict)
    """Per-part objects (e.g. the console's session store), keyed by the part's name."""


def web_state(request: Request) -> WebState:
    """The shared state of the app serving this request."""
    return cast(WebState, request.app.state.web)


class SecurityHeaders:
    """Adds CSP, no-sniff, no framing and no referrer leaks to every answer."""

    def __init__(self, app: ASGIApp, behind_tls: bool) -> None:
        self.app = app
        self.behind_tls = behind_tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if self.behind_tls:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                headers.extend(item for item in extra if item[0] not in names)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def health(request: Request) -> Response:
    """Liveness and database check for monitoring; says nothing about people."""
    if not await web_state(request).services.database_ok():
        return JSONResponse({"status": "error", "database": "error"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def _templates(parts: Sequence[WebPart]) -> Jinja2Templates:
    folders = [part.templates for part in parts if part.templates is not None] + [TEMPLATE_DIR]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def create_app(services: Services, parts: Sequence[WebPart], secret_key: bytes) -> Starlette:
    """The app: the shared routes (/health, /static) plus every part's routes."""
    settings = services.config.web
    state = WebState(services, settings, secret_key, _templates(parts))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        for part in parts:
            if part.startup is not None:
                await part.startup(state)
        try:
            yield
        finally:
            state.closing.set()
            for part in reversed(parts):
                if part.shutdown is not None:
                    await part.shutdown(state)

    routes: list[BaseRoute] = [
        Route("/health", health, methods=["GET"], name="health"),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    for part in parts:
        routes.extend(part.routes)
    app = Starlette(
        routes=routes,
        middleware=[
            # X-Forwarded-For/-Proto only from web.trusted_proxies (client address, https scheme)
            Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies)),
            Middleware(SecurityHeaders, behind_tls=settings.behind_tls),
        ],
        lifespan=lifespan,
    )
    app.state.web = state
    return app
