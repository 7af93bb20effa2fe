"""Reads for the statistics page, /statistik and the monthly report (anonymous figures only).

Every read is a range over an indexed time column: tickets by `created_at` (tickets_created),
FAQ decisions by the per-day counters (`faq_daily`, primary key) and, for the hours at the
edges of a local period, by `faq_events.at`; Vor-Ort requests by `created_at` (the index
of this module's migration) and visits by `(status, visit_start)`. Reads that would return a
row per ticket or request come back as one row (counted by SQLite, or the times joined into one
text for numpy), so the page makes no Python object per ticket.
`tests/storage/test_statistics_plans.py` explains every statement and fails on a full scan.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from storage.db import Database, to_iso
from storage.migration import Migration

__all__ = ["MIGRATIONS", "StatisticsRepository", "normalise"]

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


_EPOCH = "unixepoch({})" if sqlite3.sqlite_version_info >= (3, 38) else "CAST(strftime('%s', {}) AS INTEGER)"
"""A stored ISO time as whole POSIX seconds (SQLite reads the +00:00 offset); NULL stays NULL.
`unixepoch` (SQLite 3.38) is a third faster than `strftime('%s')`."""
_EMPTY = np.zeros((0, 2), dtype=np.float64)


def _midnight_after(moment: datetime) -> datetime:
    """The first UTC midnight at or after moment."""
    start = moment.astimezone(UTC)
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == start else midnight + timedelta(days=1)


def _midnight_before(moment: datetime) -> datetime:
    """The last UTC midnight at or before moment."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def normalise(text: str) -> str:
    """A question as compared for repeats: case-folded, spaces collapsed."""
    return " ".join(text.casefold().split())


def _normalise_or_none(text: object) -> str | None:
    return normalise(text) if isinstance(text, str) else None


@dataclass(frozen=True)
class _Pieces:
    """A period as the FAQ figures count it: UTC days [days[0], days[1]) from the counters,
    plus the events in `plus`, minus the events in `minus` (at most two ranges each)."""

    days: tuple[str, str]
    plus: list[tuple[datetime, datetime]]
    minus: list[tuple[datetime, datetime]]


def _pieces(start: datetime, end: datetime) -> _Pieces:
    """[start, end) with as few events to count as possible. An edge that is not a UTC midnight
    is either its hours counted from the events (start to the next midnight, the last midnight
    to end) or its whole day from the counters minus the hours outside, whichever is shorter:
    a local week ends at 23:00 UTC, so one hour of events instead of 23. The counters and the
    events are written in one transaction (`StatsRepository.flush`), so both ways count alike."""
    day = timedelta(days=1)
    lo_floor, lo_ceil = _midnight_before(start), _midnight_after(start)
    hi_floor, hi_ceil = _midnight_before(end), _midnight_after(end)
    if lo_ceil > hi_floor:  # inside one UTC day: its events alone
        return _Pieces((lo_floor.date().isoformat(),) * 2, [(start, end)], [])
    first, last = lo_ceil, hi_floor
    plus: list[tuple[datetime, datetime]] = []
    minus: list[tuple[datetime, datetime]] = []
    if start < lo_ceil:
        if lo_ceil - start <= start - lo_floor:
            plus.append((start, lo_ceil))
        else:
            first = lo_floor
            minus.append((lo_floor, start))
    if end > hi_floor:
        if end - hi_floor <= hi_ceil - end:
            plus.append((hi_floor, end))
        else:
            last = hi_floor + day
            minus.append((end, hi_ceil))
    return _Pieces((first.date().isoformat(), last.date().isoformat()), plus, minus)


def _edge_params(ranges: Sequence[tuple[datetime, datetime]], empty: datetime) -> list[str | None]:
    """Two (from, to) pairs for SQL; missing ones as an empty range."""
    padded = [*ranges, *[(empty, empty)] * (2 - len(ranges))]
    return [to_iso(moment) for pair in padded for moment in pair]


