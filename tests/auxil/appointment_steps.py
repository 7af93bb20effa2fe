"""Shared steps for the appointment tests: walk the request conversation through the harness."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from core.clock import ManualClock
from handlers.telegram.offline import ApiCall
from tests.auxil.harness import STAFF_CHAT, Harness, make_config

CARE_HOME = "Haus Abendsonne, Borbecker Str. 5, 45355 Essen"


@asynccontextmanager
async def started(tmp_path: Path, clock: ManualClock, **sections: Any) -> AsyncIterator[Harness]:
    """A running bot with these config sections (flood control as `make_config` sets it)."""
    async with Harness(make_config(tmp_path, **sections), clock) as harness:
        yield harness


async def fill_request(
    bot: Harness,
    user: dict[str, Any] | None = None,
    *,
    residents: tuple[str, ...] = ("Erna Muster, 1938",),
    send: bool = True,
) -> ApiCall:
    """A relative books a care-home visit; returns the last message to the user."""
    chat = (user or bot.citizen)["id"]
    await bot.send("/termin", user=user)
    await bot.press("vo:who:relative", user=user)
    await bot.press("vo:why:care_home", user=user)
    await bot.press("vo:svc:id_card", user=user)
    await bot.press("vo:svc:address", user=user)
    await bot.press("vo:svc:done", user=user)
    await bot.press("vo:where:care_home", user=user)
    await bot.send(CARE_HOME, user=user)
    for number, resident in enumerate(residents):
        if number:
            await bot.press("vo:more:yes", user=user)
        await bot.send(resident, user=user)
    await bot.press("vo:more:no", user=user)
    await bot.send("Klaus Muster", user=user)
    await bot.send("0170 1234567", user=user)
    await bot.press("vo:time:morning", user=user)
    await bot.press("vo:ok", user=user)
    await bot.press("vo:consent:yes", user=user)
    if send:
        await bot.press("vo:send", user=user)
    return bot.api.last(chat)


def card_of(bot: Harness, reference: str) -> ApiCall:
    """The (first) card of a request in the staff chat."""
    for call in bot.to_staff():
        if f"Vor-Ort-Anfrage {reference}" in call.text and call.method == "sendMessage":
            return call
    raise AssertionError(f"no card for {reference}")


async def staff_press(bot: Harness, data: str) -> None:
    """A staff member presses a card button."""
    await bot.press(data, user=bot.staff, chat_id=STAFF_CHAT)
