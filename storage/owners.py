"""The SQL of the core data owners: users, tickets with their messages, the outbox.

`core/privacy_owners.py` decides what is exported, deleted and purged; these are its
statements. Writes that belong to a larger change take the caller's connection.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import aiosqlite

from storage.db import Database, to_iso
from storage.tickets import OPEN_STATES

__all__ = ["PURGE_SELECT", "PersonalDataRepository"]

logger = logging.getLogger(__name__)

_CHUNK = 500
PURGE_SELECT = (
    "SELECT id FROM tickets WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < ? LIMIT ?"
)
"""The next tickets the retention purge anonymises (a range of the index `tickets_retention`)."""
_T = TypeVar("_T")


def _chunks(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class PersonalDataRepository:
    """Reads and removes what the core tables store about a person."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- users ---------------------------------------------------------------------------------

    async def user_row(self, user_id: int) -> dict[str, Any]:
        """The user's row (empty when unknown)."""
        row = await self.db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
        return dict(row) if row else {}

    async def delete_user(self, user_id: int) -> int:
        """Remove the user's row."""
        async with (
            self.db.transaction() as conn,
            conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,)) as cursor,
        ):
            return cursor.rowcount

    async def purge_users(self, inactive_before: datetime) -> int:
        """Forget users inactive since the moment who have no open ticket (one statement)."""
        where = (
            "last_seen < ? AND user_id NOT IN (SELECT user_id FROM tickets"
            f" WHERE user_id IS NOT NULL AND status IN ({_marks(OPEN_STATES)}))"
        )
        params = (to_iso(inactive_before), *OPEN_STATES)
        async with self.db.transaction() as conn:
            try:
                async with conn.execute(f"DELETE FROM users WHERE {where}", params) as cursor:
                    return cursor.rowcount
            except sqlite3.IntegrityError:
                pass  # a row is referenced by another feature: the statement was undone, go one by one
            async with conn.execute(f"SELECT user_id FROM users WHERE {where}", params) as cursor:
                rows = list(await cursor.fetchall())
            removed = 0
            for row in rows:
                try:
                    async with conn.execute("DELETE FROM users WHERE user_id = ?", (row["user_id"],)) as cur:
                        removed += cur.rowcount
                except sqlite3.IntegrityError:
                    logger.warning("purge: a user row is still referenced by another feature; kept")
            return removed

    @staticmethod
    async def mark_blocked(conn: aiosqlite.Connection, chat_id: int, now: datetime) -> None:
        """Note that a private chat refuses messages; a forgotten user gets a minimal row again."""
        stamp = to_iso(now)
        await conn.execute(
            "INSERT INTO users (user_id, chat_id, first_seen, last_seen, blocked_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET"
            " blocked_at = COALESCE(users.blocked_at, excluded.blocked_at)",
            (chat_id, chat_id, stamp, stamp, stamp),
        )

    @staticmethod
    async def unblock(conn: aiosqlite.Connection, chat_id: int) -> None:
        """The private chat accepts messages again."""
        await conn.execute("UPDATE users SET blocked_at = NULL WHERE chat_id = ?", (chat_id,))

    # -- tickets -------------------------------------------------------------------------------

    async def tickets_of(self, user_id: int) -> list[dict[str, Any]]:
        """The user's ticket rows, oldest first."""
        rows = await self.db.fetchall("SELECT * FROM tickets WHERE user_id = ? ORDER BY id", (user_id,))
        return [dict(r) for r in rows]

    async def thread(self, ticket_id: int) -> list[dict[str, Any]]:
        """Author, text, time and delivery of a ticket's messages, oldest first."""
        rows = await self.db.fetchall(
            "SELECT author, text, created_at, delivery, file_kind, file_id FROM ticket_messages"
            " WHERE ticket_id = ? ORDER BY id",
            (ticket_id,),
        )
        return [dict(r) for r in rows]

    @staticmethod
    async def next_closed_tickets(
        conn: aiosqlite.Connection, closed_before: datetime, limit: int
    ) -> list[int]:
        """Up to `limit` ids of tickets closed before the moment, not anonymised yet (caller's transaction).

        Anonymised tickets leave the selection, so each batch of the purge takes the next ones,
        and a purge interrupted between two batches finds what is left (index `tickets_retention`).
        """
        async with conn.execute(PURGE_SELECT, (to_iso(closed_before), limit)) as cursor:
            return [int(r["id"]) for r in await cursor.fetchall()]

    @staticmethod
    async def close_ticket(conn: aiosqlite.Connection, ticket_id: int, now: datetime) -> None:
        """Close a ticket (in the caller's transaction)."""
        await conn.execute(
            "UPDATE tickets SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?",
            (to_iso(now), to_iso(now), ticket_id),
        )

    @staticmethod
    async def anonymise_tickets(conn: aiosqlite.Connection, ids: Sequence[int], now: datetime) -> None:
        """Remove texts, search documents, notes, user and chat of tickets, and their outbox payloads."""
        for part in _chunks(ids):
            marks = _marks(part)
            await conn.execute(
                f"UPDATE outbox SET payload = '{{}}', status = CASE WHEN status = 'pending' THEN 'failed'"
                f" ELSE status END WHERE ref_type = 'ticket_message' AND ref_id IN"
                f" (SELECT id FROM ticket_messages WHERE ticket_id IN ({marks}))",
                tuple(part),
            )
            await conn.execute(
                f"UPDATE outbox SET payload = '{{}}', status = CASE WHEN status = 'pending' THEN 'failed'"
                f" ELSE status END WHERE ref_type = 'ticket' AND ref_id IN ({marks})",
                tuple(part),
            )
            # anonymised first: the texts' update trigger then leaves the search index alone, and
            # the tickets' documents go in one statement (storage/indexes.py)
            await conn.execute(
                f"UPDATE tickets SET user_id = NULL, chat_id = NULL, anonymised_at = ? WHERE id IN ({marks})",
                (to_iso(now), *part),
            )
            await conn.execute(f"DELETE FROM ticket_search WHERE rowid IN ({marks})", tuple(part))
            await conn.execute(
                f"UPDATE ticket_messages SET text = NULL, file_id = NULL, file_unique_id = NULL"
                f" WHERE ticket_id IN ({marks})",
                tuple(part),
            )
            # staff notes may quote the citizen (the console's internal notes)
            await conn.execute(f"DELETE FROM ticket_notes WHERE ticket_id IN ({marks})", tuple(part))
            # the citizen's own actions on the tickets lose the id with them (index audit_ref)
            await conn.execute(
                "UPDATE audit_log SET actor_id = NULL WHERE ref_type = 'ticket'"
                f" AND ref_id IN ({marks}) AND actor_id IS NOT NULL AND actor_name = 'citizen'",
                tuple(part),
            )

    async def staff_messages_of(self, user_id: int) -> list[tuple[int, int, int]]:
        """(chat id, message id, ticket id) of staff-chat messages about the user's tickets."""
        rows = await self.db.fetchall(
            "SELECT s.chat_id, s.message_id, s.ref_id FROM staff_messages s JOIN tickets t ON t.id = s.ref_id"
            " WHERE s.ref_type = 'ticket' AND t.user_id = ? ORDER BY s.message_id",
            (user_id,),
        )
        return [(int(r["chat_id"]), int(r["message_id"]), int(r["ref_id"])) for r in rows]

    # -- outbox --------------------------------------------------------------------------------

    async def private_chats(self, user_id: int) -> list[int]:
        """The user's own chat id and the private chat stored for the user."""
        row = await self.db.fetchone("SELECT chat_id FROM users WHERE user_id = ?", (user_id,))
        chats = {user_id}
        if row is not None and int(row["chat_id"]) > 0:
            chats.add(int(row["chat_id"]))
        return sorted(chats)

    async def messages_to(self, chats: Sequence[int]) -> list[dict[str, Any]]:
        """Time, purpose, status and text of the outbox messages to the chats, oldest first."""
        rows = await self.db.fetchall(
            f"SELECT created_at, purpose, status, payload FROM outbox WHERE chat_id IN ({_marks(chats)})"
            " ORDER BY id",
            tuple(chats),
        )
        messages = []
        for row in rows:
            payload = json.loads(row["payload"] or "{}")
            text = payload.get("text") if isinstance(payload, dict) else None
            messages.append(
                {"at": row["created_at"], "purpose": row["purpose"], "status": row["status"], "text": text}
            )
        return messages

    async def delete_messages_to(self, chats: Sequence[int]) -> int:
        """Remove every outbox message to the chats, sent or not."""
        async with (
            self.db.transaction() as conn,
            conn.execute(f"DELETE FROM outbox WHERE chat_id IN ({_marks(chats)})", tuple(chats)) as cursor,
        ):
            return cursor.rowcount

    async def purge_deliveries(self, created_before: datetime) -> int:
        """Remove delivery records (sent or failed) created before the moment; pending ones stay."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "DELETE FROM outbox WHERE status != 'pending' AND created_at < ?", (to_iso(created_before),)
            ) as cursor,
        ):
            return cursor.rowcount
