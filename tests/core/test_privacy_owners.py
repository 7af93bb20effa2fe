"""The purge works in batches: other writers get the lock between two batches; killed, it completes."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core import history_privacy, privacy_owners
from core.clock import ManualClock
from core.history_privacy import checkpoint
from core.privacy_owners import PURGE_BATCH, TicketsOwner
from core.services import Services, create_services
from storage import inbox
from storage.db import to_iso
from storage.owners import PURGE_SELECT
from tests.auxil.harness import make_config
from tests.auxil.kill import KillSwitch


async def test_the_ticket_purge_goes_in_batches_and_lets_others_write_between(
    tmp_path: Path, clock: ManualClock
) -> None:
    services = await create_services(make_config(tmp_path), clock)
    try:
        closed = to_iso(clock.now() - timedelta(days=400))
        count = 2 * PURGE_BATCH + 34
        async with services.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO tickets (user_id, chat_id, status, created_at, updated_at, closed_at)"
                " VALUES (?, ?, 'closed', ?, ?, ?)",
                [(9000 + i, 9000 + i, closed, closed, closed) for i in range(count)],
            )
        owner = next(o for o in services.data_owners if isinstance(o, TicketsOwner))
        statements: list[str] = []
        await services.db.trace(statements.append)

        async def citizen_writes() -> None:
            await asyncio.sleep(0)  # starts once the purge holds the lock for its first batch
            await services.db.execute("INSERT INTO faq_events (at, decision) VALUES (?, 'none')", (closed,))

        purged, _ = await asyncio.gather(
            owner.purge(datetime.now(UTC)), asyncio.create_task(citizen_writes())
        )
        await services.db.trace(None)
        assert purged == count
        left = await services.db.fetchone("SELECT COUNT(*) AS n FROM tickets WHERE user_id IS NOT NULL")
        assert left is not None and left["n"] == 0
        begins = [i for i, s in enumerate(statements) if s.startswith("BEGIN")]
        assert len(begins) == 4  # three batches of the purge and the citizen's write
        insert = next(i for i, s in enumerate(statements) if s.startswith("INSERT INTO faq_events"))
        last_batch = begins[-1]
        assert insert < last_batch  # the write did not wait for the whole purge
    finally:
        await services.close()


async def test_the_ticket_batch_selection_reads_the_retention_index(
    tmp_path: Path, clock: ManualClock
) -> None:
    services = await create_services(make_config(tmp_path), clock)
    try:
        rows = await services.db.fetchall("EXPLAIN QUERY PLAN " + PURGE_SELECT, (to_iso(clock.now()), 5))
        plan = " | ".join(str(r["detail"]) for r in rows)
        assert "SEARCH tickets USING COVERING INDEX tickets_retention" in plan, plan
        assert "SCAN" not in plan, plan
    finally:
        await services.close()


OLD = tuple(f"Kw{digit}qxz" for digit in "1234567")
"""Words only in the texts of tickets closed long ago. Each has a trigram no other text has, the
only term beginning with its digit: stored in full, not prefix-compressed, in the index's pages."""
RECENT = "Kw9qxz"


def _marker(word: str) -> bytes:
    return word[2:5].encode()


async def _seed(services: Services, clock: ManualClock) -> None:
    """Old closed tickets (each text, a citizen's audit entry, an outbox message) and a recent one."""
    old = to_iso(clock.now() - timedelta(days=400))
    now = to_iso(clock.now())
    async with services.db.transaction() as conn:
        for number, word in enumerate((*OLD, RECENT)):
            closed = now if word == RECENT else old
            cursor = await conn.execute(
                "INSERT INTO tickets (user_id, chat_id, status, created_at, updated_at, closed_at)"
                " VALUES (?, ?, 'closed', ?, ?, ?)",
                (7000 + number, 7000 + number, closed, closed, closed),
            )
            ticket = cursor.lastrowid
            for text in (f"Frage von {word}", f"Nachtrag {word}"):
                await conn.execute(
                    "INSERT INTO ticket_messages (ticket_id, author, text, created_at)"
                    " VALUES (?, 'citizen', ?, ?)",
                    (ticket, text, closed),
                )
            await services.audit.record(
                conn, now=clock.now(), actor_id=7000 + number, actor_name="citizen", action="ticket_created",
                ref_type="ticket", ref_id=ticket,
            )
    for word in (*OLD, RECENT):  # new segments of the search index beside the first
        async with services.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO ticket_messages (ticket_id, author, text, created_at)"
                " SELECT id, 'staff', ?, closed_at FROM tickets WHERE user_id = ?",
                (f"Antwort an {word}", 7000 + (*OLD, RECENT).index(word)),
            )


