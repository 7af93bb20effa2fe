"""The staff console's inbox query: tickets by state, staff chat, claimer and text, newest first."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, to_iso
from storage.tickets import Ticket, _ticket

__all__ = ["SEARCH_MERGE_PAGES", "InboxRepository", "InboxRow"]

SEARCH_MERGE_PAGES = 200
"""Index pages (about 4 KB each) one step of the search index's compaction writes: some 15 ms."""


@dataclass(frozen=True)
class InboxRow:
    """A ticket and the start of its first citizen message (None once anonymised)."""

    ticket: Ticket
    question: str | None


_FTS_FROM = 3
"""The trigram index answers substrings of three characters or more; shorter ones use LIKE."""

_QUESTION = (
    "(SELECT substr(m.text, 1, 160) FROM ticket_messages m WHERE m.ticket_id = t.id"
    " AND m.author = 'citizen' ORDER BY m.id LIMIT 1) AS question"
)


def _phrase(text: str) -> str:
    """`text` as one FTS5 phrase: with the trigram tokenizer, any substring of a document."""
    return '"' + text.replace('"', '""') + '"'


class InboxRepository:
    """Read-only queries for the console."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def search(
        self,
        *,
        states: Sequence[str] = (),
        staff_chat_id: int | None = None,
        claimed_by: int | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InboxRow]:
        """Tickets matching every given filter, newest first.

        The page's ids are chosen first (an index or the search index in order, stopping at
        `limit`); only those rows read their first question. A text of three characters or
        more asks the trigram index `ticket_search` (one document per ticket, rowid = id),
        read newest first; a shorter one is a LIKE over the messages; `#12` is a number.
        """
        where: list[str] = []
        params: list[object] = []
        source = "tickets t"
        order = "t.created_at DESC, t.id DESC"
        if states:
            where.append(f"t.status IN ({', '.join('?' for _ in states)})")
            params.extend(states)
        if staff_chat_id is not None:
            where.append("t.staff_chat_id = ?")
            params.append(staff_chat_id)
        if claimed_by is not None:
            where.append("t.claimed_by = ?")
            params.append(claimed_by)
        if text and text.lstrip("#").isdigit():
            where.append("t.id = ?")
            params.append(int(text.lstrip("#")))
        elif text and len(text) >= _FTS_FROM:
            source = "ticket_search s JOIN tickets t ON t.id = s.rowid"
            where.insert(0, "ticket_search MATCH ?")
            params.insert(0, _phrase(text))
            order = "s.rowid DESC"  # ids come in creation order: newest first, read in index order
        elif text:
            escaped = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
            where.append(  # newest first, stopping at the page: short texts are found in most tickets
                "EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id"
                " AND m.text LIKE ? ESCAPE '!')"
            )
            params.append(f"%{escaped}%")
        sql = (
            f"WITH page AS (SELECT t.id AS id FROM {source}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} LIMIT ? OFFSET ?)"
            f" SELECT t.*, {_QUESTION} FROM page JOIN tickets t ON t.id = page.id"
            + (" ORDER BY t.id DESC" if source != "tickets t" else f" ORDER BY {order}")
        )
        rows = await self.db.fetchall(sql, (*params, limit, offset))
        return [InboxRow(_ticket(row), row["question"]) for row in rows]

    @staticmethod
    async def release(
        conn: aiosqlite.Connection, ticket_id: int, now: datetime, *, claimed: str, back_to: str
    ) -> bool:
        """Move a claimed ticket back (nobody claims it); False when it was no longer claimed."""
        cursor = await conn.execute(
            "UPDATE tickets SET status = ?, claimed_by = NULL, claimed_by_name = NULL, updated_at = ?"
            " WHERE id = ? AND status = ?",
            (back_to, to_iso(now), ticket_id, claimed),
        )
        return cursor.rowcount == 1

    async def sent_card(self, ticket_id: int, chat_id: int) -> tuple[int, str] | None:
        """The message id and text of the ticket's card as sent to that staff chat (not a file copy)."""
        rows = await self.db.fetchall(
            "SELECT message_id, payload FROM outbox WHERE ref_type = 'ticket' AND ref_id = ?"
            " AND purpose = 'ticket_card' AND chat_id = ? AND status = 'sent' AND message_id IS NOT NULL"
            " ORDER BY id",
            (ticket_id, chat_id),
        )
        for row in rows:
            payload = json.loads(row["payload"])
            if isinstance(payload, dict) and isinstance(payload.get("text"), str) and "media" not in payload:
                return int(row["message_id"]), payload["text"]
        return None

    async def compact_search(self) -> int:
        """Merge the search index into one piece, in short steps: deleted texts leave their old segments.

        FTS5 deletes by adding delete markers; the deleted text's trigrams stay in the older
        segments until they are merged (with `secure_delete` the freed pages are zeroed). One
        `optimize` does it in one transaction (about 0.4 s at 1,000,000 tickets, the write lock
        held throughout); FTS5's `merge` does the same work in steps of about
        `SEARCH_MERGE_PAGES` pages, one transaction each, so other writers wait for one step at
        most. Only the first step starts the merge of all segments (a negative page count); the
        following ones continue it until a step has nothing left to do. Interrupted (a kill,
        a restart), the next call starts over and completes. Returns the number of steps.
        """
        steps = 0
        while await self._merge_step(first=steps == 0):
            steps += 1
            await asyncio.sleep(0)  # the writers waiting for the lock go first
        return steps + 1

    async def _merge_step(self, *, first: bool) -> bool:
        """One merge step of the search index; True when it did work (another may follow)."""
        pages = -SEARCH_MERGE_PAGES if first else SEARCH_MERGE_PAGES
        async with self.db.transaction() as conn:
            before = conn.total_changes
            await conn.execute(
                "INSERT INTO ticket_search (ticket_search, rank) VALUES ('merge', ?)", (pages,)
            )
            # FTS5 counts two or more changes when the step merged anything
            return conn.total_changes - before >= 2

    async def counts(self) -> dict[str, int]:
        """How many tickets are in each state (counters kept by triggers, `storage/indexes.py`)."""
        rows = await self.db.fetchall("SELECT status, n FROM ticket_counts WHERE n > 0")
        return {row["status"]: int(row["n"]) for row in rows}

    async def latest_change(self) -> str | None:
        """Changes when a ticket is added or changed (the live inbox asks it every second).

        The newest ticket, the newest audit entry (every action on a ticket writes one, a
        hand-over too) and the newest update time: each an index or rowid look-up.
        """
        row = await self.db.fetchone(
            "SELECT (SELECT MAX(id) FROM tickets) AS ticket, (SELECT MAX(id) FROM audit_log) AS audit,"
            " (SELECT MAX(updated_at) FROM tickets) AS at"
        )
        if row is None or row["ticket"] is None:
            return None
        return f"{row['ticket']}/{row['audit']}/{row['at']}"

    async def ticket_change(self, ticket_id: int) -> str:
        """Changes with anything the ticket page shows: state, messages, deliveries, notes, history."""
        row = await self.db.fetchone(
            "SELECT (SELECT status || '/' || updated_at || '/' || coalesce(staff_chat_id, '')"
            " || '/' || coalesce(claimed_by, '') || '/' || coalesce(anonymised_at, '')"
            " FROM tickets WHERE id = ?1) AS ticket,"
            " (SELECT COUNT(*) || '/' || coalesce(MAX(id), 0) || '/'"
            " || group_concat(coalesce(delivery, '-'), '') || '/' || SUM(text IS NULL)"
            " FROM ticket_messages WHERE ticket_id = ?1) AS messages,"
            " (SELECT coalesce(MAX(id), 0) FROM ticket_notes WHERE ticket_id = ?1) AS notes,"
            " (SELECT coalesce(MAX(id), 0) FROM audit_log"
            " WHERE ref_type = 'ticket' AND ref_id = ?1) AS history",
            (ticket_id,),
        )
        if row is None:
            return "-"
        return "|".join(str(row[key]) for key in ("ticket", "messages", "notes", "history"))
