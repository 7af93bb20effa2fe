"""Answer times and the SLA of many tickets at once (numpy), for the statistics.

`OfficeHours.add_working_time` walks day by day for one ticket; the statistics need it for
tens of thousands. `WorkingTime` lists the working intervals of a span of days once (the
same days, hours and NRW holidays as `OfficeHours`) with the working seconds before each,
so the working time up to any moment is a binary search; `TicketTimes` holds a period's
tickets as arrays and gives the figures of any slice of it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from core.officehours import OfficeHours

__all__ = ["Slice", "TicketTimes", "WorkingTime"]

Seconds = npt.NDArray[np.float64]


class WorkingTime:
    """Working seconds up to moments (POSIX seconds), for the local days `first` to `last`."""

    def __init__(self, office_hours: OfficeHours, first: date, last: date) -> None:
        section, tz = office_hours.section, office_hours.tz
        starts: list[float] = []
        lengths: list[float] = []
        day = first
        while day <= last:
            if office_hours.is_working_day(day):
                opens = datetime.combine(day, section.opens, tz).timestamp()
                starts.append(opens)
                lengths.append(datetime.combine(day, section.closes, tz).timestamp() - opens)
            day += timedelta(days=1)
        self.starts = np.array(starts, dtype=np.float64)
        self.lengths = np.array(lengths, dtype=np.float64)
        self.before = np.concatenate(([0.0], np.cumsum(self.lengths)))

    def totals(self, moments: Seconds) -> Seconds:
        """Working seconds from the span's start until each moment."""
        if not len(self.starts):
            return np.zeros_like(moments)
        index = np.searchsorted(self.starts, moments, side="right") - 1
        safe = np.maximum(index, 0)
        inside = np.clip(moments - self.starts[safe], 0.0, self.lengths[safe])
        return np.where(index < 0, 0.0, self.before[safe] + inside)

    def total(self, moment: float) -> float:
        """Working seconds until one moment."""
        return float(self.totals(np.array([moment], dtype=np.float64))[0])


@dataclass(frozen=True)
class Slice:
    """The answer-time and SLA figures of some tickets."""

    tickets: int
    answered: int
    median_minutes: float | None
    p90_minutes: float | None
    sla_kept: int
    sla_counted: int


class TicketTimes:
    """A period's tickets, oldest first: creation and first staff answer (-1: none) in seconds."""

    def __init__(self, rows: Sequence[tuple[int, int]] | Seconds, working: WorkingTime) -> None:
        table = np.asarray(rows, dtype=np.float64).reshape(-1, 2)
        self.created = table[:, 0]
        self.answered = table[:, 1]
        self.working = working
        self._w_created = working.totals(self.created)
        self._w_answered = working.totals(self.answered)

    def __len__(self) -> int:
        return len(self.created)

    def between(self, start: float, end: float) -> tuple[int, int]:
        """The index range of the tickets created in [start, end)."""
        lo, hi = np.searchsorted(self.created, [start, end], side="left")
        return int(lo), int(hi)

    def figures(self, lo: int, hi: int, now: float, allowed_seconds: float) -> Slice:
        """Figures of tickets lo..hi: median and p90 (nearest rank) of the minutes to the first
        answer; SLA kept = answered within `allowed_seconds` of working time, out of those
        answered or already past it at `now`."""
        answered = self.answered[lo:hi] >= 0
        minutes = np.sort((self.answered[lo:hi][answered] - self.created[lo:hi][answered]) / 60.0)
        used = self._w_answered[lo:hi][answered] - self._w_created[lo:hi][answered]
        waiting = self.working.total(now) - self._w_created[lo:hi][~answered]
        count = len(minutes)
        return Slice(
            tickets=hi - lo,
            answered=count,
            median_minutes=float(np.median(minutes)) if count else None,
            p90_minutes=float(minutes[max(1, math.ceil(0.9 * count)) - 1]) if count else None,
            sla_kept=int(np.count_nonzero(used <= allowed_seconds)),
            sla_counted=count + int(np.count_nonzero(waiting >= allowed_seconds)),
        )
