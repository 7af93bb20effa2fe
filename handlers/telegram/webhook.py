"""The Telegram webhook as a Starlette route: Telegram POSTs each update here.

Telegram sends the secret token given to `setWebhook` back in the header
`X-Telegram-Bot-Api-Secret-Token`. A request without it gets 401, one with a wrong token 403,
and neither is read any further. A valid update is parsed and put on the application's update
queue (as the polling updater does), so Telegram gets its 200 at once and the update takes its
place in the per-chat order (`processor.py`). A body that is not an update gets 400; Telegram
would retry a 5xx, so nothing we cannot parse ever answers one.
"""

from __future__ import annotations

import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update

from handlers.telegram.context import BotApplication

__all__ = ["MAX_BODY_BYTES", "SECRET_HEADER", "WEBHOOK_PATH", "webhook_routes"]

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram"
MAX_BODY_BYTES = 1 << 20
"""Updates are small (a message is at most 4096 characters); more is not from Telegram."""


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
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return Response(status_code=401)
        if not hmac.compare_digest(given.encode(), expected):
            logger.warning("webhook: request with a wrong secret token refused")
            return Response(status_code=403)
        try:
            data = json.loads(await _body(request))
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, application.bot)
        except _TooLarge:
            return Response(status_code=413)
        except (ValueError, TypeError, KeyError) as exc:  # json errors are ValueErrors
            logger.warning("webhook: a body that is not an update (%s)", type(exc).__name__)
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return [Route(path, receive, methods=["POST"], name="telegram-webhook")]
