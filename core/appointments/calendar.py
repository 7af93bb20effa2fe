"""The team's calendar of planned visits: week and month grids, travel buffers and conflicts.

Pure: it takes the proposed and confirmed visits around the shown days and marks each visit
that collides with another one (overlap, or less than the travel buffer between them) with the
same guard a new proposal meets (`conflicts.py`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.appointments.conflicts import Conflict, conflicts
from core.appointments.model import PROPOSED
from storage.appointments import Appointment

__all__ = [
    "CalendarDay",
    "CalendarVisit",
    "VisitKey",
    "build_days",
    "days_of",
    "fetch_window",
    "visit_conflicts",
    "visit_key",
]


@dataclass(frozen=True)
class CalendarVisit:
    """One visit in a day's cell: local times, the buffer around it, what it collides with."""

    appointment: Appointment
    start: datetime
    end: datetime
    buffer_from: datetime
    buffer_until: datetime
    conflicts: tuple[Conflict, ...]
    times: str
    """'10:00–11:00' (local)."""
    buffer: str
    """'09:30–10:00 / 11:00–11:30': the travel time before and after (local)."""
    proposed: bool
    """A proposal the citizen has not accepted yet (else confirmed)."""
    clashes: str
    """The references it collides with, 'VO-2, VO-5' ('' when none)."""
    option: int | None = None
    """For one date of a proposal with several: its index (from 0); else None."""


@dataclass(frozen=True)
class CalendarDay:
    """One day of the grid; `inside` is False for the days of a month view outside the month."""

    day: date
    inside: bool
    visits: tuple[CalendarVisit, ...]


def days_of(view: str, anchor: date) -> tuple[date, date]:
    """First and last day shown: the ISO week (Mon–Sun) or the whole weeks covering the month."""
    if view == "month":
        first = anchor.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        last = following - timedelta(days=1)
        return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())
    monday = anchor - timedelta(days=anchor.weekday())
    return monday, monday + timedelta(days=6)


def fetch_window(first: date, last: date, tz: ZoneInfo, buffer: timedelta) -> tuple[datetime, datetime]:
    """The time range to read: the shown days, widened by a day and the buffer for edge conflicts."""
    start = datetime.combine(first, time(0), tz) - buffer - timedelta(days=1)
    end = datetime.combine(last + timedelta(days=1), time(0), tz) + buffer
    return start, end


VisitKey = int | tuple[int, int]
"""A visit in the grid: the request's id, or (id, index) for one date of a proposal with several."""


def visit_key(a: Appointment) -> VisitKey:
    """The key of a visit in `visit_conflicts`."""
    return a.id if a.option_index is None else (a.id, a.option_index)


def visit_conflicts(visits: Sequence[Appointment], buffer: timedelta) -> dict[VisitKey, tuple[Conflict, ...]]:
    """For each visit (sorted by start) the others it collides with; visits without any are left out.

    The dates of one proposal are alternatives: they never collide with each other.
    """
    dated = sorted(
        (
            (a.visit_start, a.visit_end, a)
            for a in visits
            if a.visit_start is not None and a.visit_end is not None
        ),
        key=lambda item: (item[0], item[2].id),
    )
    starts = [start for start, _, _ in dated]
    longest = max((end - start for start, end, _ in dated), default=timedelta(0))
    found: dict[VisitKey, tuple[Conflict, ...]] = {}
    for start, end, a in dated:
        low = bisect_left(starts, start - longest - buffer)
        high = bisect_left(starts, end + buffer)
        near = conflicts(start, end, [item[2] for item in dated[low:high]], buffer, exclude=a.id)
        if near:
            found[visit_key(a)] = tuple(near)
    return found


def _hm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def build_days(
    visits: Sequence[Appointment],
    first: date,
    last: date,
    tz: ZoneInfo,
    buffer: timedelta,
    month: int | None = None,
) -> list[CalendarDay]:
    """The days from `first` to `last` with their visits by time (local), conflicts marked."""
    clashes = visit_conflicts(visits, buffer)
    by_day: dict[date, list[CalendarVisit]] = {}
    for a in visits:
        if a.visit_start is None or a.visit_end is None:
            continue
        start, end = a.visit_start.astimezone(tz), a.visit_end.astimezone(tz)
        before, after = start - buffer, end + buffer
        found = clashes.get(visit_key(a), ())
        by_day.setdefault(start.date(), []).append(
            CalendarVisit(
                a,
                start,
                end,
                before,
                after,
                found,
                f"{_hm(start)}–{_hm(end)}",
                f"{_hm(before)}–{_hm(start)} / {_hm(end)}–{_hm(after)}",
                a.status == PROPOSED,
                ", ".join(dict.fromkeys(c.appointment.reference for c in found)),
                a.option_index,
            )
        )
    days = []
    day = first
    while day <= last:
        shown = sorted(by_day.get(day, ()), key=lambda v: (v.start, v.appointment.id, v.option or 0))
        days.append(CalendarDay(day, month is None or day.month == month, tuple(shown)))
        day += timedelta(days=1)
    return days
