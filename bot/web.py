"""The web server next to the bot: which parts it serves, started and stopped with the bot.

The entry points compose the channels here, so `handlers.web` never imports the Telegram
adapter: a part that needs the PTB application (webhook, web chat) gets it from this module.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from core.services import Services
from core.staff_accounts import AccountError

if TYPE_CHECKING:
    from handlers.telegram.context import BotApplication
    from handlers.web import WebPart

__all__ = ["DEMO_ACCOUNT", "demo_web_server", "web_parts", "web_server"]

DEMO_ACCOUNT = "demo"

logger = logging.getLogger(__name__)


def web_parts(services: Services, application: BotApplication | None) -> list[WebPart]:
    """The parts to serve, in order; each part adds itself here (console, web chat, webhook).

    `application` is the running PTB application, or None when the server runs without one.
    """
    from handlers.web.chat import chat_part
    from handlers.web.console import console_part

    parts: list[WebPart] = [console_part(), chat_part()]
    telegram = services.config.telegram
    if application is not None and telegram.mode == "webhook" and telegram.webhook_secret:
        from bot.webhook import webhook_routes
        from handlers.web import WebPart

        parts.append(WebPart("telegram-webhook", webhook_routes(application, telegram.webhook_secret)))
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


@contextlib.asynccontextmanager
async def demo_web_server(
    services: Services, application: BotApplication | None, write: Callable[[str], None] = print
) -> AsyncIterator[str | None]:
    """The web server of `make demo`: prints the console address, a demo login (admin) and the web chat."""
    async with web_server(services, application) as url:
        if url is not None:
            password = secrets.token_urlsafe(12)
            try:
                await services.accounts.add(DEMO_ACCOUNT, "admin", password, by="demo")
            except AccountError:
                await services.accounts.set_password(DEMO_ACCOUNT, password, by="demo")
            write(
                f"Team-Konsole / staff console: {url}/console/  "
                f"Anmeldung / sign in: {DEMO_ACCOUNT} / {password}"
            )
            write(f"Web-Chat für Bürgerinnen und Bürger / citizens' web chat: {url}/chat")
        yield url
