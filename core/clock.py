"""Time source, injectable so that tests and the console can move time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "ManualClock", "SystemClock"]


class Clock:
    """Gives the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current moment."""
        return datetime.now(UTC)


class SystemClock(Clock):
    """The real clock."""


class ManualClock(Clock):
    """A clock that only moves when told to (tests, benchmarks)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """The set moment."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        self._now = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        """Move forward."""
        self._now += delta
