"""The statistics' working time (numpy, many tickets at once) agrees with `OfficeHours`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from core.config import OfficeHoursSection
from core.officehours import OfficeHours
from core.statistics_sla import TicketTimes, WorkingTime

HOURS = OfficeHours(OfficeHoursSection())
START = datetime(2026, 12, 18, tzinfo=UTC)  # over Christmas and New Year (NRW holidays, weekends)
WORKING = WorkingTime(HOURS, date(2026, 12, 17), date(2027, 1, 20))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 20 * 24 * 60), st.integers(0, 10 * 24 * 60))
def test_working_time_between_two_moments_matches_office_hours(start_minute: int, length: int) -> None:
    start = START + timedelta(minutes=start_minute)
    end = start + timedelta(minutes=length)
    expected = HOURS.working_time_between(start, end).total_seconds()
    assert WORKING.total(end.timestamp()) - WORKING.total(start.timestamp()) == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 20 * 24 * 60), st.floats(0.5, 30))
def test_due_time_of_office_hours_is_exactly_the_allowed_working_time(
    start_minute: int, hours: float
) -> None:
    start = START + timedelta(minutes=start_minute)
    due = HOURS.add_working_time(start, hours)
    used = WORKING.total(due.timestamp()) - WORKING.total(start.timestamp())
    assert abs(used - hours * 3600) < 1e-6


def test_figures_of_a_slice() -> None:
    monday = datetime(2027, 1, 11, 8, 0, tzinfo=UTC).timestamp()  # 9:00 local
    rows = [
        (int(monday), int(monday + 3600)),
        (int(monday + 60), -1),
        (int(monday + 120), int(monday + 86400 * 2)),
    ]
    times = TicketTimes(rows, WORKING)
    now = monday + 86400 * 3
    part = times.figures(*times.between(monday, monday + 86400), now, 8 * 3600)
    assert (part.tickets, part.answered, part.median_minutes, part.p90_minutes) == (3, 2, 1469.0, 2878.0)
    assert (part.sla_kept, part.sla_counted) == (1, 3)  # the second answer took 20 h 58 min of working time
    empty = times.figures(0, 0, now, 8 * 3600)
    assert (empty.tickets, empty.median_minutes, empty.sla_counted) == (0, None, 0)
    assert np.array_equal(times.created[:1], [monday])
