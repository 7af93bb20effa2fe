"""Checked stop-plan uploads waiting for their preview to be confirmed (one row per upload).

The row holds the uploaded bytes and the staff account it belongs to; the token shown in the
form is stored only as its SHA-256 (`token_hash`). `applied_at` is set by the one "apply"
that claims the row, so a second press (or a second worker) finds it taken.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["MIGRATIONS", "StopDraftRecord", "StopDraftRepository"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "stop_drafts_0001_pending_uploads",
        """
        CREATE TABLE stop_import_drafts (
            token_hash TEXT PRIMARY KEY,
            account_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            fmt TEXT NOT NULL CHECK (fmt IN ('csv', 'yaml')),
            data BLOB NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            applied_at TEXT
        );
        CREATE INDEX stop_import_drafts_account ON stop_import_drafts (account_id, created_at);
        CREATE INDEX stop_import_drafts_expires ON stop_import_drafts (expires_at)
        """,
    ),
)
"""Pending stop-plan uploads of the console (appended to storage.schema.ALL)."""


@dataclass(frozen=True)
class StopDraftRecord:
    """One stored upload."""

    account_id: int
    name: str
    fmt: str
    data: bytes
    created_at: datetime
    expires_at: datetime
    applied_at: datetime | None


def _record(row: sqlite3.Row) -> StopDraftRecord:
    return StopDraftRecord(
        account_id=int(row["account_id"]),
        name=str(row["name"]),
        fmt=str(row["fmt"]),
        data=bytes(row["data"]),
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
        expires_at=from_iso(row["expires_at"]),  # type: ignore[arg-type]
        applied_at=from_iso(row["applied_at"]),
    )


class StopDraftRepository:
    """SQL of the pending uploads."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(
        self,
        token_hash: str,
        account_id: int,
        name: str,
        fmt: str,
        data: bytes,
        now: datetime,
        expires: datetime,
        keep: int,
    ) -> None:
        """Store an upload; expired rows go, and the account keeps at most `keep` unapplied ones."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM stop_import_drafts WHERE expires_at < ?", (to_iso(now),))
            await conn.execute(
                "INSERT INTO stop_import_drafts (token_hash, account_id, name, fmt, data, created_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token_hash, account_id, name, fmt, data, to_iso(now), to_iso(expires)),
            )
            await conn.execute(
                "DELETE FROM stop_import_drafts WHERE account_id = ? AND applied_at IS NULL"
                " AND token_hash NOT IN (SELECT token_hash FROM stop_import_drafts"
                "   WHERE account_id = ? AND applied_at IS NULL"
                "   ORDER BY created_at DESC, rowid DESC LIMIT ?)",
                (account_id, account_id, keep),
            )

    async def get(self, token_hash: str) -> StopDraftRecord | None:
        """The upload with this token hash (applied or not, expired or not)."""
        row = await self.db.fetchone(
            "SELECT account_id, name, fmt, data, created_at, expires_at, applied_at"
            " FROM stop_import_drafts WHERE token_hash = ?",
            (token_hash,),
        )
        return _record(row) if row is not None else None

    async def claim(self, token_hash: str, account_id: int, now: datetime) -> bool:
        """Mark the account's unexpired, unapplied upload as applied; False when it was not (any more)."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "UPDATE stop_import_drafts SET applied_at = ? WHERE token_hash = ? AND account_id = ?"
                " AND applied_at IS NULL AND expires_at >= ?",
                (to_iso(now), token_hash, account_id, to_iso(now)),
            ) as cursor,
        ):
            return cursor.rowcount == 1

    async def release(self, token_hash: str) -> None:
        """Undo a claim (the apply failed before anything was written)."""
        await self.db.execute(
            "UPDATE stop_import_drafts SET applied_at = NULL WHERE token_hash = ?", (token_hash,)
        )

    async def count(self) -> int:
        """How many uploads are stored (tests, bounds)."""
        row = await self.db.fetchone("SELECT COUNT(*) AS n FROM stop_import_drafts")
        return int(row["n"]) if row else 0
