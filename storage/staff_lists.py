"""Staff-chat list messages (/offen) and the tickets whose questions they quote.

A list quotes the first 100 characters of many questions; when a citizen deletes their data,
every list that quoted one of their tickets is blanked. Kept apart from `staff_messages`,
which maps a message to the one ticket a reply to it goes to.
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.db import Database
from storage.migration import Migration

__all__ = ["MIGRATIONS", "StaffListRepository"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "staff_lists_0001_quoted_tickets",
        """
        CREATE TABLE staff_list_messages (
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            ticket_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, message_id, ticket_id)
        );
        CREATE INDEX staff_list_messages_ticket ON staff_list_messages (ticket_id)
        """,
    ),
)


class StaffListRepository:
    """Which list message in a staff chat quotes which tickets."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def link(self, chat_id: int, message_id: int, ticket_ids: Iterable[int]) -> None:
        """Remember the tickets a list message quotes."""
        rows = [(chat_id, message_id, ticket_id) for ticket_id in ticket_ids]
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO staff_list_messages (chat_id, message_id, ticket_id) VALUES (?, ?, ?)",
                rows,
            )

    async def quoting_user(self, user_id: int) -> list[tuple[int, int]]:
        """(chat id, message id) of every list message that quotes one of the user's tickets."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT l.chat_id, l.message_id FROM staff_list_messages l"
            " JOIN tickets t ON t.id = l.ticket_id WHERE t.user_id = ? ORDER BY l.message_id",
            (user_id,),
        )
        return [(int(r["chat_id"]), int(r["message_id"])) for r in rows]

    async def forget(self, messages: Iterable[tuple[int, int]]) -> None:
        """Drop the links of blanked list messages."""
        async with self.db.transaction() as conn:
            await conn.executemany(
                "DELETE FROM staff_list_messages WHERE chat_id = ? AND message_id = ?", list(messages)
            )
