"""The audit log of staff actions and the anonymous usage figures."""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiosqlite

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["MIGRATIONS", "AuditEntry", "AuditRepository", "StatsRepository"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "stats_0001_faq_daily",
        """
        CREATE TABLE faq_daily (
            day TEXT NOT NULL,
            decision TEXT NOT NULL,
            entry_id TEXT NOT NULL DEFAULT '',
            n INTEGER NOT NULL,
            PRIMARY KEY (day, decision, entry_id)
        ) WITHOUT ROWID;
        INSERT INTO faq_daily (day, decision, entry_id, n)
            SELECT substr(at, 1, 10), decision, COALESCE(entry_id, ''), COUNT(*) FROM faq_events
            GROUP BY substr(at, 1, 10), decision, COALESCE(entry_id, '')
        """,
    ),
)
"""Counters of FAQ events per UTC day, kept up to date by `StatsRepository.flush` (for /statistik)."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditEntry:
    """Who did what, when."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    ref_type: str | None
    ref_id: int | None
    detail: str | None


def _entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=from_iso(row["at"]),  # type: ignore[arg-type]
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        action=row["action"],
        ref_type=row["ref_type"],
        ref_id=row["ref_id"],
        detail=row["detail"],
    )


class AuditRepository:
    """SQL for the audit log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        conn: aiosqlite.Connection,
        *,
        now: datetime,
        actor_id: int | None,
        actor_name: str | None,
        action: str,
        ref_type: str | None = None,
        ref_id: int | None = None,
        detail: str | None = None,
    ) -> None:
        """Append one entry (inside the caller's transaction)."""
        await conn.execute(
            "INSERT INTO audit_log (at, actor_id, actor_name, action, ref_type, ref_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (to_iso(now), actor_id, actor_name, action, ref_type, ref_id, detail),
        )

    async def entries(
        self, ref_type: str | None = None, ref_id: int | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        """The newest entries, optionally for one ticket or request."""
        if ref_type is not None:
            rows = await self.db.fetchall(
                "SELECT * FROM audit_log WHERE ref_type = ? AND ref_id = ? ORDER BY id DESC LIMIT ?",
                (ref_type, ref_id, limit),
            )
        else:
            rows = await self.db.fetchall("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
        return [_entry(r) for r in rows]

    async def between(self, start: datetime | None, end: datetime | None) -> list[AuditEntry]:
        """Entries with start <= at < end, oldest first."""
        clauses, params = [], []
        if start is not None:
            clauses.append("at >= ?")
            params.append(to_iso(start))
        if end is not None:
            clauses.append("at < ?")
            params.append(to_iso(end))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = await self.db.fetchall(f"SELECT * FROM audit_log{where} ORDER BY at, id", params)
        return [_entry(r) for r in rows]


FLUSH_SECONDS = 1.0
"""How often the bot writes the buffered FAQ events (a job in bot/app.py)."""
BUFFER_LIMIT = 500
"""More buffered FAQ events than this are written at once, without waiting for the job."""
KEEP_LIMIT = 20 * BUFFER_LIMIT
"""While writing fails, at most this many events are kept; later ones are not counted."""


class StatsRepository:
    """Anonymous figures: FAQ decisions and feedback (no user ids stored).

    The FAQ event of each question is counted in memory and written in batches (`flush`:
    every FLUSH_SECONDS by a job, when BUFFER_LIMIT events wait, before /statistik reads,
    and at shutdown). Nothing else reads these rows; a crash loses at most the last
    second's anonymous counts, never a message or a citizen's data.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._events: list[tuple[str | None, str, str | None]] = []

    @property
    def buffered(self) -> int:
        """FAQ events counted but not yet written."""
        return len(self._events)

    async def record_question(self, decision: str, entry_id: str | None, now: datetime) -> None:
        """Count one citizen question and what the FAQ did with it (written by `flush`)."""
        if len(self._events) >= KEEP_LIMIT:
            return  # the database has failed for a while; the count is lost, the answer is not
        self._events.append((to_iso(now), decision, entry_id))
        if len(self._events) > BUFFER_LIMIT:
            try:
                await self.flush()
            except Exception:
                logger.exception("FAQ events could not be written; kept for the next try")

    async def flush(self) -> int:
        """Write the buffered FAQ events in one transaction; returns how many."""
        events, self._events = self._events, []
        if not events:
            return 0
        daily = Counter((str(at)[:10], decision, entry_id or "") for at, decision, entry_id in events)
        try:
            async with self.db.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO faq_events (at, decision, entry_id) VALUES (?, ?, ?)", events
                )
                await conn.executemany(
                    "INSERT INTO faq_daily (day, decision, entry_id, n) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (day, decision, entry_id) DO UPDATE SET n = n + excluded.n",
                    [(*key, n) for key, n in daily.items()],
                )
        except BaseException:
            self._events[:0] = events  # kept for the next try
            raise
        return len(events)

    async def record_feedback(self, entry_id: str, helpful: bool, now: datetime) -> None:
        """Store one 'helped / did not help' press."""
        await self.db.execute(
            "INSERT INTO feedback (at, entry_id, helpful) VALUES (?, ?, ?)",
            (to_iso(now), entry_id, int(helpful)),
        )

    async def feedback_for(self, entry_id: str) -> tuple[int, int]:
        """(helpful, not helpful) counts for an entry."""
        row = await self.db.fetchone(
            "SELECT COALESCE(SUM(helpful), 0) AS up, COALESCE(SUM(1 - helpful), 0) AS down"
            " FROM feedback WHERE entry_id = ?",
            (entry_id,),
        )
        return (int(row["up"]), int(row["down"])) if row else (0, 0)

    async def summary(self, since: datetime) -> dict[str, object]:
        """Figures for /statistik since a moment (buffered FAQ events are written first)."""
        await self.flush()
        stamp = to_iso(since)
        # whole UTC days from the counters, the part of the first day from the events themselves
        start = since.astimezone(UTC)
        midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
        first_day = midnight if midnight == start else midnight + timedelta(days=1)
        rows = await self.db.fetchall(
            "SELECT decision, entry_id, COUNT(*) AS n FROM faq_events WHERE at >= ? AND at < ?"
            " GROUP BY decision, entry_id"
            " UNION ALL SELECT decision, NULLIF(entry_id, ''), n FROM faq_daily WHERE day >= ?",
            (stamp, to_iso(first_day), first_day.date().isoformat()),
        )
        decisions: Counter[str] = Counter()
        topics: Counter[str] = Counter()
        for r in rows:
            decisions[str(r["decision"])] += int(r["n"])
            if r["entry_id"] is not None:
                topics[str(r["entry_id"])] += int(r["n"])
        top = sorted(topics.items(), key=lambda item: (-item[1], item[0]))[:5]
        tickets = await self.db.fetchone("SELECT COUNT(*) AS n FROM tickets WHERE created_at >= ?", (stamp,))
        answer_times = await self.db.fetchall(
            "SELECT (julianday(first_answer_at) - julianday(created_at)) * 24 * 60 AS minutes"
            " FROM tickets WHERE created_at >= ? AND first_answer_at IS NOT NULL ORDER BY minutes",
            (stamp,),
        )
        minutes = [float(r["minutes"]) for r in answer_times]
        median = minutes[len(minutes) // 2] if minutes else None
        return {
            "questions": sum(decisions.values()),
            "answered_by_faq": decisions.get("answer", 0),
            "suggested": decisions.get("suggest", 0),
            "unanswered": decisions.get("none", 0),
            "tickets": int(tickets["n"]) if tickets else 0,
            "median_first_answer_minutes": median,
            "top_topics": top,
        }
