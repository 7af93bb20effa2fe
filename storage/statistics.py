"""Reads for the statistics page, /statistik and the monthly report (anonymous figures only).

Every read is a range over an indexed time column: tickets by `created_at` (tickets_created),
FAQ decisions by the per-day counters (`faq_daily`, primary key) and, for the hours at the
edges of a local period, by `faq_events.at`; Vor-Ort requests by `created_at` (the index
of this module's migration) and visits by `(status, visit_start)`.
"""

from __future__ import annotations

import itertools
import sqlite3
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["MIGRATIONS", "StatisticsRepository", "VisitRow"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "statistics_0001_created_indexes",
        """
        CREATE INDEX tickets_created_answered ON tickets (created_at, first_answer_at, topic);
        CREATE INDEX appointments_created ON appointments (created_at)
        """,
    ),
)
"""Tickets per week with their answer times and topics read from an index alone; Vor-Ort
requests per month by their creation time. Appended to storage.schema.ALL."""


@dataclass(frozen=True)
class VisitRow:
    """A planned or carried-out Vor-Ort visit: its state and start."""

    status: str
    visit_start: datetime


_EPOCH = "unixepoch({})" if sqlite3.sqlite_version_info >= (3, 38) else "CAST(strftime('%s', {}) AS INTEGER)"
"""A stored ISO time as whole POSIX seconds (SQLite reads the +00:00 offset); NULL stays NULL.
`unixepoch` (SQLite 3.38) is a third faster than `strftime('%s')`."""


def _midnight_after(moment: datetime) -> datetime:
    """The first UTC midnight at or after moment."""
    start = moment.astimezone(UTC)
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == start else midnight + timedelta(days=1)


