"""The stop plan as an answer: to a lookup (day, district, postal code), as the overview, and as the
follow-up after the FAQ answer about the Bürgermobil (`core.questions.STOPS_NEXT`).

Shared by `stops.py` (the menu, typed lookups) and `questions.py` (the FAQ follow-up).

The intro card (what the Bürgermobil is and does) comes once per conversation, before the first
schedule of the day (Berlin time) in a private chat, never before every schedule. The FAQ answer
about the Bürgermobil is the long intro: it counts as shown, and when it was shown already today,
an FAQ question about the Bürgermobil gets the schedule alone with an "ℹ️ Was ist das
Bürgermobil?" button (`ABOUT`) instead of the same card again.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.stops.query import Lookup, read_lookup
from core.texts import t
from handlers.telegram.common import clean_text, is_private, reply
from handlers.telegram.context import BotContext
from handlers.telegram.stops_view import (
    area_message,
    button_label,
    day_message,
    not_essen_message,
    overview_message,
    stop_buttons,
)

__all__ = [
    "ABOUT",
    "INTRO_SHOWN",
    "answer_lookup",
    "intro_due",
    "intro_shown",
    "send_intro",
    "send_overview",
    "stops_followup",
]

INTRO_SHOWN = "stops_intro"
"""user_data key: the Berlin date (ISO) the intro card was last shown."""
ABOUT = "so:about"
"""Callback data of the button that shows the FAQ answer about the Bürgermobil again."""


def intro_due(context: BotContext) -> bool:
    """Whether the intro card has not been shown in this conversation (today) yet."""
    data = context.user_data
    return data is None or data.get(INTRO_SHOWN) != context.services.stops.today().isoformat()


def intro_shown(context: BotContext) -> None:
    """Remember that the citizen saw the intro today (the card or the FAQ answer)."""
    if context.user_data is not None:
        context.user_data[INTRO_SHOWN] = context.services.stops.today().isoformat()


async def send_intro(update: Update, context: BotContext, lang: str) -> None:
    """The intro card before the first schedule of the conversation (private chats only)."""
    if is_private(update) and intro_due(context):
        intro_shown(context)
        await reply(update, t("stops.intro", lang))


def _with_about(markup: InlineKeyboardMarkup | None, lang: str) -> InlineKeyboardMarkup:
    """The stop buttons and, below them, the button to read what the Bürgermobil is."""
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    rows.append([InlineKeyboardButton(button_label("stops.btn.about", lang), callback_data=ABOUT)])
    return InlineKeyboardMarkup(rows)


async def send_overview(
    update: Update, context: BotContext, lang: str, *, intro: bool = True, about: bool = False
) -> None:
    """The next stops of the whole city (after the intro card, once per conversation)."""
    stops = context.services.stops
    if intro:
        await send_intro(update, context, lang)
    text, shown = overview_message(stops, lang)
    markup = stop_buttons(shown, stops, lang) if is_private(update) else None
    await reply(update, text, _with_about(markup, lang) if about and is_private(update) else markup)


async def answer_lookup(
    update: Update,
    context: BotContext,
    lookup: Lookup,
    lang: str,
    *,
    intro: bool = True,
    about: bool = False,
) -> None:
    """Answer a lookup with the stops and their buttons (after the intro card, once per conversation)."""
    stops = context.services.stops
    if lookup.foreign_code is None and lookup.day is None and lookup.area is None:
        await send_overview(update, context, lang, intro=intro, about=about)
        return
    if intro:
        await send_intro(update, context, lang)
    if lookup.foreign_code is not None:
        text, shown = not_essen_message(stops, lookup.foreign_code, lang)
        markup = stop_buttons(shown, stops, lang)
    elif lookup.day is not None:
        text, shown = day_message(stops, lookup.day, lang, lookup.area)
        markup = stop_buttons(shown, stops, lang, area=lookup.area)
    else:
        assert lookup.area is not None
        answer = stops.in_area(lookup.area)
        text, shown = area_message(stops, answer, lang)
        markup = stop_buttons(shown, stops, lang, area=lookup.area, alternatives=lookup.area.alternatives)
    if not is_private(update):  # reminders: private chats only
        await reply(update, text)
        return
    await reply(update, text, _with_about(markup, lang) if about else markup)


async def stops_followup(update: Update, context: BotContext, question: str | None, lang: str) -> None:
    """After the FAQ answer about the Bürgermobil: the live plan (for the day or district asked).

    The FAQ answer is the intro: shown now (first time today), it counts as the intro card; skipped
    (`questions.send_entry` leaves it out when `intro_due` is False), the plan offers it as a button.
    """
    about = not intro_due(context)
    intro_shown(context)
    lookup = read_lookup(clean_text(question), context.services.stops.today()) if question else None
    await answer_lookup(update, context, lookup or Lookup(), lang, intro=False, about=about)
