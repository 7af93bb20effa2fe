"""Strict parsing through the running bot: forged ids in buttons and commands, long texts, hostile uploads.

Unicode digits ('²', '١') pass `str.isdigit()`; forged data must get a quiet answer, never an
exception, and never a "Technischer Fehler" notice in the staff group.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.clock import ManualClock
from core.htmlsplit import visible_length
from handlers.telegram.limits import TEXT_LIMIT
from tests.auxil.forged import FORGED_NUMBERS
from tests.auxil.harness import STAFF_CHAT, Harness, make_config
from tests.auxil.stops_support import send_document, stops_harness
from tests.auxil.telegram_html import html_problems


@pytest.fixture
async def strict(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A bot on the test stop plan, without flood limits in the way."""
    harness = stops_harness(tmp_path, clock)
    harness.config = make_config(
        tmp_path,
        stops={"plan": str(tmp_path / "plan" / "stops.yaml")},
        limits={"messages_per_minute": 100_000, "tickets_per_day": 100_000},
    )
    async with harness:
        yield harness


def _quiet(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not any("Technischer Fehler" in c.text for c in bot.to_staff())
    assert not any("schiefgegangen" in text for text in bot.api.texts())


CALLBACK_TEMPLATES = [
    "vc:cancel:{n}",
    "vc:cancelok:{n}",
    "vc:keep:{n}",
    "vc:yes:{n}:1",
    "vc:yes:1:{n}",
    "vc:no:{n}:1",
    "vc:nowish:{n}",
    "vc:ans:{n}",
    "so:uns:{n}",
    "so:sub:d:{n}",
    "so:ics:{n}",
    "so:area:{n}",
    "tk:add:{n}",
    "t:claim:{n}",
    "t:send:{n}:x",
    "va:accept:{n}",
    "fb:1:{n}",
    "sg:{n}",
    "sx:c:{n}",
    "si:ok:{n}",
    "del:yes:{n}",
]


async def test_forged_callback_numbers_get_a_quiet_answer(
    strict: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot = strict
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    for template in CALLBACK_TEMPLATES:
        for number in FORGED_NUMBERS:
            data = template.format(n=number)
            if len(data.encode()) > 64:
                continue
            answers = len(bot.api.sent(method="answerCallbackQuery"))
            staff_before = len(bot.to_staff())
            await bot.press(data)
            assert len(bot.api.sent(method="answerCallbackQuery")) > answers, data
            assert len(bot.to_staff()) == staff_before, data
    _quiet(bot, caplog)


@pytest.mark.parametrize("number", ["²", "١٢", "9" * 25, "#²", "#" + "9" * 25, "-5"])
async def test_forged_numbers_in_staff_commands(
    strict: Harness, caplog: pytest.LogCaptureFixture, number: str
) -> None:
    bot = strict
    for command in ("/protokoll", "/ticket", "/schliessen", "/weiter", "/vorschlag", "/protokoll ticket"):
        before = len(bot.to_staff())
        await bot.send(f"{command} {number} 3.12. 10:00-11:00", user=bot.staff, chat_id=STAFF_CHAT)
        assert len(bot.to_staff()) > before, command
    _quiet(bot, caplog)


async def test_a_very_long_cancellation_reason_is_confirmed_within_limits(
    strict: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot = strict
    await bot.staff_send("/ausfall 2026-11-26-steele " + "Fahrzeug <defekt> & " * 480)
    confirmation = bot.to_staff()[-1]
    assert confirmation.method == "sendMessage" and confirmation.result is not None
    assert "Abgesagt" in confirmation.text and "Benachrichtigt" in confirmation.text  # complete
    assert visible_length(confirmation.text) <= TEXT_LIMIT
    assert html_problems(confirmation.text) == []
    assert bot.services.stops.find("2026-11-26-steele").cancelled  # type: ignore[union-attr]
    _quiet(bot, caplog)


# -- stop-plan uploads ----------------------------------------------------------------------------

ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("tief.yaml", ("[" * 5000 + "]" * 5000).encode(), "verschachtelt"),
        ("tief2.yaml", ("- " * 3000 + "x").encode(), "verschachtelt"),
        ("bombe.yaml", ALIAS_BOMB.encode(), "Aliase"),
        ("anker.yaml", b"- &ort {datum: 05.01.2027}\n- *ort\n", "Aliase"),
        ("feld.csv", b"datum;start;ende;ort_id\n05.01.2027;10:00;12:00;" + b"x" * 400_000 + b"\n", "CSV"),
        ("offen.csv", b'datum;start;ende;ort_id\n05.01.2027;10:00;12:00;"' + b"borbeck\n" * 500, "CSV"),
        ("null.csv", b"datum;start;ende;ort_id\n05.01.2027;10:00;12:00;bor\x00beck\n", "Zeile"),
    ],
)
async def test_hostile_uploads_get_a_one_line_answer(
    strict: Harness, caplog: pytest.LogCaptureFixture, name: str, content: bytes, expected: str
) -> None:
    bot = strict
    before = len(bot.to_staff())
    await send_document(bot, name, content)
    answers = bot.to_staff()[before:]
    assert len(answers) == 1, [a.text for a in answers]
    text = answers[0].text
    assert "Nichts geändert" in text and expected in text, text
    errors = [line for line in text.splitlines() if line.startswith("•")]
    assert errors and all(len(line) <= 310 for line in errors), errors
    assert html_problems(text) == []
    _quiet(bot, caplog)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    template=st.sampled_from(CALLBACK_TEMPLATES),
    number=st.text(alphabet=st.characters(categories=["Nd", "No", "Pd", "Zs"]), max_size=30),
)
async def test_generated_numbers_in_every_callback_grammar(
    strict: Harness, caplog: pytest.LogCaptureFixture, template: str, number: str
) -> None:
    data = template.format(n=number)
    if not 0 < len(data.encode()) <= 64:
        return
    bot = strict
    staff_before = len(bot.to_staff())
    await bot.press(data)
    assert len(bot.to_staff()) == staff_before
    tickets = await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM tickets")
    assert tickets is not None and tickets["n"] == 0
    _quiet(bot, caplog)
