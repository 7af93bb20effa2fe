"""Schema migrations: a named registry, each applied in one transaction with its record."""

from __future__ import annotations

import logging

from storage import schema
from storage.db import Database, to_iso, utcnow
from storage.migration import Migration, MigrationError

__all__ = ["Migration", "MigrationError", "all_migrations", "applied_migrations", "apply_migrations"]

logger = logging.getLogger(__name__)


def all_migrations() -> tuple[Migration, ...]:
    """All migrations in order; each feature module contributes its own list."""
    return schema.ALL


async def applied_migrations(db: Database) -> list[str]:
    """Names of the migrations already applied."""
    await db.conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    rows = await db.fetchall("SELECT name FROM schema_migrations ORDER BY rowid")
    return [row["name"] for row in rows]


async def apply_migrations(db: Database, migrations: tuple[Migration, ...] | None = None) -> list[str]:
    """Apply what is missing, each migration atomically with its record; returns the new names."""
    todo = migrations if migrations is not None else all_migrations()
    names = [m.name for m in todo]
    if len(set(names)) != len(names):
        raise MigrationError("two migrations share a name: " + ", ".join(names))
    done = set(await applied_migrations(db))
    applied: list[str] = []
    for migration in todo:
        if migration.name in done:
            continue
        try:
            async with db.transaction() as conn:
                for statement in migration.statements():
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, to_iso(utcnow())),
                )
        except Exception as exc:
            raise MigrationError(f"migration {migration.name} failed and was rolled back: {exc}") from exc
        logger.info("applied migration %s", migration.name)
        applied.append(migration.name)
    return applied