class StatisticsRepository:
    """SQL of the statistics; read-only."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._functions = False

    async def ticket_times(self, start: datetime, end: datetime) -> npt.NDArray[np.float64]:
        """(created, first staff answer or -1) in POSIX seconds of the tickets created in
        [start, end), oldest first: an (n, 2) array read from the covering index, not the table.

        SQLite joins the numbers into one text that numpy parses, so a period of 10,000
        tickets makes one row instead of 10,000 Python objects (and no garbage collections).
        """
        row = await self.db.fetchone(
            f"SELECT group_concat({_EPOCH.format('created_at')} || ','"
            f" || IFNULL({_EPOCH.format('first_answer_at')}, -1), ',') AS times"
            " FROM tickets INDEXED BY tickets_created_answered"
            " WHERE created_at >= ? AND created_at < ?",
            (to_iso(start), to_iso(end)),
        )
        text = str(row["times"]) if row is not None and row["times"] is not None else ""
        table = np.fromstring(text, dtype=np.float64, sep=",").reshape(-1, 2) if text else _EMPTY
        return table[np.argsort(table[:, 0], kind="stable")]  # group_concat promises no order

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
        """FAQ decisions in [start, end) by (decision, entry id or ''), in one statement: whole
        UTC days from the counters, the hours at the edges from the events (`_pieces`)."""
        piece = _pieces(start, end)
        events = "SELECT decision, COALESCE(entry_id, '') AS entry_id, {sign}COUNT(*) AS n FROM faq_events"
        where = (
            " WHERE (at >= ? AND at < ?) OR (at >= ? AND at < ?) GROUP BY decision, COALESCE(entry_id, '')"
        )
        rows = await self.db.fetchall(
            events.format(sign="") + where
            + " UNION ALL SELECT decision, entry_id, SUM(n) AS n FROM faq_daily WHERE day >= ? AND day < ?"
            " GROUP BY decision, entry_id UNION ALL " + events.format(sign="-") + where,
            [*_edge_params(piece.plus, start), *piece.days, *_edge_params(piece.minus, start)],
        )  # fmt: skip
        counts: Counter[tuple[str, str]] = Counter()
        for r in rows:
            counts[(str(r["decision"]), str(r["entry_id"]))] += int(r["n"])
        return +counts  # entries whose count is 0 are left out

    async def answers_per_span(self, bounds: Sequence[datetime]) -> list[int]:
        """The FAQ's answers in each span [bounds[i], bounds[i + 1]), all spans in one statement:
        per span the whole UTC days from the counters and at most two edges from the events."""
        spans = list(itertools.pairwise(bounds))
        if not spans:
            return []
        daily = "(SELECT IFNULL(SUM(n), 0) FROM faq_daily WHERE day >= ? AND day < ? AND decision = 'answer')"
        events = "(SELECT COUNT(*) FROM faq_events WHERE at >= ? AND at < ? AND decision = 'answer')"
        span = f"{daily} + {events} + {events} - {events} - {events}"
        params: list[str | None] = []
        for lo, hi in spans:
            piece = _pieces(lo, hi)
            params += [*piece.days, *_edge_params(piece.plus, lo), *_edge_params(piece.minus, lo)]
        row = await self.db.fetchone("SELECT " + ", ".join([span] * len(spans)), params)
        assert row is not None
        return [int(value) for value in row]

    async def repeated_questions(
        self, start: datetime, end: datetime, min_people: int, top: int
    ) -> list[tuple[str, int]]:
        """The first citizen texts of the tickets created in [start, end), `normalise`d, that at
        least `min_people` different citizens sent: (text, how often), most first, at most `top`.
        Tickets without a citizen or a text (deleted, anonymised) do not count. SQLite groups
        them with `normalise` as a function, so only the repeated texts reach Python."""
        if not self._functions:
            await self.db.conn.create_function("normalise", 1, _normalise_or_none, deterministic=True)
            self._functions = True
        rows = await self.db.fetchall(  # on the writer, where the function is registered
            "SELECT normalise(m.text) AS question, COUNT(*) AS n"
            " FROM tickets t JOIN ticket_messages m ON m.id = ("
            "   SELECT MIN(id) FROM ticket_messages WHERE ticket_id = t.id)"
            " WHERE t.created_at >= ? AND t.created_at < ? AND t.user_id IS NOT NULL"
            " AND m.author = 'citizen' AND m.text IS NOT NULL"
            " GROUP BY question HAVING question != '' AND COUNT(DISTINCT t.user_id) >= ?"
            " ORDER BY n DESC, question LIMIT ?",
            (to_iso(start), to_iso(end), min_people, top),
        )
        return [(str(r["question"]), int(r["n"])) for r in rows]

    async def per_month(self, bounds: Sequence[datetime]) -> list[tuple[int, int, int]]:
        """(requests made, visits confirmed, visits done) in each span [bounds[i], bounds[i + 1]):
        requests by `created_at`, visits by their start; counted by SQLite on the indexes, one
        statement for all spans."""
        spans = list(itertools.pairwise(to_iso(moment) for moment in bounds))
        count = (
            "(SELECT COUNT(*) FROM appointments WHERE created_at >= ? AND created_at < ?)",
            "(SELECT COUNT(*) FROM appointments WHERE status = 'bestaetigt'"
            " AND visit_start >= ? AND visit_start < ?)",
            "(SELECT COUNT(*) FROM appointments WHERE status = 'erledigt'"
            " AND visit_start >= ? AND visit_start < ?)",
        )
        if not spans:
            return []
        row = await self.db.fetchone(
            "SELECT " + ", ".join(part for _ in spans for part in count),
            [moment for span in spans for _ in count for moment in span],
        )
        assert row is not None
        values = [int(v) for v in row]
        return [(values[3 * i], values[3 * i + 1], values[3 * i + 2]) for i in range(len(spans))]

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
