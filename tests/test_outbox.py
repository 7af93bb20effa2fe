"""The outbox: stored before sending, retried after 429 / network errors / timeouts, failures reported."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

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
