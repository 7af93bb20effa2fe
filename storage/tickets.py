"""Tickets (questions escalated to staff) and their messages."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.citizens import TELEGRAM, channel_of
from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["MIGRATIONS", "OPEN_STATES", "Ticket", "TicketMessage", "TicketRepository"]

OPEN_STATES = ("open", "claimed", "answered")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "tickets_0001_close_reason",
        """
        ALTER TABLE tickets ADD COLUMN close_reason TEXT;
        CREATE INDEX tickets_status_updated ON tickets (status, updated_at)
        """,
    ),
    Migration(
        "tickets_0002_message_files",
        """
        ALTER TABLE ticket_messages ADD COLUMN file_kind TEXT;
        ALTER TABLE ticket_messages ADD COLUMN file_id TEXT;
        ALTER TABLE ticket_messages ADD COLUMN file_unique_id TEXT;
        ALTER TABLE ticket_messages ADD COLUMN file_size INTEGER
        """,
    ),
)


@dataclass(frozen=True)
class Ticket:
    """One escalated question."""

    id: int
    user_id: int | None
    chat_id: int | None
    language: str
    status: str
    topic: str | None
    staff_chat_id: int | None
    claimed_by: int | None
    claimed_by_name: str | None
    created_at: datetime
    updated_at: datetime
    first_answer_at: datetime | None
    closed_at: datetime | None
    reminded_at: datetime | None
    anonymised_at: datetime | None
    close_reason: str | None = None
    """Why it was closed: answered, citizen, auto, phone, duplicate, other (None while not closed)."""
    channel: str = TELEGRAM
    """The channel the citizen asked in ('telegram' or 'web'); kept after anonymisation."""


@dataclass(frozen=True)
class TicketMessage:
    """One message in a ticket's thread."""

    id: int
    ticket_id: int
    author: str
    staff_user_id: int | None
    staff_name: str | None
    text: str | None
    created_at: datetime
    delivery: str | None
    file_kind: str | None = None
    """A file sent with the message (voice, photo, …): its kind and Telegram file id, never the file."""
    file_id: str | None = None


