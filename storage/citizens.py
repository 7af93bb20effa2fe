"""Citizens: one internal id per person, with the channel they use and the channel's own id.

The internal id is what every table stores as `user_id` (and, for private chats, `chat_id`):
tickets, appointments, stop subscriptions, the outbox's recipients. A Telegram citizen's id is
their Telegram user id (so nothing stored before this table changes meaning); a web citizen's
id is taken from a range Telegram never uses ([2^52, 2^53 - 1]: above Telegram's 52-bit ids,
still an exact JavaScript number and SQLite INTEGER). So the channel of any recipient follows
from its id (`channel_of`), and `citizens` records it with the channel's external id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = [
    "CHANNELS",
    "MIGRATIONS",
    "TELEGRAM",
    "WEB",
    "WEB_ID_MAX",
    "WEB_ID_MIN",
    "Citizen",
    "CitizenRepository",
    "channel_of",
]

TELEGRAM = "telegram"
WEB = "web"
CHANNELS = (TELEGRAM, WEB)

WEB_ID_MIN = 2**52
"""The first internal id of a web citizen (Telegram ids stay below it)."""
WEB_ID_MAX = 2**53 - 1


def channel_of(citizen_id: int) -> str:
    """The channel of a recipient id: web ids are in their own range; the rest (and groups) are Telegram."""
    return WEB if WEB_ID_MIN <= citizen_id <= WEB_ID_MAX else TELEGRAM


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "citizens_0001_identity",
        """
        CREATE TABLE citizens (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL CHECK (channel IN ('telegram', 'web')),
            external_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (channel, external_id)
        );
        INSERT OR IGNORE INTO citizens (id, channel, external_id, created_at)
            SELECT user_id, 'telegram', CAST(user_id AS TEXT), first_seen FROM users WHERE user_id > 0;
        INSERT OR IGNORE INTO citizens (id, channel, external_id, created_at)
            SELECT user_id, 'telegram', CAST(user_id AS TEXT), MIN(created_at) FROM tickets
            WHERE user_id > 0 GROUP BY user_id;
        INSERT OR IGNORE INTO citizens (id, channel, external_id, created_at)
            SELECT user_id, 'telegram', CAST(user_id AS TEXT), MIN(created_at) FROM appointments
            WHERE user_id > 0 GROUP BY user_id;
        INSERT OR IGNORE INTO citizens (id, channel, external_id, created_at)
            SELECT user_id, 'telegram', CAST(user_id AS TEXT), MIN(created_at) FROM stop_subscriptions
            WHERE user_id > 0 GROUP BY user_id;
        ALTER TABLE tickets ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram';
        ALTER TABLE appointments ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram';
        CREATE INDEX citizens_channel ON citizens (channel, created_at)
        """,
    ),
)


@dataclass(frozen=True)
class Citizen:
    """A person known to the bot, in one channel."""

    id: int
    channel: str
    external_id: str
    created_at: datetime


def _citizen(row: aiosqlite.Row) -> Citizen:
    created = from_iso(row["created_at"])
    assert created is not None
    return Citizen(int(row["id"]), str(row["channel"]), str(row["external_id"]), created)


class CitizenRepository:
    """SQL for the citizens table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    async def ensure_telegram(conn: aiosqlite.Connection, user_id: int, now: datetime) -> None:
        """Record a Telegram citizen (their Telegram user id is the internal id); no-op when known."""
        if channel_of(user_id) != TELEGRAM or user_id <= 0:
            return
        await conn.execute(
            "INSERT OR IGNORE INTO citizens (id, channel, external_id, created_at) VALUES (?, ?, ?, ?)",
            (user_id, TELEGRAM, str(user_id), to_iso(now)),
        )

    @staticmethod
    async def create_web(conn: aiosqlite.Connection, external_id: str, now: datetime) -> int:
        """A new web citizen with the next free web id (in the caller's transaction)."""
        async with conn.execute(
            "SELECT COALESCE(MAX(id) + 1, ?) AS next FROM citizens WHERE id BETWEEN ? AND ?",
            (WEB_ID_MIN, WEB_ID_MIN, WEB_ID_MAX),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        citizen_id = int(row["next"])
        if citizen_id > WEB_ID_MAX:
            raise OverflowError("no web citizen id left")
        await conn.execute(
            "INSERT INTO citizens (id, channel, external_id, created_at) VALUES (?, ?, ?, ?)",
            (citizen_id, WEB, external_id, to_iso(now)),
        )
        return citizen_id

    async def get(self, citizen_id: int) -> Citizen | None:
        """One citizen by internal id."""
        row = await self.db.fetchone("SELECT * FROM citizens WHERE id = ?", (citizen_id,))
        return _citizen(row) if row is not None else None

    async def delete(self, citizen_id: int) -> int:
        """Forget the citizen's identity row."""
        async with (
            self.db.transaction() as conn,
            conn.execute("DELETE FROM citizens WHERE id = ?", (citizen_id,)) as cursor,
        ):
            return cursor.rowcount

    async def purge_unused(self, created_before: datetime) -> int:
        """Forget identities older than the moment that nothing refers to any more."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "DELETE FROM citizens WHERE created_at < ?"
                " AND id NOT IN (SELECT user_id FROM users)"
                " AND id NOT IN (SELECT user_id FROM tickets WHERE user_id IS NOT NULL)"
                " AND id NOT IN (SELECT user_id FROM appointments WHERE user_id IS NOT NULL)"
                " AND id NOT IN (SELECT user_id FROM stop_subscriptions)"
                " AND id NOT IN (SELECT citizen_id FROM web_citizens)",
                (to_iso(created_before),),
            ) as cursor,
        ):
            return cursor.rowcount
