"""Kill -9 at every moment of a step, restart on what the disk holds: nothing lost, nothing doubled.

For each step (the escalation press, the staff answer, 'Absenden' of a Vor-Ort request, the
broadcast of /ausfall) a dry run counts the moments the process can die at (before each COMMIT,
before and after each Bot API call; `tests/auxil/kill.py`). Then, for every one of them, the step
runs again on a fresh bot and dies there; a new Application starts on the copied files and the
same Telegram, which either delivers the unconfirmed update again (`replay`) or not, in which
case the person does what they would: press the button again while it is still there, send the
command again when the team chat shows nothing. After retries have had their time: exactly one
ticket / answer / request / cancellation, and each must-arrive message delivered exactly once,
or twice only where the process died between Telegram's acceptance and the commit of "sent".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from telegram import Update

from core.clock import ManualClock
from handlers.telegram.offline import ApiCall
from handlers.telegram.offline_bot import CITIZEN_ID
from tests.auxil.appointment_steps import fill_request
from tests.auxil.checks import consistent
from tests.auxil.harness import OFFICE_TIME, STAFF_CHAT, Harness, make_config
from tests.auxil.kill import KillableApi, KillSwitch, resent, restarted
from tests.auxil.paths import DATA
from tests.auxil.stops_support import stops_harness

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
ANSWER = "Ja, bis 3 m Höhe ohne Genehmigung."
SUBSCRIBERS = (CITIZEN_ID, 2002, 2003)


def accepted(bot: Harness, chat_id: int, marker: str, since: int = 0) -> int:
    """Messages (sendMessage) Telegram accepted for chat_id that contain marker."""
    return sum(
        1
        for c in bot.api.calls[since:]
        if c.method == "sendMessage" and c.chat_id == chat_id and c.result and marker in c.text
    )


def removed_buttons(bot: Harness, chat_id: int, since: int) -> bool:
    """Whether Telegram took the buttons off a message in chat_id since call number `since`."""
    calls = bot.api.calls[since:]
    return any(c.method == "editMessageReplyMarkup" and c.chat_id == chat_id and c.result for c in calls)


async def count(bot: Harness, sql: str) -> int:
    row = await bot.services.db.fetchone(sql)
    assert row is not None
    return int(row[0])


@dataclass(frozen=True)
class Step:
    """One step to kill: how to build and prepare the bot, the update, what a person does after."""

    name: str
    build: Callable[[Path, ManualClock], Harness]
    prepare: Callable[[Harness], Awaitable[ApiCall | None]]
    update: Callable[[Harness, ApiCall | None], Update]
    recover: Callable[[Harness, int], Awaitable[None]]
    """After the restart, given the Telegram call index where the step began."""
    expected: tuple[tuple[int, str], ...]
    """(chat, marker) of each must-arrive message of the step."""
    check: Callable[[Harness], Awaitable[None]]


SMALL_FAQ = DATA / "faq_small.yaml"
"""A small FAQ: the bot starts twice per kill point, and the full FAQ's index takes a second."""


def _plain(path: Path, clock: ManualClock) -> Harness:
    return Harness(make_config(path, faq={"path": str(SMALL_FAQ)}), clock)


def _with_stops(path: Path, clock: ManualClock) -> Harness:
    bot = stops_harness(path, clock)
    bot.with_config(faq=dataclasses.replace(bot.config.faq, path=SMALL_FAQ))
    return bot


# -- the escalation press ------------------------------------------------------------------------


async def _asked(bot: Harness) -> None:
    await bot.send(QUESTION)


async def _press_again(after: Harness, since: int) -> None:
    if not accepted(after, CITIZEN_ID, "angekommen") and not removed_buttons(after, CITIZEN_ID, since):
        await after.press("esc:yes")  # nothing came and the buttons are still there: press again


async def _one_ticket(after: Harness) -> None:
    assert await count(after, "SELECT COUNT(*) FROM tickets") == 1
    assert await count(after, "SELECT COUNT(*) FROM ticket_messages WHERE author = 'citizen'") == 1
    assert not any("#2" in text for text in after.api.texts())


ESCALATION = Step(
    name="escalation",
    build=_plain,
    prepare=_asked,
    update=lambda bot, _: bot.factory.callback(bot.citizen, "esc:yes"),
    recover=_press_again,
    expected=((STAFF_CHAT, "Anfrage #1"), (CITIZEN_ID, "angekommen")),
    check=_one_ticket,
)


# -- the staff answer -----------------------------------------------------------------------------


async def _escalated(bot: Harness) -> ApiCall:
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    return next(c for c in bot.to_staff() if "Anfrage #1" in c.text and c.method == "sendMessage")


def _answer_update(bot: Harness, card: ApiCall | None) -> Update:
    assert card is not None
    reply = bot.factory.bot_message_json(card)
    return bot.factory.text(bot.staff, ANSWER, chat_id=STAFF_CHAT, reply_to=reply)


