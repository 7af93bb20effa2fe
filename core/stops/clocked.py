"""The moment a stop service works in: the bot's clock, read in Berlin time."""

from __future__ import annotations

from datetime import date, datetime

from core.clock import Clock
from core.stops.model import BERLIN

__all__ = ["Clocked"]


class Clocked:
    """`now()` and `today()` from `self.clock`, shared by the stop service and its parts."""

    clock: Clock

    def now(self) -> datetime:
        """The current moment, from the clock."""
        return self.clock.now()

    def today(self) -> date:
        """Today's date in Berlin."""
        return self.clock.now().astimezone(BERLIN).date()
