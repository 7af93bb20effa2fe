"""The calendar page over HTTP: week and month, travel buffers, conflicts, navigation."""

from __future__ import annotations

import re

from tests.auxil.appointment_steps import fill_request
from tests.auxil.console import Desk, csrf_of

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}


async def _propose(desk: Desk, number: int, day: str, start: str, end: str, force: bool = False) -> int:
    csrf = csrf_of((await desk.client.get(f"/console/vorort/{number}")).text)
    data = {"csrf": csrf, "day": day, "start": start, "end": end, **({"override": "1"} if force else {})}
    return (await desk.client.post(f"/console/vorort/{number}/propose", data=data)).status_code


def _visit(html: str, number: int) -> str:
    found = re.search(rf'<li class="([^"]*)" id="visit-{number}">(.*?)</li>', html, re.S)
    assert found, f"visit {number} not in the calendar"
    return found.group(1) + " " + found.group(2)


async def test_week_and_month_show_planned_visits_with_buffer_and_conflicts(team: Desk) -> None:
    bot, client = team.bot, team.client
    await fill_request(bot)
    await fill_request(bot, OTTO)
    await fill_request(bot, {**OTTO, "id": 4343, "first_name": "Ute"})
    assert await _propose(team, 1, "2026-11-27", "10:00", "11:00") == 303
    await bot.press("vc:yes:1:1")  # VO-1 confirmed by the citizen in Telegram
    assert await _propose(team, 2, "2026-11-27", "11:15", "12:00") == 409  # too close: flagged
    assert await _propose(team, 2, "2026-11-27", "11:15", "12:00", force=True) == 303
    assert await _propose(team, 3, "2026-12-01", "14:00", "15:00") == 303  # next week, no conflict

    week = await client.get("/console/vorort/calendar?view=week&date=2026-11-26")
    assert week.status_code == 200
    assert "Woche vom 23.11.2026 bis 29.11.2026 · 2 Besuche" in week.text
    first, second = _visit(week.text, 1), _visit(week.text, 2)
    assert "visit-confirmed visit-conflict" in first and "bestätigt" in first
    assert "10:00–11:00 VO-1" in first and "Fahrzeit 09:30–10:00 / 11:00–11:30" in first
    assert "⚠ Konflikt mit VO-2" in first
    assert "visit-proposed visit-conflict" in second and "vorgeschlagen" in second
    assert "⚠ Konflikt mit VO-1" in second
    assert 'id="visit-3"' not in week.text
    assert 'href="/console/vorort/2#move"' in week.text  # moving is the request's proposal form
    assert 'date=2026-11-19" rel="prev"' in week.text and 'date=2026-12-03" rel="next"' in week.text

    month = await client.get("/console/vorort/calendar?view=month&date=2026-11-10")
    assert "November 2026 · 2 Besuche" in month.text  # VO-3 is in December (shown greyed, not counted)
    assert 'id="visit-3"' in month.text and 'class="outside" id="day-2026-12-01"' in month.text
    assert 'date=2026-10-01" rel="prev"' in month.text and 'date=2026-12-01" rel="next"' in month.text
    assert "visit-conflict" not in _visit(month.text, 3)

    await bot.press("vc:no:2:1", user=OTTO)  # Otto declines: VO-2 no longer holds its time
    await bot.press("vc:nowish:2", user=OTTO)
    week = await client.get("/console/vorort/calendar?date=2026-11-26")
    assert 'id="visit-2"' not in week.text
    assert "visit-conflict" not in _visit(week.text, 1)


async def test_bad_dates_show_this_week_and_english_works(team: Desk) -> None:
    client = team.client
    for query in ("date=gestern", "date=1850-01-01", "view=year&date=2026-13-01"):
        page = await client.get(f"/console/vorort/calendar?{query}")
        assert page.status_code == 200 and "Woche vom 23.11.2026 bis 29.11.2026" in page.text, query
    await client.get("/console/lang/en?next=/console/")
    english = await client.get("/console/vorort/calendar?view=month&date=2026-11-01")
    assert "Calendar of Vor-Ort visits" in english.text and "November 2026 · 0 visits" in english.text
    assert '<th scope="col">Monday</th>' in english.text
