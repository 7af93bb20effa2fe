"""Hostile input through the real Application: known nasty strings and hypothesis-generated text.

Every input must get a reply (or be ignored by design), never an exception, never broken
markup, and the database must be consistent afterwards.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.clock import ManualClock
from handlers.telegram.common import clean_text
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness, make_config
from tests.auxil.telegram_html import sent_html_problems

NASTY = [
    "",
    " ",
    "   \n\t  \n ",
    "\u200b\u200b\u200b",  # zero-width spaces only
    "\u00a0\u2007\u202f",  # no-break spaces only
    "\x00",
    "Ausweis\x00verloren",
    "\x01\x02\x03\x07\x08\x1b[31mrot\x1b[0m",
    "\u202eelleh tsi sad\u202c",  # right-to-left override
    "\u2066\u2067\u2068\u2069 isolates",
    "مرحبا، أين مكتب المواطنين؟",
    "שלום, איפה הבירגרמוביל?",
    "👨‍👩‍👧‍👦🏳️‍🌈👩🏽‍🚒" * 20,
    "🇩🇪🇩🇪🇩🇪",
    "e\u0301\u0301\u0301\u0301\u0301\u0301 Z̸̡̢̛͓̘̯͇̼̰̤͍̟̈́̿̃̓͂a̸l̷g̴o̵",
    "<b>fett</b> <i>kursiv <u>unterstrichen",
    "<script>alert('x')</script>",
    '<a href="javascript:alert(1)">klick</a>',
    "</b></i></code></pre>",
    "&amp; &lt; &gt; &quot; &#0; &#x110000; &nbsp; & ; &",
    "*fett* _kursiv_ `code` ```block``` ~durch~ ||spoiler|| [link](http://x)",
    "\\*\\_\\[\\]\\(\\)",
    "'; DROP TABLE tickets; --",
    "1 OR 1=1; SELECT * FROM users WHERE '1'='1",
    "Robert'); DELETE FROM ticket_messages;--",
    "{0} %s %d {lang} {number} {phone} {{}} %(name)s ${HOME} `id`",
    "{text}{question}{__class__}",
    "../../etc/passwd",
    "C:\\Windows\\System32",
    "/start",
    "/start " + "x" * 500,
    "/ticket 99999999999999999999",
    "/protokoll #-1",
    "/weiter 1 <b>",
    "/loeschen@BuergermobilEssenBot",
    "/unbekannt<script>",
    "❓ Frage stellen",
    "📞 Kontakt & Telefon",
    "a" * 1999,
    "ä" * 2001,
    "& " * 2100,
    "<" * 4096,
    "x" * 10_000,
    "\n" * 500 + "Frage?",
    "\ufeffBOM am Anfang",
    "\ufffd\ufffd replacement",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕗𝕣𝕒𝕜𝕥𝕦𝕣 \U0001f600\U0010fffd",
    "Personalausweis\u200d\u200cverloren",
    "Was kostet ein Personalausweis?" * 60,
    # issue 14: Unicode digits pass str.isdigit(); forged callback data and staff commands
    "vc:cancel:²",
    "vc:yes:١:²",
    "so:uns:" + "9" * 25,
    "t:claim:²",
    "tk:add:" + "9" * 25,
    "/protokoll ²",
    "/protokoll #" + "9" * 25,
    "/ticket ١٢",
    "0²⁰¹ 123456",
    "/ausfall 2026-11-26-steele " + "Grund " * 1600,
]


@pytest.fixture
async def hostile(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A bot whose limits do not get in the way of many inputs in a row."""
    config = make_config(tmp_path, limits={"messages_per_minute": 100_000, "tickets_per_day": 100_000})
    async with Harness(config, clock) as harness:
        yield harness


def errors_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def assert_consistent(bot: Harness) -> None:
    """Integrity, foreign keys, no message stuck or failed, sessions readable."""
    db = bot.services.db
    check = await db.fetchone("PRAGMA integrity_check")
    assert check is not None and check[0] == "ok"
    assert await db.fetchall("PRAGMA foreign_key_check") == []
    statuses = {str(r["status"]) for r in await db.fetchall("SELECT DISTINCT status FROM outbox")}
    assert statuses <= {"sent"}, statuses
    orphans = await db.fetchone(
        "SELECT COUNT(*) AS n FROM tickets t WHERE NOT EXISTS"
        " (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id AND m.author = 'citizen')"
    )
    assert orphans is not None and orphans["n"] == 0
    for row in await db.fetchall("SELECT data FROM persistence"):
        json.loads(row["data"])
    await bot.app.update_persistence()


