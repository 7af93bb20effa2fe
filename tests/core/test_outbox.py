"""The outbox: stored before sending, retried after 429 / network errors / timeouts, failures reported."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import ExtBot

from core.clock import ManualClock
from core.outbox import Outbox, OutboxPolicy, message_payload
from handlers.telegram.offline import OfflineBotApi
from handlers.telegram.sender import TelegramSender
from storage import Database, apply_migrations

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
async def setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = await Database.open(tmp_path / "o.sqlite3")
    await apply_migrations(db)
    clock = ManualClock(START)
    api = OfflineBotApi()
    bot = ExtBot("1:offline-token-for-tests-only", request=api, get_updates_request=api)
    await bot.initialize()
    outbox = Outbox(db, clock, OutboxPolicy(private_chat_interval=0, max_attempts=3), TelegramSender(bot))
    yield db, clock, api, bot, outbox
    await bot.shutdown()
    await db.close()


async def _queue(db: Database, outbox: Outbox, chat_id: int, text: str, purpose: str = "note") -> int:
    async with db.transaction() as conn:
        return await outbox.add(conn, chat_id, message_payload(text), purpose)


async def test_sent_message_is_marked_with_its_id(setup) -> None:  # type: ignore[no-untyped-def]
    db, _, api, _, outbox = setup
    item_id = await _queue(db, outbox, 11, "Hallo")
    assert await outbox.flush() == 1
    item = await outbox.repo.get(item_id)
    assert item is not None and item.status == "sent" and item.message_id == api.last(11).message_id


async def test_retry_after_waits_the_given_time(setup) -> None:  # type: ignore[no-untyped-def]
    db, clock, api, _, outbox = setup
    item_id = await _queue(db, outbox, 11, "Hallo")
    api.fail_next("sendMessage", kind="retry_after", retry_after=7)
    assert await outbox.flush() == 0
    item = await outbox.repo.get(item_id)
    assert item is not None and item.status == "pending"
    assert item.next_attempt_at >= START + timedelta(seconds=7)
    clock.advance(timedelta(seconds=3))
    assert await outbox.flush() == 0  # not due yet
    clock.advance(timedelta(seconds=5))
    assert await outbox.flush() == 1


@pytest.mark.parametrize("kind", ["timeout", "network"])
async def test_network_errors_back_off_then_succeed(setup, kind: str) -> None:  # type: ignore[no-untyped-def]
    db, clock, api, _, outbox = setup
    item_id = await _queue(db, outbox, 11, "Hallo")
    api.fail_next("sendMessage", kind=kind, times=2)
    await outbox.flush()
    first = await outbox.repo.get(item_id)
    assert first is not None and first.attempts == 1 and first.last_error
    clock.advance(timedelta(seconds=6))
    await outbox.flush()
    second = await outbox.repo.get(item_id)
    assert second is not None and second.attempts == 2
    assert second.next_attempt_at - clock.now() >= timedelta(seconds=9)  # doubled
    clock.advance(timedelta(seconds=11))
    assert await outbox.flush() == 1


async def test_gives_up_after_max_attempts_and_calls_failure_hook(setup) -> None:  # type: ignore[no-untyped-def]
    db, clock, api, _, outbox = setup
    failures: list[str | None] = []

    async def hook(conn, item, message_id, error):  # type: ignore[no-untyped-def]
        failures.append(error.detail if error else None)

    outbox.on_failed("note", hook)
    item_id = await _queue(db, outbox, 11, "Hallo")
    api.fail_next("sendMessage", kind="network", times=5)
    for _ in range(4):
        await outbox.flush()
        clock.advance(timedelta(minutes=5))
    item = await outbox.repo.get(item_id)
    assert item is not None and item.status == "failed"
    assert len(failures) == 1 and "NetworkError" in (failures[0] or "")


async def test_blocked_user_fails_at_once(setup) -> None:  # type: ignore[no-untyped-def]
    db, _, api, _, outbox = setup
    api.blocked_chats.add(11)
    item_id = await _queue(db, outbox, 11, "Hallo")
    await outbox.flush()
    item = await outbox.repo.get(item_id)
    assert item is not None and item.status == "failed" and "blocked" in (item.last_error or "")


async def test_one_bad_message_does_not_block_the_queue(setup) -> None:  # type: ignore[no-untyped-def]
    db, _, api, _, outbox = setup
    await _queue(db, outbox, 11, "erste")
    await _queue(db, outbox, 12, "zweite")
    api.fail_next("sendMessage", chat_id=11, code=400, description="Bad Request: chat not found")
    assert await outbox.flush() == 1
    assert api.last(12).text == "zweite"


async def test_documents_are_sent_with_their_bytes(setup) -> None:  # type: ignore[no-untyped-def]
    db, _, api, _, outbox = setup
    async with db.transaction() as conn:
        await outbox.add(
            conn, 11, message_payload("Kalender", document=b"BEGIN:VCALENDAR", filename="t.ics"), "note"
        )
    await outbox.flush()
    call = api.last(11)
    assert call.method == "sendDocument"
    assert b"BEGIN:VCALENDAR" in b"".join(call.files.values())


class SlowApi(OfflineBotApi):
    """The offline Bot API answering after a round trip; notes how many sends were in flight."""

    def __init__(self, delay: float = 0.02) -> None:
        super().__init__()
        self.delay = delay
        self.in_flight: dict[int, int] = {}
        self.most_at_once = 0
        self.most_in_one_chat = 0

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        request_data = args[0] if args else kwargs.get("request_data")
        chat = int(request_data.parameters.get("chat_id", 0)) if request_data is not None else 0
        self.in_flight[chat] = self.in_flight.get(chat, 0) + 1
        self.most_at_once = max(self.most_at_once, sum(self.in_flight.values()))
        self.most_in_one_chat = max(self.most_in_one_chat, self.in_flight[chat])
        try:
            await asyncio.sleep(self.delay)
            return await super().do_request(url, method, *args, **kwargs)
        finally:
            self.in_flight[chat] -= 1


@pytest.fixture
async def slow(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = await Database.open(tmp_path / "o.sqlite3")
    await apply_migrations(db)
    api = SlowApi()
    bot = ExtBot("1:offline-token-for-tests-only", request=api, get_updates_request=api)
    await bot.initialize()
    policy = OutboxPolicy(private_chat_interval=0, max_attempts=3, concurrency=4, batch_size=10)
    outbox = Outbox(db, ManualClock(START), policy, TelegramSender(bot))
    yield db, api, outbox
    await bot.shutdown()
    await db.close()


async def test_several_chats_are_sent_to_at_once_each_in_its_order(slow) -> None:  # type: ignore[no-untyped-def]
    db, api, outbox = slow
    chats = (11, 12, 13, 14, 15, 16)
    for n in range(5):  # interleaved: 11-0, 12-0, …, 11-1, …
        for chat in chats:
            await _queue(db, outbox, chat, f"{chat}-{n}")
    assert await outbox.flush() == 30  # three batches of 10
    assert api.most_at_once == 4  # the bound
    assert api.most_in_one_chat == 1  # one chat's messages never overlap
    for chat in chats:
        assert [c.text for c in api.sent(chat)] == [f"{chat}-{n}" for n in range(5)]  # in order, once each
    assert await outbox.flush() == 0
    assert len(api.sent()) == 30


async def test_a_chat_that_must_wait_holds_back_only_its_own_later_messages(slow) -> None:  # type: ignore[no-untyped-def]
    db, api, outbox = slow
    for n in range(3):
        await _queue(db, outbox, 21, f"a{n}")
        await _queue(db, outbox, 22, f"b{n}")
    api.fail_next("sendMessage", chat_id=21, kind="network")
    assert await outbox.flush() == 3
    assert [c.text for c in api.sent(22)] == ["b0", "b1", "b2"]
    assert [c.text for c in api.sent(21)] == ["a0"]  # tried and failed; a1, a2 wait behind it
    assert not any(c.result for c in api.sent(21))
    pending = await db.fetchall("SELECT payload FROM outbox WHERE status = 'pending' ORDER BY id")
    assert len(pending) == 3


async def test_one_row_at_a_time_when_concurrency_is_one(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "o.sqlite3")
    await apply_migrations(db)
    api = SlowApi(delay=0.005)
    bot = ExtBot("1:offline-token-for-tests-only", request=api, get_updates_request=api)
    await bot.initialize()
    try:
        policy = OutboxPolicy(private_chat_interval=0, concurrency=1)
        outbox = Outbox(db, ManualClock(START), policy, TelegramSender(bot))
        for chat in (31, 32, 33):
            await _queue(db, outbox, chat, f"to {chat}")
        assert await outbox.flush() == 3
        assert api.most_at_once == 1
    finally:
        await bot.shutdown()
        await db.close()


async def test_a_row_waiting_after_429_keeps_its_chat_s_later_rows_back_across_flushes(setup) -> None:  # type: ignore[no-untyped-def]
    db, clock, api, _, outbox = setup
    first = await _queue(db, outbox, 11, "erste")
    api.fail_next("sendMessage", chat_id=11, kind="retry_after", retry_after=30)
    assert await outbox.flush() == 0  # the first gets 429: it waits 30 s, the second behind it
    second = await _queue(db, outbox, 11, "zweite")  # stored after that flush: a new flush must not overtake
    await _queue(db, outbox, 12, "andere")
    clock.advance(timedelta(seconds=5))
    assert await outbox.flush() == 1  # only the other chat
    assert [c.text for c in api.sent(12)] == ["andere"]
    assert [c.text for c in api.sent(11) if c.result] == []
    waiting = await outbox.repo.get(second)
    assert waiting is not None and waiting.status == "pending" and waiting.attempts == 0
    clock.advance(timedelta(seconds=30))
    assert await outbox.flush() == 2
    assert [c.text for c in api.sent(11) if c.result] == ["erste", "zweite"]
    done = await outbox.repo.get(first)
    assert done is not None and done.status == "sent"


async def test_a_row_failed_for_good_does_not_hold_back_its_chat(setup) -> None:  # type: ignore[no-untyped-def]
    db, clock, api, _, outbox = setup
    await _queue(db, outbox, 11, "erste")
    api.fail_next("sendMessage", chat_id=11, kind="network", times=3)  # max_attempts 3: then failed
    await outbox.flush()
    await _queue(db, outbox, 11, "zweite")
    for _ in range(2):
        clock.advance(timedelta(seconds=30))
        await outbox.flush()
    assert [c.text for c in api.sent(11) if c.result] == ["zweite"]
    rows = await db.fetchall("SELECT status FROM outbox WHERE chat_id = 11 ORDER BY id")
    assert [r["status"] for r in rows] == ["failed", "sent"]


async def test_a_row_stored_for_later_holds_nothing_back(setup) -> None:  # type: ignore[no-untyped-def]
    db, _, api, _, outbox = setup
    async with db.transaction() as conn:
        await outbox.add(conn, 11, message_payload("morgen"), "note", not_before=START + timedelta(days=1))
    await _queue(db, outbox, 11, "jetzt")
    assert await outbox.flush() == 1
    assert [c.text for c in api.sent(11)] == ["jetzt"]
