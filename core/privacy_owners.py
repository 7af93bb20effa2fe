"""The core data owners: users, tickets (with their messages) and the outbox.

Each one exports, deletes and purges its table's personal data; `core/privacy.py` registers
them and runs them with the owners of the other features.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import aiosqlite

from core.clock import Clock
from core.outbox import Outbox, message_payload
from core.texts import t
from storage import OPEN_STATES, Database, to_iso

__all__ = [
    "OutboxOwner",
    "TicketsOwner",
    "UsersOwner",
    "anonymise_tickets",
    "audit_system",
    "mark_blocked",
]

logger = logging.getLogger(__name__)

_CHUNK = 500
_T = TypeVar("_T")


def _chunks(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class UsersOwner:
    """The users table: id, chat, language, first/last seen, blocked."""

    name = "users"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's row."""
        row = await self.db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
        return dict(row) if row else {}

    async def delete(self, user_id: int) -> int:
        """Remove the row."""
        async with (
            self.db.transaction() as conn,
            conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,)) as cursor,
        ):
            return cursor.rowcount

    async def purge(self, finished_before: datetime) -> int:
        """Forget users inactive since the moment who have no open ticket (one statement)."""
        where = (
            "last_seen < ? AND user_id NOT IN (SELECT user_id FROM tickets"
            f" WHERE user_id IS NOT NULL AND status IN ({_marks(OPEN_STATES)}))"
        )
        params = (to_iso(finished_before), *OPEN_STATES)
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


class TicketsOwner:
    """Tickets and their messages: texts are removed, status, dates and topic stay (statistics)."""

    name = "tickets"

    def __init__(self, db: Database, outbox: Outbox, clock: Clock) -> None:
        self.db = db
        self.outbox = outbox
        self.clock = clock

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's tickets with their threads (staff names left out)."""
        tickets = await self.db.fetchall("SELECT * FROM tickets WHERE user_id = ? ORDER BY id", (user_id,))
        result = []
        for ticket in tickets:
            messages = await self.db.fetchall(
                "SELECT author, text, created_at, delivery FROM ticket_messages"
                " WHERE ticket_id = ? ORDER BY id",
                (ticket["id"],),
            )
            result.append(
                {
                    "number": ticket["id"],
                    "status": ticket["status"],
                    "language": ticket["language"],
                    "topic": ticket["topic"],
                    "created_at": ticket["created_at"],
                    "closed_at": ticket["closed_at"],
                    "messages": [
                        {
                            "from": m["author"],
                            "at": m["created_at"],
                            "text": m["text"],
                            "delivery": m["delivery"],
                        }
                        for m in messages
                    ],
                }
            )
        return {"tickets": result} if result else {}

    async def delete(self, user_id: int) -> int:
        """Anonymise all of the user's tickets; open ones are closed and their staff chat told."""
        rows = await self.db.fetchall(
            "SELECT id, status, staff_chat_id FROM tickets WHERE user_id = ?", (user_id,)
        )
        if not rows:
            return 0
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await anonymise_tickets(conn, [int(r["id"]) for r in rows], now)
            for row in rows:
                if row["status"] == "closed":
                    continue
                await conn.execute(
                    "UPDATE tickets SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?",
                    (to_iso(now), to_iso(now), row["id"]),
                )
                await audit_system(
                    conn, now, "ticket_anonymised", "ticket", int(row["id"]), "Löschung auf Wunsch"
                )
                if row["staff_chat_id"] is not None:
                    await self.outbox.add(
                        conn,
                        int(row["staff_chat_id"]),
                        message_payload(t("staff.ticket_deleted_by_user", number=row["id"])),
                        "ticket_staff_note",
                        ref_type="ticket",
                        ref_id=int(row["id"]),
                    )
        return len(rows)

    async def purge(self, finished_before: datetime) -> int:
        """Anonymise tickets closed before the moment."""
        rows = await self.db.fetchall(
            "SELECT id FROM tickets WHERE status = 'closed' AND closed_at < ? AND anonymised_at IS NULL",
            (to_iso(finished_before),),
        )
        ids = [int(r["id"]) for r in rows]
        if ids:
            async with self.db.transaction() as conn:
                await anonymise_tickets(conn, ids, self.clock.now())
        return len(ids)


async def anonymise_tickets(conn: aiosqlite.Connection, ids: Sequence[int], now: datetime) -> None:
    """Remove texts, user and chat of tickets, and the payloads of their outbox messages."""
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
        await conn.execute(
            f"UPDATE ticket_messages SET text = NULL WHERE ticket_id IN ({marks})", tuple(part)
        )
        await conn.execute(
            f"UPDATE tickets SET user_id = NULL, chat_id = NULL, anonymised_at = ? WHERE id IN ({marks})",
            (to_iso(now), *part),
        )


class OutboxOwner:
    """Messages stored for sending: those to the user's chat, and old delivery records."""

    name = "outbox"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _chats(self, user_id: int) -> list[int]:
        row = await self.db.fetchone("SELECT chat_id FROM users WHERE user_id = ?", (user_id,))
        chats = {user_id}
        if row is not None and int(row["chat_id"]) > 0:
            chats.add(int(row["chat_id"]))
        return sorted(chats)

    async def export(self, user_id: int) -> dict[str, Any]:
        """Messages to the user's private chat."""
        chats = await self._chats(user_id)
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
        return {"messages": messages} if messages else {}

    async def delete(self, user_id: int) -> int:
        """Remove every message to the user's chat, sent or not."""
        chats = await self._chats(user_id)
        async with (
            self.db.transaction() as conn,
            conn.execute(f"DELETE FROM outbox WHERE chat_id IN ({_marks(chats)})", tuple(chats)) as cursor,
        ):
            return cursor.rowcount

    async def purge(self, finished_before: datetime) -> int:
        """Remove delivery records (sent or failed) created before the moment; pending ones stay."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "DELETE FROM outbox WHERE status != 'pending' AND created_at < ?", (to_iso(finished_before),)
            ) as cursor,
        ):
            return cursor.rowcount


async def audit_system(
    conn: aiosqlite.Connection,
    now: datetime,
    action: str,
    ref_type: str | None = None,
    ref_id: int | None = None,
    detail: str | None = None,
    actor_name: str = "system",
) -> None:
    """An audit entry without a person behind it, in the caller's transaction."""
    await conn.execute(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, ref_type, ref_id, detail)"
        " VALUES (?, NULL, ?, ?, ?, ?, ?)",
        (to_iso(now), actor_name, action, ref_type, ref_id, detail),
    )


async def mark_blocked(conn: aiosqlite.Connection, chat_id: int, now: datetime) -> None:
    """Note that a private chat refuses messages; a forgotten user gets a minimal row again."""
    stamp = to_iso(now)
    await conn.execute(
        "INSERT INTO users (user_id, chat_id, first_seen, last_seen, blocked_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET blocked_at = COALESCE(users.blocked_at, excluded.blocked_at)",
        (chat_id, chat_id, stamp, stamp, stamp),
    )
