"""The FAQ review list: questions the bot missed, "Meinten Sie" choices, 👎, and draft entries.

A review item keeps the citizen's words (personal data) with their user and, once it became
one, their ticket; `core/faq_learning.py` groups, resolves and purges them. A draft entry is
a staff answer to a ticket on its way into the FAQ overlay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["KINDS", "MIGRATIONS", "Draft", "FaqReviewRepository", "ReviewRow"]

KINDS = ("unanswered", "suggestion", "not_helpful")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "faq_reviews_0001_items_drafts",
        """
        CREATE TABLE faq_review_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('unanswered', 'suggestion', 'not_helpful')),
            at TEXT NOT NULL,
            user_id INTEGER,
            ticket_id INTEGER,
            text TEXT NOT NULL,
            lang TEXT,
            entry_id TEXT,
            guesses TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),
            resolved_at TEXT,
            resolved_by TEXT
        );
        CREATE INDEX faq_review_items_open ON faq_review_items (status, at);
        CREATE INDEX faq_review_items_at ON faq_review_items (at);
        CREATE INDEX faq_review_items_user ON faq_review_items (user_id) WHERE user_id IS NOT NULL;
        CREATE INDEX faq_review_items_ticket ON faq_review_items (ticket_id) WHERE ticket_id IS NOT NULL;
        CREATE TABLE faq_drafts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            created_by TEXT,
            ticket_id INTEGER,
            user_id INTEGER,
            entry_id TEXT NOT NULL,
            title TEXT NOT NULL,
            question TEXT,
            answer TEXT NOT NULL,
            link TEXT,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
            approved_at TEXT,
            approved_by TEXT
        );
        CREATE UNIQUE INDEX faq_drafts_ticket ON faq_drafts (ticket_id) WHERE ticket_id IS NOT NULL;
        CREATE INDEX faq_drafts_user ON faq_drafts (user_id) WHERE user_id IS NOT NULL
        """,
    ),
)
"""Appended at the end of storage.schema.ALL."""


@dataclass(frozen=True)
class ReviewRow:
    """One missed question, "Meinten Sie" choice or 👎."""

    id: int
    kind: str
    at: datetime
    user_id: int | None
    ticket_id: int | None
    text: str
    lang: str | None
    entry_id: str | None
    guesses: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Draft:
    """A draft FAQ entry made from a staff answer; staff complete and approve it."""

    id: int
    created_at: datetime
    created_by: str | None
    ticket_id: int | None
    user_id: int | None
    entry_id: str
    title: str
    question: str | None
    answer: str
    link: str | None
    status: str


DRAFT_FIELDS = ("entry_id", "title", "question", "answer", "link")


def _item(row: Any) -> ReviewRow:
    at = from_iso(row["at"])
    assert at is not None
    return ReviewRow(
        id=int(row["id"]),
        kind=str(row["kind"]),
        at=at,
        user_id=row["user_id"],
        ticket_id=row["ticket_id"],
        text=str(row["text"]),
        lang=row["lang"],
        entry_id=row["entry_id"],
        guesses=tuple(g for g in str(row["guesses"]).split(",") if g),
        status=str(row["status"]),
    )


def _draft(row: Any) -> Draft:
    created = from_iso(row["created_at"])
    assert created is not None
    return Draft(
        id=int(row["id"]),
        created_at=created,
        created_by=row["created_by"],
        ticket_id=row["ticket_id"],
        user_id=row["user_id"],
        entry_id=str(row["entry_id"]),
        title=str(row["title"]),
        question=row["question"],
        answer=str(row["answer"]),
        link=row["link"],
        status=str(row["status"]),
    )


class FaqReviewRepository:
    """Reads and writes the review items and the drafts."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _changes(self, sql: str, params: Sequence[object]) -> int:
        """Run one write statement in its own transaction; returns the number of rows it changed."""
        async with self.db.transaction() as conn, conn.execute(sql, tuple(params)) as cursor:
            return cursor.rowcount

    # -- items -------------------------------------------------------------------------------

    async def add(
        self,
        *,
        kind: str,
        at: datetime,
        text: str,
        user_id: int | None,
        lang: str | None,
        entry_id: str | None,
        guesses: Sequence[str],
    ) -> int:
        """Store one item; returns its id."""
        async with self.db.transaction() as conn, conn.execute(
            "INSERT INTO faq_review_items (kind, at, user_id, text, lang, entry_id, guesses)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, to_iso(at), user_id, text, lang, entry_id, ",".join(guesses)),
        ) as cursor:
            return int(cursor.lastrowid or 0)

    async def mark_choice(self, user_id: int, text: str, entry_id: str) -> bool:
        """The user's latest open miss of this text becomes a "Meinten Sie" choice of the entry."""
        changed = await self._changes(
            "UPDATE faq_review_items SET kind = 'suggestion', entry_id = ? WHERE id = ("
            " SELECT id FROM faq_review_items WHERE user_id = ? AND text = ? AND kind = 'unanswered'"
            " AND status = 'open' ORDER BY id DESC LIMIT 1)",
            (entry_id, user_id, text),
        )
        return changed > 0

    async def link_ticket(self, user_id: int, text: str, ticket_id: int) -> int:
        """Link the user's unlinked items with this text to the ticket it became."""
        return await self._changes(
            "UPDATE faq_review_items SET ticket_id = ?"
            " WHERE user_id = ? AND text = ? AND ticket_id IS NULL",
            (ticket_id, user_id, text),
        )

    async def open_items(self, since: datetime, limit: int = 5000) -> list[ReviewRow]:
        """The open items since the moment, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM faq_review_items WHERE status = 'open' AND at >= ?"
            " ORDER BY at DESC, id DESC LIMIT ?",
            (to_iso(since), limit),
        )
        return [_item(row) for row in rows]

    async def items(self, ids: Sequence[int]) -> list[ReviewRow]:
        """The items with these ids (any status)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = await self.db.fetchall(f"SELECT * FROM faq_review_items WHERE id IN ({marks})", tuple(ids))
        return [_item(row) for row in rows]

    async def resolve(self, ids: Sequence[int], status: str, at: datetime, by: str) -> int:
        """Mark open items done or dismissed; returns how many were still open."""
        if not ids:
            return 0
        marks = ",".join("?" * len(ids))
        return await self._changes(
            f"UPDATE faq_review_items SET status = ?, resolved_at = ?, resolved_by = ?"
            f" WHERE status = 'open' AND id IN ({marks})",
            (status, to_iso(at), by, *ids),
        )

    async def resolve_ticket(self, ticket_id: int, at: datetime, by: str) -> int:
        """Mark the open items of a ticket done (its answer became an entry)."""
        return await self._changes(
            "UPDATE faq_review_items SET status = 'done', resolved_at = ?, resolved_by = ?"
            " WHERE ticket_id = ? AND status = 'open'",
            (to_iso(at), by, ticket_id),
        )

    # -- drafts ------------------------------------------------------------------------------

    async def add_draft(
        self,
        *,
        at: datetime,
        by: str,
        ticket_id: int,
        user_id: int | None,
        entry_id: str,
        title: str,
        question: str | None,
        answer: str,
    ) -> tuple[int, bool]:
        """Store a draft for a ticket: (id, created); a ticket has at most one draft."""
        async with self.db.transaction() as conn:
            async with conn.execute("SELECT id FROM faq_drafts WHERE ticket_id = ?", (ticket_id,)) as cur:
                row = await cur.fetchone()
            if row is not None:
                return int(row["id"]), False
            async with conn.execute(
                "INSERT INTO faq_drafts (created_at, created_by, ticket_id, user_id, entry_id, title,"
                " question, answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (to_iso(at), by, ticket_id, user_id, entry_id, title, question, answer),
            ) as cursor:
                return int(cursor.lastrowid or 0), True

    async def draft(self, draft_id: int) -> Draft | None:
        """One draft, or None."""
        row = await self.db.fetchone("SELECT * FROM faq_drafts WHERE id = ?", (draft_id,))
        return _draft(row) if row else None

    async def drafts(self, status: str = "draft") -> list[Draft]:
        """The drafts in a state, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM faq_drafts WHERE status = ? ORDER BY id DESC LIMIT 200", (status,)
        )
        return [_draft(row) for row in rows]

    async def edit_draft(self, draft_id: int, field: str, value: str | None) -> bool:
        """Change one field of a draft that is not approved yet."""
        if field not in DRAFT_FIELDS:
            raise ValueError(f"not a draft field: {field}")
        changed = await self._changes(
            f"UPDATE faq_drafts SET {field} = ? WHERE id = ? AND status = 'draft'", (value, draft_id)
        )
        return changed > 0

    async def approve_draft(self, draft_id: int, at: datetime, by: str) -> bool:
        """Mark a draft approved; False when it was approved already (or is gone)."""
        changed = await self._changes(
            "UPDATE faq_drafts SET status = 'approved', approved_at = ?, approved_by = ?"
            " WHERE id = ? AND status = 'draft'",
            (to_iso(at), by, draft_id),
        )
        return changed > 0

    # -- privacy -----------------------------------------------------------------------------

    async def export(self, user_id: int) -> dict[str, Any]:
        """What is stored about the user: their items and the drafts made from their tickets."""
        items = await self.db.fetchall(
            "SELECT kind, at, text, entry_id, ticket_id FROM faq_review_items WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        drafts = await self.db.fetchall(
            "SELECT created_at, ticket_id, question, answer, status FROM faq_drafts"
            " WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        result: dict[str, Any] = {}
        if items:
            result["questions"] = [dict(row) for row in items]
        if drafts:
            result["drafts"] = [dict(row) for row in drafts]
        return result

    async def delete(self, user_id: int) -> int:
        """Remove the user's items and unapproved drafts; approved drafts lose the link and the question."""
        async with self.db.transaction() as conn:
            async with conn.execute("DELETE FROM faq_review_items WHERE user_id = ?", (user_id,)) as cur:
                removed = cur.rowcount
            async with conn.execute(
                "DELETE FROM faq_drafts WHERE user_id = ? AND status = 'draft'", (user_id,)
            ) as cur:
                removed += cur.rowcount
            async with conn.execute(
                "UPDATE faq_drafts SET user_id = NULL, ticket_id = NULL, question = NULL WHERE user_id = ?",
                (user_id,),
            ) as cur:
                removed += cur.rowcount
        return removed

    async def purge(self, before: datetime) -> int:
        """Remove items older than the moment or of anonymised tickets; unlink such drafts."""
        cut = to_iso(before)
        anonymised = "SELECT id FROM tickets WHERE anonymised_at IS NOT NULL AND id = {col}"
        async with self.db.transaction() as conn:
            async with conn.execute("DELETE FROM faq_review_items WHERE at < ?", (cut,)) as cur:
                removed = cur.rowcount
            async with conn.execute(  # the partial index holds only items with a ticket
                "DELETE FROM faq_review_items WHERE ticket_id IS NOT NULL"
                f" AND EXISTS ({anonymised.format(col='faq_review_items.ticket_id')})"
            ) as cur:
                removed += cur.rowcount
            async with conn.execute(
                "UPDATE faq_drafts SET user_id = NULL, ticket_id = NULL, question = NULL"
                " WHERE (user_id IS NOT NULL OR ticket_id IS NOT NULL) AND (created_at < ? OR"
                f" EXISTS ({anonymised.format(col='faq_drafts.ticket_id')}))",
                (cut,),
            ) as cur:
                removed += cur.rowcount
        return removed
