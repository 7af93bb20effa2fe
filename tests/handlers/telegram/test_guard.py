"""The guard in group -1: flood control, groups of strangers, edited messages."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from core.clock import ManualClock
from handlers.telegram.guard import FloodGuard, Verdict
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, STAFF_ID, Harness, make_config
from tests.auxil.updates import membership

QUESTION = "Was kostet ein Personalausweis?"
STRANGER_GROUP = -1009999999999


LIMIT = 20


@pytest.fixture
async def guarded(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A bot with the shipped flood limit (the shared test config raises it)."""
    async with Harness(make_config(tmp_path, limits={"messages_per_minute": LIMIT}), clock) as harness:
        yield harness


# -- flood control -----------------------------------------------------------------------------


def test_flood_guard_decides_pass_warn_drop_and_recovers() -> None:
    guard = FloodGuard()
    verdicts = [guard.hit(1, 100.0, limit=3) for _ in range(6)]
    assert verdicts == [Verdict.PASS] * 3 + [Verdict.WARN] + [Verdict.DROP] * 2
    assert guard.hit(1, 159.0, limit=3) is Verdict.DROP  # the first stamp is still inside the minute
    assert guard.hit(1, 160.5, limit=3) is Verdict.PASS
    assert guard.hit(2, 160.5, limit=3) is Verdict.PASS  # every user has their own window


def test_flood_guard_memory_is_bounded() -> None:
    guard = FloodGuard(max_users=100)
    for user_id in range(5000):  # all within one minute: the cap is the backstop
        guard.hit(user_id, 4000.0 + user_id / 1000, limit=20)
    assert len(guard) == 100
    # the least recently seen users were forgotten, a recent one is still counted
    for _ in range(19):
        guard.hit(4999, 4005.0, limit=20)
    assert guard.hit(4999, 4005.0, limit=20) is Verdict.WARN


def test_flood_guard_forgets_users_whose_minute_has_passed() -> None:
    guard = FloodGuard(max_users=10_000)
    for user_id in range(5000):  # one update a second: only the last minute's users are kept
        guard.hit(user_id, float(user_id), limit=20)
    assert len(guard) == 60
    verdicts = [guard.hit(7, 6000.0, limit=3) for _ in range(5)]
    assert verdicts == [Verdict.PASS] * 3 + [Verdict.WARN, Verdict.DROP]
    assert len(guard) == 1  # everyone else was idle for more than a minute
    assert guard.hit(8, 6059.0, limit=3) is Verdict.PASS
    assert guard.hit(7, 6059.0, limit=3) is Verdict.DROP  # a flooding user is still held back …
    assert len(guard) == 2
    assert guard.hit(9, 6121.0, limit=3) is Verdict.PASS
    assert len(guard) == 1  # … and forgotten once a minute passed since their last update
    assert guard.hit(7, 6121.0, limit=3) is Verdict.PASS  # and starts afresh


async def test_citizen_sending_too_fast_gets_one_note_then_silence(
    guarded: Harness, clock: ManualClock
) -> None:
    bot = guarded
    limit = bot.config.limits.messages_per_minute
    for _ in range(limit):
        await bot.send(QUESTION)
    assert len(bot.to_citizen()) == limit
    await bot.send(QUESTION)
    note = bot.last_citizen()
    assert "sehr schnell" in note.text and bot.config.office_hours.phone in note.text
    for _ in range(5):
        await bot.send(QUESTION)
        await bot.press("fb:1:personalausweis")
    assert len(bot.to_citizen()) == limit + 1  # dropped, no second note
    toasts = [c for c in bot.api.calls if c.method == "answerCallbackQuery"]
    assert toasts and all("warten" in str(c.params.get("text")) for c in toasts)
    clock.advance(timedelta(seconds=61))
    await bot.send(QUESTION)
    assert "Personalausweis" in bot.last_citizen().text


async def test_one_citizen_flooding_does_not_slow_down_another(guarded: Harness) -> None:
    bot = guarded
    for _ in range(bot.config.limits.messages_per_minute + 3):
        await bot.send(QUESTION)
    other = bot.factory.user(4242, "Otto", "de")
    await bot.send(QUESTION, user=other)
    assert "Personalausweis" in bot.api.last(4242).text


async def test_staff_chat_is_exempt(guarded: Harness) -> None:
    bot = guarded
    count = bot.config.limits.messages_per_minute + 10
    for _ in range(count):
        await bot.send("/offen", user=bot.staff, chat_id=STAFF_CHAT)
    assert len(bot.to_staff()) == count
    assert not any("sehr schnell" in text for text in bot.api.texts(STAFF_CHAT))


async def test_configured_staff_ids_are_exempt_everywhere(tmp_path: Path, clock: ManualClock) -> None:
    harness = Harness(
        make_config(tmp_path, staff={"user_ids": [CITIZEN_ID]}, limits={"messages_per_minute": 2}), clock
    )
    async with harness:
        for _ in range(5):
            await harness.send(QUESTION)
        assert len(harness.to_citizen()) == 5


# -- groups of strangers -----------------------------------------------------------------------


