"""Test support for the console's stop-plan pages: subscribers, a cancellation, the import files."""

from __future__ import annotations

import re

from handlers.telegram.offline import UpdateFactory
from handlers.telegram.offline_bot import CITIZEN_ID
from tests.auxil.harness import Harness

__all__ = [
    "BAD_CSV",
    "GOOD_CSV",
    "STEELE",
    "SUBSCRIBERS",
    "notices_to",
    "subscribe_to_steele",
    "token_of",
]

STEELE = "2026-11-26-steele"
"""Thursday's stop in Steele, the day after the test clock's Wednesday."""
BEA = UpdateFactory.user(601, "Bea", "de")
CARL = UpdateFactory.user(602, "Carl", "en")
SUBSCRIBERS = (CITIZEN_ID, 601, 602)
GOOD_CSV = (
    "datum;start;ende;ort_id;titel\n"
    "07.01.2027;10:00;13:00;steele;\n"
    "14.01.2027;11:00;14:00;steele;\n"
    "15.01.2027;09:00;12:00;werden;Sondertermin Bürgerbüro\n"
)
"""January 2027: one rule date confirmed, one moved in time, one new date; the other rule dates go."""
BAD_CSV = (
    "datum;start;ende;ort_id\n"
    "07.01.2027;10:00;13:00;steele\n"
    "32.01.2027;10:00;13:00;steele\n"
    "08.01.2027;10:00;13:00;nirgendwo\n"
)
_FIELD = 'name="{name}" value="([^"]*)"'


async def subscribe_to_steele(bot: Harness) -> None:
    """Three citizens (one reads English) ask for reminders about the stop in Steele."""
    await bot.press("so:sub:p:steele")
    await bot.press("so:sub:p:steele", user=BEA)
    await bot.press("so:sub:p:steele", user=CARL)
    people, _ = await bot.services.stops.subscriber_count()
    assert people == 3


def notices_to(bot: Harness, chat_id: int, word: str) -> list[str]:
    """The messages to a chat that contain a word (e.g. the cancellation's reason)."""
    return [text for text in bot.api.texts(chat_id) if word in text]


def token_of(html: str, name: str) -> str:
    """A hidden field's value in a page."""
    found = re.search(_FIELD.format(name=name), html)
    assert found, f"no field {name!r} in the page"
    return found.group(1)
