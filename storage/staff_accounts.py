"""Staff accounts of the web console, their sessions, internal ticket notes and canned answers."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = [
    "MIGRATIONS",
    "CannedAnswer",
    "StaffAccount",
    "StaffAccountRepository",
    "StaffSession",
    "TicketNote",
]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "staff_accounts_0001_accounts_sessions_notes_canned",
        """
        CREATE TABLE staff_accounts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            role TEXT NOT NULL CHECK (role IN ('agent', 'vorort', 'admin')),
            password_hash TEXT NOT NULL,
            telegram_user_id INTEGER,
            created_at TEXT NOT NULL,
            disabled_at TEXT,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            last_login_at TEXT
        );
        CREATE TABLE staff_sessions (
            token_hash TEXT PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        );
        CREATE INDEX staff_sessions_account ON staff_sessions (account_id);
        CREATE TABLE ticket_notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
            author_id INTEGER NOT NULL,
            author_name TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_id, id);
        CREATE TABLE canned_answers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL UNIQUE COLLATE NOCASE,
            body TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
    ),
    Migration(
        "staff_accounts_0002_inbox_mine_index",
        # the console's "only mine" list: newest first among one claimer's tickets
        "CREATE INDEX tickets_claimed_by_created ON tickets (claimed_by, created_at)",
    ),
)


@dataclass(frozen=True)
class StaffAccount:
    """A person who signs in to the web console."""

    id: int
    name: str
    role: str
    password_hash: str
    telegram_user_id: int | None
    created_at: datetime
    disabled_at: datetime | None
    failed_logins: int
    locked_until: datetime | None
    last_login_at: datetime | None


@dataclass(frozen=True)
class StaffSession:
    """A signed-in browser: the account, its CSRF token and when it was last active."""

    token_hash: str
    account_id: int
    csrf: str
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class TicketNote:
    """An internal note on a ticket: for staff only, never sent to the citizen."""

    id: int
    ticket_id: int
    author_id: int
    author_name: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class CannedAnswer:
    """A prepared answer text with placeholders ({name}, {ticket})."""

    id: int
    title: str
    body: str
    updated_by: str
    updated_at: datetime


def _account(row: sqlite3.Row) -> StaffAccount:
    return StaffAccount(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        password_hash=row["password_hash"],
        telegram_user_id=row["telegram_user_id"],
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
        disabled_at=from_iso(row["disabled_at"]),
        failed_logins=row["failed_logins"],
        locked_until=from_iso(row["locked_until"]),
        last_login_at=from_iso(row["last_login_at"]),
    )


