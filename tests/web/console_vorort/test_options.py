"""The console's proposal with up to three dates over HTTP, and the group card after console actions."""

from __future__ import annotations

import re

import httpx

from tests.auxil.appointment_steps import card_of, fill_request
from tests.auxil.console import Desk, csrf_of
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}
FRIDAY, TUESDAY = "2026-11-27", "2026-12-01"


async def _csrf(desk: Desk, number: int = 1) -> str:
    return csrf_of((await desk.client.get(f"/console/vorort/{number}")).text)


async def _propose(desk: Desk, number: int, **fields: str) -> httpx.Response:
    data = {"csrf": await _csrf(desk, number), **fields}
    return await desk.client.post(f"/console/vorort/{number}/propose", data=data)


def _card_edits(desk: Desk, reference: str = "VO-1") -> list[str]:
    calls = desk.bot.api.sent(STAFF_CHAT, "editMessageText")
    return [c.text for c in calls if f"Vor-Ort-Anfrage {reference}" in c.text]


async def test_two_dates_from_the_console_reach_the_citizen_and_the_card(team: Desk) -> None:
    bot = team.bot
    await fill_request(bot)
    card = card_of(bot, "VO-1")
    answer = await _propose(
        team, 1, day=FRIDAY, start="10:00", end="11:00", day2=TUESDAY, start2="14:00", end2="15:00"
    )
    assert answer.status_code == 303 and answer.headers["location"].endswith("done=proposed")
    await bot.settle()
    proposal = bot.api.last(CITIZEN_ID)
    assert [d for _, d in proposal.buttons] == ["vc:opt:1:1:0", "vc:opt:1:1:1", "vc:no:1:1"]
    edit = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert edit.params["message_id"] == card.message_id  # the group's card, edited in place
    assert "Termin vorgeschlagen" in edit.text and "Vorgeschlagene Termine:" in edit.text
    listed = (await team.client.get("/console/vorort?tab=proposed")).text
    assert "Fr, 27.11.2026, 10:00–11:00 Uhr / Di, 01.12.2026, 14:00–15:00 Uhr" in listed
    page = (await team.client.get("/console/vorort/1")).text
    assert "Vorgeschlagene Termine" in page and "Di, 01.12.2026, 14:00–15:00 Uhr" in page
    assert 'name="option" id="confirm-1" value="1"' in page  # the confirmation asks which date
    again = await _propose(
        team, 1, day=FRIDAY, start="10:00", end="11:00", day2=TUESDAY, start2="14:00", end2="15:00"
    )
    assert again.headers["location"].endswith("error=already_proposed")

    csrf = await _csrf(team)
    unchosen = await team.client.post("/console/vorort/1/confirm", data={"csrf": csrf})
    assert unchosen.headers["location"].endswith("error=choose_option")
    confirmed = await team.client.post("/console/vorort/1/confirm", data={"csrf": csrf, "option": "1"})
    assert confirmed.headers["location"].endswith("done=confirmed")
    await bot.settle()
    a = await bot.services.appointments.get(1)
    assert a.status == "bestaetigt" and a.options == ()
    assert "<b>Termin:</b> Di, 01.12.2026, 14:00–15:00 Uhr" in _card_edits(team)[-1]
    assert "bestätigt" in _card_edits(team)[-1]

    done = await team.client.post("/console/vorort/1/done", data={"csrf": csrf})
    assert done.headers["location"].endswith("done=finished")
    await bot.settle()
    assert "erledigt" in _card_edits(team)[-1].lower()
    assert "va:done:1" not in str(bot.api.sent(STAFF_CHAT, "editMessageText")[-1].params)  # no buttons left


async def test_mistakes_are_shown_at_their_fields_and_nothing_is_sent(team: Desk) -> None:
    bot = team.bot
    await fill_request(bot)
    answer = await _propose(
        team,
        1,
        day=FRIDAY,
        start="10:00",
        end="11:00",
        day2=TUESDAY,
        start2="",
        end2="15:00",
        day3=FRIDAY,
        start3="10:00",
        end3="11:00",
    )
    assert answer.status_code == 422
    page = answer.text
    assert "Bitte die markierten Felder prüfen" in page
    assert re.search(r'id="start2"[^>]*aria-invalid="true" aria-describedby="start2-error"', page)
    assert 'id="start2-error">Bitte Datum, Beginn und Ende angeben.' in page
    assert 'id="day3-error">Dieser Termin steht schon weiter oben in der Liste.' in page
    assert 'id="day2" name="day2" type="date" min="2026-11-25" value="2026-12-01"' in page  # kept
    first = re.search(r'<input id="day"[^>]*>', page)
    assert first is not None and "aria-invalid" not in first.group(0)
    sunday = await _propose(
        team, 1, day=FRIDAY, start="10:00", end="11:00", day2="2026-11-29", start2="10:00", end2="11:00"
    )
    assert sunday.status_code == 422 and 'id="day2-error">Das ist ein Sonntag.' in sunday.text
    single = await _propose(team, 1, day="2026-11-29", start="10:00", end="11:00")
    assert single.headers["location"].endswith("error=slot_sunday")  # one date: as before
    shown = (await team.client.get("/console/vorort/1?error=slot_sunday")).text
    assert re.search(r'<input id="day"[^>]*aria-describedby="propose-error"', shown)
    await bot.settle()
    assert not any("Terminvorschl" in text for text in bot.api.texts(CITIZEN_ID))


async def test_a_conflict_of_one_date_is_flagged_and_forced(team: Desk) -> None:
    bot = team.bot
    await fill_request(bot)
    await fill_request(bot, OTTO)
    await _propose(team, 1, day=FRIDAY, start="10:00", end="11:00")
    fields = {"day": TUESDAY, "start": "10:00", "end": "11:00"}
    fields.update(day2=FRIDAY, start2="10:30", end2="11:30")
    answer = await _propose(team, 2, **fields)
    assert answer.status_code == 409
    page = answer.text
    assert "2. Termin: Fr, 27.11.2026, 10:30–11:30 Uhr" in page and "überschneidet sich" in page
    assert "1. Termin:" not in page  # the free date is not flagged
    assert all(f'name="{k}" value="{v}"' in page for k, v in fields.items())  # carried to "Trotzdem"
    await bot.settle()
    assert not any("Terminvorschl" in c.text for c in bot.api.sent(4242))
    forced = await _propose(team, 2, override="1", **fields)
    assert forced.headers["location"].endswith("done=proposed")
    await bot.settle()
    assert [d for _, d in bot.api.last(4242).buttons] == ["vc:opt:2:1:0", "vc:opt:2:1:1", "vc:no:2:1"]
    assert any("trotz Überschneidung mit VO-1" in text for text in bot.api.texts(STAFF_CHAT))
    calendar = (await team.client.get("/console/vorort/calendar?date=2026-11-27")).text
    assert 'id="visit-2-2"' in calendar and "vorgeschlagen · Vorschlag 2" in calendar
    assert "⚠ Konflikt mit VO-2" in calendar
