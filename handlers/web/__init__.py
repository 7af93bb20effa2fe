"""The bot's web server: a Starlette app built from parts, served by uvicorn in the bot's loop.

Parts: the staff console (`handlers.web.console`), and whatever else mounts routes
(web chat, Telegram webhook). This package never imports the Telegram adapter.
"""

from __future__ import annotations

from handlers.web.app import STATIC_DIR, TEMPLATE_DIR, WebPart, WebState, create_app, web_state
from handlers.web.secret import resolve_secret_key
from handlers.web.server import WebServer, WebStartError, running_server

__all__ = [
    "STATIC_DIR",
    "TEMPLATE_DIR",
    "WebPart",
    "WebServer",
    "WebStartError",
    "WebState",
    "create_app",
    "resolve_secret_key",
    "running_server",
    "web_state",
]
