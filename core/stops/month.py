"""A month of the stop plan for staff: every stop (cancelled and moved ones too) as weeks and a list.

Pure: the plan and a month in, calendar weeks out. The console draws them (calendar and list);
"confirmed" or "expected" comes from the stop itself (core/stops/certainty.py).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.stops.model import Stop
from core.stops.plan import StopPlan

__all__ = ["CalendarDay", "MonthPlan", "month_plan", "parse_month"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class CalendarDay:
    """One day of the calendar grid with its stops (empty for days outside the month)."""

    day: date
    in_month: bool
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class MonthPlan:
    """The stops of a month, as calendar weeks (Monday first) and as one list in time order."""

    first: date
    stops: tuple[Stop, ...]
    weeks: tuple[tuple[CalendarDay, ...], ...]

    @property
    def key(self) -> str:
        """ "2026-12"."""
        return f"{self.first:%Y-%m}"

    @property
    def previous(self) -> str:
        """The month before, "2026-11"."""
        return f"{self.first - timedelta(days=1):%Y-%m}"

    @property
    def following(self) -> str:
        """The month after, "2027-01"."""
        return f"{self.first + timedelta(days=32):%Y-%m}"

    def count(self, what: str) -> int:
        """How many stops are 'cancelled', else 'moved', else 'confirmed' or 'expected' (each once)."""
        return sum(1 for stop in self.stops if _is(stop, what))


def _is(stop: Stop, what: str) -> bool:
    if what == "cancelled":
        return stop.cancelled
    if stop.cancelled:
        return False
    if what == "moved" or stop.moved_from is not None:
        return what == "moved" and stop.moved_from is not None
    return stop.confirmed if what == "confirmed" else not stop.confirmed


def parse_month(text: str | None, today: date) -> date:
    """The first day of a "JJJJ-MM" month; this month for anything else."""
    match = _MONTH.match((text or "").strip())
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def month_plan(plan: StopPlan, first: date) -> MonthPlan:
    """Every stop whose (new) date falls in the month of `first`, cancelled ones included."""
    first = first.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    stops = tuple(plan.stops_between(first, last, include_cancelled=True))
    by_day: dict[date, list[Stop]] = {}
    for stop in stops:
        by_day.setdefault(stop.day, []).append(stop)
    weeks = tuple(
        tuple(CalendarDay(day, day.month == first.month, tuple(by_day.get(day, ()))) for day in week)
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    )
    return MonthPlan(first, stops, weeks)
