"""Read queries of the staff console over requests (kept apart from the repository's writes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from storage.appointments import Appointment, appointment_of
from storage.db import Database, from_iso, to_iso

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

    async def option_visits(self, start: datetime, end: datetime) -> list[Appointment]:
        """Each date of a current proposal starting in [start, end) as a copy of its request.

        The copy has the option's slot as its visit time and `option_index` set (None for the one
        date of a single proposal, which is then just the request); only proposed requests count,
        and only the options of their current proposal.
        """
        rows = await self.db.fetchall(
            "SELECT a.*, o.option_index AS o_index, o.slot_start AS o_start, o.slot_end AS o_end,"
            " (SELECT COUNT(*) FROM appointment_options n WHERE n.appointment_id = a.id"
            "  AND n.proposal_seq = a.proposal_seq) AS o_count"
            " FROM appointment_options o JOIN appointments a ON a.id = o.appointment_id"
            " AND a.proposal_seq = o.proposal_seq"
            " WHERE o.slot_start >= ? AND o.slot_start < ? AND a.status = 'termin_vorgeschlagen'"
            " ORDER BY o.slot_start, a.id, o.option_index",
            (to_iso(start), to_iso(end)),
        )
        return [
            replace(
                appointment_of(r),
                visit_start=from_iso(r["o_start"]),
                visit_end=from_iso(r["o_end"]),
                option_index=int(r["o_index"]) if int(r["o_count"]) > 1 else None,
            )
            for r in rows
        ]
