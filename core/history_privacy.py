"""Deletion and purge also cover the history: citizens' ids in appointment_events and audit_log.

Staff actions keep their actor (accountability); a citizen's own actions are recorded with
actor_name 'citizen' and lose the Telegram id on /loeschen and when the retention purge
anonymises the ticket or request they belong to. After a deletion the write-ahead log is
checkpointed (TRUNCATE), so the -wal file holds no copy of what was deleted.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from storage import Database

__all__ = [
    "DELETE_STATEMENTS", "PURGE_BATCH", "PURGE_SELECT", "PURGE_STATEMENTS", "HistoryOwner", "checkpoint",
]

logger = logging.getLogger(__name__)

_CITIZEN = "actor_name = 'citizen'"

DELETE_STATEMENTS = (
    f"UPDATE appointment_events SET actor_id = NULL WHERE actor_id = ? AND {_CITIZEN}",
    f"UPDATE audit_log SET actor_id = NULL WHERE actor_id = ? AND {_CITIZEN}",
)
"""/loeschen: one citizen's id (served by the partial indexes of storage/indexes.py)."""

PURGE_BATCH = 1000
"""Citizens whose ids one transaction of the history's purge looks at."""

_ANONYMISED = {
    "appointment_events": "EXISTS (SELECT 1 FROM appointments a"
    " WHERE a.id = appointment_events.appointment_id AND a.anonymised_at IS NOT NULL)",
    "audit_log": "((ref_type = 'ticket' AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = audit_log.ref_id"
    " AND t.anonymised_at IS NOT NULL)) OR (ref_type LIKE 'appointment%' AND EXISTS (SELECT 1 FROM"
    " appointments a WHERE a.id = audit_log.ref_id AND a.anonymised_at IS NOT NULL)))",
}

PURGE_SELECT = {
    table: f"SELECT DISTINCT actor_id FROM {table} WHERE actor_id IS NOT NULL AND {_CITIZEN}"
    " AND actor_id > ? ORDER BY actor_id LIMIT ?"
    for table in _ANONYMISED
}
"""Retention purge, one batch: the next citizens' ids in order (partial indexes, storage/indexes.py)."""

PURGE_STATEMENTS = {
    table: f"UPDATE {table} SET actor_id = NULL WHERE actor_id IS NOT NULL AND {_CITIZEN}"
    " AND actor_id >= ? AND actor_id <= ? AND " + anonymised
    for table, anonymised in _ANONYMISED.items()
}
"""Retention purge, one batch: the ids left on anonymised requests and tickets, for a range of citizens."""


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
        """Null citizens' ids on the history of anonymised requests and tickets, in batches of citizens.

        Each batch reads the next citizens' ids from the partial index of the rows that still
        carry one and nulls those of anonymised requests and tickets in the same transaction;
        between two batches the write lock is free. Interrupted, a new run starts over and
        finds only what is left.
        """
        changed = 0
        for table, select in PURGE_SELECT.items():
            after = -(2**63)
            while True:
                async with self.db.transaction() as conn:
                    async with conn.execute(select, (after, PURGE_BATCH)) as cursor:
                        ids = [int(row[0]) for row in await cursor.fetchall()]
                    if not ids:
                        break
                    async with conn.execute(PURGE_STATEMENTS[table], (ids[0], ids[-1])) as cursor:
                        changed += cursor.rowcount
                after = ids[-1]
                await asyncio.sleep(0)  # the writers waiting for the lock go first
        return changed


async def checkpoint(db: Database) -> None:
    """Copy the write-ahead log into the database file and truncate it (after a deletion)."""
    row = await db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    if row is not None and row[0]:
        logger.warning("WAL checkpoint after a deletion was blocked by a reader; it runs again later")
