"""The one error handler: log with traceback, answer the user politely, tell staff (no personal data)."""

from __future__ import annotations

import contextlib
import logging
import time

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from core.texts import t
from handlers.telegram.common import is_private, language
from handlers.telegram.context import BotContext

__all__ = ["error_handler"]

logger = logging.getLogger(__name__)

_STAFF_NOTICE_INTERVAL = 60.0
_LAST_NOTICE = "errors.last_staff_notice"


async def error_handler(update: object, context: BotContext) -> None:
    """Log the exception, apologise to the citizen, notify the staff group at most once a minute."""
    error = context.error
    logger.error("error while handling an update: %s", type(error).__name__, exc_info=error)
    services = context.services
    phone = services.config.office_hours.phone
    if isinstance(update, Update) and update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    if isinstance(update, Update) and update.effective_chat is not None and is_private(update):
        try:
            await update.effective_chat.send_message(
                t("error.generic", language(update, context), phone=phone), parse_mode=ParseMode.HTML
            )
        except TelegramError as exc:
            logger.warning("could not tell the user about the error: %s", exc)
    staff_chat = services.config.staff.chat_id
    now = time.monotonic()
    last = services.extras.get(_LAST_NOTICE)
    if staff_chat is None or (isinstance(last, float) and now - last < _STAFF_NOTICE_INTERVAL):
        return
    services.extras[_LAST_NOTICE] = now
    try:
        await context.bot.send_message(
            staff_chat,
            f"⚠️ Technischer Fehler im Bot ({type(error).__name__}). Details stehen im Log.",
        )
    except TelegramError as exc:
        logger.warning("could not notify staff about an error: %s", exc)
