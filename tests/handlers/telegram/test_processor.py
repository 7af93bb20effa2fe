"""Concurrent updates through the update queue: in order per chat and user, nothing lost, no double reply."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from core.clock import ManualClock
from handlers.telegram.offline import UpdateFactory
from handlers.telegram.processor import ChatOrderedProcessor, order_keys
from tests.auxil.harness import STAFF_CHAT, STAFF_ID, Harness, make_config
from tests.auxil.slow_api import SlowApi

QUESTIONS = [
    "Was kostet ein Personalausweis?",
    "Wo ist das Bürgermobil heute?",
    "Wie melde ich meinen Wohnsitz um?",
    "Brauche ich einen Termin?",
    "Kann ich einen Reisepass beantragen?",
]


def _harness(tmp_path: Path, clock: ManualClock, name: str, concurrency: int) -> Harness:
    config = make_config(tmp_path / name, telegram={"concurrent_updates": concurrency})
    harness = Harness(config, clock)
    harness.api = SlowApi()
    harness.api.add_member(STAFF_CHAT, STAFF_ID)
    return harness


@pytest.fixture
async def fast(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A bot handling up to 16 updates at once on a Bot API that answers after 1-10 ms."""
    async with _harness(tmp_path, clock, "fast", 16) as harness:
        yield harness


async def _through_queue(harness: Harness, updates: Iterable[Update]) -> None:
    """What the polling updater or the webhook does: queue the updates; wait until all are handled."""
    for update in updates:
        harness.app.update_queue.put_nowait(update)
    await asyncio.wait_for(harness.app.update_queue.join(), timeout=60)
    await harness.settle()


def _replies(harness: Harness, chat_id: int) -> list[str]:
    return [call.text for call in harness.api.sent(chat_id) if call.method == "sendMessage"]


async def _one_by_one(
    tmp_path: Path, clock: ManualClock, script: list[tuple[int, str]]
) -> dict[int, list[str]]:
    """The replies each chat gets when the same messages are handled strictly one at a time."""
    async with _harness(tmp_path, clock, "reference", 1) as reference:
        users = {uid: reference.factory.user(uid, f"Nutzer {uid}") for uid, _ in script}
        for uid, text in script:
            await reference.process(reference.factory.text(users[uid], text))
        return {uid: _replies(reference, uid) for uid in users}


async def test_many_chats_interleaved_keep_their_order_and_run_side_by_side(
    fast: Harness, tmp_path: Path, clock: ManualClock
) -> None:
    citizens = range(2001, 2031)
    script = [(uid, text) for text in ["/start", *QUESTIONS] for uid in citizens]  # a1 b1 c1 … a2 b2 …
    users = {uid: fast.factory.user(uid, f"Nutzer {uid}") for uid in citizens}
    await _through_queue(fast, [fast.factory.text(users[uid], text) for uid, text in script])

    expected = await _one_by_one(tmp_path, clock, script)
    for uid in citizens:
        assert _replies(fast, uid) == expected[uid], uid  # every reply, once, in the order asked
    assert fast.api.most_in_flight > 1  # chats really ran at the same time
    assert fast.api.most_per_chat == 1  # but one chat's calls never overlapped


async def test_a_fast_burst_in_one_chat_is_answered_in_order_once_each(
    fast: Harness, tmp_path: Path, clock: ManualClock
) -> None:
    script = [(3001, text) for text in QUESTIONS * 4]
    user = fast.factory.user(3001, "Nutzer 3001")
    await _through_queue(fast, [fast.factory.text(user, text) for _, text in script])
    expected = await _one_by_one(tmp_path, clock, script)
    assert len(expected[3001]) >= 20  # one answer per question (some add a follow-up)
    assert _replies(fast, 3001) == expected[3001]


async def test_a_double_press_in_a_burst_makes_one_ticket(fast: Harness) -> None:
    citizen = fast.citizen
    question = fast.factory.text(citizen, "Darf ich im Garten ein Baumhaus bauen?")
    presses = [fast.factory.callback(citizen, "esc:yes") for _ in range(3)]
    await _through_queue(fast, [question, *presses])
    cards = [call for call in fast.api.sent(STAFF_CHAT) if "Anfrage #" in call.text]
    assert len(cards) == 1
    receipts = [text for text in _replies(fast, citizen["id"]) if "Ihre Nummer: <b>#1</b>" in text]
    assert len(receipts) == 1
    tickets = await fast.services.db.fetchall("SELECT id FROM tickets")
    assert len(tickets) == 1


async def test_a_burst_in_one_chat_does_not_hold_up_another(tmp_path: Path, clock: ManualClock) -> None:
    async with _harness(tmp_path, clock, "bound", 2) as harness:
        assert isinstance(harness.api, SlowApi)
        harness.api.low = harness.api.high = 0.02
        busy = harness.factory.user(4001, "Viel")
        other = harness.factory.user(4002, "Einmal")
        burst = [harness.factory.text(busy, QUESTIONS[i % 5]) for i in range(15)]
        await _through_queue(harness, [*burst, harness.factory.text(other, QUESTIONS[0])])
        order = [call.chat_id for call in harness.api.sent() if call.method == "sendMessage"]
        assert order.count(4001) >= 15
        # the other citizen's answer came long before the end of the burst (15 x 20 ms, one at a time)
        assert order.index(4002) < 5


async def test_order_keys() -> None:
    factory = UpdateFactory(_bot())
    citizen = factory.user(77, "Erika")
    staff = factory.user(STAFF_ID, "Sam")
    assert order_keys(factory.text(citizen, "Hallo")) == {77}
    assert order_keys(factory.text(staff, "/offen", chat_id=STAFF_CHAT)) == {STAFF_CHAT, STAFF_ID}
    # a press in the staff group is ordered per user: two staff members' presses may run side by side
    assert order_keys(factory.callback(staff, "t:claim:1", chat_id=STAFF_CHAT)) == {STAFF_ID}
    assert order_keys(factory.callback(citizen, "esc:yes")) == {77}
    assert order_keys(object()) == frozenset()


async def test_a_cancelled_update_releases_its_chat() -> None:
    processor = ChatOrderedProcessor(limit=1)
    factory = UpdateFactory(_bot())
    update = factory.text(factory.user(5, "A"), "x")
    started = asyncio.Event()
    ran: list[str] = []

    async def slow() -> None:
        started.set()
        await asyncio.sleep(10)

    async def quick() -> None:
        ran.append("second")

    first = asyncio.create_task(processor.process_update(update, slow()))
    second = asyncio.create_task(processor.process_update(update, quick()))
    await started.wait()
    first.cancel()
    await asyncio.wait_for(second, timeout=2)
    assert ran == ["second"]
    assert processor.waiting_keys == 0
    with pytest.raises(ValueError):
        ChatOrderedProcessor(limit=0)


def _bot() -> Any:
    from telegram import Bot

    from handlers.telegram.app import OFFLINE_TOKEN
    from handlers.telegram.offline import OfflineBotApi

    return Bot(OFFLINE_TOKEN, request=OfflineBotApi())
