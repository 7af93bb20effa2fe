"""The tickets' purge works in batches: other writers get the lock between two batches."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.clock import ManualClock
from core.privacy_owners import PURGE_BATCH, TicketsOwner
from core.services import create_services
from storage.db import to_iso
from tests.auxil.harness import make_config


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