def clean_markup(bot: Harness) -> None:
    problems = sent_html_problems(bot.api.calls)
    assert problems == [], problems[:3]


async def citizen_turn(bot: Harness, text: str, user: dict[str, Any] | None = None) -> None:
    """The citizen sends text: a reply every time; escalate when offered."""
    who = user or bot.citizen
    before = len(bot.api.sent(who["id"]))
    await bot.send(text, user=who)
    replies = bot.api.sent(who["id"])[before:]
    assert replies, f"no reply to {text[:40]!r}"
    offered = [data for _, data in replies[-1].buttons if data == "esc:yes"]
    if offered:
        await bot.press("esc:yes", user=who)
        assert len(bot.api.sent(who["id"])) > len(replies) + before


async def test_known_nasty_strings_as_citizen_text(
    hostile: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot = hostile
    for text in NASTY:
        await citizen_turn(bot, text)
    confirmations = sum("bei unserem Team angekommen" in c.text for c in bot.to_citizen())
    tickets = await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM tickets")
    assert tickets is not None and tickets["n"] == confirmations
    assert errors_in(caplog) == []
    assert not any("schiefgegangen" in text for text in bot.api.texts())
    clean_markup(bot)
    await assert_consistent(bot)


async def test_known_nasty_strings_as_names_buttons_and_staff_input(
    hostile: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot = hostile
    await citizen_turn(bot, "Darf ich im Garten ein Baumhaus bauen?")
    card = bot.to_staff()[-1]
    for number, text in enumerate(NASTY):
        user = bot.factory.user(20_000 + number, text[:64] or "x", "de")
        await bot.send("/start", user=user)
        assert bot.api.sent(user["id"]), text[:40]
        before = len(bot.api.sent(CITIZEN_ID))
        await bot.press(text.encode("utf-8")[:64].decode("utf-8", "ignore"))
        assert len(bot.api.sent(CITIZEN_ID)) == before + 1  # a forged button: a clear answer
        answers_before = len(bot.to_citizen())
        await bot.staff_send(text[:3500], card)
        if clean_text(text[:3500]) and not text.startswith("/"):  # a reply starting with / is a command
            assert len(bot.to_citizen()) > answers_before, (text[:60], bot.to_staff()[-1].text)
        for command in ("/ticket", "/protokoll", "/weiter 1", "/schliessen", "/offen"):
            staff_before = len(bot.to_staff())
            await bot.send(f"{command} {text[:200]}", user=bot.staff, chat_id=STAFF_CHAT)
            assert len(bot.to_staff()) > staff_before, (command, text[:40])
    assert errors_in(caplog) == []
    clean_markup(bot)
    await assert_consistent(bot)


async def test_a_long_staff_answer_reaches_the_citizen_within_limits(hostile: Harness) -> None:
    bot = hostile
    await citizen_turn(bot, "Darf ich im Garten ein Baumhaus bauen?")
    await bot.staff_send("Ihre Antwort & mehr. " * 200, bot.to_staff()[-1])
    clean_markup(bot)
    parts = [c.text for c in bot.to_citizen() if "Ihre Antwort" in c.text]
    assert len(parts) == 2
    assert (
        sum(part.count("Ihre Antwort") for part in parts) == sum(part.count("mehr.") for part in parts) == 200
    )
    assert "wurde zugestellt" in bot.to_staff()[-1].text


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(max_size=300), name=st.text(min_size=1, max_size=64))
async def test_generated_text_and_names(
    hostile: Harness, caplog: pytest.LogCaptureFixture, text: str, name: str
) -> None:
    bot = hostile
    user = bot.factory.user(CITIZEN_ID, name, "de")
    await citizen_turn(bot, text, user=user)
    assert errors_in(caplog) == []
    clean_markup(bot)
    await assert_consistent(bot)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.text(min_size=1, max_size=64).filter(lambda d: len(d.encode("utf-8")) <= 64))
async def test_generated_callback_data_changes_nothing(
    hostile: Harness, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    bot = hostile
    before = len(bot.to_citizen())
    await bot.press(data)
    assert len(bot.to_citizen()) == before + 1
    tickets = await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM tickets")
    assert tickets is not None and tickets["n"] == 0
    assert errors_in(caplog) == []
    clean_markup(bot)
