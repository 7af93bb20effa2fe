"""The citizen's side of a ticket's life cycle: "Danke, erledigt", "Ich habe noch eine Frage", the follow-up.

The rules (window, states) are `core.ticket_lifecycle`'s; this module parses the press, asks
the ticket service and answers.

Callback data (never trusted, always re-checked against the ticket and its owner):
  tk:done:<ticket>   the citizen is satisfied: close the ticket
  tk:more:<ticket>   the next text the citizen writes is a follow-up ("Rückfrage") to it
"""

from __future__ import annotations

from telegram import Update

from core.ids import callback_id
from core.texts import t
from core.tickets import TicketError
from handlers.telegram.common import end_button_press, language, main_menu, reply
from handlers.telegram.context import BotContext

__all__ = ["FOLLOWUP_FOR", "take_followup", "ticket_done", "ticket_more"]

FOLLOWUP_FOR = "followup_ticket"
"""user_data key: the ticket the citizen's next text is a follow-up to ("Ich habe noch eine Frage")."""


async def ticket_done(update: Update, context: BotContext) -> None:
    """tk:done:N: "Danke, erledigt" closes the ticket; a second press says it is closed already."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    await end_button_press(query)
    lang = language(update, context)
    number = callback_id(query.data)
    services = context.services
    try:
        if number is None or user is None:
            raise TicketError("forged ticket number")
        ticket, closed = await services.tickets.citizen_done(number, user.id)
    except TicketError:
        await reply(update, _stale(lang), main_menu(lang))
        return
    if context.user_data is not None and context.user_data.get(FOLLOWUP_FOR) == ticket.id:
        context.user_data.pop(FOLLOWUP_FOR, None)
    key = "ticket.done_thanks" if closed else "ticket.already_closed"
    await reply(update, _t(key, lang, ticket.id), main_menu(lang))
    if closed:
        services.kick_outbox()


async def ticket_more(update: Update, context: BotContext) -> None:
    """tk:more:N: ask for the follow-up; the next text attaches to the ticket (if still in its window)."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    await end_button_press(query)
    lang = language(update, context)
    number = callback_id(query.data)
    services = context.services
    if number is None or user is None:
        await reply(update, _stale(lang), main_menu(lang))
        return
    try:
        ticket = await services.tickets.check_followup(number, user.id)
    except TicketError:
        own = await services.tickets.get(number)
        if own is None or own.user_id != user.id:
            await reply(update, _stale(lang), main_menu(lang))
        else:  # closed, or the window is over: the question becomes a new one
            await reply(update, _t("ticket.followup_expired", lang, number), main_menu(lang))
        return
    if context.user_data is not None:
        context.user_data[FOLLOWUP_FOR] = ticket.id
    await reply(update, _t("ticket.followup_prompt", lang, ticket.id))


async def take_followup(update: Update, context: BotContext, text: str, lang: str) -> bool:
    """After "Ich habe noch eine Frage": attach the text to that ticket; True when it was taken.

    When the ticket meanwhile closed or its window ended, the citizen is told and the text goes
    on as a new question (False), so nothing is lost.
    """
    data = context.user_data
    user = update.effective_user
    number = data.pop(FOLLOWUP_FOR, None) if data is not None else None
    if not isinstance(number, int) or user is None:
        return False
    services = context.services
    try:
        message = update.effective_message
        key = f"msg:{message.chat_id}:{message.message_id}" if message is not None else None
        ticket = await services.tickets.add_citizen_message(number, user.id, text, key=key)
    except TicketError:
        await reply(update, _t("ticket.followup_new_question", lang, number))
        return False
    services.kick_outbox()
    await reply(update, _t("ticket.followup_added", lang, ticket.id), main_menu(lang))
    return True


def _t(key: str, lang: str, number: int) -> str:
    return t(key, lang, number=number)


def _stale(lang: str) -> str:
    return t("stale_button", lang)
