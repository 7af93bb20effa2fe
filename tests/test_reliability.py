"""Nothing lost, nobody let in: restarts, crashes, retries, blocked users, forged presses, shutdown."""

from __future__ import annotations

import asyncio
import logging
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.outbox import message_payload
from storage import Database
from tests.harness import CITIZEN_ID, STAFF_CHAT, STAFF_ID, Harness, make_config

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"


async def escalate(bot: Harness, question: str = QUESTION) -> None:
    await bot.send(question)
    await bot.press("esc:yes")


def delivered(bot: Harness, chat_id: int, text: str) -> int:
    """How many accepted messages to chat_id contain text."""
    return sum(1 for c in bot.api.sent(chat_id) if text in c.text and c.result)


async def outbox_rows(db: Database) -> list[tuple[str, int | None, int]]:
    rows = await db.fetchall("SELECT status, message_id, attempts FROM outbox ORDER BY id")
    return [(str(r["status"]), r["message_id"], int(r["attempts"])) for r in rows]


async def consistent(db: Database) -> None:
    """The database file is intact and no foreign key dangles."""
    assert (await db.fetchone("PRAGMA integrity_check"))[0] == "ok"  # type: ignore[index]
    assert await db.fetchall("PRAGMA foreign_key_check") == []


def snapshot_files(database: Path, target: Path) -> None:
    """What kill -9 leaves on disk: the database file and its write-ahead log, copied as they are."""
    target.mkdir()
    for suffix in ("", "-wal"):
        source = Path(str(database) + suffix)
        if source.exists():
            shutil.copy(source, target / f"bot.sqlite3{suffix}")


# -- restarts ----------------------------------------------------------------------------------


async def test_restart_between_delete_question_and_confirmation(bot: Harness) -> None:
    await escalate(bot)
    await bot.send("/loeschen")
    button = bot.button(bot.last_citizen(), "Ja, alles löschen")
    await bot.restart()
    await bot.press(button)
    assert "Ihre Daten sind gelöscht" in bot.last_citizen().text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.user_id is None


async def test_restart_between_question_and_escalation_offer(bot: Harness) -> None:
    await bot.send("qwertz, was ist das?")
    await bot.restart()
    await bot.press("esc:yes")
    assert "#1" in bot.last_citizen().text
    assert "qwertz" in bot.to_staff()[-1].text


async def test_outbox_row_stored_before_a_crash_is_sent_once_after_it(
    bot: Harness, tmp_path: Path, clock: ManualClock
) -> None:
    await escalate(bot)  # the card was sent and marked before the crash
    cards = delivered(bot, STAFF_CHAT, "Anfrage #1")
    async with bot.services.db.transaction() as conn:  # stored, then the process dies before sending
        await bot.services.outbox.add(
            conn, CITIZEN_ID, message_payload("Gespeichert vor dem Absturz"), "note"
        )
    crashed = tmp_path / "after-crash"
    snapshot_files(Path(bot.config.storage.database), crashed)
    after = Harness(make_config(crashed), clock)
    after.api = bot.api  # the same Telegram
    await after.start()
    try:
        await after.settle()
        assert delivered(after, CITIZEN_ID, "Gespeichert vor dem Absturz") == 1
        assert delivered(after, STAFF_CHAT, "Anfrage #1") == cards  # sent ones are not sent again
        assert all(status == "sent" for status, _, _ in await outbox_rows(after.services.db))
        await consistent(after.services.db)
    finally:
        await after.stop()


# -- retries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "wait"),
    [
        ("retry_after", timedelta(seconds=31)),
        ("timeout", timedelta(seconds=6)),
        ("network", timedelta(seconds=6)),
    ],
)
async def test_staff_answer_is_retried_after_429_timeouts_and_network_errors(
    bot: Harness, clock: ManualClock, kind: str, wait: timedelta
) -> None:
    await escalate(bot)
    card = bot.to_staff()[-1]
    bot.api.fail_next("sendMessage", chat_id=CITIZEN_ID, kind=kind, retry_after=30)
    await bot.staff_send("Antwort mit Hindernissen", card)
    assert delivered(bot, CITIZEN_ID, "Antwort mit Hindernissen") == 0
    assert not any("wurde zugestellt" in text for text in bot.api.texts(STAFF_CHAT))
    clock.advance(wait)
    await bot.settle()
    assert delivered(bot, CITIZEN_ID, "Antwort mit Hindernissen") == 1
    await bot.settle()  # the delivery note to staff is queued when the answer is accepted
    assert "✅ Antwort zu #1 wurde zugestellt." in bot.to_staff()[-1].text


