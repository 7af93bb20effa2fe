"""The teams' calendar feeds: per staff chat one secret link, stored only as a keyed hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["MIGRATIONS", "Feed", "FeedRepository"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "appointment_feeds_0001_team_feeds",
        """
        CREATE TABLE appointment_feeds (
            team_chat_id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        )
        """,
    ),
)
"""This feature's migrations; appended to storage.schema.ALL."""


@dataclass(frozen=True)
class Feed:
    """A team's live feed link (its token itself is never stored)."""

    team_chat_id: int
    created_at: datetime
    created_by: str


class FeedRepository:
    """SQL of the feeds; writes take the caller's transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    async def replace(
        conn: aiosqlite.Connection, team_chat_id: int, token_hash: str, now: datetime, by: str
    ) -> None:
        """Set a team's feed to a new token (the old link stops working)."""
        await conn.execute(
            "INSERT INTO appointment_feeds (team_chat_id, token_hash, created_at, created_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (team_chat_id) DO UPDATE SET"
            " token_hash = excluded.token_hash, created_at = excluded.created_at,"
            " created_by = excluded.created_by",
            (team_chat_id, token_hash, to_iso(now), by),
        )

    @staticmethod
    async def remove(conn: aiosqlite.Connection, team_chat_id: int) -> bool:
        """Revoke a team's feed; False when it had none."""
        async with conn.execute(
            "DELETE FROM appointment_feeds WHERE team_chat_id = ?", (team_chat_id,)
        ) as cursor:
            return cursor.rowcount > 0

    async def team_of(self, token_hash: str) -> int | None:
        """The team whose live feed has this token hash."""
        row = await self.db.fetchone(
            "SELECT team_chat_id FROM appointment_feeds WHERE token_hash = ?", (token_hash,)
        )
        return int(row["team_chat_id"]) if row else None

    async def all(self) -> list[Feed]:
        """Every live feed."""
        rows = await self.db.fetchall("SELECT * FROM appointment_feeds ORDER BY team_chat_id")
        return [
            Feed(int(r["team_chat_id"]), from_iso(r["created_at"]), str(r["created_by"]))  # type: ignore[arg-type]
            for r in rows
        ]
