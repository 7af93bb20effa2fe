"""Personal data of Vor-Ort-Service requests: export, deletion, retention purge; the CLI export."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from core.appointments import AppointmentDataOwner
from core.clock import ManualClock
from tests.appointment_steps import CARE_HOME, card_of, fill_request, staff_press, started
from tests.harness import CITIZEN_ID, STAFF_CHAT, Harness


@pytest.fixture
async def bot(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """The bot, with a flood limit that a scripted conversation does not reach."""
    async with started(tmp_path, clock) as harness:
        yield harness


def _owner(bot: Harness) -> AppointmentDataOwner:
    owner = next(o for o in bot.services.data_owners if o.name == "appointments")
    assert isinstance(owner, AppointmentDataOwner)
    return owner


async def _confirmed(bot: Harness, user: dict[str, Any] | None = None) -> int:
    """A request of the user with a confirmed visit on Friday 27.11., 10:00-11:00."""
    await fill_request(bot, user)
    own = await bot.services.appointments.repo.for_user(int((user or bot.citizen)["id"]))
    number = own[0].id
    await staff_press(bot, f"va:propose:{number}")
    prompt = next(c for c in reversed(bot.to_staff()) if "mit Datum und Zeit" in c.text)
    await bot.staff_send("27.11. 10:00-11:00", prompt)
    await bot.press(f"vc:yes:{number}:1", user=user)
    return number


async def test_the_owner_is_registered_and_exports_json(bot: Harness) -> None:
    assert "appointments" in bot.services.data_owners.names()
    await fill_request(bot)
    exported = await _owner(bot).export(CITIZEN_ID)
    json.dumps(exported)
    (request,) = exported["appointments"]
    assert request["reference"] == "VO-1" and request["phone"] == "+491701234567"
    assert request["persons"] == [{"name": "Erna Muster", "year": 1938}]
    assert request["history"][0]["to"] == "neu"
    assert await _owner(bot).export(4242) == {}


async def test_purge_anonymises_finished_requests_after_the_retention_period(
    bot: Harness, clock: ManualClock
) -> None:
    done = await _confirmed(bot)
    await staff_press(bot, f"va:done:{done}")
    await fill_request(bot)  # VO-2 stays open
    await staff_press(bot, "va:ask:2")
    prompt = next(c for c in reversed(bot.to_staff()) if "mit Ihrer Frage" in c.text)
    await bot.staff_send("Welche Station?", prompt)
    await bot.press("vc:cancel:2")
    await bot.press("vc:cancelok:2")  # VO-2 cancelled now
    retention = timedelta(days=bot.services.config.privacy.retention_days)
    owner = _owner(bot)
    assert await owner.purge(clock.now() - retention) == 0  # nothing finished long enough ago
    clock.advance(retention + timedelta(days=1))
    await fill_request(bot)  # VO-3: open, recent
    assert await owner.purge(clock.now() - retention) == 2
    edited = {e.params["message_id"]: e.text for e in bot.api.sent(STAFF_CHAT, "editMessageText")}
    assert "(gelöscht)" in edited[card_of(bot, "VO-1").message_id]
    assert "Erna" not in edited[card_of(bot, "VO-2").message_id]
    for number in (1, 2):
        a = await bot.services.appointments.get(number)
        assert a.anonymised_at is not None
        assert a.user_id is None and a.chat_id is None
        assert a.place is None and a.applicants == () and a.contact_name is None and a.phone is None
        assert a.district == "Borbeck-Mitte" and a.persons == 1  # kept for statistics
        assert a.created_at is not None and a.finished_at is not None
        events = await bot.services.appointments.repo.events(number)
        assert all(e.note is None for e in events) and len(events) >= 3
    assert (await bot.services.appointments.get(1)).status == "erledigt"
    assert (await bot.services.appointments.get(1)).visit_start is not None
    assert (await bot.services.appointments.get(2)).status == "abgesagt"
    rows = await bot.services.db.fetchall(
        "SELECT payload FROM outbox WHERE ref_type = 'appointment' AND ref_id IN (1, 2)"
    )
    assert rows and all("Erna" not in r["payload"] and "1701234567" not in r["payload"] for r in rows)
    fresh = await bot.services.appointments.get(3)
    assert fresh.anonymised_at is None and fresh.phone == "+491701234567"
    counts = await bot.services.privacy.run_purge()  # the daily job of the privacy module
    assert counts["appointments"] == 0  # nothing twice
    await bot.send("/meineanfragen")
    assert "VO-1" not in bot.last_citizen().text and "VO-3" in bot.last_citizen().text


async def test_purge_blanks_staff_messages_a_bounded_share_per_run_and_the_rest_later(
    bot: Harness, clock: ManualClock
) -> None:
    numbers = []
    for user_id in (5001, 5002, 5003):
        number = await _confirmed(bot, bot.factory.user(user_id, "Erna", "de"))
        await staff_press(bot, f"va:done:{number}")
        numbers.append(number)
    await bot.settle()
    messages: dict[int, set[int]] = {}
    for number in numbers:
        rows = await bot.services.db.fetchall(
            "SELECT message_id FROM staff_messages WHERE ref_id = ? AND ref_type LIKE 'appointment%'",
            (number,),
        )
        messages[number] = {int(r["message_id"]) for r in rows}
        assert messages[number]
    bot.services.appointments.blank_edits_per_run = len(messages[numbers[0]]) + 1  # less than two requests
    retention = timedelta(days=bot.services.config.privacy.retention_days)
    clock.advance(retention + timedelta(days=1))
    owner = _owner(bot)

    def edited_since(before: int) -> set[int]:
        return {int(e.params["message_id"]) for e in bot.api.sent(STAFF_CHAT, "editMessageText")[before:]}

    before = start = len(bot.api.sent(STAFF_CHAT, "editMessageText"))
    assert await owner.purge(clock.now() - retention) == 3  # all three anonymised at once …
    assert edited_since(before) == messages[numbers[0]]  # … but only one request's messages edited
    for number in numbers[1:]:  # the next runs do the rest, one request each
        clock.advance(timedelta(days=1))
        before = len(bot.api.sent(STAFF_CHAT, "editMessageText"))
        assert await owner.purge(clock.now() - retention) == 0
        assert edited_since(before) == messages[number]
    before = len(bot.api.sent(STAFF_CHAT, "editMessageText"))
    await owner.purge(clock.now() - retention)
    assert edited_since(before) == set()  # nothing twice
    blanked = [e.text for e in bot.api.sent(STAFF_CHAT, "editMessageText")[start:]]
    assert blanked and all("1701234567" not in text and "Erna" not in text for text in blanked)


async def test_delete_cancels_open_requests_and_anonymises(bot: Harness) -> None:
    number = await _confirmed(bot)
    other = bot.factory.user(4242, "Otto", "de")
    await fill_request(bot, other)
    edits_before = len(bot.api.sent(STAFF_CHAT, "editMessageText"))
    assert await _owner(bot).delete(CITIZEN_ID) == 1
    edits = bot.api.sent(STAFF_CHAT, "editMessageText")[edits_before:]
    card = next(e for e in edits if e.params["message_id"] == card_of(bot, "VO-1").message_id)
    assert "(gelöscht)" in card.text and "abgesagt" in card.text and card.buttons == []
    assert all("Erna" not in e.text and "1701234567" not in e.text for e in edits)
    assert any("Angaben gelöscht" in e.text for e in edits)  # the notes about the request
    a = await bot.services.appointments.get(number)
    assert a.status == "abgesagt" and a.anonymised_at is not None and a.phone is None
    await bot.settle()
    assert "Daten löschen lassen" in bot.api.sent(STAFF_CHAT, "sendMessage")[-1].text
    assert await bot.services.appointments.send_reminders() == 0
    assert (await bot.services.appointments.get(2)).phone == "+491701234567"  # Otto's stays
    assert await _owner(bot).export(CITIZEN_ID) == {}


async def test_export_cli_writes_ics_and_csv(bot: Harness, tmp_path: Path) -> None:
    await _confirmed(bot)
    await fill_request(bot)  # open, no date
    await bot.stop()
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump(
            {"storage": {"database": str(tmp_path / "bot.sqlite3")}, "staff": {"chat_id": STAFF_CHAT}}
        )
    )
    ics_file = tmp_path / "out" / "termine.ics"
    args = ["export", "appointments", "--config", str(config), "--format", "ics"]
    code = await asyncio.to_thread(
        main, [*args, "--from", "2026-11-01", "--to", "30.11.2026", "--output", str(ics_file)]
    )
    assert code == 0
    ics = ics_file.read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == 1
    assert "DTSTART;TZID=Europe/Berlin:20261127T100000" in ics and "VO-1" in ics
    assert "Erna Muster" in ics  # the team's calendar needs the names
    empty = tmp_path / "empty.ics"
    code = await asyncio.to_thread(
        main, [*args, "--from", "2026-12-01", "--to", "2026-12-31", "--output", str(empty)]
    )
    assert code == 0 and "BEGIN:VEVENT" not in empty.read_text(encoding="utf-8")
    csv_file = tmp_path / "anfragen.csv"
    csv_args = [
        "export",
        "appointments",
        "--config",
        str(config),
        "--format",
        "csv",
        "--output",
        str(csv_file),
    ]
    assert await asyncio.to_thread(main, csv_args) == 0
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8")), delimiter=";"))
    assert [r["nummer"] for r in rows] == ["VO-1", "VO-2"]
    assert rows[0]["status"] == "bestaetigt" and rows[0]["termin_beginn"] == "2026-11-27 10:00"
    assert rows[1]["status"] == "neu" and rows[1]["stadtteil"] == "Borbeck-Mitte"
    assert "Erna" not in csv_file.read_text(encoding="utf-8") and CARE_HOME not in csv_file.read_text()
    assert await asyncio.to_thread(main, [*args, "--from", "2026-12-31", "--to", "2026-12-01"]) == 2
    await bot.start()
