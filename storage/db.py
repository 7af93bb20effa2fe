"""The database: one aiosqlite writer connection (WAL mode, foreign keys, one transaction at a time)
and a plain read connection in the event loop's thread.

Every aiosqlite call hops to its worker thread and back; for the short indexed reads that each
update makes (the user, the open ticket, a session) the hop costs more than the query. So
`fetchone` outside a transaction runs on a second, read-only `sqlite3` connection directly in
the loop's thread (`fetchall`, which lists and may scan, stays on the worker thread unless the
caller marks it `direct`: a few rows by an index): in WAL mode it sees every committed write
and never waits for the writer. Reads made inside a
`transaction()` block (the same task) stay on the writer, so they see its own uncommitted
changes as before. A ':memory:' database has only the writer.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import aiosqlite

__all__ = ["Database", "from_iso", "to_iso", "utcnow"]

logger = logging.getLogger(__name__)


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def to_iso(moment: datetime | None) -> str | None:
    """Store a datetime as an ISO 8601 UTC string."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored; give a timezone")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(value: str | None) -> datetime | None:
    """Read a stored ISO 8601 string back into an aware datetime."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_IN_TRANSACTION: ContextVar[bool] = ContextVar("in_transaction", default=False)
_READ_ONLY = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)
"""Statements the read connection takes; PRAGMAs (a checkpoint) and writes go to the writer."""


def _reader(path: str) -> sqlite3.Connection | None:
    """A read-only connection to the file (None for ':memory:')."""
    if path == ":memory:":
        return None
    reader = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    reader.row_factory = sqlite3.Row
    reader.execute("PRAGMA busy_timeout = 5000")
    return reader


class Database:
    """The writer connection shared by the repositories, plus the read connection.

    Writes go through :meth:`transaction`, which serialises writers with a lock so that
    a transaction of one handler never interleaves with another's statements.
    """

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._reader: sqlite3.Connection | None = None
        self.direct_reads = 0
        """Reads served by the read connection without a thread hop (tests, benchmarks)."""
        self._trace: Callable[[str], object] | None = None
        self._closed = False

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (and create) the database file; ':memory:' for a throwaway one."""
        target = str(path)
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(target, isolation_level=None)
        conn.row_factory = sqlite3.Row
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 5000")
        await conn.execute("PRAGMA secure_delete = ON")  # deleted texts are zeroed, not left in free pages
        if target != ":memory:":
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")
        return cls(conn, target)

    def _read_connection(self) -> sqlite3.Connection | None:
        """The read connection, when this read may use it (outside a transaction of this task)."""
        if _IN_TRANSACTION.get() or self.path == ":memory:" or self._closed:
            return None  # after close() the writer answers (and fails, as a closed database should)
        if self._reader is None:
            self._reader = _reader(self.path)  # opened on first use: the file and its schema exist
            if self._reader is not None and self._trace is not None:
                self._reader.set_trace_callback(self._trace)
        return self._reader

    async def trace(self, callback: Callable[[str], object] | None) -> None:
        """Call `callback` with every statement either connection runs (query plans in tests, benchmarks)."""
        self._trace = callback
        await self.conn.set_trace_callback(cast(Any, callback))  # None (no trace) is valid for sqlite3
        if self._reader is not None:
            self._reader.set_trace_callback(callback)

    async def close(self) -> None:
        """Close the connections (waits for a running transaction)."""
        async with self._lock:
            self._closed = True
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        async with self._lock:
            token = _IN_TRANSACTION.set(True)
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    await self.conn.execute("ROLLBACK")
                    raise
                else:
                    await self.conn.execute("COMMIT")
            finally:
                _IN_TRANSACTION.reset(token)

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        """Run a query and return its first row."""
        reader = self._read_connection() if _READ_ONLY.match(sql) else None
        if reader is not None:
            self.direct_reads += 1
            direct = reader.execute(sql, tuple(params))
            try:
                row: sqlite3.Row | None = direct.fetchone()
            finally:
                direct.close()  # ends the read at once: an open statement would hold back checkpoints
            return row
        async with self.conn.execute(sql, tuple(params)) as cursor:
            found: sqlite3.Row | None = await cursor.fetchone()
            return found

    async def fetchall(
        self, sql: str, params: Iterable[Any] = (), *, direct: bool = False
    ) -> list[sqlite3.Row]:
        """Run a query and return all rows (on the writer's thread: lists and scans may take long).

        `direct`: a few rows found by an index (a citizen's open tickets, asked on every message):
        on the read connection like `fetchone`, without three thread hops.
        """
        reader = self._read_connection() if direct and _READ_ONLY.match(sql) else None
        if reader is not None:
            self.direct_reads += 1
            found = reader.execute(sql, tuple(params))
            try:
                return found.fetchall()
            finally:
                found.close()
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement in its own transaction; returns lastrowid."""
        async with self.transaction() as conn, conn.execute(sql, tuple(params)) as cursor:
            return cursor.lastrowid or 0

    async def backup_to(self, target: Path) -> None:
        """Write a consistent copy of the live database to target (SQLite online backup)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock:
            dest = await aiosqlite.connect(str(target))
            try:
                await self.conn.backup(dest)
            finally:
                await dest.close()
