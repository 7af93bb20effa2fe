"""Which message in a staff chat belongs to which ticket or request (never trust forwards)."""

from __future__ import annotations

import aiosqlite

from storage.db import Database

__all__ = ["StaffMessageRepository"]


class StaffMessageRepository:
    """Maps (chat id, message id) in a staff chat to a ticket or request."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def link(
        self, conn: aiosqlite.Connection, chat_id: int, message_id: int, ref_type: str, ref_id: int
    ) -> None:
        """Remember that a staff-chat message belongs to ref_type/ref_id."""
        await conn.execute(
            "INSERT OR REPLACE INTO staff_messages (chat_id, message_id, ref_type, ref_id)"
            " VALUES (?, ?, ?, ?)",
            (chat_id, message_id, ref_type, ref_id),
        )

    async def linked(self, conn: aiosqlite.Connection, chat_id: int, message_id: int) -> bool:
        """Whether a staff-chat message is linked already (inside the caller's transaction)."""
        async with conn.execute(
            "SELECT 1 FROM staff_messages WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
        ) as cursor:
            return await cursor.fetchone() is not None

    async def lookup(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        """The ticket or request a staff-chat message belongs to."""
        row = await self.db.fetchone(
            "SELECT ref_type, ref_id FROM staff_messages WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return (str(row["ref_type"]), int(row["ref_id"])) if row else None

    async def latest(self, chat_id: int, ref_type: str, ref_id: int) -> int | None:
        """The newest message in a staff chat that belongs to ref_type/ref_id (e.g. a ticket's card)."""
        row = await self.db.fetchone(
            "SELECT MAX(message_id) AS message_id FROM staff_messages"
            " WHERE ref_type = ? AND ref_id = ? AND chat_id = ?",
            (ref_type, ref_id, chat_id),
        )
        return int(row["message_id"]) if row and row["message_id"] is not None else None
