"""The web chat's tables: web citizens (reference code), their sessions and their messages.

Nothing is written before a citizen sends their first message. Codes and session tokens are
stored only as keyed hashes (`core/webchat/identity.py` makes them); the messages are what
the page shows, the bot's and the citizen's, kept for when the citizen comes back.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["MIGRATIONS", "WebChatRepository", "WebMessage", "WebSession"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "webchat_0001_citizens_sessions_messages",
        """
        CREATE TABLE web_citizens (
            citizen_id INTEGER PRIMARY KEY,
            code_hash TEXT UNIQUE,
            language TEXT NOT NULL DEFAULT 'de',
            pending TEXT,
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL
        );
        CREATE TABLE web_sessions (
            token_hash TEXT PRIMARY KEY,
            citizen_id INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE INDEX web_sessions_citizen ON web_sessions (citizen_id);
        CREATE TABLE web_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            citizen_id INTEGER NOT NULL,
            author TEXT NOT NULL CHECK (author IN ('citizen', 'bot')),
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            edited_at TEXT
        );
        CREATE INDEX web_messages_citizen ON web_messages (citizen_id, id);
        CREATE TABLE web_keys (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    ),
)


@dataclass(frozen=True)
class WebMessage:
    """One message of a web chat: who wrote it, its stored form (text HTML, buttons), when."""

    id: int
    citizen_id: int
    author: str
    payload: dict[str, Any]
    created_at: datetime
    edited_at: datetime | None


@dataclass(frozen=True)
class WebSession:
    """A browser's session: whose it is, and whether it was revoked."""

    citizen_id: int
    created_at: datetime
    revoked_at: datetime | None


def _message(row: aiosqlite.Row) -> WebMessage:
    created = from_iso(row["created_at"])
    assert created is not None
    payload = json.loads(row["payload"])
    return WebMessage(
        id=int(row["id"]),
        citizen_id=int(row["citizen_id"]),
        author=str(row["author"]),
        payload=payload if isinstance(payload, dict) else {},
        created_at=created,
        edited_at=from_iso(row["edited_at"]),
    )