async def test_telegram_down_for_hours_loses_nothing(bot: Harness, clock: ManualClock) -> None:
    await escalate(bot)
    card = bot.to_staff()[-1]
    bot.api.fail_next("sendMessage", chat_id=CITIZEN_ID, kind="network")
    await bot.staff_send("Antwort während der Störung", card)
    for attempt in range(16):  # eight hours of network errors and timeouts
        bot.api.fail_next("sendMessage", chat_id=CITIZEN_ID, kind="timeout" if attempt % 2 else "network")
        clock.advance(timedelta(minutes=30))
        await bot.settle()
    item = await bot.services.db.fetchone(
        "SELECT status, attempts FROM outbox WHERE purpose = 'ticket_answer'"
    )
    assert item is not None and (item["status"], item["attempts"]) == ("pending", 17)
    clock.advance(timedelta(minutes=30))  # Telegram is back
    await bot.settle()
    assert delivered(bot, CITIZEN_ID, "Antwort während der Störung") == 1


async def test_a_burst_with_flood_errors_loses_nothing(bot: Harness, clock: ManualClock) -> None:
    async with bot.services.db.transaction() as conn:
        for number in range(40):
            await bot.services.outbox.add(
                conn, 2000 + number, message_payload(f"Erinnerung {number}"), "note"
            )
    for number in range(0, 40, 4):
        bot.api.fail_next("sendMessage", chat_id=2000 + number, kind="retry_after", retry_after=5)
    await bot.settle()
    clock.advance(timedelta(seconds=6))
    await bot.settle()
    for number in range(40):
        assert delivered(bot, 2000 + number, f"Erinnerung {number}") == 1
    assert {status for status, _, _ in await outbox_rows(bot.services.db)} == {"sent"}


async def test_a_failing_direct_reply_is_reported_politely(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.api.fail_next("sendMessage", chat_id=CITIZEN_ID, kind="network")
    await bot.send("Was kostet ein Personalausweis?")
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)
    apology = bot.last_citizen().text
    assert "schiefgegangen" in apology and bot.config.office_hours.phone in apology
    notice = bot.to_staff()[-1].text
    assert "Technischer Fehler" in notice and "Personalausweis" not in notice
    await bot.send("Was kostet ein Personalausweis?")
    assert "Personalausweis" in bot.last_citizen().text  # the bot carries on


# -- blocked users -----------------------------------------------------------------------------


async def test_a_user_who_blocked_the_bot_is_marked_and_staff_are_told(bot: Harness) -> None:
    await escalate(bot)
    card = bot.to_staff()[-1]
    bot.api.blocked_chats.add(CITIZEN_ID)
    await bot.staff_send("Antwort an jemanden, der blockiert hat", card)
    user = await bot.services.users.get(CITIZEN_ID)
    assert user is not None and user.blocked_at is not None
    assert "blockiert" in bot.to_staff()[-1].text
    await bot.send("/schliessen 1", user=bot.staff, chat_id=STAFF_CHAT)  # the close notice fails too
    assert "geschlossen" in bot.to_staff()[-1].text
    statuses = [status for status, _, _ in await outbox_rows(bot.services.db)]
    assert "pending" not in statuses


# -- nobody let in -----------------------------------------------------------------------------


