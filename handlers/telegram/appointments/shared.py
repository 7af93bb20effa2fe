"""What the citizen's and the staff's request handlers share: request numbers, the staff cards."""

from __future__ import annotations

import logging

from telegram.error import BadRequest, TelegramError

from core.appointments.service import AppointmentError
from core.ids import MAX_ID_DIGITS, callback_id, parse_id
from handlers.telegram.context import BotContext
from handlers.telegram.keyboards import markup

__all__ = ["MAX_ID_DIGITS", "changed", "id_at", "parse_number", "refresh_cards"]

logger = logging.getLogger(__name__)


def id_at(data: str | None, index: int = 2) -> int | None:
    """The number at part `index` of callback data such as 'vc:yes:12:3'; None when it is not one."""
    return callback_id(data, index)


def parse_number(text: str | None) -> int | None:
    """'VO-12', 'vo12', '#12' or '12' -> 12."""
    return parse_id((text or "").strip().upper().removeprefix("VO").lstrip("-#").strip())


async def refresh_cards(context: BotContext, appointment_id: int) -> None:
    """Show the current state and the right buttons on every card of a request (best effort)."""
    services = context.services
    try:
        appointment = await services.appointments.get(appointment_id)
    except AppointmentError:
        return
    text, buttons = services.appointments.card(appointment)
    for chat_id, message_id in await services.appointments.card_messages(appointment_id):
        try:
            await context.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup(buttons)
            )
        except BadRequest as exc:
            logger.debug("card %s not edited: %s", appointment_id, exc)
        except TelegramError as exc:
            logger.warning("card %s not edited: %s", appointment_id, exc)


async def changed(context: BotContext, appointment_id: int) -> None:
    """After a change: send what the outbox holds and bring the request's cards up to date."""
    context.services.kick_outbox()
    await refresh_cards(context, appointment_id)