def _midnight_before(moment: datetime) -> datetime:
    """The last UTC midnight at or before moment."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


class StatisticsRepository:
    """SQL of the statistics; read-only."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def ticket_times(self, start: datetime, end: datetime) -> list[tuple[int, int]]:
        """(created, first staff answer or -1) in POSIX seconds of the tickets created in
        [start, end), oldest first (from the covering index, not the table)."""
        rows = await self.db.fetchall(
            f"SELECT {_EPOCH.format('created_at')}, IFNULL({_EPOCH.format('first_answer_at')}, -1)"
            " FROM tickets INDEXED BY tickets_created_answered"
            " WHERE created_at >= ? AND created_at < ? ORDER BY created_at",
            (to_iso(start), to_iso(end)),
        )
        return [(r[0], r[1]) for r in rows]

    async def ticket_topics(self, start: datetime, end: datetime) -> Counter[str]:
        """Tickets created in [start, end) by topic (the FAQ entry nearest to the question; '' none)."""
        rows = await self.db.fetchall(
            "SELECT IFNULL(topic, '') AS topic, COUNT(*) AS n"
            " FROM tickets INDEXED BY tickets_created_answered"
            " WHERE created_at >= ? AND created_at < ? GROUP BY IFNULL(topic, '')",
            (to_iso(start), to_iso(end)),
        )
        return Counter({str(r["topic"]): int(r["n"]) for r in rows})

    async def faq_decisions(self, start: datetime, end: datetime) -> Counter[tuple[str, str]]:
        """FAQ decisions in [start, end) by (decision, entry id or ''): whole UTC days from
        the counters, the hours before the first and after the last midnight from the events."""
        first, last = _midnight_after(start), _midnight_before(end)
        counts: Counter[tuple[str, str]] = Counter()
        if first >= last:  # no whole UTC day inside: the events alone
            await self._events(counts, start, end)
            return counts
        await self._events(counts, start, first)
        await self._events(counts, last, end)
        rows = await self.db.fetchall(
            "SELECT decision, entry_id, SUM(n) AS n FROM faq_daily WHERE day >= ? AND day < ?"
            " GROUP BY decision, entry_id",
            (first.date().isoformat(), last.date().isoformat()),
        )
        for r in rows:
            counts[(str(r["decision"]), str(r["entry_id"]))] += int(r["n"])
        return counts

    async def answers_per_span(self, bounds: Sequence[datetime]) -> list[int]:
        """The FAQ's answers in each span [bounds[i], bounds[i + 1]): whole UTC days from the
        counters (one query), the hours at the spans' edges from the events (one query)."""
        spans = list(itertools.pairwise(bounds))
        edges: list[tuple[datetime, datetime]] = []
        for start, end in spans:
            first, last = _midnight_after(start), _midnight_before(end)
            if first >= last:
                edges.append((start, end))
            else:
                edges += [(start, first), (last, end)]
        edges = [(a, b) for a, b in edges if a < b]
        daily = await self.db.fetchall(
            "SELECT day, SUM(n) AS n FROM faq_daily WHERE day >= ? AND day < ? AND decision = 'answer'"
            " GROUP BY day",
            (bounds[0].astimezone(UTC).date().isoformat(), _midnight_before(bounds[-1]).date().isoformat()),
        )
        minutes = []
        if edges:
            where = " OR ".join("(at >= ? AND at < ?)" for _ in edges)
            minutes = await self.db.fetchall(
                "SELECT substr(at, 1, 16) AS minute, COUNT(*) AS n FROM faq_events"
                f" WHERE decision = 'answer' AND ({where}) GROUP BY minute",
                [to_iso(moment) for edge in edges for moment in edge],
            )
        counts = [0] * len(spans)
        for start_i, (start, end) in enumerate(spans):
            first, last = _midnight_after(start), _midnight_before(end)
            if first < last:
                lo, hi = first.date().isoformat(), last.date().isoformat()
                counts[start_i] += sum(int(r["n"]) for r in daily if lo <= r["day"] < hi)
        stamps = [to_iso(moment) or "" for moment in bounds]
        for r in minutes:
            moment = f"{r['minute']}:00+00:00"
            index = bisect_right(stamps, moment) - 1
            if 0 <= index < len(spans):
                counts[index] += int(r["n"])
        return counts

    async def _events(self, counts: Counter[tuple[str, str]], start: datetime, end: datetime) -> None:
        if start >= end:
            return
        rows = await self.db.fetchall(
            "SELECT decision, COALESCE(entry_id, '') AS entry_id, COUNT(*) AS n FROM faq_events"
            " WHERE at >= ? AND at < ? GROUP BY decision, COALESCE(entry_id, '')",
            (to_iso(start), to_iso(end)),
        )
        for r in rows:
            counts[(str(r["decision"]), str(r["entry_id"]))] += int(r["n"])

    async def first_questions(self, start: datetime, end: datetime) -> list[tuple[str, int]]:
        """(first citizen text, citizen id) of the tickets created in [start, end) that still
        have both (deleted or anonymised tickets have neither)."""
        rows = await self.db.fetchall(
            "SELECT m.text AS text, t.user_id AS user_id"
            " FROM tickets t JOIN ticket_messages m ON m.id = ("
            "   SELECT MIN(id) FROM ticket_messages WHERE ticket_id = t.id)"
            " WHERE t.created_at >= ? AND t.created_at < ? AND t.user_id IS NOT NULL"
            " AND m.author = 'citizen' AND m.text IS NOT NULL",
            (to_iso(start), to_iso(end)),
        )
        return [(str(r["text"]), int(r["user_id"])) for r in rows]

    async def requests_created(self, start: datetime, end: datetime) -> list[datetime]:
        """Creation times of the Vor-Ort requests made in [start, end)."""
        rows = await self.db.fetchall(
            "SELECT created_at FROM appointments WHERE created_at >= ? AND created_at < ?",
            (to_iso(start), to_iso(end)),
        )
        return [from_iso(r["created_at"]) for r in rows]  # type: ignore[misc]

    async def visits(self, start: datetime, end: datetime) -> list[VisitRow]:
        """Confirmed and done visits starting in [start, end)."""
        rows = await self.db.fetchall(
            "SELECT status, visit_start FROM appointments WHERE status IN ('bestaetigt', 'erledigt')"
            " AND visit_start >= ? AND visit_start < ?",
            (to_iso(start), to_iso(end)),
        )
        return [VisitRow(str(r["status"]), from_iso(r["visit_start"])) for r in rows]  # type: ignore[arg-type]

    async def cancelled(self, start: datetime, end: datetime) -> int:
        """Requests cancelled or declined in [start, end) (by when they were finished)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM appointments WHERE status IN ('abgesagt', 'abgelehnt')"
            " AND finished_at >= ? AND finished_at < ?",
            (to_iso(start), to_iso(end)),
        )
        return int(row["n"]) if row else 0

    async def subscribers(self) -> tuple[int, int]:
        """(people with at least one stop alert, stop alerts) now."""
        row = await self.db.fetchone(
            "SELECT COUNT(DISTINCT user_id) AS people, COUNT(*) AS n FROM stop_subscriptions"
        )
        return (int(row["people"]), int(row["n"])) if row else (0, 0)
