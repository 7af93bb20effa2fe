"""Webhook mode: Telegram's updates arrive over HTTP at a Starlette route served by uvicorn in the bot's loop.

`webhook_routes` is the route around `handlers.telegram.webhook.WebhookReceiver` (the secret
is checked before the body is read); the shared web server mounts it (`bot/web.py`).
`webhook_server` serves it alone when `web.enabled` is off, on `telegram.webhook_listen:webhook_port`
with the shared server's `running_server` (the socket bound first, so a taken port is a clean
start error; signals left to the bot): `POST /telegram` and `GET /health` (the database
answers: 200, else 503).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.services import Services
from handlers.telegram.context import BotApplication
from handlers.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER, WEBHOOK_PATH, WebhookReceiver
from handlers.web import WebStartError, running_server

__all__ = ["WebhookStartError", "webhook_app", "webhook_routes", "webhook_server"]

logger = logging.getLogger(__name__)


WebhookStartError = WebStartError
"""The webhook server could not start (address in use, no permission): the web server's start error."""


class _TooLarge(Exception):
    """The request body is larger than an update can be."""


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise _TooLarge
    return bytes(body)


def webhook_routes(application: BotApplication, secret: str, path: str = WEBHOOK_PATH) -> list[Route]:
    """The POST route Telegram calls; `secret` is the token given to setWebhook."""
    receiver = WebhookReceiver(application, secret)

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER)
        refused = receiver.allowed(given)
        if refused is not None:  # the body is not even read
            return Response(status_code=refused)
        try:
            body = await _body(request)
        except _TooLarge:
            return Response(status_code=413)
        return Response(status_code=await receiver.receive(given, body))

    return [Route(path, receive, methods=["POST"], name="telegram-webhook")]


def webhook_app(services: Services, application: BotApplication, secret: str) -> Starlette:
    """The ASGI app: the webhook route and a health route."""

    async def health(request: Request) -> Response:
        try:
            await services.db.fetchone("SELECT 1")
        except Exception:
            logger.exception("health check: the database does not answer")
            return JSONResponse({"status": "error", "database": "error"}, status_code=503)
        running = application.running
        return JSONResponse(
            {"status": "ok" if running else "stopping", "database": "ok"}, status_code=200 if running else 503
        )

    return Starlette(routes=[*webhook_routes(application, secret), Route("/health", health, methods=["GET"])])


@contextlib.asynccontextmanager
async def webhook_server(
    services: Services, application: BotApplication, host: str, port: int, secret: str
) -> AsyncIterator[str]:
    """Serve the webhook alone while the block runs (the shared server's uvicorn); yields the base URL."""
    async with running_server(webhook_app(services, application, secret), host, port) as url:
        logger.info("webhook server listening on %s", url)
        yield url
