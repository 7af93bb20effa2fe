"""Free text is a question: FAQ answer, 'Meinten Sie …?', or an offer to ask the team.

The decisions are `core.questions.QuestionDesk`'s; this module parses the update, asks the
desk and renders its reply, including the follow-ups of an answer (`FOLLOWUP_RENDERERS`).

Callback data (never trusted, always re-checked):
  fb:1:<entry> / fb:0:<entry>   feedback on an answer
  sg:<entry>                    a 'Meinten Sie …?' suggestion
  esc:yes / esc:no              send the pending question to the team, or not
  tk:add:<ticket> / tk:new      a follow-up belongs to an open ticket, or is a new question
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.ids import parse_id
from core.outbox import message_payload
from core.questions import (
    APPOINTMENT_OFFER,
    STOPS_NEXT,
    Answer,
    Matched,
    OfferVisit,
    OpenTicket,
    QuestionDesk,
    Rejected,
    Suggest,
    render_entry,
)
from core.texts import Raw, t
from core.ticket_states import ANSWERED
from core.tickets import TicketError
from handlers.telegram.appointments.mine import list_requests, offer_request
from handlers.telegram.common import (
    MESSAGE_LANGUAGE,
    acknowledge,
    clean_text,
    end_button_press,
    is_private,
    language,
    main_menu,
    main_menu_layout,
    remove_buttons,
    reply,
    yes_no_keyboard,
)
from handlers.telegram.context import BotContext
from handlers.telegram.followups import take_followup
from handlers.telegram.intents import answer_routed, offer_visit
from handlers.telegram.media import PENDING_MEDIA, pending_media
from handlers.telegram.stops_answer import intro_due, stops_followup

__all__ = [
    "FOLLOWUP_RENDERERS",
    "Followup",
    "add_to_ticket",
    "escalate",
    "feedback",
    "free_text",
    "my_tickets",
    "send_entry",
    "suggestion",
]

logger = logging.getLogger(__name__)

PENDING = "pending_question"
PENDING_GUESSES = "pending_guesses"


Followup = Callable[[Update, BotContext, str | None, str], Awaitable[None]]
"""Renders one follow-up after an FAQ answer: (update, context, the question asked, language)."""


async def _appointment_offer(update: Update, context: BotContext, question: str | None, lang: str) -> None:
    await offer_request(update, context, lang)


FOLLOWUP_RENDERERS: Mapping[str, Followup] = {
    STOPS_NEXT: stops_followup,
    APPOINTMENT_OFFER: _appointment_offer,
}
"""Follow-up id (chosen by the core for an FAQ entry) -> how Telegram shows it."""


def desk(context: BotContext) -> QuestionDesk:
    """The question desk over the running services."""
    return QuestionDesk.of(context.services)


@functools.lru_cache(maxsize=512)
def _feedback_keyboard(entry_id: str, lang: str) -> InlineKeyboardMarkup:
    """The 👍/👎 buttons under an answer (immutable: one object per entry and language is shared)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("btn.helpful", lang), callback_data=f"fb:1:{entry_id}"),
                InlineKeyboardButton(t("btn.not_helpful", lang), callback_data=f"fb:0:{entry_id}"),
            ]
        ]
    )


async def send_entry(
    update: Update, context: BotContext, answer: Answer, question: str | None, lang: str
) -> None:
    """Answer with an FAQ entry and the feedback buttons, then render its follow-ups.

    The answer about the Bürgermobil is its intro card: once per conversation, then the plan alone.
    """
    if STOPS_NEXT not in answer.followups or intro_due(context):
        await reply(update, render_entry(answer.entry, lang), _feedback_keyboard(answer.entry.id, lang))
    for followup in answer.followups:
        render = FOLLOWUP_RENDERERS.get(followup)
        if render is not None:
            await render(update, context, question, lang)


def _remember_pending(context: BotContext, text: str, matched: Matched | None) -> None:
    if context.user_data is None:
        return
    context.user_data.pop(PENDING_MEDIA, None)  # a typed question replaces a file waiting for "Ja"
    context.user_data[PENDING] = text
    context.user_data[PENDING_GUESSES] = list(matched.guesses) if matched else []


