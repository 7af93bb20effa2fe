"""A staff chat that refuses the bot (403, removed from the group) loses no ticket card.

The card waits (not failed), an ERROR tells the operator, and it is sent once the bot is back
(a my_chat_member update) or when the periodic probe gets through. Every fault kind on a card.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.health import refused_staff_chats
from core.clock import ManualClock
from tests.auxil.appointment_steps import fill_request, started
from tests.auxil.checks import delivered
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, STAFF_ID, Harness, make_config
from tests.auxil.stops_support import stops_harness
from tests.auxil.updates import membership

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
KICKED = "Forbidden: bot was kicked from the supergroup chat"


async def _escalate_while_refused(bot: Harness) -> None:
    bot.api.fail_next("sendMessage", chat_id=STAFF_CHAT, code=403, description=KICKED)
    await bot.send(QUESTION)
    await bot.press("esc:yes")


async def _card_status(bot: Harness) -> str:
    row = await bot.services.db.fetchone("SELECT status FROM outbox WHERE purpose = 'ticket_card'")
    assert row is not None
    return str(row["status"])


async def test_a_card_refused_with_403_waits_and_goes_out_when_the_bot_is_back(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await _escalate_while_refused(bot)
    assert await _card_status(bot) == "pending"
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 0
    alerts = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("staff chat" in a and "refuses" in a for a in alerts), alerts
    await bot.raw(membership(STAFF_CHAT, bot.staff, old="left", new="member"))
    await bot.settle()
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1
    assert await _card_status(bot) == "sent"


async def test_the_probe_delivers_the_card_without_a_membership_update(
    bot: Harness, clock: ManualClock
) -> None:
    await _escalate_while_refused(bot)
    clock.advance(timedelta(minutes=5))
    await bot.settle()
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 0  # not hammered
    clock.advance(timedelta(minutes=11))
    await bot.settle()
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1


async def test_a_citizen_who_blocked_the_bot_still_fails_at_once(bot: Harness) -> None:
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    await bot.staff_send("Ja, bis 3 m Höhe.", bot.to_staff()[-1])  # warm-up: a normal answer
    bot.api.blocked_chats.add(bot.citizen["id"])
    await bot.staff_send("Noch ein Hinweis.", bot.to_staff()[-2])
    rows = await bot.services.db.fetchall(
        "SELECT status FROM outbox WHERE chat_id = ? ORDER BY id", (bot.citizen["id"],)
    )
    assert str(rows[-1]["status"]) == "failed"


@pytest.mark.parametrize(
    ("kind", "code", "wait"),
    [
        ("retry_after", 429, timedelta(seconds=31)),
        ("http", 500, timedelta(seconds=6)),
        ("timeout", 0, timedelta(seconds=6)),
        ("http", 403, timedelta(minutes=16)),
    ],
)
async def test_every_fault_on_a_ticket_card_delivers_it_exactly_once(
    bot: Harness, clock: ManualClock, kind: str, code: int, wait: timedelta
) -> None:
    description = KICKED if code == 403 else "Internal Server Error"
    bot.api.fail_next(
        "sendMessage", chat_id=STAFF_CHAT, kind=kind, code=code, description=description, retry_after=30
    )
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    assert "angekommen" in bot.last_citizen().text
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 0
    clock.advance(wait)
    await bot.settle()
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1
    clock.advance(timedelta(hours=2))
    await bot.settle()
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1


async def test_check_config_shows_a_staff_chat_that_refuses_the_bot(
    bot: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    await _escalate_while_refused(bot)
    assert refused_staff_chats(bot.config.storage.database) == [(STAFF_CHAT, 1)]
    config = Path(bot.config.storage.database).parent / "config.yaml"
    config.write_text(f"storage:\n  database: '{bot.config.storage.database}'\n", encoding="utf-8")
    assert main(["check-config", "--config", str(config)]) == 0
    assert f"Team-Gruppe {STAFF_CHAT} lehnt den Bot ab" in capsys.readouterr().err
    await bot.raw(membership(STAFF_CHAT, bot.staff, old="left", new="member"))
    assert refused_staff_chats(bot.config.storage.database) == []


@pytest.mark.parametrize(
    ("kind", "code", "wait"),
    [
        ("retry_after", 429, timedelta(seconds=31)),
        ("http", 500, timedelta(seconds=6)),
        ("timeout", 0, timedelta(seconds=6)),
        ("network", 0, timedelta(seconds=6)),
    ],
)
async def test_the_receipt_survives_every_transient_fault_exactly_once(
    bot: Harness, clock: ManualClock, kind: str, code: int, wait: timedelta
) -> None:
    await bot.send(QUESTION)
    bot.api.fail_next(
        "sendMessage", chat_id=CITIZEN_ID, kind=kind, code=code, description="Internal Server Error", times=3
    )
    await bot.press("esc:yes")
    assert not any("schiefgegangen" in text for text in bot.api.texts(CITIZEN_ID))  # no apology
    for _ in range(4):
        clock.advance(wait * 4)
        await bot.settle()
    assert delivered(bot, CITIZEN_ID, "angekommen") == 1
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1
    row = await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM tickets")
    assert row is not None and row["n"] == 1


@pytest.mark.parametrize(
    ("kind", "code", "wait"),
    [
        ("retry_after", 429, timedelta(seconds=31)),
        ("http", 500, timedelta(seconds=6)),
        ("timeout", 0, timedelta(seconds=6)),
        ("http", 403, timedelta(minutes=16)),
    ],
)
async def test_the_stop_change_confirmation_survives_every_fault_exactly_once(
    tmp_path: Path, clock: ManualClock, kind: str, code: int, wait: timedelta
) -> None:
    bot = stops_harness(tmp_path, clock)
    await bot.start()
    try:
        description = KICKED if code == 403 else "Internal Server Error"
        bot.api.fail_next(
            "sendMessage", chat_id=STAFF_CHAT, kind=kind, code=code, description=description, retry_after=30
        )
        await bot.staff_send("/ausfall 2026-11-26-steele Fahrzeug defekt")
        assert delivered(bot, STAFF_CHAT, "Abgesagt von Sam Team") == 0
        clock.advance(wait)
        await bot.settle()
        assert delivered(bot, STAFF_CHAT, "Abgesagt von Sam Team") == 1
        clock.advance(timedelta(hours=2))
        await bot.settle()
        assert delivered(bot, STAFF_CHAT, "Abgesagt von Sam Team") == 1
    finally:
        await bot.stop()


async def test_the_request_receipt_survives_a_500_without_an_apology(
    tmp_path: Path, clock: ManualClock
) -> None:
    async with started(tmp_path, clock) as bot:
        await fill_request(bot, send=False)
        bot.api.fail_next("sendMessage", chat_id=CITIZEN_ID, code=500, description="Server Error", times=2)
        await bot.press("vo:send")
        assert not any("schiefgegangen" in text for text in bot.api.texts(CITIZEN_ID))
        for _ in range(3):
            clock.advance(timedelta(minutes=1))
            await bot.settle()
        assert delivered(bot, CITIZEN_ID, "VO-1") == 1


async def test_a_staff_chat_refusing_for_an_hour_alerts_the_other_staff_chats_once(
    tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    other = -1009999999999
    config = make_config(tmp_path, staff={"routes": {"strassenverkehr": other}, "user_ids": [STAFF_ID]})
    async with Harness(config, clock) as bot:
        bot.api.blocked_chats.add(STAFF_CHAT)  # every send to the group answers 403
        await bot.send(QUESTION)
        await bot.press("esc:yes")
        for _ in range(3):  # 45 minutes of probes: no alert yet
            clock.advance(timedelta(minutes=15, seconds=1))
            await bot.settle()
        assert bot.api.sent(other) == []
        for _ in range(6):  # 1 h 45 min
            clock.advance(timedelta(minutes=15, seconds=1))
            await bot.settle()
        alerts = [c.text for c in bot.api.sent(other)]
        assert len(alerts) == 1 and f"Team-Gruppe {STAFF_CHAT}" in alerts[0] and "1 Nachricht" in alerts[0]
        assert delivered(bot, STAFF_ID, f"Team-Gruppe {STAFF_CHAT}") == 1  # the staff user in private, too
        assert any(r.levelno == logging.CRITICAL for r in caplog.records)
        assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 0
        bot.api.blocked_chats.discard(STAFF_CHAT)
        await bot.raw(membership(STAFF_CHAT, bot.staff, old="left", new="member"))
        await bot.settle()
        assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1
        assert len(bot.api.sent(other)) == 1  # one alert per outage
