"""uvicorn inside the bot's event loop (python-telegram-bot's "custom webhook bot" pattern).

The socket is bound here first, so a taken port is a clean `WebStartError` (uvicorn itself
would call `sys.exit`), and port 0 picks a free port (tests, parallel demos). Signals stay
with the bot: uvicorn would re-raise SIGTERM after `serve()` and kill the process before PTB
and the database are shut down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.types import ASGIApp

__all__ = ["WebServer", "WebStartError", "running_server"]

logger = logging.getLogger(__name__)


class WebStartError(Exception):
    """The web server could not start (address in use, no permission)."""


class WebServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the bot."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Do not install signal handlers; the bot sets `should_exit` on SIGINT/SIGTERM."""
        yield


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise WebStartError(f"{host}:{port}: {exc.strerror or exc}") from exc
    sock.listen(128)
    sock.setblocking(False)
    return sock


@contextlib.asynccontextmanager
async def running_server(app: ASGIApp, host: str, port: int) -> AsyncIterator[str]:
    """Serve `app` in the running loop while the block runs; yields the base URL (real port)."""
    sock = _bind(host, port)
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
        proxy_headers=False,  # the app reads them itself, only from web.trusted_proxies
    )
    server = WebServer(config)
    task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise WebStartError("the web server stopped during start")
            await asyncio.sleep(0.02)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        url = f"http://{shown}:{bound_port}"
        logger.info("web server listening on %s", url)
        yield url
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()
