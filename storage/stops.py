"""Bürgermobil stops: staff overrides, citizens' stop subscriptions, reminders already sent."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = [
    "MIGRATIONS",
    "StopOverrideRecord",
    "StopOverrideRepository",
    "StopSubscription",
    "StopSubscriptionRepository",
]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "stops_0001_overrides_subscriptions_alerts",
        """
        CREATE TABLE stop_overrides (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            stop_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('cancel', 'move')),
            new_start TEXT,
            new_end TEXT,
            new_place_id TEXT,
            reason TEXT,
            created_at TEXT NOT NULL,
            created_by INTEGER,
            created_by_name TEXT
        );
        CREATE INDEX stop_overrides_stop ON stop_overrides (stop_id, id);
        CREATE TABLE stop_subscriptions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('district', 'place')),
            key TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT 'de',
            created_at TEXT NOT NULL,
            UNIQUE (user_id, kind, key)
        );
        CREATE INDEX stop_subscriptions_key ON stop_subscriptions (kind, key);
        CREATE INDEX stop_subscriptions_chat ON stop_subscriptions (chat_id);
        CREATE TABLE stop_alerts_sent (
            stop_id TEXT NOT NULL,
            user_id INTEGER NOT NULL,
            day TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (stop_id, user_id, day)
        );
        CREATE INDEX stop_alerts_sent_at ON stop_alerts_sent (sent_at)
        """,
    ),
)
"""The stop tables; appended to `storage.schema.ALL`."""


@dataclass(frozen=True)
class StopOverrideRecord:
    """A stored staff change to one stop (cancel or move)."""

    id: int
    stop_id: str
    kind: str
    new_start: datetime | None
    new_end: datetime | None
    new_place_id: str | None
    reason: str | None
    created_at: datetime
    created_by: int | None
    created_by_name: str | None


@dataclass(frozen=True)
class StopSubscription:
    """A citizen wants a reminder before stops at a place or in a district."""

    id: int
    user_id: int
    chat_id: int
    kind: str
    """'place' (key: a place id) or 'district' (key: a district name or postal code)."""
    key: str
    language: str
    created_at: datetime


def _override(row: sqlite3.Row) -> StopOverrideRecord:
    return StopOverrideRecord(
        id=row["id"],
        stop_id=row["stop_id"],
        kind=row["kind"],
        new_start=from_iso(row["new_start"]),
        new_end=from_iso(row["new_end"]),
        new_place_id=row["new_place_id"],
        reason=row["reason"],
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
        created_by=row["created_by"],
        created_by_name=row["created_by_name"],
    )


def _subscription(row: sqlite3.Row) -> StopSubscription:
    return StopSubscription(
        id=row["id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        key=row["key"],
        language=row["language"],
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
    )


class StopOverrideRepository:
    """SQL for staff overrides of single stops."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        stop_id: str,
        kind: str,
        now: datetime,
        reason: str | None,
        new_start: datetime | None = None,
        new_end: datetime | None = None,
        new_place_id: str | None = None,
        created_by: int | None = None,
        created_by_name: str | None = None,
    ) -> int:
        """Store an override inside the caller's transaction; returns its id."""
        async with conn.execute(
            "INSERT INTO stop_overrides (stop_id, kind, new_start, new_end, new_place_id, reason,"
            " created_at, created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                stop_id,
                kind,
                to_iso(new_start),
                to_iso(new_end),
                new_place_id,
                reason,
                to_iso(now),
                created_by,
                created_by_name,
            ),
        ) as cursor:
            return cursor.lastrowid or 0

    async def get(self, override_id: int) -> StopOverrideRecord | None:
        """One override by id."""
        row = await self.db.fetchone("SELECT * FROM stop_overrides WHERE id = ?", (override_id,))
        return _override(row) if row else None

    async def latest(
        self, stop_id: str, conn: aiosqlite.Connection | None = None
    ) -> StopOverrideRecord | None:
        """The newest override of a stop (inside the caller's transaction when `conn` is given)."""
        sql = "SELECT * FROM stop_overrides WHERE stop_id = ? ORDER BY id DESC LIMIT 1"
        rows = await _fetchall(self.db, conn, sql, [stop_id])
        return _override(rows[0]) if rows else None

    async def since(self, first_day: str) -> list[StopOverrideRecord]:
        """Overrides of stops originally planned on or after first_day (ISO date), oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM stop_overrides WHERE substr(stop_id, 1, 10) >= ? ORDER BY id", (first_day,)
        )
        return [_override(r) for r in rows]


class StopSubscriptionRepository:
    """SQL for stop subscriptions and the reminders already sent."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self, *, user_id: int, chat_id: int, kind: str, key: str, language: str, now: datetime
    ) -> tuple[StopSubscription, bool]:
        """Subscribe (idempotent); returns the subscription and whether it is new."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "INSERT INTO stop_subscriptions (user_id, chat_id, kind, key, language, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, kind, key) DO NOTHING",
                (user_id, chat_id, kind, key, language, to_iso(now)),
            ) as cursor:
                created = cursor.rowcount > 0
            await conn.execute(
                "UPDATE stop_subscriptions SET chat_id = ?, language = ? WHERE user_id = ?",
                (chat_id, language, user_id),
            )
        row = await self.db.fetchone(
            "SELECT * FROM stop_subscriptions WHERE user_id = ? AND kind = ? AND key = ?",
            (user_id, kind, key),
        )
        assert row is not None
        return _subscription(row), created

    async def for_user(self, user_id: int) -> list[StopSubscription]:
        """A user's subscriptions, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM stop_subscriptions WHERE user_id = ? ORDER BY id", (user_id,)
        )
        return [_subscription(r) for r in rows]

    async def subscribers(self) -> tuple[int, int]:
        """(people with at least one subscription, subscriptions) for /statistik."""
        row = await self.db.fetchone(
            "SELECT COUNT(DISTINCT user_id) AS people, COUNT(*) AS n FROM stop_subscriptions"
        )
        return (int(row["people"]), int(row["n"])) if row else (0, 0)

    async def count_for_user(self, user_id: int) -> int:
        """How many subscriptions a user has."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM stop_subscriptions WHERE user_id = ?", (user_id,)
        )
        return int(row["n"]) if row else 0

    async def remove(self, user_id: int, subscription_id: int) -> StopSubscription | None:
        """Remove one of the user's own subscriptions; None if it is not theirs or gone."""
        row = await self.db.fetchone(
            "SELECT * FROM stop_subscriptions WHERE id = ? AND user_id = ?", (subscription_id, user_id)
        )
        if row is None:
            return None
        await self.db.execute(
            "DELETE FROM stop_subscriptions WHERE id = ? AND user_id = ?", (subscription_id, user_id)
        )
        return _subscription(row)

    async def district_keys(self, conn: aiosqlite.Connection | None = None) -> list[str]:
        """All distinct district keys that someone subscribed to."""
        sql = "SELECT DISTINCT key FROM stop_subscriptions WHERE kind = 'district'"
        rows = await _fetchall(self.db, conn, sql, ())
        return [str(r["key"]) for r in rows]

    async def matching(
        self,
        place_ids: Iterable[str],
        district_keys: Iterable[str],
        conn: aiosqlite.Connection | None = None,
    ) -> list[StopSubscription]:
        """Subscriptions to any of the places or district keys; language from the users table."""
        places, districts = sorted(set(place_ids)), sorted(set(district_keys))
        if not places and not districts:
            return []
        clauses, params = [], []
        if places:
            clauses.append(f"(s.kind = 'place' AND s.key IN ({_marks(places)}))")
            params.extend(places)
        if districts:
            clauses.append(f"(s.kind = 'district' AND s.key IN ({_marks(districts)}))")
            params.extend(districts)
        sql = (
            "SELECT s.id, s.user_id, s.chat_id, s.kind, s.key, s.created_at,"
            " COALESCE(u.language, s.language) AS language FROM stop_subscriptions s"
            " LEFT JOIN users u ON u.user_id = s.user_id WHERE " + " OR ".join(clauses) + " ORDER BY s.id"
        )
        return [_subscription(r) for r in await _fetchall(self.db, conn, sql, params)]

    async def remove_chat(self, conn: aiosqlite.Connection, chat_id: int) -> int:
        """Drop every subscription of a chat (the user blocked the bot); inside a transaction."""
        async with conn.execute("DELETE FROM stop_subscriptions WHERE chat_id = ?", (chat_id,)) as cursor:
            return cursor.rowcount

    async def alerted(self, stop_ids: Sequence[str], day: str) -> set[tuple[str, int]]:
        """(stop id, user id) pairs already reminded of these stops on this day."""
        if not stop_ids:
            return set()
        rows = await self.db.fetchall(
            "SELECT stop_id, user_id FROM stop_alerts_sent"
            f" WHERE day = ? AND stop_id IN ({_marks(stop_ids)})",
            (day, *stop_ids),
        )
        return {(str(r["stop_id"]), int(r["user_id"])) for r in rows}

    async def mark_alerted(
        self, conn: aiosqlite.Connection, stop_id: str, user_id: int, day: str, now: datetime
    ) -> bool:
        """Record a reminder inside the caller's transaction; False if it was already recorded."""
        async with conn.execute(
            "INSERT OR IGNORE INTO stop_alerts_sent (stop_id, user_id, day, sent_at) VALUES (?, ?, ?, ?)",
            (stop_id, user_id, day, to_iso(now)),
        ) as cursor:
            return cursor.rowcount > 0

    async def alerts_for_user(self, user_id: int) -> list[tuple[str, str]]:
        """(stop id, sent at) of the reminders a user got."""
        rows = await self.db.fetchall(
            "SELECT stop_id, sent_at FROM stop_alerts_sent WHERE user_id = ? ORDER BY sent_at", (user_id,)
        )
        return [(str(r["stop_id"]), str(r["sent_at"])) for r in rows]

    async def delete_user(self, user_id: int) -> int:
        """Forget a user's subscriptions and reminder records."""
        async with self.db.transaction() as conn:
            async with conn.execute("DELETE FROM stop_subscriptions WHERE user_id = ?", (user_id,)) as cursor:
                subscriptions = cursor.rowcount
            async with conn.execute("DELETE FROM stop_alerts_sent WHERE user_id = ?", (user_id,)) as cursor:
                alerts = cursor.rowcount
        return subscriptions + alerts

    async def purge(self, sent_before: datetime) -> int:
        """Drop old reminder records and the subscriptions of users who blocked the bot."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "DELETE FROM stop_alerts_sent WHERE sent_at < ?", (to_iso(sent_before),)
            ) as cursor:
                alerts = cursor.rowcount
            async with conn.execute(
                "DELETE FROM stop_subscriptions WHERE user_id IN"
                " (SELECT user_id FROM users WHERE blocked_at IS NOT NULL)"
            ) as cursor:
                blocked = cursor.rowcount
        return alerts + blocked


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


async def _fetchall(
    db: Database, conn: aiosqlite.Connection | None, sql: str, params: Sequence[object]
) -> list[sqlite3.Row]:
    """Read through the caller's transaction when given, else through the database."""
    if conn is None:
        return await db.fetchall(sql, params)
    async with conn.execute(sql, tuple(params)) as cursor:
        return list(await cursor.fetchall())
