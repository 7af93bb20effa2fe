"""Helpers of the web tests: an ASGI client that runs the app's lifespan, without a socket."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handlers.web import WebPart, WebState, web_state

__all__ = ["asgi_client", "probe_part"]


@contextlib.asynccontextmanager
async def asgi_client(
    app: Starlette, base_url: str = "http://testserver"
) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to the app in this loop; startup and shutdown hooks run around it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


def probe_part(folder: Path, events: list[str]) -> WebPart:
    """A part with one page that extends the shared base template and shows a query text."""
    (folder / "probe.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Probe</h1><p id="said">{{ said }}</p>{% endblock %}',
        encoding="utf-8",
    )

    async def page(request: Request) -> Response:
        state = web_state(request)
        return state.templates.TemplateResponse(request, "probe.html", {"said": request.query_params["q"]})

    async def startup(state: WebState) -> None:
        events.append("start")

    async def shutdown(state: WebState) -> None:
        events.append(f"stop closing={state.closing.is_set()}")

    return WebPart("probe", [Route("/probe", page)], templates=folder, startup=startup, shutdown=shutdown)
