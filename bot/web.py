"""The web server next to the bot: which parts it serves, started and stopped with the bot.

The entry points compose the channels here, so `handlers.web` never imports the Telegram
adapter: a part that needs the PTB application (webhook, web chat) gets it from this module.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from core.services import Services

if TYPE_CHECKING:
    from handlers.telegram.context import BotApplication
    from handlers.web import WebPart

__all__ = ["web_parts", "web_server"]

logger = logging.getLogger(__name__)


def web_parts(services: Services, application: BotApplication | None) -> list[WebPart]:
    """The parts to serve, in order; each part adds itself here (console, web chat, webhook).

    `application` is the running PTB application, or None when the server runs without one.
    """
    from handlers.web.chat import chat_part

    parts: list[WebPart] = [chat_part()]
    return parts


@contextlib.asynccontextmanager
async def web_server(services: Services, application: BotApplication | None) -> AsyncIterator[str | None]:
    """Serve the web parts while the block runs; yields the base URL, or None when `web.enabled` is off."""
    settings = services.config.web
    if not settings.enabled:
        yield None
        return
    from handlers.web import create_app, resolve_secret_key, running_server

    app = create_app(services, web_parts(services, application), resolve_secret_key(services.config))
    async with running_server(app, settings.host, settings.port) as url:
        yield url
