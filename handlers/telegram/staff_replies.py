"""The one staff-reply dispatcher: a reply in a staff chat goes to the request or ticket it answers.

Which one is decided by the replied-to message's link in `staff_messages` (never by the
forwarded sender): a request's card, note or prompt -> `appointments.staff.request_reply`;
a ticket's card, note, thread or earlier reply -> `staff.ticket_reply`; a reply to another
message of the bot is told that it reaches nobody.
"""

from __future__ import annotations

from telegram import Update

from core.texts import t
from handlers.telegram import staff as tickets_staff
from handlers.telegram.appointments import staff as appointments_staff
from handlers.telegram.common import reply
from handlers.telegram.context import BotContext

__all__ = ["staff_reply"]


async def staff_reply(update: Update, context: BotContext) -> None:
    """A text reply in a staff chat: route it to the request or ticket its message belongs to."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or message.reply_to_message is None:
        return
    services = context.services
    if not services.staff.is_staff_chat(chat.id):
        return
    replied = message.reply_to_message
    request = await services.appointments.lookup(chat.id, replied.message_id)
    if request is not None:
        await appointments_staff.request_reply(update, context, request)
        return
    ticket_id = await services.tickets.ticket_for_message(chat.id, replied.message_id)
    if ticket_id is None:
        if replied.from_user and replied.from_user.id == context.bot.id:
            await reply(update, t("staff.unknown_reply"))
        return
    await tickets_staff.ticket_reply(update, context, ticket_id)