def _ticket(row: sqlite3.Row) -> Ticket:
    return Ticket(
        id=row["id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        language=row["language"],
        status=row["status"],
        topic=row["topic"],
        staff_chat_id=row["staff_chat_id"],
        claimed_by=row["claimed_by"],
        claimed_by_name=row["claimed_by_name"],
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
        updated_at=from_iso(row["updated_at"]),  # type: ignore[arg-type]
        first_answer_at=from_iso(row["first_answer_at"]),
        closed_at=from_iso(row["closed_at"]),
        reminded_at=from_iso(row["reminded_at"]),
        anonymised_at=from_iso(row["anonymised_at"]),
        close_reason=row["close_reason"],
        channel=row["channel"],
    )


def _message(row: sqlite3.Row) -> TicketMessage:
    return TicketMessage(
        id=row["id"],
        ticket_id=row["ticket_id"],
        author=row["author"],
        staff_user_id=row["staff_user_id"],
        staff_name=row["staff_name"],
        text=row["text"],
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
        delivery=row["delivery"],
        file_kind=row["file_kind"],
        file_id=row["file_id"],
    )


class TicketRepository:
    """SQL for tickets; write methods take the connection of the caller's transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        conn: aiosqlite.Connection,
        *,
        user_id: int,
        chat_id: int,
        language: str,
        text: str,
        topic: str | None,
        staff_chat_id: int | None,
        now: datetime,
        press_key: str | None = None,
        file: tuple[str, str, str | None, int | None] | None = None,
    ) -> int:
        """Insert a new open ticket with its first message (and its file); returns the ticket id."""
        stamp = to_iso(now)
        async with conn.execute(
            "INSERT INTO tickets (user_id, chat_id, language, status, topic, staff_chat_id,"
            " created_at, updated_at, press_key, channel) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)",
            (user_id, chat_id, language, topic, staff_chat_id, stamp, stamp, press_key, channel_of(user_id)),
        ) as cursor:
            ticket_id = cursor.lastrowid
        assert ticket_id is not None
        await self.add_message(conn, ticket_id=ticket_id, author="citizen", text=text, now=now, file=file)
        return ticket_id

    async def add_message(
        self,
        conn: aiosqlite.Connection,
        *,
        ticket_id: int,
        author: str,
        text: str,
        now: datetime,
        staff_user_id: int | None = None,
        staff_name: str | None = None,
        delivery: str | None = None,
        press_key: str | None = None,
        file: tuple[str, str, str | None, int | None] | None = None,
    ) -> int:
        """Append a message to a ticket's thread.

        `press_key`: the press that made it, if any; `file`: (kind, file id, unique id, size) of a file.
        """
        kind, file_id, unique, size = file or (None, None, None, None)
        async with conn.execute(
            "INSERT INTO ticket_messages (ticket_id, author, staff_user_id, staff_name, text,"
            " created_at, delivery, press_key, file_kind, file_id, file_unique_id, file_size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ticket_id,
                author,
                staff_user_id,
                staff_name,
                text,
                to_iso(now),
                delivery,
                press_key,
                kind,
                file_id,
                unique,
                size,
            ),
        ) as cursor:
            return cursor.lastrowid or 0

    async def message_by_press(self, conn: aiosqlite.Connection, press_key: str) -> int | None:
        """The thread message a press made already (a replayed update), if any."""
        async with conn.execute("SELECT id FROM ticket_messages WHERE press_key = ?", (press_key,)) as cursor:
            row = await cursor.fetchone()
        return int(row["id"]) if row else None

    async def set_status(
        self,
        conn: aiosqlite.Connection,
        ticket_id: int,
        status: str,
        now: datetime,
        *,
        claimed_by: int | None = None,
        claimed_by_name: str | None = None,
        close_reason: str | None = None,
    ) -> None:
        """Move a ticket to a new state, stamping answer and close times (and the close reason)."""
        stamp = to_iso(now)
        await conn.execute(
            "UPDATE tickets SET status = ?, updated_at = ?,"
            " claimed_by = COALESCE(?, claimed_by), claimed_by_name = COALESCE(?, claimed_by_name),"
            " first_answer_at = CASE WHEN ? = 'answered' AND first_answer_at IS NULL"
            "   THEN ? ELSE first_answer_at END,"
            " closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END,"
            " close_reason = CASE WHEN ? = 'closed' THEN ? ELSE NULL END"
            " WHERE id = ?",
            (
                status,
                stamp,
                claimed_by,
                claimed_by_name,
                status,
                stamp,
                status,
                stamp,
                status,
                close_reason,
                ticket_id,
            ),
        )

    async def set_delivery(self, conn: aiosqlite.Connection, message_id: int, delivery: str) -> None:
        """Record whether a staff answer reached the citizen."""
        await conn.execute("UPDATE ticket_messages SET delivery = ? WHERE id = ?", (delivery, message_id))

    async def set_staff_chat(self, conn: aiosqlite.Connection, ticket_id: int, chat_id: int) -> None:
        """Route a ticket to another staff chat."""
        await conn.execute("UPDATE tickets SET staff_chat_id = ? WHERE id = ?", (chat_id, ticket_id))

    async def mark_reminded(self, conn: aiosqlite.Connection, ticket_id: int, now: datetime) -> None:
        """Remember that the overdue reminder went out."""
        await conn.execute("UPDATE tickets SET reminded_at = ? WHERE id = ?", (to_iso(now), ticket_id))

    async def get(self, ticket_id: int) -> Ticket | None:
        """One ticket by id."""
        row = await self.db.fetchone("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return _ticket(row) if row else None

    async def messages(self, ticket_id: int) -> list[TicketMessage]:
        """The thread of a ticket, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM ticket_messages WHERE ticket_id = ? ORDER BY id", (ticket_id,)
        )
        return [_message(r) for r in rows]

    async def message(self, message_id: int) -> TicketMessage | None:
        """One thread message by id."""
        row = await self.db.fetchone("SELECT * FROM ticket_messages WHERE id = ?", (message_id,))
        return _message(row) if row else None

    async def open_for_user(self, user_id: int) -> list[Ticket]:
        """A citizen's tickets that are not closed, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE user_id = ? AND status IN ('open', 'claimed', 'answered')"
            " ORDER BY id DESC",
            (user_id,),
            direct=True,  # asked on every citizen message; a few rows by the user's index
        )
        return [_ticket(r) for r in rows]

    async def for_user(self, user_id: int, limit: int = 10) -> list[Ticket]:
        """A citizen's tickets, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        )
        return [_ticket(r) for r in rows]

    async def unanswered(self, limit: int = 50) -> list[Ticket]:
        """Open and claimed tickets, oldest first (the staff backlog)."""
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE status IN ('open', 'claimed') ORDER BY created_at LIMIT ?",
            (limit,),
        )
        return [_ticket(r) for r in rows]

    async def answered_since(self, limit: int = 50) -> list[Ticket]:
        """Answered tickets that are not closed yet (a follow-up may still come), oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE status = 'answered' ORDER BY updated_at LIMIT ?", (limit,)
        )
        return [_ticket(r) for r in rows]

    async def answered_before(self, before: datetime) -> list[Ticket]:
        """Answered tickets whose last change is older than `before` (to close them by themselves)."""
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE status = 'answered' AND updated_at < ? ORDER BY updated_at",
            (to_iso(before),),
        )
        return [_ticket(r) for r in rows]

    async def count_unanswered(self) -> int:
        """How many tickets wait for staff."""
        row = await self.db.fetchone("SELECT COUNT(*) AS n FROM tickets WHERE status IN ('open', 'claimed')")
        return int(row["n"]) if row else 0

    async def by_press(self, conn: aiosqlite.Connection, press_key: str) -> int | None:
        """The ticket a button press already created, if any."""
        async with conn.execute("SELECT id FROM tickets WHERE press_key = ?", (press_key,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def created_since(self, user_id: int, since: datetime) -> int:
        """How many tickets a citizen opened since a moment (for the daily limit)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM tickets WHERE user_id = ? AND created_at >= ?",
            (user_id, to_iso(since)),
        )
        return int(row["n"]) if row else 0

    async def overdue(self, created_before: datetime) -> list[Ticket]:
        """Unanswered tickets created before a moment that were not reminded yet."""
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE status IN ('open', 'claimed') AND reminded_at IS NULL"
            " AND created_at < ? ORDER BY created_at",
            (to_iso(created_before),),
        )
        return [_ticket(r) for r in rows]

    async def first_citizen_text(self, ticket_id: int) -> str | None:
        """The question that opened the ticket."""
        row = await self.db.fetchone(
            "SELECT text FROM ticket_messages WHERE ticket_id = ? AND author = 'citizen' ORDER BY id LIMIT 1",
            (ticket_id,),
        )
        return row["text"] if row else None
