"""The double-booking guard: which planned visits a slot collides with, travel time included.

Pure and channel-free, so a web calendar can draw the same conflicts: `overlaps` compares two
intervals with a buffer between them (the team needs time to drive from one visit to the
next), `conflicts` picks the planned (proposed or confirmed) visits a new slot collides with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.appointments.model import CONFIRMED, PROPOSED
from storage.appointments import Appointment

__all__ = ["PLANNED", "Conflict", "conflicts", "overlaps"]

PLANNED = (PROPOSED, CONFIRMED)
"""The states in which a visit holds its time: a proposal the citizen may still accept, or confirmed."""


@dataclass(frozen=True)
class Conflict:
    """A planned visit a slot collides with; `gap` < 0 is a real overlap, else too little travel time."""

    appointment: Appointment
    gap: timedelta


def overlaps(
    start: datetime, end: datetime, other_start: datetime, other_end: datetime, buffer: timedelta
) -> bool:
    """Whether [start, end) and [other_start, other_end) are closer than `buffer` (or overlap)."""
    return start < other_end + buffer and other_start < end + buffer


def _gap(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> timedelta:
    """The free time between two intervals (negative when they overlap)."""
    return max(other_start - end, start - other_end)


def conflicts(
    start: datetime,
    end: datetime,
    visits: Iterable[Appointment],
    buffer: timedelta,
    *,
    exclude: int | None = None,
) -> list[Conflict]:
    """The planned visits (other than `exclude`) that [start, end) collides with, by visit time."""
    found = []
    for visit in visits:
        if visit.id == exclude or visit.status not in PLANNED:
            continue
        if visit.visit_start is None or visit.visit_end is None:
            continue
        if overlaps(start, end, visit.visit_start, visit.visit_end, buffer):
            found.append(Conflict(visit, _gap(start, end, visit.visit_start, visit.visit_end)))
    return sorted(found, key=lambda c: (c.appointment.visit_start or start, c.appointment.id))
