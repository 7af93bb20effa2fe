"""The Telegram sender: every Telegram error becomes a neutral outcome; old outbox rows still deliver."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from core.clock import ManualClock
from core.messages import Button, Buttons, Menu
from core.outbox import Outbox, OutboxPolicy, delivery_reason, message_payload
from core.sender import (
    Failed,
    FailureReason,
    GroupRefused,
    Migrated,
    Outcome,
    RetryLater,
    Sent,
    Transient,
)
from handlers.telegram.offline import OfflineBotApi
from handlers.telegram.sender import TelegramSender, classify
from storage import Database, apply_migrations
from storage.db import to_iso

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CITIZEN = 11
GROUP = -100200
CARD_BUTTONS: Buttons = (
    (Button("Übernehmen", "t:claim:7"), Button("Schließen", "t:close:7")),
    (Button("FAQ-Antwort", "t:faq:7"),),
)


@pytest.mark.parametrize(
    ("error", "chat_id", "expected"),
    [
        (RetryAfter(timedelta(seconds=7)), CITIZEN, RetryLater),
        (Forbidden("Forbidden: bot was blocked by the user"), CITIZEN, Failed),
        (Forbidden("Forbidden: bot was kicked from the supergroup chat"), GROUP, GroupRefused),
        (BadRequest("Bad Request: chat not found"), CITIZEN, Failed),
        (ChatMigrated(-1009), GROUP, Migrated),
        (NetworkError("connection reset"), CITIZEN, Transient),
        (TimedOut("timed out"), CITIZEN, Transient),
        (TelegramError("Conflict: terminated by other getUpdates request"), CITIZEN, Transient),
    ],
)
def test_every_telegram_error_has_its_outcome(error: TelegramError, chat_id: int, expected: type) -> None:
    outcome = classify(error, chat_id)
    assert type(outcome) is expected
    assert getattr(outcome, "detail", "") != ""


def test_the_outcomes_carry_what_the_outbox_needs() -> None:
    assert classify(RetryAfter(timedelta(seconds=7)), CITIZEN) == RetryLater(
        7.0, "retry after: Flood control exceeded. Retry in 7 seconds"
    )
    blocked = classify(Forbidden("Forbidden: bot was blocked by the user"), CITIZEN)
    assert blocked == Failed(FailureReason.BLOCKED, "Forbidden: Forbidden: bot was blocked by the user")
    assert classify(Forbidden("Forbidden: user is deactivated"), CITIZEN) == Failed(
        FailureReason.BLOCKED, "Forbidden: Forbidden: user is deactivated"
    )
    kicked = classify(Forbidden("Forbidden: bot was kicked from the supergroup chat"), GROUP)
    assert kicked == GroupRefused("Forbidden: Forbidden: bot was kicked from the supergroup chat")
    assert classify(BadRequest("Bad Request: chat not found"), CITIZEN) == Failed(
        FailureReason.CHAT_GONE, "BadRequest: Chat not found"
    )
    assert classify(BadRequest("Bad Request: message is too long"), CITIZEN) == Failed(
        FailureReason.REFUSED, "BadRequest: Message is too long"
    )
    migrated = classify(ChatMigrated(-1009), GROUP)
    assert isinstance(migrated, Migrated) and migrated.new_chat_id == -1009
    assert classify(TimedOut("timed out"), CITIZEN) == Transient("TimedOut: timed out")


def test_delivery_reason_reads_the_neutral_failure() -> None:
    assert "blockiert" in delivery_reason(Failed(FailureReason.BLOCKED, "x"))
    assert "gibt es nicht mehr" in delivery_reason(Failed(FailureReason.CHAT_GONE, "x"))
    for reason in (FailureReason.REFUSED, FailureReason.MIGRATED, FailureReason.EXHAUSTED):
        assert delivery_reason(Failed(reason, "blocked")) == "Telegram-Fehler, mehrfach versucht"
    assert delivery_reason(None) == "Telegram-Fehler, mehrfach versucht"


@pytest.fixture
async def api() -> AsyncIterator[OfflineBotApi]:
    yield OfflineBotApi()


@pytest.fixture
async def bot(api: OfflineBotApi) -> AsyncIterator[ExtBot[None]]:
    bot: ExtBot[None] = ExtBot("1:offline-token-for-tests-only", request=api, get_updates_request=api)
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    db = await Database.open(tmp_path / "s.sqlite3")
    await apply_migrations(db)
    yield db
    await db.close()


def _outbox(db: Database, sender: Any) -> Outbox:
    return Outbox(db, ManualClock(START), OutboxPolicy(private_chat_interval=0, max_attempts=3), sender)


async def _insert_raw(db: Database, chat_id: int, payload: dict[str, Any]) -> int:
    """A row exactly as an older version stored it (plain SQL, no message_payload)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO outbox (chat_id, payload, purpose, next_attempt_at, created_at)"
            " VALUES (?, ?, 'note', ?, ?)",
            (chat_id, json.dumps(payload, ensure_ascii=False), to_iso(START), to_iso(START)),
        )
        return cursor.lastrowid or 0