async def _answer_again(after: Harness, since: int) -> None:
    answered = accepted(after, CITIZEN_ID, ANSWER[:20]) or await count(
        after, "SELECT COUNT(*) FROM ticket_messages WHERE author = 'staff'"
    )
    if not answered:  # nothing in the chat says the answer was taken: the staff member sends it again
        card = next(c for c in after.to_staff() if "Anfrage #1" in c.text and c.method == "sendMessage")
        await after.process(_answer_update(after, card))


async def _one_answer(after: Harness) -> None:
    assert await count(after, "SELECT COUNT(*) FROM ticket_messages WHERE author = 'staff'") == 1


ANSWER_STEP = Step(
    name="answer",
    build=_plain,
    prepare=_escalated,
    update=_answer_update,
    recover=_answer_again,
    expected=((CITIZEN_ID, ANSWER[:20]),),
    check=_one_answer,
)


# -- 'Absenden' of a Vor-Ort request --------------------------------------------------------------


async def _filled(bot: Harness) -> None:
    await fill_request(bot, send=False)


async def _send_again(after: Harness, since: int) -> None:
    if not accepted(after, CITIZEN_ID, "VO-1") and not removed_buttons(after, CITIZEN_ID, since):
        await after.press("vo:send")


async def _one_request(after: Harness) -> None:
    assert await count(after, "SELECT COUNT(*) FROM appointments") == 1
    assert not any("VO-2" in text for text in after.api.texts())
    stored = await after.persistence.load("user", CITIZEN_ID) or {}
    assert "vo_draft" not in stored  # a sent request never comes back as a draft


REQUEST = Step(
    name="request",
    build=_plain,
    prepare=_filled,
    update=lambda bot, _: bot.factory.callback(bot.citizen, "vo:send"),
    recover=_send_again,
    expected=((STAFF_CHAT, "Vor-Ort-Anfrage VO-1"), (CITIZEN_ID, "VO-1")),
    check=_one_request,
)


# -- the broadcast of /ausfall --------------------------------------------------------------------

CANCEL = "/ausfall 2026-11-26-steele Sturmwarnung"


async def _subscribed(bot: Harness) -> None:
    for user_id in SUBSCRIBERS:
        await bot.press("so:sub:p:steele", user=bot.factory.user(user_id, f"P{user_id}", "de"))


async def _cancel_again(after: Harness, since: int) -> None:
    if not accepted(after, STAFF_CHAT, "Abgesagt von", since):
        await after.staff_send(CANCEL)  # the team chat shows no confirmation: the command again


async def _one_cancellation(after: Harness) -> None:
    assert await count(after, "SELECT COUNT(*) FROM stop_overrides") == 1


BROADCAST = Step(
    name="broadcast",
    build=_with_stops,
    prepare=_subscribed,
    update=lambda bot, _: bot.factory.text(bot.staff, CANCEL, chat_id=STAFF_CHAT),
    recover=_cancel_again,
    expected=((STAFF_CHAT, "Abgesagt von"), *((chat, "Der Halt fällt aus") for chat in SUBSCRIBERS)),
    check=_one_cancellation,
)

STEPS = (ESCALATION, ANSWER_STEP, REQUEST, BROADCAST)


# -- the driver -----------------------------------------------------------------------------------


async def _run(step: Step, root: Path, clock: ManualClock, at: int | None, replay: bool) -> KillSwitch:
    """Run the step, killed at point `at` (None: a dry run that only counts), restart, check."""
    clock.set(OFFICE_TIME)
    (root / "live").mkdir(parents=True)
    live = step.build(root / "live", clock)
    live.api = KillableApi()
    switch = KillSwitch(Path(live.config.storage.database), root / "disk", at)
    async with live:
        state = await step.prepare(live)
        await live.app.update_persistence()  # the state before the step was flushed (every 2 s)
        since = len(live.api.calls)
        await switch.arm(live)
        update = step.update(live, state)
        await live.process(update)
    if not switch.dead:
        return switch
    after = restarted(live, switch.target, clock)
    twice = resent(live, switch)
    async with after:
        if replay:  # Telegram delivers the unconfirmed update again
            again = Update.de_json(update.to_dict(), after.app.bot)
            assert again is not None
            await after.process(again)
        await after.settle()
        await step.recover(after, since)
        for _ in range(6):  # retries (backoff, retry_after) have their time
            clock.advance(timedelta(minutes=10))
            await after.settle()
        where = f"{step.name} killed at {at} ({switch.points[-1]}), replay={replay}"
        for chat, marker in step.expected:
            extra = sum(1 for c, text in twice if c == chat and marker in text)
            assert accepted(after, chat, marker, since) == 1 + extra, f"{marker!r} to {chat}: {where}"
        await step.check(after)
        await consistent(after.services.db)
    return switch


@pytest.mark.parametrize("replay", [False, True], ids=["person-retries", "update-replayed"])
@pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])
async def test_a_kill_at_any_point_loses_and_doubles_nothing(
    tmp_path: Path, clock: ManualClock, step: Step, replay: bool
) -> None:
    dry = await _run(step, tmp_path / "dry", clock, None, replay)
    assert len(dry.points) >= 8, dry.points
    for at in range(len(dry.points)):
        killed = await _run(step, tmp_path / str(at), clock, at, replay)
        assert killed.dead, f"point {at} was not reached again"
