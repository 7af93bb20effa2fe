"""Read queries of the staff console over requests (kept apart from the repository's writes)."""

from __future__ import annotations

from collections.abc import Iterable

from storage.appointments import Appointment, appointment_of
from storage.db import Database

__all__ = ["AppointmentReads"]


class AppointmentReads:
    """Requests by state for the console's lists."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def in_states(
        self, states: Iterable[str], limit: int, *, oldest_first: bool = True
    ) -> list[Appointment]:
        """Requests in the given states, oldest or newest first, at most `limit`."""
        chosen = tuple(states)
        marks = ", ".join("?" for _ in chosen)
        order = "ASC" if oldest_first else "DESC"
        rows = await self.db.fetchall(
            f"SELECT * FROM appointments WHERE status IN ({marks}) ORDER BY id {order} LIMIT ?",
            (*chosen, limit),
        )
        return [appointment_of(r) for r in rows]