def _wire_markup(api: OfflineBotApi, chat_id: int) -> dict[str, Any]:
    markup = api.last(chat_id).params["reply_markup"]
    return dict(json.loads(markup) if isinstance(markup, str) else markup)


async def test_a_row_stored_with_a_telegram_reply_markup_is_delivered_with_its_buttons(
    db: Database, bot: ExtBot[None], api: OfflineBotApi
) -> None:
    old = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Übernehmen", callback_data="t:claim:7"),
                InlineKeyboardButton("Schließen", callback_data="t:close:7"),
            ],
            [InlineKeyboardButton("FAQ-Antwort", callback_data="t:faq:7")],
        ]
    )
    item_id = await _insert_raw(db, GROUP, {"text": "Anfrage #7", "reply_markup": old.to_dict()})
    outbox = _outbox(db, TelegramSender(bot))
    assert await outbox.flush() == 1
    item = await outbox.repo.get(item_id)
    assert item is not None and item.status == "sent" and item.message_id == api.last(GROUP).message_id
    assert api.last(GROUP).text == "Anfrage #7"
    assert api.last(GROUP).buttons == [
        ("Übernehmen", "t:claim:7"),
        ("Schließen", "t:close:7"),
        ("FAQ-Antwort", "t:faq:7"),
    ]
    old_wire = _wire_markup(api, GROUP)
    async with db.transaction() as conn:  # today's neutral form puts the same keyboard on the wire
        await outbox.add(conn, GROUP, message_payload("Anfrage #7", CARD_BUTTONS), "note")
    assert await outbox.flush() == 1
    assert _wire_markup(api, GROUP) == old_wire


async def test_a_row_stored_with_a_telegram_reply_keyboard_keeps_its_menu(
    db: Database, bot: ExtBot[None], api: OfflineBotApi
) -> None:
    old = ReplyKeyboardMarkup([["Frage stellen"], ["Termin"]], resize_keyboard=True, is_persistent=True)
    await _insert_raw(db, CITIZEN, {"text": "Danke", "reply_markup": old.to_dict()})
    outbox = _outbox(db, TelegramSender(bot))
    assert await outbox.flush() == 1
    assert api.last(CITIZEN).buttons == [("Frage stellen", "Frage stellen"), ("Termin", "Termin")]
    old_wire = _wire_markup(api, CITIZEN)
    async with db.transaction() as conn:
        menu = Menu((("Frage stellen",), ("Termin",)))
        await outbox.add(conn, CITIZEN, message_payload("Danke", menu), "note")
    assert await outbox.flush() == 1
    assert _wire_markup(api, CITIZEN) == old_wire


