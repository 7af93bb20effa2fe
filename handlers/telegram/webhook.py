"""The Telegram webhook's logic, free of any web framework: check the secret, parse, queue.

Telegram sends the secret token given to `setWebhook` back in the header
`X-Telegram-Bot-Api-Secret-Token`. A request without it gets 401, one with a wrong token 403,
and its body is not read any further. A valid update is parsed and put on the application's
update queue (as the polling updater does), so Telegram gets its 200 at once and the update
takes its place in the per-chat order (`processor.py`). A body that is not an update gets 400,
one larger than an update can be 413; Telegram would retry a 5xx, so nothing we cannot parse
ever answers one. The HTTP route around it is in `bot/webhook.py` (the entry points own the web
server; `handlers.telegram` imports no web framework).
"""

from __future__ import annotations

import hmac
import json
import logging

from telegram import Update

from handlers.telegram.context import BotApplication

__all__ = ["MAX_BODY_BYTES", "SECRET_HEADER", "WEBHOOK_PATH", "WebhookReceiver"]

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"
MAX_BODY_BYTES = 1 << 20
"""Updates are small (a message is at most 4096 characters); more is not from Telegram."""


class WebhookReceiver:
    """Turns one webhook request into an HTTP status; valid updates go to the update queue."""

    def __init__(self, application: BotApplication, secret: str) -> None:
        self.application = application
        self._secret = secret.encode()

    def allowed(self, given: str | None) -> int | None:
        """None when the secret header is right, else the status to answer (401 / 403)."""
        if given is None:
            return 401
        if not hmac.compare_digest(given.encode(), self._secret):
            logger.warning("webhook: request with a wrong secret token refused")
            return 403
        return None

    async def receive(self, given: str | None, body: bytes) -> int:
        """Check the secret, parse the body as an update and queue it; the HTTP status to answer."""
        refused = self.allowed(given)
        if refused is not None:
            return refused
        if len(body) > MAX_BODY_BYTES:
            return 413
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError) as exc:  # json errors are ValueErrors
            logger.warning("webhook: a body that is not an update (%s)", type(exc).__name__)
            return 400
        await self.application.update_queue.put(update)
        return 200
