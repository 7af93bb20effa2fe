"""Storage: migrations are atomic and idempotent, WAL mode, backup, transactions."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Database, Migration, MigrationError, all_migrations, apply_migrations


async def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.sqlite3")
    first = await apply_migrations(db)
    assert first == [m.name for m in all_migrations()]
    assert await apply_migrations(db) == []
    row = await db.fetchone("PRAGMA journal_mode")
    assert row is not None and row[0] == "wal"
    await db.close()


async def test_failing_migration_rolls_back_completely(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "b.sqlite3")
    broken = (
        Migration("0001_good", "CREATE TABLE good (id INTEGER)"),
        Migration("0002_bad", "CREATE TABLE half (id INTEGER); CREATE TABLE broken (id INTEGER,"),
    )
    with pytest.raises(MigrationError, match="0002_bad"):
        await apply_migrations(db, broken)
    tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "good" in tables
    assert "half" not in tables
    names = [r["name"] for r in await db.fetchall("SELECT name FROM schema_migrations")]
    assert names == ["0001_good"]
    await db.close()


async def test_duplicate_migration_names_are_refused(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "c.sqlite3")
    with pytest.raises(MigrationError, match="share a name"):
        await apply_migrations(db, (Migration("x", "SELECT 1"), Migration("x", "SELECT 2")))
    await db.close()


async def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "live.sqlite3")
    await apply_migrations(db)
    await db.execute("INSERT INTO faq_events (at, decision) VALUES ('2026-01-01', 'none')")
    await db.backup_to(tmp_path / "copy.sqlite3")
    await db.close()
    copy = await Database.open(tmp_path / "copy.sqlite3")
    row = await copy.fetchone("SELECT COUNT(*) AS n FROM faq_events")
    assert row is not None and row["n"] == 1
    await copy.close()


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "d.sqlite3")
    await apply_migrations(db)
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO faq_events (at, decision) VALUES ('x', 'none')")
            raise RuntimeError("boom")
    row = await db.fetchone("SELECT COUNT(*) AS n FROM faq_events")
    assert row is not None and row["n"] == 0
    await db.close()
