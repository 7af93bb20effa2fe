"""The staff console's inbox query: tickets by state, staff chat, claimer and text, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, to_iso
from storage.tickets import Ticket, _ticket

__all__ = ["InboxRepository", "InboxRow"]


@dataclass(frozen=True)
class InboxRow:
    """A ticket and the start of its first citizen message (None once anonymised)."""

    ticket: Ticket
    question: str | None


class InboxRepository:
    """Read-only queries for the console."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def search(
        self,
        *,
        states: Sequence[str] = (),
        staff_chat_id: int | None = None,
        claimed_by: int | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InboxRow]:
        """Tickets matching every given filter, newest first."""
        where: list[str] = []
        params: list[object] = []
        if states:
            where.append(f"t.status IN ({', '.join('?' for _ in states)})")
            params.extend(states)
        if staff_chat_id is not None:
            where.append("t.staff_chat_id = ?")
            params.append(staff_chat_id)
        if claimed_by is not None:
            where.append("t.claimed_by = ?")
            params.append(claimed_by)
        if text:
            if text.lstrip("#").isdigit():
                where.append("t.id = ?")
                params.append(int(text.lstrip("#")))
            else:
                escaped = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
                where.append("t.id IN (SELECT ticket_id FROM ticket_messages WHERE text LIKE ? ESCAPE '!')")
                params.append(f"%{escaped}%")
        sql = (
            "SELECT t.*, (SELECT substr(m.text, 1, 160) FROM ticket_messages m WHERE m.ticket_id = t.id"
            " AND m.author = 'citizen' ORDER BY m.id LIMIT 1) AS question FROM tickets t"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?"
        )
        rows = await self.db.fetchall(sql, (*params, limit, offset))
        return [InboxRow(_ticket(row), row["question"]) for row in rows]

    @staticmethod
    async def release(
        conn: aiosqlite.Connection, ticket_id: int, now: datetime, *, claimed: str, back_to: str
    ) -> bool:
        """Move a claimed ticket back (nobody claims it); False when it was no longer claimed."""
        cursor = await conn.execute(
            "UPDATE tickets SET status = ?, claimed_by = NULL, claimed_by_name = NULL, updated_at = ?"
            " WHERE id = ? AND status = ?",
            (back_to, to_iso(now), ticket_id, claimed),
        )
        return cursor.rowcount == 1

    async def counts(self) -> dict[str, int]:
        """How many tickets are in each state."""
        rows = await self.db.fetchall("SELECT status, COUNT(*) AS n FROM tickets GROUP BY status")
        return {row["status"]: int(row["n"]) for row in rows}

    async def latest_change(self) -> str | None:
        """The newest update time of any ticket (the console polls it to refresh its list)."""
        row = await self.db.fetchone("SELECT MAX(updated_at) AS at, COUNT(*) AS n FROM tickets")
        return None if row is None or row["at"] is None else f"{row['at']}/{row['n']}"
