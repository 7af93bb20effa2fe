"""The calendar grid: the days of a week and a month, buffers, and conflicts by the same guard."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.appointments.calendar import build_days, days_of, fetch_window, visit_conflicts
from core.appointments.conflicts import conflicts
from storage.appointments import Appointment

BERLIN = ZoneInfo("Europe/Berlin")
DAY = datetime(2026, 11, 27, tzinfo=UTC)
BUFFER = timedelta(minutes=30)


def _visit(number: int, start: float, end: float, status: str = "bestaetigt") -> Appointment:
    """A request with only what the calendar reads filled in (hours after midnight UTC of DAY)."""
    values: dict[str, object] = {f.name: None for f in dataclasses.fields(Appointment)}
    values.update(
        id=number,
        status=status,
        visit_start=DAY + timedelta(hours=start),
        visit_end=DAY + timedelta(hours=end),
        proposal_seq=1,
        persons=1,
    )
    return Appointment(**values)  # type: ignore[arg-type]


def test_week_and_month_cover_whole_weeks() -> None:
    assert days_of("week", date(2026, 11, 27)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert days_of("week", date(2026, 11, 23)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert days_of("month", date(2026, 11, 27)) == (date(2026, 10, 26), date(2026, 12, 6))
    assert days_of("month", date(2026, 2, 14)) == (date(2026, 1, 26), date(2026, 3, 1))
    start, end = fetch_window(date(2026, 11, 23), date(2026, 11, 29), BERLIN, BUFFER)
    assert start == datetime(2026, 11, 21, 23, 30, tzinfo=BERLIN)
    assert end == datetime(2026, 11, 30, 0, 30, tzinfo=BERLIN)


def test_days_hold_their_visits_by_local_time_with_buffer_and_conflicts() -> None:
    visits = [
        _visit(1, 9, 10),  # 10:00-11:00 in Berlin
        _visit(2, 10.25, 11, "termin_vorgeschlagen"),  # 11:15: only 15 minutes after VO-1
        _visit(3, 13, 14),  # free
        _visit(4, 23.5, 24.5),  # 00:30 on the 28th in Berlin
    ]
    days = build_days(visits, date(2026, 11, 23), date(2026, 11, 29), BERLIN, BUFFER)
    assert [d.day for d in days] == [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]
    friday = days[4]
    assert [v.appointment.id for v in friday.visits] == [1, 2, 3]
    first, second, third = friday.visits
    assert first.times == "10:00–11:00" and first.buffer == "09:30–10:00 / 11:00–11:30"
    assert first.clashes == "VO-2" and second.clashes == "VO-1" and second.proposed
    assert third.clashes == "" and not third.conflicts
    assert [v.appointment.id for v in days[5].visits] == [4]
    month = build_days(visits, date(2026, 10, 26), date(2026, 12, 6), BERLIN, BUFFER, month=11)
    assert not month[0].inside and month[6].inside and not month[-1].inside


def test_visit_conflicts_agree_with_the_guard_on_random_days() -> None:
    chance = random.Random(7)
    visits = []
    for number in range(1, 200):
        start = chance.randrange(0, 40 * 24) / 4  # quarter hours over 10 days
        visits.append(_visit(number, start, start + chance.choice((0.5, 1, 1.5, 3))))
    found = visit_conflicts(visits, BUFFER)
    for a in visits:
        assert a.visit_start is not None and a.visit_end is not None
        expected = conflicts(a.visit_start, a.visit_end, visits, BUFFER, exclude=a.id)
        assert list(found.get(a.id, ())) == expected, a.id
