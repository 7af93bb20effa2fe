"""Office hours of the team: open now?, when back?, when can an answer be expected?"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from core.config import OfficeHoursSection

__all__ = ["OfficeHours", "is_nrw_holiday"]


@lru_cache(maxsize=64)
def _nrw_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DE", subdiv="NW", years=year).keys())


def is_nrw_holiday(day: date) -> bool:
    """Whether a day is a public holiday in North Rhine-Westphalia."""
    return day in _nrw_holidays(day.year)


class OfficeHours:
    """Working days and hours in the team's timezone, public holidays excluded."""

    def __init__(self, section: OfficeHoursSection) -> None:
        self.section = section
        self.tz = section.tz

    def is_working_day(self, day: date) -> bool:
        """A configured weekday that is not a public holiday."""
        return day.weekday() in self.section.days and not is_nrw_holiday(day)

    def is_open(self, moment: datetime) -> bool:
        """Whether the team works at this moment."""
        local = moment.astimezone(self.tz)
        return self.is_working_day(local.date()) and self.section.opens <= local.time() < self.section.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The next moment the team starts work (moment itself if open)."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.tz)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.section.opens:
            return datetime.combine(day, self.section.opens, self.tz)
        for _ in range(30):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return datetime.combine(day, self.section.opens, self.tz)
        raise RuntimeError("no working day within 30 days: check office_hours.days")

    def add_working_time(self, start: datetime, hours: float) -> datetime:
        """The moment when `hours` of working time have passed after start."""
        remaining = timedelta(hours=hours)
        cursor = self.next_opening(start).astimezone(self.tz)
        while True:
            closing = datetime.combine(cursor.date(), self.section.closes, self.tz)
            available = closing - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = self.next_opening(closing + timedelta(minutes=1)).astimezone(self.tz)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time that passed between two moments."""
        total = timedelta()
        cursor = start.astimezone(self.tz)
        end_local = end.astimezone(self.tz)
        while cursor < end_local:
            cursor = self.next_opening(cursor).astimezone(self.tz)
            if cursor >= end_local:
                break
            closing = datetime.combine(cursor.date(), self.section.closes, self.tz)
            stop = min(closing, end_local)
            total += stop - cursor
            cursor = closing + timedelta(minutes=1)
        return total
