"""The read connection: point reads without a thread hop, committed data only, own writes in a transaction."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage import Database


async def _table(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        await conn.execute("INSERT INTO t (v) VALUES ('a')")


async def test_point_reads_use_the_read_connection_and_see_commits(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        await _table(db)
        row = await db.fetchone("SELECT v FROM t WHERE id = ?", (1,))
        assert row is not None and row["v"] == "a"
        assert db.direct_reads == 1
        await db.execute("UPDATE t SET v = 'b' WHERE id = 1")
        row = await db.fetchone("SELECT v FROM t WHERE id = 1")
        assert row is not None and row["v"] == "b"  # a commit is seen at once
    finally:
        await db.close()


async def test_a_transaction_reads_its_own_writes_others_see_only_commits(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        await _table(db)
        inside = asyncio.Event()
        release = asyncio.Event()
        seen_inside: list[str] = []

        async def writer() -> None:
            async with db.transaction() as conn:
                await conn.execute("UPDATE t SET v = 'uncommitted' WHERE id = 1")
                row = await db.fetchone("SELECT v FROM t WHERE id = 1")  # the writer's own view
                seen_inside.append(row["v"] if row else "")
                inside.set()
                await release.wait()

        task = asyncio.create_task(writer())
        await inside.wait()
        other = await db.fetchone("SELECT v FROM t WHERE id = 1")  # another task, meanwhile
        release.set()
        await task
        assert seen_inside == ["uncommitted"]
        assert other is not None and other["v"] == "a"  # not the other task's unfinished change
    finally:
        await db.close()


async def test_a_memory_database_has_only_the_writer() -> None:
    db = await Database.open(":memory:")
    try:
        await _table(db)
        row = await db.fetchone("SELECT v FROM t")
        assert row is not None and row["v"] == "a"
        assert db.direct_reads == 0
    finally:
        await db.close()


async def test_the_read_connection_cannot_write(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        await _table(db)
        await db.fetchone("SELECT 1")
        reader = db._read_connection()
        assert reader is not None
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.execute("DELETE FROM t")
    finally:
        await db.close()