async def test_forged_callbacks_change_nothing(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    await escalate(bot)
    other = bot.factory.user(4242, "Mallory", "de")
    forged = [
        "t:close:1",
        "t:claim:1",
        "t:send:1:personalausweis",
        "tk:add:1",
        "esc:yes",
        "del:yes:000000000000",
        "fb:1:" + "x" * 58,
        "lang:de;DROP TABLE users",
        "t:claim:99999999999999999999",
        "",
        ":",
        "💥" * 16,
    ]
    for data in forged:
        before = len(bot.api.sent(4242))
        await bot.press(data, user=other)
        assert len(bot.api.sent(4242)) == before + 1, data  # a clear answer every time
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.status == "open" and ticket.user_id == CITIZEN_ID
    assert len(await bot.services.tickets.repo.messages(1)) == 1
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)
    assert not any("schiefgegangen" in text for text in bot.api.texts(4242))


async def test_a_non_member_in_the_staff_group_gets_nothing(bot: Harness) -> None:
    await escalate(bot)
    card = bot.to_staff()[-1]
    intruder = bot.factory.user(666, "Mallory", "de")
    reply = bot.factory.bot_message_json(card)
    await bot.send("Ich antworte einfach mal", user=intruder, chat_id=STAFF_CHAT, reply_to=reply)
    for command in ("/ticket 1", "/offen", "/protokoll", "/schliessen 1", "/weiter 1 x", "/statistik"):
        await bot.send(command, user=intruder, chat_id=STAFF_CHAT)
    await bot.press("t:claim:1", user=intruder, chat_id=STAFF_CHAT)
    refusals = [c.text for c in bot.to_staff() if c.text != card.text]
    assert refusals and all("nur für das Team" in text for text in refusals)
    assert not any(QUESTION[:20] in text for text in refusals)
    assert delivered(bot, CITIZEN_ID, "Ich antworte einfach mal") == 0
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.status == "open"


async def test_card_buttons_work_only_in_the_staff_chat(bot: Harness) -> None:
    await escalate(bot)
    elsewhere = -1005555555555
    await bot.press("t:close:1", user=bot.staff, chat_id=STAFF_ID)  # a card forwarded to a private chat
    assert "nur für das Team" in bot.api.last(STAFF_ID).text
    await bot.press("t:claim:1", user=bot.staff, chat_id=elsewhere)  # … or to another group
    assert "nur für das Team" in bot.api.last(elsewhere).text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.status == "open" and ticket.claimed_by is None


async def test_a_former_member_loses_access(tmp_path: Path, clock: ManualClock) -> None:
    harness = Harness(make_config(tmp_path, staff={"membership_cache_seconds": 0}), clock)
    await harness.start()
    try:
        await escalate(harness)
        await harness.send("/ticket 1", user=harness.staff, chat_id=STAFF_CHAT)
        assert "Baumhaus" in harness.to_staff()[-1].text
        harness.api.remove_member(STAFF_CHAT, STAFF_ID)
        await harness.send("/ticket 1", user=harness.staff, chat_id=STAFF_CHAT)
        assert "nur für das Team" in harness.to_staff()[-1].text
    finally:
        await harness.stop()


# -- shutdown ----------------------------------------------------------------------------------


async def test_shutdown_with_a_flush_in_flight_leaves_nothing_half_written(bot: Harness) -> None:
    async with bot.services.db.transaction() as conn:
        for number in range(20):
            await bot.services.outbox.add(conn, 3000 + number, message_payload(f"Nachricht {number}"), "note")
    bot.api.fail_next("sendMessage", chat_id=3007, kind="network")
    bot.services.kick_outbox()
    await asyncio.sleep(0)  # the flush has started
    await bot.stop()  # what SIGTERM does: app.stop() waits for the flush, then the database closes

    db = await Database.open(bot.config.storage.database)
    try:
        rows = await outbox_rows(db)
        await consistent(db)
    finally:
        await db.close()
    sent = [row for row in rows if row[0] == "sent"]
    assert len(sent) == 19 and all(message_id is not None for _, message_id, _ in sent)
    assert [row for row in rows if row[0] != "sent"] == [("pending", None, 1)]
    accepted = [c for c in bot.api.calls if c.method == "sendMessage" and c.result]
    assert len(accepted) == 19  # nothing was sent without being marked
    await bot.start()  # the retried message goes out after the restart, once
    bot.clock.advance(timedelta(seconds=6))
    await bot.settle()
    assert delivered(bot, 3007, "Nachricht 7") == 1
