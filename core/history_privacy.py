"""Deletion and purge also cover the history: citizens' ids in appointment_events and audit_log.

Staff actions keep their actor (accountability); a citizen's own actions are recorded with
actor_name 'citizen' and lose the Telegram id on /loeschen and when the retention purge
anonymises the ticket or request they belong to. After a deletion the write-ahead log is
checkpointed (TRUNCATE), so the -wal file holds no copy of what was deleted.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from storage import Database

__all__ = ["DELETE_STATEMENTS", "PURGE_STATEMENTS", "HistoryOwner", "checkpoint"]

logger = logging.getLogger(__name__)

_CITIZEN = "actor_name = 'citizen'"

DELETE_STATEMENTS = (
    f"UPDATE appointment_events SET actor_id = NULL WHERE actor_id = ? AND {_CITIZEN}",
    f"UPDATE audit_log SET actor_id = NULL WHERE actor_id = ? AND {_CITIZEN}",
)
"""/loeschen: one citizen's id (served by the partial indexes of storage/indexes.py)."""

PURGE_STATEMENTS = (
    f"UPDATE appointment_events SET actor_id = NULL WHERE actor_id IS NOT NULL AND {_CITIZEN}"
    " AND appointment_id IN (SELECT id FROM appointments WHERE anonymised_at IS NOT NULL)",
    f"UPDATE audit_log SET actor_id = NULL WHERE actor_id IS NOT NULL AND {_CITIZEN}"
    " AND ((ref_type = 'ticket' AND ref_id IN"
    " (SELECT id FROM tickets WHERE anonymised_at IS NOT NULL))"
    " OR (ref_type LIKE 'appointment%' AND ref_id IN"
    " (SELECT id FROM appointments WHERE anonymised_at IS NOT NULL)))",
)
"""Retention purge: ids left on anonymised requests and tickets (only rows that still carry one)."""


class HistoryOwner:
    """The citizen's Telegram id in the event and audit history."""

    name = "history"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def export(self, user_id: int) -> dict[str, Any]:
        """How many history entries carry the id (the entries themselves are the requests' and tickets')."""
        row = await self.db.fetchone(
            f"SELECT (SELECT COUNT(*) FROM appointment_events WHERE actor_id = ? AND {_CITIZEN})"
            f" + (SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND {_CITIZEN}) AS n",
            (user_id, user_id),
        )
        count = int(row["n"]) if row else 0
        return {"entries_with_your_id": count} if count else {}

    async def delete(self, user_id: int) -> int:
        """Null the citizen's id in every history entry of their own actions."""
        async with self.db.transaction() as conn:
            changed = 0
            for statement in DELETE_STATEMENTS:
                changed += (await conn.execute(statement, (user_id,))).rowcount
            return changed

    async def purge(self, finished_before: datetime) -> int:
        """Null citizens' ids on the history of anonymised requests and tickets."""
        async with self.db.transaction() as conn:
            changed = 0
            for statement in PURGE_STATEMENTS:
                changed += (await conn.execute(statement)).rowcount
            return changed


async def checkpoint(db: Database) -> None:
    """Copy the write-ahead log into the database file and truncate it (after a deletion)."""
    row = await db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    if row is not None and row[0]:
        logger.warning("WAL checkpoint after a deletion was blocked by a reader; it runs again later")
