"""The persistent request ConversationHandler: entry points, one state per step, fallbacks."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from core.appointments import flow
from handlers.telegram.appointments.draft import CONVERSATION, Callback
from handlers.telegram.appointments.entry import (
    on_back,
    on_cancel,
    on_menu,
    on_old_button,
    on_resume,
    on_timeout,
    on_unexpected,
    start_request,
)
from handlers.telegram.appointments.replies import (
    on_answer_text,
    on_wish_none,
    on_wish_text,
    start_answer,
    start_wish,
)
from handlers.telegram.appointments.steps import (
    on_applicant,
    on_applicant_year,
    on_checklist,
    on_consent,
    on_contact,
    on_for_whom,
    on_more,
    on_phone,
    on_place,
    on_place_kind,
    on_reason,
    on_reason_text,
    on_service,
    on_service_text,
    on_times,
)
from handlers.telegram.appointments.summary import on_edit, on_send, on_summary_text
from handlers.telegram.common import menu_pattern
from handlers.telegram.context import BotContext

__all__ = ["CANCEL_COMMANDS", "CONVERSATION_TIMEOUT", "build_conversation"]

CONVERSATION_TIMEOUT = 2 * 60 * 60
"""Seconds without an answer after which the conversation ends with a polite note."""
CANCEL_COMMANDS = ["abbrechen", "cancel"]
"""Inside the conversation: on_cancel; outside: nothing_to_cancel (registered in bot/app.py)."""


def _button(callback: Callback, pattern: str) -> BaseHandler[Update, BotContext, object]:
    handler: CallbackQueryHandler[BotContext, object] = CallbackQueryHandler(callback, pattern=pattern)
    return handler


def build_conversation() -> ConversationHandler[BotContext]:
    """The persistent request conversation (register it before the free-text question handler)."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    other_menus = "|".join(menu_pattern(key) for key in ("btn.ask", "btn.stops", "btn.contact"))
    menu = filters.Regex(other_menus)
    text = private & filters.TEXT & ~filters.COMMAND & ~menu

    states: dict[object, list[BaseHandler[Update, BotContext, Any]]] = {
        flow.FOR_WHOM: [_button(on_for_whom, r"^vo:who:")],
        flow.REASON: [_button(on_reason, r"^vo:why:")],
        flow.REASON_TEXT: [MessageHandler(text, on_reason_text)],
        flow.SERVICES_STEP: [_button(on_service, r"^vo:svc:")],
        flow.SERVICE_TEXT: [MessageHandler(text, on_service_text)],
        flow.PLACE_KIND: [_button(on_place_kind, r"^vo:where:")],
        flow.PLACE: [MessageHandler(text, on_place)],
        flow.APPLICANT: [MessageHandler(text, on_applicant)],
        flow.APPLICANT_YEAR: [MessageHandler(text, on_applicant_year)],
        flow.MORE: [_button(on_more, r"^vo:more:")],
        flow.CONTACT: [MessageHandler(text, on_contact)],
        flow.PHONE: [MessageHandler(text, on_phone)],
        flow.TIMES_STEP: [_button(on_times, r"^vo:time:")],
        flow.CHECKLIST: [_button(on_checklist, r"^vo:ok$")],
        flow.CONSENT: [_button(on_consent, r"^vo:consent:")],
        flow.SUMMARY: [
            _button(on_edit, r"^vo:edit:"),
            _button(on_send, r"^vo:send$"),
            MessageHandler(text, on_summary_text),
        ],
        flow.RESUME: [_button(on_resume, r"^vo:(resume|new)$")],
        flow.WISH: [MessageHandler(text, on_wish_text), _button(on_wish_none, r"^vc:nowish:\d+$")],
        flow.ANSWER: [MessageHandler(text, on_answer_text)],
        ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
    }
    with warnings.catch_warnings():  # per_message=False with button handlers is intended here
        warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
        return _conversation(states, private, menu)


def _conversation(
    states: dict[object, list[BaseHandler[Update, BotContext, Any]]],
    private: filters.BaseFilter,
    menu: filters.BaseFilter,
) -> ConversationHandler[BotContext]:
    """The ConversationHandler itself: entry points, states, fallbacks, persistence, timeout."""
    return ConversationHandler(
        entry_points=[
            CommandHandler("termin", start_request, filters=filters.ChatType.PRIVATE),
            MessageHandler(private & filters.Regex(menu_pattern("btn.visit")), start_request),
            _button(start_request, r"^vo:start$"),
            _button(start_wish, r"^vc:no:\d+:\d+$"),
            _button(start_answer, r"^vc:ans:\d+$"),
        ],
        states=states,
        fallbacks=[
            CommandHandler(CANCEL_COMMANDS, on_cancel, filters=filters.ChatType.PRIVATE),
            _button(on_cancel, r"^vo:cancel$"),
            _button(on_back, r"^vo:back$"),
            MessageHandler(private & menu, on_menu),
            _button(on_old_button, r"^vo:"),
            MessageHandler(private & ~filters.COMMAND, on_unexpected),
        ],
        allow_reentry=True,
        per_message=False,
        conversation_timeout=CONVERSATION_TIMEOUT,
        name=CONVERSATION,
        persistent=True,
    )