def test_the_stored_form_is_neutral() -> None:
    payload = message_payload("Hallo", CARD_BUTTONS)
    assert "reply_markup" not in payload
    assert payload["buttons"][1] == [{"label": "FAQ-Antwort", "action": "t:faq:7"}]
    assert message_payload("Hallo", Menu((("A",), ("B",))))["menu"] == [["A"], ["B"]]
    assert message_payload("Hallo") == {"text": "Hallo"}


async def test_edit_answers_sent_or_the_neutral_refusal(bot: ExtBot[None], api: OfflineBotApi) -> None:
    sender = TelegramSender(bot)
    assert await sender.edit(GROUP, 42, "<b>gelöscht</b>") == Sent(42)
    call = api.last(GROUP)
    assert call.method == "editMessageText" and call.params["parse_mode"] == "HTML"
    assert "reply_markup" not in call.params
    assert await sender.edit(GROUP, 43, "Karte", CARD_BUTTONS) == Sent(43)
    assert api.last(GROUP).buttons[0] == ("Übernehmen", "t:claim:7")
    api.fail_next("editMessageText", code=400, description="Bad Request: message to edit not found")
    outcome = await sender.edit(GROUP, 44, "Karte")
    assert isinstance(outcome, Failed) and outcome.reason is FailureReason.REFUSED
    api.fail_next("editMessageText", kind="network")
    assert isinstance(await sender.edit(GROUP, 44, "Karte"), Transient)


async def test_send_classifies_what_the_bot_api_answers(bot: ExtBot[None], api: OfflineBotApi) -> None:
    sender = TelegramSender(bot)
    payload = message_payload("Hallo")
    api.fail_next("sendMessage", kind="retry_after", retry_after=7)
    flood = "retry after: Flood control exceeded. Retry in 7 seconds"
    assert await sender.send(CITIZEN, payload) == RetryLater(7.0, flood)
    api.blocked_chats.add(CITIZEN)
    outcome = await sender.send(CITIZEN, payload)
    assert isinstance(outcome, Failed) and outcome.reason is FailureReason.BLOCKED
    api.blocked_chats.add(GROUP)
    assert isinstance(await sender.send(GROUP, payload), GroupRefused)


class _Script:
    """A sender that answers with prepared outcomes (or raises), for the outbox's own policy."""

    def __init__(self, *answers: Outcome | Exception) -> None:
        self.answers = list(answers)

    async def send(self, chat_id: int, payload: Mapping[str, Any]) -> Outcome:
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None) -> Outcome:
        return Sent(message_id)


async def test_a_migrated_chat_fails_the_message_with_its_reason(db: Database) -> None:
    failures: list[Failed | None] = []

    async def hook(conn: Any, item: Any, message_id: int | None, failure: Failed | None) -> None:
        failures.append(failure)

    outbox = _outbox(db, _Script(Migrated(-1009, "ChatMigrated: Group migrated to supergroup")))
    outbox.on_failed("note", hook)
    async with db.transaction() as conn:
        item_id = await outbox.add(conn, GROUP, message_payload("Hallo"), "note")
    assert await outbox.flush() == 0
    item = await outbox.repo.get(item_id)
    assert item is not None and item.status == "failed"
    assert item.last_error == "ChatMigrated: Group migrated to supergroup"
    assert failures == [Failed(FailureReason.MIGRATED, "ChatMigrated: Group migrated to supergroup")]


async def test_a_sender_that_raises_backs_off_and_the_queue_goes_on(db: Database) -> None:
    outbox = _outbox(db, _Script(RuntimeError("bug in a sender"), Sent(5)))
    async with db.transaction() as conn:
        first = await outbox.add(conn, CITIZEN, message_payload("eins"), "note")
        second = await outbox.add(conn, CITIZEN + 1, message_payload("zwei"), "note")
    assert await outbox.flush() == 1
    broken, fine = await outbox.repo.get(first), await outbox.repo.get(second)
    assert broken is not None and broken.status == "pending" and broken.attempts == 1
    assert broken.last_error == "RuntimeError: bug in a sender"
    assert fine is not None and fine.status == "sent" and fine.message_id == 5
