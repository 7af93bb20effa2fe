"""Strict parsing: ids in callback data and commands, phone numbers, Telegram's size limits.

Unicode digits ('²', '١') pass `str.isdigit()`; forged data must get a quiet answer, never an
exception, and never a "Technischer Fehler" notice in the staff group.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.appointments.phone import PhoneError, phone_with_note
from core.appointments.validation import InputError, normalise_phone
from core.clock import ManualClock
from core.htmlsplit import visible_length
from core.ids import MAX_ID_DIGITS, callback_id, parse_id
from core.stops.upload import MAX_IMPORT_BYTES, check_upload
from handlers.telegram.limits import ANSWER_LIMIT, CAPTION_LIMIT, TEXT_LIMIT, bound_call, bound_text
from handlers.telegram.offline import over_limit
from tests.auxil.harness import STAFF_CHAT, Harness, make_config
from tests.auxil.stops_support import send_document, stops_harness
from tests.auxil.telegram_html import html_problems

UNICODE_DIGITS = ["²", "³", "¹", "١٢", "٣", "۴", "߅", "१२", "௫", "᠒", "①", "𝟙", "⁰", "１２"]
FORGED_NUMBERS = [*UNICODE_DIGITS, "9" * 25, "9" * 16, "-1", "+1", " 1", "1 ", "1_000", "0x1", "", "0"]


# -- the id helper ------------------------------------------------------------------------------


@given(st.text(max_size=30))
def test_parse_id_accepts_exactly_short_ascii_digit_strings(text: str) -> None:
    value = parse_id(text)
    strict = re.fullmatch(f"[0-9]{{1,{MAX_ID_DIGITS}}}", text) is not None and int(text) >= 1
    assert (value is not None) == strict
    if value is not None:
        assert value == int(text) and 1 <= value < 10**MAX_ID_DIGITS


@given(st.integers(min_value=1, max_value=10**MAX_ID_DIGITS - 1))
def test_every_real_id_round_trips(number: int) -> None:
    assert parse_id(str(number)) == number
    assert callback_id(f"vc:yes:{number}:3") == number
    assert callback_id(f"vc:yes:3:{number}", 3) == number


@pytest.mark.parametrize("forged", FORGED_NUMBERS)
def test_forged_numbers_are_no_ids(forged: str) -> None:
    assert parse_id(forged) is None
    assert callback_id(f"so:uns:{forged}") is None


@given(st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=20))
def test_no_unicode_digit_but_ascii_counts(text: str) -> None:
    assert (parse_id(text) is not None) == (text.isascii() and int(text) > 0 and len(text) <= MAX_ID_DIGITS)


# -- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0201 123456 (abends)", "+49201123456 (abends)"),
        ("0201 123456 abends", "+49201123456 (abends)"),
        ("0170 1234567, nur vormittags", "+491701234567 (nur vormittags)"),
        ("(0201) 123456 (ab 18 Uhr)", "+49201123456 (ab 18 Uhr)"),
        ("+49 201 123456", "+49201123456"),
    ],
)
def test_phone_notes_are_kept(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["0²⁰¹ 123456", "٠٢٠١ ١٢٣٤٥٦", "0201 １２３４５６", "0201 123456 " + "x" * 41, "0201 12a456"]
)
def test_undiallable_phones_are_refused_politely(raw: str) -> None:
    with pytest.raises(InputError) as caught:
        normalise_phone(raw)
    assert caught.value.code == "phone_invalid"


@given(st.text(max_size=80))
def test_phone_parser_never_raises_anything_else(raw: str) -> None:
    try:
        result = phone_with_note(raw)
    except PhoneError:
        return
    assert re.fullmatch(r"\+49[1-9][0-9]{3,13}(?: \(\S.{0,39}\))?", result), result
    assert result.split(" ")[0].isascii()


# -- the size limits ----------------------------------------------------------------------------

@settings(max_examples=60)
@given(text=st.text(max_size=6000), limit=st.sampled_from([ANSWER_LIMIT, CAPTION_LIMIT, TEXT_LIMIT]))
def test_bound_plain_text(text: str, limit: int) -> None:
    bounded = bound_text(text, limit, html=False)
    assert len(bounded) <= limit
    assert bounded == text or bounded.endswith("…")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.sampled_from(["<b>fett</b> ", "&amp; ", "Wort ", "<i>x</i>", "ä" * 50, "\n"]),
        min_size=1,
        max_size=400,
    )
)
def test_bound_html_keeps_tags_balanced(parts: list[str]) -> None:
    text = "".join(parts) + "."
    for limit in (ANSWER_LIMIT, CAPTION_LIMIT, TEXT_LIMIT):
        bounded = bound_text(text, limit, html=True)
        assert visible_length(bounded) <= limit
        assert html_problems(bounded) == []


def test_bound_call_cuts_only_what_is_too_long() -> None:
    short = {"chat_id": 1, "text": "Hallo", "parse_mode": "HTML"}
    assert bound_call("sendMessage", short) == short
    long = bound_call("answerCallbackQuery", {"text": "x" * 500})
    assert len(long["text"]) == ANSWER_LIMIT
    caption = bound_call("sendDocument", {"caption": "<b>" + "y " * 800 + "</b>", "parse_mode": "HTML"})
    assert visible_length(caption["caption"]) <= CAPTION_LIMIT and caption["caption"].endswith("</b>…")
    assert html_problems(caption["caption"]) == []


# -- through the running bot --------------------------------------------------------------------


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


def test_the_fake_telegram_refuses_what_telegram_refuses() -> None:
    """The checks above are real: without the bound, the offline Bot API answers 400 like Telegram."""
    assert over_limit("sendMessage", {"text": "x" * 4097}) == "message is too long"
    assert over_limit("sendMessage", {"text": "<b>" + "x" * 4096 + "</b>", "parse_mode": "HTML"}) is None
    assert over_limit("answerCallbackQuery", {"text": "x" * 201}) == "MESSAGE_TOO_LONG"
    assert over_limit("sendDocument", {"caption": "x" * 1025}) == "message caption is too long"
    button = '{"inline_keyboard": [[{"text": "a", "callback_data": "%s"}]]}' % ("x" * 65)
    assert over_limit("sendMessage", {"text": "a", "reply_markup": button}) == "BUTTON_DATA_INVALID"


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


def test_an_upload_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    from core.stops.loader import load_plan
    from tests.auxil.stops_support import DATA

    plan = load_plan(DATA / "stops_test.yaml")
    result = check_upload(b"x" * (MAX_IMPORT_BYTES + 1), "csv", plan, date(2026, 11, 25))
    assert result.errors == [f"Die Datei ist zu groß (höchstens {MAX_IMPORT_BYTES // 1024} KB)."]
    assert result.stops == []


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
