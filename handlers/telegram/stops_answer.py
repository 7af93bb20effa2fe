"""The stop plan as an answer: to a lookup (day, district, postal code), as the overview, and as the
follow-up after the FAQ answer about the Bürgermobil (`core.questions.STOPS_NEXT`).

Shared by `stops.py` (the menu, typed lookups) and `questions.py` (the FAQ follow-up).
"""

from __future__ import annotations

from telegram import Update

from core.stops.query import Lookup, read_lookup
from handlers.telegram.common import clean_text, is_private, reply
from handlers.telegram.context import BotContext
from handlers.telegram.stops_view import (
    area_message,
    day_message,
    not_essen_message,
    overview_message,
    stop_buttons,
)

__all__ = ["answer_lookup", "send_overview", "stops_followup"]


async def send_overview(update: Update, context: BotContext, lang: str) -> None:
    """The next stops of the whole city."""
    stops = context.services.stops
    text, shown = overview_message(stops, lang)
    await reply(update, text, stop_buttons(shown, stops, lang) if is_private(update) else None)


async def answer_lookup(update: Update, context: BotContext, lookup: Lookup, lang: str) -> None:
    """Answer a lookup with the stops and their buttons."""
    stops = context.services.stops
    if lookup.foreign_code is not None:
        text, shown = not_essen_message(stops, lookup.foreign_code, lang)
        markup = stop_buttons(shown, stops, lang)
    elif lookup.day is not None:
        text, shown = day_message(stops, lookup.day, lang, lookup.area)
        markup = stop_buttons(shown, stops, lang, area=lookup.area)
    elif lookup.area is not None:
        answer = stops.in_area(lookup.area)
        text, shown = area_message(stops, answer, lang)
        markup = stop_buttons(shown, stops, lang, area=lookup.area, alternatives=lookup.area.alternatives)
    else:
        await send_overview(update, context, lang)
        return
    await reply(update, text, markup if is_private(update) else None)  # reminders: private chats only


async def stops_followup(update: Update, context: BotContext, question: str | None, lang: str) -> None:
    """After the FAQ answer about the Bürgermobil: the live plan (for the day or district asked)."""
    lookup = read_lookup(clean_text(question), context.services.stops.today()) if question else None
    if lookup is not None:
        await answer_lookup(update, context, lookup, lang)
    else:
        await send_overview(update, context, lang)