async def test_bot_added_to_a_group_by_a_stranger_leaves(bot: Harness) -> None:
    stranger = bot.factory.user(666, "Mallory", "de")
    await bot.raw(membership(STRANGER_GROUP, stranger))
    assert "nur im privaten Chat" in bot.api.last(STRANGER_GROUP).text
    assert [c.chat_id for c in bot.api.calls if c.method == "leaveChat"] == [STRANGER_GROUP]
    # should leaving fail, messages there are still ignored
    before = len(bot.api.calls)
    await bot.send(QUESTION, user=stranger, chat_id=STRANGER_GROUP)
    await bot.send("/start", user=stranger, chat_id=STRANGER_GROUP)
    await bot.send("/offen", user=bot.staff, chat_id=STRANGER_GROUP)
    assert bot.api.sent(STRANGER_GROUP)[-1].text.startswith("Guten Tag!")
    assert [c for c in bot.api.calls[before:] if c.method.startswith("send")] == []


async def test_bot_added_to_a_group_by_staff_stays_silent_and_gives_the_chat_id(bot: Harness) -> None:
    await bot.raw(membership(STRANGER_GROUP, bot.staff))
    note = bot.api.last(STRANGER_GROUP)
    assert str(STRANGER_GROUP) in note.text and "staff.chat_id" in note.text
    assert not [c for c in bot.api.calls if c.method == "leaveChat"]
    await bot.send(QUESTION, user=bot.staff, chat_id=STRANGER_GROUP)
    assert bot.api.last(STRANGER_GROUP) is note


async def test_without_a_staff_chat_the_bot_stays_for_setup(tmp_path: Path, clock: ManualClock) -> None:
    harness = Harness(make_config(tmp_path, staff={"chat_id": None}), clock)
    async with harness:
        await harness.raw(membership(STRANGER_GROUP, harness.factory.user(777, "Admin", "de")))
        assert str(STRANGER_GROUP) in harness.api.last(STRANGER_GROUP).text
        assert not [c for c in harness.api.calls if c.method == "leaveChat"]


async def test_being_added_to_the_staff_chat_or_promoted_is_quiet(bot: Harness) -> None:
    await bot.raw(membership(STAFF_CHAT, bot.staff))
    await bot.raw(
        membership(STRANGER_GROUP, bot.factory.user(666, "Mallory"), old="member", new="administrator")
    )
    assert bot.api.sent() == []
    assert not [c for c in bot.api.calls if c.method == "leaveChat"]


async def test_blocking_and_unblocking_is_recorded(bot: Harness) -> None:
    await bot.send("/start")
    await bot.raw(membership(CITIZEN_ID, bot.citizen, old="member", new="kicked"))
    user = await bot.services.users.get(CITIZEN_ID)
    assert user is not None and user.blocked_at is not None
    await bot.raw(membership(CITIZEN_ID, bot.citizen, old="kicked", new="member"))
    user = await bot.services.users.get(CITIZEN_ID)
    assert user is not None and user.blocked_at is None


# -- edited messages ---------------------------------------------------------------------------


async def test_an_edited_question_is_answered_with_a_note_not_a_second_answer(bot: Harness) -> None:
    await bot.send(QUESTION)
    answers = len(bot.to_citizen())
    await bot.app.process_update(bot.factory.edited_text(bot.citizen, "Was kostet ein Reisepass?"))
    await bot.settle()
    assert len(bot.to_citizen()) == answers + 1
    assert "geändert" in bot.last_citizen().text
    edited_start = bot.factory.edited_text(bot.citizen, "/start")
    await bot.app.process_update(edited_start)
    assert "geändert" in bot.last_citizen().text


async def test_a_staff_edit_of_a_relayed_answer_is_not_sent_twice(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    reply_update = bot.factory.text(
        bot.staff, "Ja, mit Genehmigung.", chat_id=STAFF_CHAT, reply_to=bot.factory.bot_message_json(card)
    )
    await bot.app.process_update(reply_update)
    await bot.settle()
    answers = [c for c in bot.to_citizen() if "Genehmigung" in c.text]
    assert len(answers) == 1
    message = reply_update.message
    assert message is not None
    edited = message.to_dict()
    edited["text"] = "Ja, OHNE Genehmigung."
    edited["edit_date"] = int(time.time())
    await bot.raw({"edited_message": edited})
    assert [c for c in bot.to_citizen() if "Genehmigung" in c.text] == answers
    assert "erreicht die Person nicht" in bot.to_staff()[-1].text
    assert "#1" in bot.to_staff()[-1].text


async def test_other_edits_in_the_staff_chat_are_ignored(bot: Harness) -> None:
    chat_message = bot.factory.text(bot.staff, "Kaffee?", chat_id=STAFF_CHAT).message
    assert chat_message is not None
    edited = chat_message.to_dict()
    edited["edit_date"] = int(time.time())
    await bot.raw({"edited_message": edited})
    assert bot.to_staff() == []


async def test_live_location_updates_are_ignored(bot: Harness) -> None:
    moving = bot.factory.message(bot.citizen, location={"latitude": 51.45, "longitude": 7.01}).message
    assert moving is not None
    edited = moving.to_dict()
    edited["edit_date"] = int(time.time())
    for _ in range(3):
        await bot.raw({"edited_message": edited})
    assert bot.to_citizen() == []
    assert STAFF_ID not in bot.api.blocked_chats
