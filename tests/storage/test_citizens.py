"""The citizens migration on a database written before it; web ids and their channel."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import Database, all_migrations, apply_migrations
from storage.citizens import WEB_ID_MAX, WEB_ID_MIN, CitizenRepository, channel_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def test_existing_citizens_get_a_telegram_identity_and_keep_their_ids(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "old.sqlite3")
    try:
        everything = all_migrations()
        cut = next(i for i, m in enumerate(everything) if m.name.startswith("citizens_"))
        await apply_migrations(db, everything[:cut])  # the schema before this feature
        stamp = "2026-10-01T08:00:00+00:00"
        await db.execute(
            "INSERT INTO users (user_id, chat_id, first_seen, last_seen) VALUES (11, 11, ?, ?)",
            (stamp, stamp),
        )
        await db.execute(
            "INSERT INTO tickets (user_id, chat_id, status, created_at, updated_at)"
            " VALUES (22, 22, 'open', ?, ?), (NULL, NULL, 'closed', ?, ?)",
            (stamp, stamp, stamp, stamp),
        )
        applied = await apply_migrations(db)
        assert [name for name in applied if name.startswith("citizens_")] == ["citizens_0001_identity"]
        rows = await db.fetchall("SELECT id, channel, external_id FROM citizens ORDER BY id")
        assert [tuple(r) for r in rows] == [(11, "telegram", "11"), (22, "telegram", "22")]
        channels = await db.fetchall("SELECT channel FROM tickets")
        assert {r["channel"] for r in channels} == {"telegram"}
    finally:
        await db.close()


async def test_web_ids_are_in_their_own_range(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.sqlite3")
    try:
        await apply_migrations(db)
        async with db.transaction() as conn:
            first = await CitizenRepository.create_web(conn, "a", NOW)
            second = await CitizenRepository.create_web(conn, "b", NOW)
            await CitizenRepository.ensure_telegram(conn, 77, NOW)
            await CitizenRepository.ensure_telegram(conn, 77, NOW)  # known: no second row
            await CitizenRepository.ensure_telegram(conn, -100123, NOW)  # a group is no citizen
        assert (first, second) == (WEB_ID_MIN, WEB_ID_MIN + 1)
        repo = CitizenRepository(db)
        web = await repo.get(first)
        assert web is not None and web.channel == "web" and web.external_id == "a"
        telegram = await repo.get(77)
        assert telegram is not None and telegram.channel == "telegram"
        assert await repo.get(-100123) is None
    finally:
        await db.close()


@pytest.mark.parametrize(
    ("citizen_id", "channel"),
    [
        (1, "telegram"),
        (-1001234567890, "telegram"),
        (WEB_ID_MIN - 1, "telegram"),
        (WEB_ID_MIN, "web"),
        (WEB_ID_MAX, "web"),
        (WEB_ID_MAX + 1, "telegram"),
    ],
)
def test_the_channel_follows_from_the_id(citizen_id: int, channel: str) -> None:
    assert channel_of(citizen_id) == channel