class StaffAccountRepository:
    """SQL for accounts, sessions, notes and canned answers."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- accounts -------------------------------------------------------------------------------
    @staticmethod
    async def add(
        conn: aiosqlite.Connection,
        name: str,
        role: str,
        password_hash: str,
        now: datetime,
        telegram_user_id: int | None,
    ) -> int:
        """Insert an account; raises sqlite3.IntegrityError when the name is taken."""
        cursor = await conn.execute(
            "INSERT INTO staff_accounts (name, role, password_hash, telegram_user_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (name, role, password_hash, telegram_user_id, to_iso(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def by_name(self, name: str) -> StaffAccount | None:
        """The account with this name (any case)."""
        row = await self.db.fetchone("SELECT * FROM staff_accounts WHERE name = ?", (name,))
        return _account(row) if row else None

    async def get(self, account_id: int) -> StaffAccount | None:
        """The account with this id."""
        row = await self.db.fetchone("SELECT * FROM staff_accounts WHERE id = ?", (account_id,))
        return _account(row) if row else None

    async def all(self) -> list[StaffAccount]:
        """Every account, by name."""
        rows = await self.db.fetchall("SELECT * FROM staff_accounts ORDER BY name")
        return [_account(row) for row in rows]

    async def record_login(
        self, account_id: int, *, failed_logins: int, locked_until: datetime | None, login_at: datetime | None
    ) -> None:
        """Store the outcome of a sign-in attempt."""
        await self.db.execute(
            "UPDATE staff_accounts SET failed_logins = ?, locked_until = ?,"
            " last_login_at = COALESCE(?, last_login_at) WHERE id = ?",
            (failed_logins, to_iso(locked_until), to_iso(login_at), account_id),
        )

    async def set_password(self, account_id: int, password_hash: str) -> None:
        """Replace the password hash (and unlock)."""
        await self.db.execute(
            "UPDATE staff_accounts SET password_hash = ?, failed_logins = 0, locked_until = NULL"
            " WHERE id = ?",
            (password_hash, account_id),
        )

    @staticmethod
    async def set_role(conn: aiosqlite.Connection, account_id: int, role: str) -> None:
        """Give the account another role (from the identity provider's groups)."""
        await conn.execute("UPDATE staff_accounts SET role = ? WHERE id = ?", (role, account_id))

    @staticmethod
    async def disable(conn: aiosqlite.Connection, account_id: int, now: datetime) -> None:
        """Disable the account and end all its sessions."""
        await conn.execute(
            "UPDATE staff_accounts SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?",
            (to_iso(now), account_id),
        )
        await conn.execute("DELETE FROM staff_sessions WHERE account_id = ?", (account_id,))

    # -- sessions -------------------------------------------------------------------------------
    async def open_session(self, token_hash: str, account_id: int, csrf: str, now: datetime) -> None:
        """Store a new session."""
        await self.db.execute(
            "INSERT INTO staff_sessions (token_hash, account_id, csrf, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (token_hash, account_id, csrf, to_iso(now), to_iso(now)),
        )

    async def session(self, token_hash: str) -> StaffSession | None:
        """The session with this token hash."""
        row = await self.db.fetchone("SELECT * FROM staff_sessions WHERE token_hash = ?", (token_hash,))
        if row is None:
            return None
        return StaffSession(
            token_hash=row["token_hash"],
            account_id=row["account_id"],
            csrf=row["csrf"],
            created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
            last_seen_at=from_iso(row["last_seen_at"]),  # type: ignore[arg-type]
        )

    async def touch_session(self, token_hash: str, now: datetime) -> None:
        """Mark the session active now."""
        await self.db.execute(
            "UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?", (to_iso(now), token_hash)
        )

    async def close_session(self, token_hash: str) -> None:
        """End one session."""
        await self.db.execute("DELETE FROM staff_sessions WHERE token_hash = ?", (token_hash,))

    async def close_idle_sessions(self, idle_before: datetime) -> int:
        """End sessions inactive since the moment."""
        return await self.db.execute(
            "DELETE FROM staff_sessions WHERE last_seen_at < ?", (to_iso(idle_before),)
        )

    # -- notes ----------------------------------------------------------------------------------
    @staticmethod
    async def add_note(
        conn: aiosqlite.Connection, ticket_id: int, author_id: int, author_name: str, text: str, now: datetime
    ) -> int:
        """Store an internal note."""
        cursor = await conn.execute(
            "INSERT INTO ticket_notes (ticket_id, author_id, author_name, text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (ticket_id, author_id, author_name, text, to_iso(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def notes(self, ticket_id: int) -> list[TicketNote]:
        """The notes of a ticket, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM ticket_notes WHERE ticket_id = ? ORDER BY id", (ticket_id,)
        )
        return [
            TicketNote(
                id=row["id"],
                ticket_id=row["ticket_id"],
                author_id=row["author_id"],
                author_name=row["author_name"],
                text=row["text"],
                created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
            )
            for row in rows
        ]

    # -- canned answers -------------------------------------------------------------------------
    async def canned(self) -> list[CannedAnswer]:
        """Every canned answer, by title."""
        rows = await self.db.fetchall("SELECT * FROM canned_answers ORDER BY title")
        return [
            CannedAnswer(
                id=row["id"],
                title=row["title"],
                body=row["body"],
                updated_by=row["updated_by"],
                updated_at=from_iso(row["updated_at"]),  # type: ignore[arg-type]
            )
            for row in rows
        ]

    @staticmethod
    async def save_canned(conn: aiosqlite.Connection, title: str, body: str, by: str, now: datetime) -> None:
        """Add a canned answer or replace the one with the same title."""
        await conn.execute(
            "INSERT INTO canned_answers (title, body, updated_by, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (title) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            (title, body, by, to_iso(now)),
        )

    @staticmethod
    async def delete_canned(conn: aiosqlite.Connection, canned_id: int) -> int:
        """Remove a canned answer."""
        cursor = await conn.execute("DELETE FROM canned_answers WHERE id = ?", (canned_id,))
        return cursor.rowcount
