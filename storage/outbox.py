"""The outbox table: messages stored before they are sent, retried until Telegram accepts them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database, from_iso, to_iso

__all__ = ["OutboxItem", "OutboxRepository"]


@dataclass(frozen=True)
class OutboxItem:
    """One message waiting for (or past) delivery."""

    id: int
    chat_id: int
    payload: dict[str, Any]
    purpose: str
    ref_type: str | None
    ref_id: int | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    message_id: int | None
    created_at: datetime


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        chat_id=row["chat_id"],
        payload=json.loads(row["payload"]),
        purpose=row["purpose"],
        ref_type=row["ref_type"],
        ref_id=row["ref_id"],
        status=row["status"],
        attempts=row["attempts"],
        next_attempt_at=from_iso(row["next_attempt_at"]),  # type: ignore[arg-type]
        last_error=row["last_error"],
        message_id=row["message_id"],
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
    )


class OutboxRepository:
    """SQL for the outbox."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        chat_id: int,
        payload: dict[str, Any],
        purpose: str,
        now: datetime,
        ref_type: str | None = None,
        ref_id: int | None = None,
        not_before: datetime | None = None,
    ) -> int:
        """Store a message to send (inside the caller's transaction)."""
        async with conn.execute(
            "INSERT INTO outbox (chat_id, payload, purpose, ref_type, ref_id, next_attempt_at,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                chat_id,
                json.dumps(payload, ensure_ascii=False),
                purpose,
                ref_type,
                ref_id,
                to_iso(not_before or now),
                to_iso(now),
            ),
        ) as cursor:
            return cursor.lastrowid or 0

    async def add_many(
        self,
        conn: aiosqlite.Connection,
        rows: list[tuple[int, dict[str, Any]]],
        *,
        purpose: str,
        now: datetime,
        ref_type: str | None = None,
        ref_id: int | None = None,
    ) -> None:
        """Store many messages of one purpose and reference at once (one statement, a broadcast)."""
        stamp = to_iso(now)
        await conn.executemany(
            "INSERT INTO outbox (chat_id, payload, purpose, ref_type, ref_id, next_attempt_at,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (chat_id, json.dumps(payload, ensure_ascii=False), purpose, ref_type, ref_id, stamp, stamp)
                for chat_id, payload in rows
            ],
        )

    async def has_ref(
        self, conn: aiosqlite.Connection, purpose: str, ref_type: str, ref_id: int
    ) -> bool:
        """Whether a message of this purpose about this reference was already stored."""
        async with conn.execute(
            "SELECT 1 FROM outbox WHERE purpose = ? AND ref_type = ? AND ref_id = ? LIMIT 1",
            (purpose, ref_type, ref_id),
        ) as cursor:
            return await cursor.fetchone() is not None

    async def states_of_ref(self, purpose: str, ref_type: str, ref_id: int) -> dict[str, int]:
        """How many messages of this purpose about this reference are pending, sent or failed."""
        rows = await self.db.fetchall(
            "SELECT status, COUNT(*) AS n FROM outbox WHERE ref_type = ? AND ref_id = ? AND purpose = ?"
            " GROUP BY status",
            (ref_type, ref_id, purpose),
        )
        return {str(r["status"]): int(r["n"]) for r in rows}

    async def due(self, now: datetime, limit: int = 100) -> list[OutboxItem]:
        """Pending messages whose time has come, oldest first, each chat's in the order they were stored.

        A row is not due while an earlier row of its chat waits for a retry (tried, failed for
        now, its next attempt later): a later flush never overtakes it. A row stored for later
        (`not_before`, never tried) holds nothing back; a row failed for good is not pending.
        """
        stamp = to_iso(now)
        rows = await self.db.fetchall(
            "SELECT * FROM outbox AS o WHERE status = 'pending' AND next_attempt_at <= ?"
            " AND NOT EXISTS (SELECT 1 FROM outbox AS w INDEXED BY outbox_chat_pending"
            " WHERE w.chat_id = o.chat_id AND w.status = 'pending' AND w.id < o.id"
            " AND w.next_attempt_at > ? AND w.last_error IS NOT NULL)"
            " ORDER BY next_attempt_at, id LIMIT ?",
            (stamp, stamp, limit),
        )
        return [_item(r) for r in rows]

    async def get(self, item_id: int) -> OutboxItem | None:
        """One item by id."""
        row = await self.db.fetchone("SELECT * FROM outbox WHERE id = ?", (item_id,))
        return _item(row) if row else None

    async def mark_sent(
        self, conn: aiosqlite.Connection, item_id: int, message_id: int | None, now: datetime
    ) -> None:
        """Telegram accepted the message."""
        await conn.execute(
            "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1,"
            " last_error = NULL WHERE id = ?",
            (message_id, to_iso(now), item_id),
        )

    async def reschedule(self, conn: aiosqlite.Connection, item_id: int, when: datetime, error: str) -> None:
        """A passing failure: try again later."""
        await conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
            (to_iso(when), error[:500], item_id),
        )

    async def set_parts_sent(self, conn: aiosqlite.Connection, item_id: int, parts_sent: int) -> None:
        """Of a message sent in parts: how many leading parts the channel accepted so far."""
        await conn.execute(
            "UPDATE outbox SET payload = json_set(payload, '$.parts_sent', ?) WHERE id = ?",
            (parts_sent, item_id),
        )

    async def mark_failed(self, conn: aiosqlite.Connection, item_id: int, error: str) -> None:
        """A final failure: the message will not be sent."""
        await conn.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
            (error[:500], item_id),
        )

    async def counts(self) -> dict[str, int]:
        """How many items are in each state."""
        rows = await self.db.fetchall("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        return {str(r["status"]): int(r["n"]) for r in rows}

    async def forget_chat(self, conn: aiosqlite.Connection, chat_id: int) -> None:
        """Drop the payloads of messages to a chat (data deletion), keeping delivery records."""
        await conn.execute(
            "UPDATE outbox SET payload = '{}', status = CASE WHEN status = 'pending' THEN 'failed'"
            " ELSE status END WHERE chat_id = ?",
            (chat_id,),
        )

    async def refused_since(self, chat_id: int) -> tuple[datetime, int] | None:
        """(oldest creation of those that last answered 403, count of all) of a chat's pending messages.

        Only the first row of a refusing chat is tried (the later ones wait behind it, `due`),
        so all pending rows of the chat are counted as waiting.
        """
        row = await self.db.fetchone(
            "SELECT MIN(CASE WHEN last_error LIKE 'Forbidden%' THEN created_at END) AS since,"
            " COUNT(*) AS n FROM outbox WHERE status = 'pending' AND chat_id = ?",
            (chat_id,),
        )
        if row is None or row["since"] is None:
            return None
        since = from_iso(str(row["since"]))
        return (since, int(row["n"])) if since is not None else None

    async def queued_since(
        self, conn: aiosqlite.Connection, purpose: str, ref_type: str, ref_id: int, since: datetime
    ) -> bool:
        """Whether a message of this purpose about this reference was stored at or after `since`."""
        async with conn.execute(
            "SELECT 1 FROM outbox WHERE purpose = ? AND ref_type = ? AND ref_id = ? AND created_at >= ?",
            (purpose, ref_type, ref_id, to_iso(since)),
        ) as cursor:
            return await cursor.fetchone() is not None
