"""The citizen's answers to the team: 'Passt nicht' with a wish, and a reply to a question."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from core.appointments import flow
from core.appointments.model import PROPOSED
from core.appointments.service import AppointmentError
from core.appointments.validation import InputError, check_text
from core.texts import t
from handlers.telegram.appointments.draft import (
    END,
    REPLY_KEY,
    State,
    ack,
    error_reply,
    input_error,
    message_text,
    user_data,
)
from handlers.telegram.appointments.shared import changed, id_at
from handlers.telegram.common import language, main_menu, reply
from handlers.telegram.context import BotContext

__all__ = ["on_answer_text", "on_wish_none", "on_wish_text", "start_answer", "start_wish"]


def _pending(context: BotContext, kind: str) -> dict[str, Any] | None:
    """The pending answer to the team, if it is of this kind ('wish' or 'answer')."""
    pending = user_data(context).get(REPLY_KEY)
    return pending if isinstance(pending, dict) and pending.get("kind") == kind else None


def _cancel_row(lang: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t("vo.btn.cancel", lang), callback_data="vo:cancel")]


async def _stale(update: Update, lang: str) -> State:
    await reply(update, t("vo.err.stale_button", lang), main_menu(lang))
    return END


async def start_wish(update: Update, context: BotContext) -> State | None:
    """'Passt nicht': ask for a wish (the proposal stays valid until the answer is sent)."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    with contextlib.suppress(TelegramError):
        await query.answer()
    lang = language(update, context)
    parts = (query.data or "").split(":")
    appointment_id, seq = id_at(query.data), id_at(query.data, 3)
    try:
        if appointment_id is None or seq is None or len(parts) != 4:
            raise AppointmentError("not_found")
        a = await context.services.appointments.get_own(appointment_id, user.id)
        if a.status != PROPOSED or a.proposal_seq != seq:
            raise AppointmentError("stale", a)
    except AppointmentError as error:
        await error_reply(update, lang, error)
        return END
    message = query.message
    user_data(context)[REPLY_KEY] = {
        "kind": "wish",
        "id": appointment_id,
        "seq": seq,
        "message_id": message.message_id if message else None,
    }
    no_wish = InlineKeyboardButton(t("vo.btn.no_wish", lang), callback_data=f"vc:nowish:{appointment_id}")
    await reply(update, t("vo.ask.wish", lang), InlineKeyboardMarkup([[no_wish], _cancel_row(lang)]))
    return flow.WISH


async def _finish_wish(update: Update, context: BotContext, wish: str | None) -> State | None:
    lang = language(update, context)
    pending = _pending(context, "wish")
    user_data(context).pop(REPLY_KEY, None)
    user = update.effective_user
    if pending is None or user is None:
        return await _stale(update, lang)
    services = context.services
    try:
        await services.appointments.decline(int(pending["id"]), user.id, int(pending["seq"]), wish)
    except AppointmentError as error:
        await error_reply(update, lang, error)
        return END
    chat = update.effective_chat
    if pending.get("message_id") and chat is not None:
        with contextlib.suppress(TelegramError):
            await context.bot.edit_message_reply_markup(
                chat.id, int(pending["message_id"]), reply_markup=None
            )
    await changed(context, int(pending["id"]))
    await reply(update, t("vo.notice.declined", lang), main_menu(lang))
    return END


async def on_wish_text(update: Update, context: BotContext) -> State | None:
    """The wish after 'Passt nicht'."""
    lang = language(update, context)
    try:
        wish = check_text(message_text(update))
    except InputError as error:
        await reply(update, input_error(error, lang, context))
        return None
    return await _finish_wish(update, context, wish)


async def on_wish_none(update: Update, context: BotContext) -> State | None:
    """'Ohne Wunsch senden'."""
    await ack(update)
    return await _finish_wish(update, context, None)


async def start_answer(update: Update, context: BotContext) -> State | None:
    """'Antworten' under a question of the team: the next text goes to the team."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    await ack(update)
    lang = language(update, context)
    appointment_id = id_at(query.data)
    try:
        if appointment_id is None:
            raise AppointmentError("not_found")
        a = await context.services.appointments.get_own(appointment_id, user.id)
        if not a.is_open:
            raise AppointmentError("not_open", a)
    except AppointmentError as error:
        await error_reply(update, lang, error)
        return END
    user_data(context)[REPLY_KEY] = {"kind": "answer", "id": appointment_id}
    markup = InlineKeyboardMarkup([_cancel_row(lang)])
    await reply(update, t("vo.ask.answer", lang, reference=a.reference), markup)
    return flow.ANSWER


async def on_answer_text(update: Update, context: BotContext) -> State | None:
    """The citizen's answer to the team's question."""
    lang = language(update, context)
    user = update.effective_user
    pending = _pending(context, "answer")
    if pending is None or user is None:
        return await _stale(update, lang)
    services = context.services
    try:
        text = check_text(message_text(update), services.config.limits.max_text_length)
    except InputError as error:
        await reply(update, input_error(error, lang, context))
        return None
    user_data(context).pop(REPLY_KEY, None)
    try:
        a = await services.appointments.citizen_reply(int(pending["id"]), user.id, text)
    except AppointmentError as error:
        await error_reply(update, lang, error)
        return END
    services.kick_outbox()
    await reply(update, t("vo.answer_sent", lang, reference=a.reference), main_menu(lang))
    return END