async def _index_blobs(services: Services) -> bytes:
    rows = await services.db.fetchall("SELECT block FROM ticket_search_data WHERE block IS NOT NULL")
    return b"".join(bytes(row["block"]) for row in rows)


async def _check_purged(services: Services) -> None:
    """Everything of the old tickets is gone, the recent one is untouched."""
    for word in OLD:
        assert await services.console.inbox(text=word) == []
    blobs = await _index_blobs(services)
    for word in OLD:
        assert _marker(word) not in blobs, word  # not even in an old segment
    assert _marker(RECENT) in blobs
    assert len(await services.console.inbox(text=RECENT)) == 1
    rows = await services.db.fetchall(
        "SELECT t.user_id, t.anonymised_at, a.actor_id, (SELECT COUNT(*) FROM ticket_messages m"
        " WHERE m.ticket_id = t.id AND m.text IS NOT NULL) AS texts FROM tickets t"
        " JOIN audit_log a ON a.ref_type = 'ticket' AND a.ref_id = t.id AND a.actor_name = 'citizen'"
        " ORDER BY t.id"
    )
    assert [tuple(r) for r in rows[:-1]] == [(None, r["anonymised_at"], None, 0) for r in rows[:-1]]
    assert all(r["anonymised_at"] for r in rows[:-1])
    recent = rows[-1]
    assert recent["user_id"] is not None and recent["actor_id"] is not None and recent["texts"] == 3
    assert recent["anonymised_at"] is None


async def test_a_purge_killed_at_any_commit_completes_when_run_again(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(privacy_owners, "PURGE_BATCH", 3)
    monkeypatch.setattr(history_privacy, "PURGE_BATCH", 2)
    monkeypatch.setattr(inbox, "SEARCH_MERGE_PAGES", 1)
    seeded = tmp_path / "seeded"
    services = await create_services(make_config(seeded), clock)
    try:
        await _seed(services, clock)
        await checkpoint(services.db)
        blobs = await _index_blobs(services)
        assert all(_marker(word) in blobs for word in (*OLD, RECENT))  # indexed, in several segments
        segments = await services.db.fetchone("SELECT COUNT(*) AS n FROM ticket_search_data")
        assert segments is not None and segments["n"] > 2
    finally:
        await services.close()

    async def purge(folder: Path, at: int | None) -> int:
        """Run the purge on a copy of the seeded database, killed at COMMIT number `at`; the points."""
        shutil.copytree(seeded, folder)
        switch = KillSwitch(folder / "bot.sqlite3", folder / "killed", at)
        opened = await create_services(make_config(folder), clock)
        try:
            await opened.db.trace(switch.on_sql)
            await opened.privacy.run_purge()
        finally:
            await opened.close()
        return len(switch.points)

    points = await purge(tmp_path / "count", None)
    assert points > 10  # tickets, history and the index's compaction in several transactions each
    for at in sorted({0, 1, 2, points // 3, points // 2, 2 * points // 3, points - 2}):
        await purge(tmp_path / f"run-{at}", at)
        restarted = await create_services(make_config(tmp_path / f"run-{at}" / "killed"), clock)
        try:
            await restarted.privacy.run_purge()  # the next run after the restart
            await _check_purged(restarted)
        finally:
            await restarted.close()
