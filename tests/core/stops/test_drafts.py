"""Uploads waiting for their preview to be confirmed: stored, only the owner's, an hour, once, bounded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.stops.drafts import DRAFT_LIFETIME, LIMIT, ImportDrafts
from storage import Database, apply_migrations

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "drafts.sqlite3")
    await apply_migrations(database)
    yield database
    await database.close()


async def test_only_the_owner_takes_a_draft_and_only_once(db: Database) -> None:
    drafts = ImportDrafts(db)
    draft = await drafts.put(7, "plan.csv", "csv", b"data", NOW)
    assert await drafts.get(draft.token, 8, NOW) is None
    assert await drafts.lookup(draft.token, 8, NOW) == ("unknown", None)  # never "someone else's"
    assert not await drafts.take(draft.token, 8, NOW)
    assert await drafts.get(draft.token, 7, NOW) == draft
    assert await drafts.take(draft.token, 7, NOW)
    assert not await drafts.take(draft.token, 7, NOW)
    assert await drafts.lookup(draft.token, 7, NOW) == ("applied", None)
    await drafts.give_back(draft.token)  # its apply failed before writing: it may be applied again
    assert await drafts.get(draft.token, 7, NOW) == draft
    assert await drafts.lookup("", 7, NOW) == ("unknown", None)


async def test_the_token_is_stored_only_as_its_hash(db: Database) -> None:
    draft = await ImportDrafts(db).put(7, "plan.csv", "csv", b"data", NOW)
    row = await db.fetchone("SELECT token_hash, data FROM stop_import_drafts")
    assert row is not None and row["token_hash"] != draft.token and len(row["token_hash"]) == 64
    assert bytes(row["data"]) == b"data"


async def test_a_draft_outlives_a_restart_and_is_shared_by_every_worker(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    first = await Database.open(path)
    await apply_migrations(first)
    draft = await ImportDrafts(first).put(7, "plan.yaml", "yaml", b"stops: []", NOW)
    await first.close()
    again, other = await Database.open(path), await Database.open(path)  # after a restart; two workers
    try:
        assert await ImportDrafts(again).get(draft.token, 7, NOW) == draft
        claims = await asyncio.gather(
            ImportDrafts(again).take(draft.token, 7, NOW), ImportDrafts(other).take(draft.token, 7, NOW)
        )
        assert sorted(claims) == [False, True]  # one apply wins
    finally:
        await again.close()
        await other.close()


async def test_drafts_expire_and_are_bounded(db: Database) -> None:
    drafts = ImportDrafts(db)
    old = await drafts.put(7, "plan.csv", "csv", b"data", NOW)
    assert await drafts.get(old.token, 7, NOW + DRAFT_LIFETIME) == old
    late = NOW + DRAFT_LIFETIME + timedelta(seconds=1)
    assert await drafts.lookup(old.token, 7, late) == ("expired", None)
    assert not await drafts.take(old.token, 7, late)
    tokens = [(await drafts.put(1, f"{i}.csv", "csv", b"x", NOW)).token for i in range(LIMIT + 1)]
    assert await drafts.get(tokens[0], 1, NOW) is None  # the oldest went first
    assert all([await drafts.get(token, 1, NOW) is not None for token in tokens[1:]])
    assert await drafts.get(old.token, 7, NOW) == old  # another account's drafts stay
    await drafts.put(2, "new.csv", "csv", b"x", late)  # a later upload clears the expired ones
    assert await drafts.repo.count() == 1