async def answer_question(update: Update, context: BotContext, text: str, lang: str) -> None:
    """Ask the desk and render its reply: an answer, suggestions, or the offer to ask the team."""
    user = update.effective_user
    matched = await desk(context).answer(text, user.id if user is not None else None)
    _remember_pending(context, text, matched)
    if matched.lang is not None:  # reply in the language the question is written in
        lang = matched.lang
        if context.user_data is not None:
            context.user_data[MESSAGE_LANGUAGE] = lang
    decided = matched.reply
    if isinstance(decided, Answer):
        await send_entry(update, context, decided, text, lang)
    elif isinstance(decided, Suggest):
        rows = [
            [InlineKeyboardButton(entry.title_for(lang), callback_data=f"sg:{entry.id}")]
            for entry in decided.entries
        ]
        rows.append([InlineKeyboardButton(t("btn.none_of_these", lang), callback_data="esc:yes")])
        await reply(update, t("faq.suggest", lang), InlineKeyboardMarkup(rows))
    elif isinstance(decided, OfferVisit):
        await offer_visit(update, decided, lang)
    else:
        await reply(update, t("faq.no_match", lang), yes_no_keyboard(lang, "esc:yes", "esc:no"))


async def free_text(update: Update, context: BotContext) -> None:
    """Any text in a private chat that no other handler took is a question."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or not is_private(update):
        return
    lang = language(update, context)
    text = clean_text(message.text)
    taken = await desk(context).take(user.id, text)
    if isinstance(taken, Rejected):
        key = "input.empty" if taken.reason == "empty" else "input.too_long"
        await reply(update, t(key, lang, limit=taken.limit), main_menu(lang))
        return
    if await take_followup(update, context, text, lang):  # after "Ich habe noch eine Frage"
        return
    routed = desk(context).route(text)  # small talk, a stop question: before the FAQ and the queue
    if routed is not None:
        await answer_routed(update, context, routed, lang)
        return
    if isinstance(taken, OpenTicket):
        ticket_id = taken.ticket_id
        _remember_pending(context, text, None)
        label, prompt = (
            ("btn.followup_yes", "ticket.followup_or_new")
            if taken.followup
            else ("btn.add_to_ticket", "ticket.add_or_new")
        )
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(t(label, lang, number=ticket_id), callback_data=f"tk:add:{ticket_id}")],
                [InlineKeyboardButton(t("btn.new_question", lang), callback_data="tk:new")],
            ]
        )
        await reply(update, t(prompt, lang, number=ticket_id), keyboard)
        return
    await answer_question(update, context, text, lang)


async def _pressed(
    update: Update, context: BotContext, *, remove: bool = True
) -> tuple[str, str, dict[str, Any]]:
    """Acknowledge a button press (and remove its buttons); returns its data, language, user data."""
    query = update.callback_query
    assert query is not None
    if remove:
        await end_button_press(query)
    else:
        await acknowledge(query)
    data = context.user_data if context.user_data is not None else {}
    return query.data or "", language(update, context), data


async def feedback(update: Update, context: BotContext) -> None:
    """'Hat geholfen' / 'Hat nicht geholfen' under an answer."""
    pressed, lang, data = await _pressed(update, context)
    parts = pressed.split(":")
    helpful = len(parts) == 3 and parts[1] == "1"
    valid = len(parts) == 3 and parts[1] in ("0", "1")
    user = update.effective_user
    pending = data.get(PENDING)
    question = pending if isinstance(pending, str) else None
    user_id = user.id if user is not None else None
    found = (
        await desk(context).feedback(parts[2], helpful, user_id=user_id, question=question) if valid else None
    )
    if found is None:
        await reply(update, t("stale_button", lang), main_menu(lang))
        return
    if helpful:
        await reply(update, t("faq.thanks", lang), main_menu(lang))
        return
    await reply(update, t("faq.not_helpful", lang), yes_no_keyboard(lang, "esc:yes", "esc:no"))


async def suggestion(update: Update, context: BotContext) -> None:
    """A 'Meinten Sie …?' button: show that entry."""
    pressed, lang, data = await _pressed(update, context)
    answer = desk(context).entry(pressed.removeprefix("sg:"))
    if answer is None:
        await reply(update, t("faq.entry_gone", lang), main_menu(lang))
        return
    pending = data.get(PENDING)
    question = pending if isinstance(pending, str) else None
    if update.effective_user is not None:
        await desk(context).chose(answer.entry.id, update.effective_user.id, question)
    await send_entry(update, context, answer, question, lang)


async def escalate(update: Update, context: BotContext) -> None:
    """Yes: the pending question becomes a ticket. No: nothing is sent.

    The ticket is stored before the buttons go (a crash in between loses nothing), keyed by the
    press: Telegram's redelivery of the same update after a crash finds the first ticket.
    """
    pressed, lang, data = await _pressed(update, context, remove=False)
    query = update.callback_query
    assert query is not None
    try:
        await _escalate(update, context, query.id, pressed, lang, data)
    finally:
        await remove_buttons(query)


async def _escalate(
    update: Update, context: BotContext, press: str, pressed: str, lang: str, data: dict[str, Any]
) -> None:
    user = update.effective_user
    if pressed == "esc:no":
        data.pop(PENDING, None)
        data.pop(PENDING_MEDIA, None)
        await reply(update, t("faq.okay", lang), main_menu(lang))
        return
    question = data.get(PENDING)
    if pressed != "esc:yes" or not isinstance(question, str) or user is None:
        await reply(update, t("faq.nothing_pending", lang), main_menu(lang))
        return
    services = context.services
    questions = desk(context)
    if not await questions.may_open_ticket(user.id):
        await reply(
            update, t("ticket.limit", lang, phone=services.config.office_hours.phone), main_menu(lang)
        )
        return
    remembered = tuple(str(g) for g in data.get(PENDING_GUESSES) or ())
    guesses = () if PENDING_MEDIA in data else questions.guesses(question, remembered)
    chat_id = update.effective_chat.id if update.effective_chat else user.id
    await services.users.touch(user.id, chat_id, lang, services.clock.now())
    expectation = Raw(services.tickets.expectation(lang))

    def receipt(number: int) -> dict[str, Any]:
        text = t("ticket.created", lang, number=number, expectation=expectation)
        return message_payload(text, main_menu_layout(lang))

    number = await services.tickets.create(
        user_id=user.id,
        chat_id=chat_id,
        language=lang,
        text=question,
        guesses=guesses,
        press_key=press,
        receipt=receipt,
        media=pending_media(data),
    )
    await questions.escalated(user.id, question, number)  # the review list follows the ticket
    data.pop(PENDING, None)
    data.pop(PENDING_GUESSES, None)
    data.pop(PENDING_MEDIA, None)
    services.kick_outbox()  # the receipt goes out with the card, retried like it


async def add_to_ticket(update: Update, context: BotContext) -> None:
    """The follow-up belongs to an open ticket (tk:add:N) or is a new question (tk:new)."""
    pressed, lang, data = await _pressed(update, context)
    user = update.effective_user
    text = data.get(PENDING)
    if not isinstance(text, str) or user is None:
        await reply(update, t("faq.nothing_pending", lang), main_menu(lang))
        return
    if pressed == "tk:new":
        await answer_question(update, context, text, lang)
        return
    ticket_id = parse_id(pressed.removeprefix("tk:add:")) if pressed.startswith("tk:add:") else None
    services = context.services
    before = await services.tickets.get(ticket_id) if ticket_id is not None else None
    try:
        if ticket_id is None:
            raise TicketError("forged ticket number")
        press = update.callback_query.id if update.callback_query else None
        ticket = await services.tickets.add_citizen_message(ticket_id, user.id, text, key=press)
    except TicketError:
        if before is not None and before.user_id == user.id:  # closed meanwhile: a new question
            await reply(update, t("ticket.followup_new_question", lang, number=before.id))
            await answer_question(update, context, text, lang)
            return
        await reply(update, t("stale_button", lang), main_menu(lang))
        return
    data.pop(PENDING, None)
    services.kick_outbox()
    followup = before is not None and before.status == ANSWERED
    key = "ticket.followup_added" if followup else "ticket.added"
    await reply(update, t(key, lang, number=ticket.id), main_menu(lang))


async def my_tickets(update: Update, context: BotContext) -> None:
    """/meineanfragen: the citizen's own tickets (and, when present, requests)."""
    user = update.effective_user
    if user is None or not is_private(update):
        return
    lang = language(update, context)
    services = context.services
    tickets = await services.tickets.mine(user.id)
    shown = await list_requests(update, context, lang)  # the Vor-Ort-Service requests first
    if not tickets:
        if not shown:
            await reply(update, t("mytickets.none", lang), main_menu(lang))
        return
    tz = services.office_hours.tz
    lines = [t("mytickets.header", lang)]
    rows: list[list[InlineKeyboardButton]] = []
    for ticket, first in tickets:
        question = first or "…"
        status = t(f"status.{ticket.status}", lang)
        until = services.tickets.followup_until(ticket)
        if until is not None and services.tickets.takes_followup(ticket):
            status += " · " + t("mytickets.until", lang, until=f"{until.astimezone(tz):%d.%m.%Y}")
            rows.append(
                [
                    InlineKeyboardButton(
                        t("mytickets.btn.done", lang, number=ticket.id), callback_data=f"tk:done:{ticket.id}"
                    ),
                    InlineKeyboardButton(
                        t("mytickets.btn.more", lang, number=ticket.id), callback_data=f"tk:more:{ticket.id}"
                    ),
                ]
            )
        lines.append(
            t(
                "mytickets.line",
                lang,
                number=ticket.id,
                status=status,
                date=f"{ticket.created_at.astimezone(tz):%d.%m.%Y}",
                question=question[:120],
            )
        )
    await reply(update, "\n\n".join(lines), InlineKeyboardMarkup(rows) if rows else main_menu(lang))