class WebChatRepository:
    """SQL for web citizens, sessions and messages."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- keys ----------------------------------------------------------------------------------
    async def key(self, name: str) -> bytes:
        """A secret kept in the database (made once, 32 random bytes)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO web_keys (name, value) VALUES (?, ?)", (name, secrets.token_hex(32))
            )
            async with conn.execute("SELECT value FROM web_keys WHERE name = ?", (name,)) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return bytes.fromhex(str(row["value"]))

    # -- citizens ------------------------------------------------------------------------------
    @staticmethod
    async def add_citizen(conn: aiosqlite.Connection, citizen_id: int, language: str, now: datetime) -> None:
        """A new web citizen (in the caller's transaction)."""
        await conn.execute(
            "INSERT INTO web_citizens (citizen_id, language, created_at, last_seen) VALUES (?, ?, ?, ?)",
            (citizen_id, language, to_iso(now), to_iso(now)),
        )

    async def language(self, citizen_id: int) -> str | None:
        """The citizen's language; None when the citizen is unknown (deleted, purged)."""
        row = await self.db.fetchone("SELECT language FROM web_citizens WHERE citizen_id = ?", (citizen_id,))
        return str(row["language"]) if row is not None else None

    async def set_language(self, citizen_id: int, language: str) -> None:
        """Store the language the citizen chose."""
        await self.db.execute(
            "UPDATE web_citizens SET language = ? WHERE citizen_id = ?", (language, citizen_id)
        )

    async def by_code(self, code_hash: str) -> int | None:
        """The citizen whose reference code has this hash."""
        row = await self.db.fetchone("SELECT citizen_id FROM web_citizens WHERE code_hash = ?", (code_hash,))
        return int(row["citizen_id"]) if row is not None else None

    async def set_code(self, citizen_id: int, code_hash: str) -> bool:
        """Give the citizen a new code (the old one stops working); False when the hash is taken."""
        try:
            await self.db.execute(
                "UPDATE web_citizens SET code_hash = ? WHERE citizen_id = ?", (code_hash, citizen_id)
            )
        except aiosqlite.IntegrityError:
            return False
        return True

    async def has_code(self, citizen_id: int) -> bool:
        """Whether the citizen has a reference code."""
        row = await self.db.fetchone("SELECT code_hash FROM web_citizens WHERE citizen_id = ?", (citizen_id,))
        return row is not None and row["code_hash"] is not None

    async def pending(self, citizen_id: int) -> dict[str, Any] | None:
        """The question waiting for "send to the team?" (text and guesses), if any."""
        row = await self.db.fetchone("SELECT pending FROM web_citizens WHERE citizen_id = ?", (citizen_id,))
        if row is None or row["pending"] is None:
            return None
        value = json.loads(row["pending"])
        return value if isinstance(value, dict) else None

    async def set_pending(self, citizen_id: int, pending: dict[str, Any] | None) -> None:
        """Remember (or forget) the pending question."""
        async with self.db.transaction() as conn:
            await self.put_pending(conn, citizen_id, pending)

    @staticmethod
    async def put_pending(
        conn: aiosqlite.Connection, citizen_id: int, pending: dict[str, Any] | None
    ) -> None:
        """Remember (or forget) the pending question (in the caller's transaction)."""
        value = json.dumps(pending, ensure_ascii=False) if pending is not None else None
        await conn.execute("UPDATE web_citizens SET pending = ? WHERE citizen_id = ?", (value, citizen_id))

    # -- sessions ------------------------------------------------------------------------------
    @staticmethod
    async def add_session(
        conn: aiosqlite.Connection, token_hash: str, citizen_id: int, now: datetime
    ) -> None:
        """A new session for the citizen (in the caller's transaction)."""
        await conn.execute(
            "INSERT INTO web_sessions (token_hash, citizen_id, created_at, last_seen) VALUES (?, ?, ?, ?)",
            (token_hash, citizen_id, to_iso(now), to_iso(now)),
        )

    async def open_session(self, token_hash: str, citizen_id: int, now: datetime) -> None:
        """A new session for a known citizen (a return with the code)."""
        async with self.db.transaction() as conn:
            await self.add_session(conn, token_hash, citizen_id, now)

    async def session(self, token_hash: str) -> WebSession | None:
        """The session with this token hash."""
        row = await self.db.fetchone("SELECT * FROM web_sessions WHERE token_hash = ?", (token_hash,))
        if row is None:
            return None
        created = from_iso(row["created_at"])
        assert created is not None
        return WebSession(int(row["citizen_id"]), created, from_iso(row["revoked_at"]))

    async def seen(self, token_hash: str, citizen_id: int, now: datetime) -> None:
        """The session was used now."""
        async with self.db.transaction() as conn:
            await self.mark_seen(conn, token_hash, citizen_id, now)

    @staticmethod
    async def mark_seen(conn: aiosqlite.Connection, token_hash: str, citizen_id: int, now: datetime) -> None:
        """The session was used now (in the caller's transaction)."""
        stamp = to_iso(now)
        await conn.execute("UPDATE web_sessions SET last_seen = ? WHERE token_hash = ?", (stamp, token_hash))
        await conn.execute("UPDATE web_citizens SET last_seen = ? WHERE citizen_id = ?", (stamp, citizen_id))

    async def revoke(self, token_hash: str, now: datetime) -> None:
        """End one session."""
        await self.db.execute(
            "UPDATE web_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            (to_iso(now), token_hash),
        )

    async def revoke_others(self, citizen_id: int, keep: str, now: datetime) -> int:
        """End every session of the citizen but `keep`; returns how many."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "UPDATE web_sessions SET revoked_at = ? WHERE citizen_id = ? AND token_hash != ?"
                " AND revoked_at IS NULL",
                (to_iso(now), citizen_id, keep),
            ) as cursor,
        ):
            return cursor.rowcount

    # -- messages ------------------------------------------------------------------------------
    @staticmethod
    async def add_message(
        conn: aiosqlite.Connection, citizen_id: int, author: str, payload: dict[str, Any], now: datetime
    ) -> int:
        """Store one message of the chat (in the caller's transaction); returns its id."""
        async with conn.execute(
            "INSERT INTO web_messages (citizen_id, author, payload, created_at) VALUES (?, ?, ?, ?)",
            (citizen_id, author, json.dumps(payload, ensure_ascii=False), to_iso(now)),
        ) as cursor:
            message_id = cursor.lastrowid
        assert message_id is not None
        return message_id

    @staticmethod
    async def add_messages(
        conn: aiosqlite.Connection,
        citizen_id: int,
        messages: Sequence[tuple[str, dict[str, Any]]],
        now: datetime,
    ) -> list[int]:
        """Store (author, payload) messages in this order with one statement (in the caller's transaction).

        Returns their ids in the same order (one round trip to the writer, however many there are).
        """
        if not messages:
            return []
        stamp = to_iso(now)
        values = ", ".join(["(?, ?, ?, ?)"] * len(messages))
        params = [
            value
            for author, payload in messages
            for value in (citizen_id, author, json.dumps(payload, ensure_ascii=False), stamp)
        ]
        rows = await conn.execute_fetchall(
            "INSERT INTO web_messages (citizen_id, author, payload, created_at)"
            f" VALUES {values} RETURNING id",
            params,
        )
        return sorted(int(row[0]) for row in rows)  # inserted in order: RETURNING's own order is not fixed

    async def store(self, citizen_id: int, author: str, payload: dict[str, Any], now: datetime) -> int:
        """Store one message in its own transaction."""
        async with self.db.transaction() as conn:
            return await self.add_message(conn, citizen_id, author, payload, now)

    async def edit(self, citizen_id: int, message_id: int, payload: dict[str, Any], now: datetime) -> bool:
        """Replace a message's stored form; False when the citizen has no such message."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "UPDATE web_messages SET payload = ?, edited_at = ? WHERE id = ? AND citizen_id = ?",
                (json.dumps(payload, ensure_ascii=False), to_iso(now), message_id, citizen_id),
            ) as cursor,
        ):
            return cursor.rowcount > 0

    async def message(self, citizen_id: int, message_id: int) -> WebMessage | None:
        """One of the citizen's messages."""
        row = await self.db.fetchone(
            "SELECT * FROM web_messages WHERE id = ? AND citizen_id = ?", (message_id, citizen_id)
        )
        return _message(row) if row is not None else None

    async def messages(self, citizen_id: int, *, limit: int = 200) -> list[WebMessage]:
        """The citizen's latest messages, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM (SELECT * FROM web_messages WHERE citizen_id = ? ORDER BY id DESC LIMIT ?)"
            " ORDER BY id",
            (citizen_id, limit),
        )
        return [_message(r) for r in rows]

    async def changed_since(self, citizen_id: int, after: datetime | None, after_id: int) -> list[WebMessage]:
        """Messages newer than `after_id`, or edited after the moment, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM web_messages WHERE citizen_id = ? AND (id > ? OR edited_at >= ?) ORDER BY id",
            (citizen_id, after_id, to_iso(after) if after is not None else "9999"),
        )
        return [_message(r) for r in rows]

    # -- privacy -------------------------------------------------------------------------------
    async def export(self, citizen_id: int) -> dict[str, Any]:
        """The citizen's web data: created, last seen, language, sessions (dates), messages."""
        row = await self.db.fetchone(
            "SELECT created_at, last_seen, language, code_hash IS NOT NULL AS has_code FROM web_citizens"
            " WHERE citizen_id = ?",
            (citizen_id,),
        )
        if row is None:
            return {}
        sessions = await self.db.fetchall(
            "SELECT created_at, last_seen, revoked_at FROM web_sessions WHERE citizen_id = ?"
            " ORDER BY created_at",
            (citizen_id,),
        )
        return {
            "created_at": row["created_at"],
            "last_seen": row["last_seen"],
            "language": row["language"],
            "has_code": bool(row["has_code"]),
            "sessions": [dict(s) for s in sessions],
            "messages": [
                {"from": m.author, "at": to_iso(m.created_at), "text": m.payload.get("text")}
                for m in await self.messages(citizen_id, limit=10_000)
            ],
        }

    async def delete(self, citizen_id: int) -> int:
        """Remove the citizen's web data (messages, sessions, code); returns the rows removed."""
        removed = 0
        async with self.db.transaction() as conn:
            for table, column in (
                ("web_messages", "citizen_id"),
                ("web_sessions", "citizen_id"),
                ("web_citizens", "citizen_id"),
            ):
                async with conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (citizen_id,)) as cursor:
                    removed += cursor.rowcount
        return removed

    async def inactive(self, before: datetime, open_states: tuple[str, ...]) -> list[int]:
        """Web citizens not seen since the moment who have no open ticket."""
        marks = ",".join("?" * len(open_states))
        rows = await self.db.fetchall(
            "SELECT citizen_id FROM web_citizens WHERE last_seen < ? AND citizen_id NOT IN"
            f" (SELECT user_id FROM tickets WHERE user_id IS NOT NULL AND status IN ({marks}))",
            (to_iso(before), *open_states),
        )
        return [int(r["citizen_id"]) for r in rows]

    async def expire_sessions(self, before: datetime) -> int:
        """Remove sessions not used since the moment (revoked or not)."""
        async with (
            self.db.transaction() as conn,
            conn.execute("DELETE FROM web_sessions WHERE last_seen < ?", (to_iso(before),)) as cursor,
        ):
            return cursor.rowcount
