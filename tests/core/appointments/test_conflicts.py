"""The double-booking guard: overlaps with a travel buffer, and which planned visits collide."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from core.appointments.conflicts import conflicts, overlaps
from storage.appointments import Appointment

DAY = datetime(2026, 11, 27, tzinfo=UTC)
BUFFER = timedelta(minutes=30)


def _at(hour: float) -> datetime:
    return DAY + timedelta(hours=hour)


def _visit(number: int, start: float, end: float, status: str = "bestaetigt") -> Appointment:
    """A request with only what the guard reads filled in."""
    values: dict[str, object] = {f.name: None for f in dataclasses.fields(Appointment)}
    values.update(
        id=number, status=status, visit_start=_at(start), visit_end=_at(end), proposal_seq=1, persons=1
    )
    return Appointment(**values)  # type: ignore[arg-type]


def test_overlap_counts_the_travel_buffer_on_both_sides() -> None:
    assert overlaps(_at(10), _at(11), _at(10.5), _at(11.5), timedelta(0))  # a real overlap
    assert not overlaps(_at(10), _at(11), _at(11), _at(12), timedelta(0))  # back to back, no buffer
    assert overlaps(_at(10), _at(11), _at(11), _at(12), BUFFER)  # back to back: no time to drive
    assert overlaps(_at(12), _at(13), _at(10), _at(11.75), BUFFER)  # 15 min after the other
    assert not overlaps(_at(10), _at(11), _at(11.5), _at(12), BUFFER)  # exactly the buffer apart
    assert not overlaps(_at(12), _at(13), _at(10), _at(11.5), BUFFER)


def test_only_planned_visits_other_than_the_request_itself_conflict() -> None:
    visits = [
        _visit(1, 10, 11),
        _visit(2, 10.5, 11.5, "termin_vorgeschlagen"),
        _visit(3, 10, 11, "abgesagt"),  # a cancelled visit frees its time
        _visit(4, 10, 11, "erledigt"),
        _visit(5, 11.25, 12),  # 15 minutes after the slot: too little travel time
        _visit(6, 14, 15),
    ]
    found = conflicts(_at(10), _at(11), visits, BUFFER, exclude=2)
    assert [c.appointment.id for c in found] == [1, 5]
    assert found[0].gap < timedelta(0) and found[1].gap == timedelta(minutes=15)
    assert conflicts(_at(16), _at(17), visits, BUFFER) == []
