"""Webhook mode: Telegram's updates arrive over HTTP at a Starlette route served by uvicorn in the bot's loop.

`webhook_routes` is the route around `handlers.telegram.webhook.WebhookReceiver` (the secret
is checked before the body is read). `webhook_server` is a server for it alone: it binds
`telegram.webhook_listen:webhook_port` itself (a taken port is a clean start error, uvicorn
would `sys.exit`), answers `POST /telegram` and `GET /health` (the database answers: 200,
else 503), and leaves SIGINT/SIGTERM to the bot: uvicorn would re-raise SIGTERM after
`serve()` and end the process before PTB, the persistence and the database are shut down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.services import Services
from handlers.telegram.context import BotApplication
from handlers.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER, WEBHOOK_PATH, WebhookReceiver

__all__ = ["WebhookStartError", "webhook_app", "webhook_routes", "webhook_server"]

logger = logging.getLogger(__name__)


class WebhookStartError(Exception):
    """The webhook server could not start (address in use, no permission)."""


class _Server(uvicorn.Server):
    """uvicorn without its own signal handlers (the bot's handlers set `should_exit`)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


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


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise WebhookStartError(f"{host}:{port}: {exc.strerror or exc}") from exc
    sock.listen(128)
    sock.setblocking(False)
    return sock


@contextlib.asynccontextmanager
async def webhook_server(
    services: Services, application: BotApplication, host: str, port: int, secret: str
) -> AsyncIterator[str]:
    """Serve the webhook while the block runs; yields the base URL (with the real port)."""
    sock = _bind(host, port)
    config = uvicorn.Config(
        webhook_app(services, application, secret),
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=5,
    )
    server = _Server(config)
    task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise WebhookStartError("the webhook server stopped during start")
            await asyncio.sleep(0.02)
        bound_host, bound_port = sock.getsockname()[:2]
        url = f"http://{f'[{bound_host}]' if ':' in bound_host else bound_host}:{bound_port}"
        logger.info("webhook server listening on %s", url)
        yield url
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()
