"""Citizens' ids in the history: deletion and purge null them, without walking the history tables."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core.clock import ManualClock
from core.history_privacy import DELETE_STATEMENTS, PURGE_SELECT, PURGE_STATEMENTS, HistoryOwner
from core.services import Services
from core.staff import StaffActor

CITIZEN = 1001
OTHER = 1002
SAM = StaffActor(user_id=42, name="Sam Team")


async def _plan(services: Services, statement: str, params: tuple[object, ...]) -> str:
    rows = await services.db.fetchall("EXPLAIN QUERY PLAN " + statement, params)
    return " | ".join(str(r["detail"]) for r in rows)


STATEMENTS = {
    "delete-events": ("appointment_events", DELETE_STATEMENTS[0]),
    "delete-audit": ("audit_log", DELETE_STATEMENTS[1]),
    **{f"purge-select-{table}": (table, statement) for table, statement in PURGE_SELECT.items()},
    **{f"purge-{table}": (table, statement) for table, statement in PURGE_STATEMENTS.items()},
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
async def test_deletion_and_purge_use_the_citizen_id_indexes(services: Services, name: str) -> None:
    table, statement = STATEMENTS[name]
    plan = await _plan(services, statement, (CITIZEN,) * statement.count("?"))
    assert f"SCAN {table}" not in plan, plan  # a search by index, never a walk of the history
    assert f"SEARCH {table} USING" in plan, plan
    if "purge" in name:  # each batch reads a range of the partial index of rows that still carry an id
        assert re.search(rf"SEARCH {table} USING INDEX \w+_citizen_ids \(actor_id>\?", plan), plan


async def _citizen_ids(services: Services) -> list[tuple[int | None, str]]:
    rows = await services.db.fetchall("SELECT actor_id, actor_name FROM audit_log ORDER BY id")
    return [(r["actor_id"], str(r["actor_name"])) for r in rows]


async def test_delete_nulls_only_that_citizens_own_actions(services: Services, clock: ManualClock) -> None:
    async with services.db.transaction() as conn:
        for actor_id, name in ((CITIZEN, "citizen"), (OTHER, "citizen"), (SAM.user_id, SAM.name)):
            await services.audit.record(
                conn, now=clock.now(), actor_id=actor_id, actor_name=name, action="x", ref_type="ticket"
            )
    owner = HistoryOwner(services.db)
    assert await owner.export(CITIZEN) == {"entries_with_your_id": 1}
    assert await owner.delete(CITIZEN) == 1
    assert await _citizen_ids(services) == [(None, "citizen"), (OTHER, "citizen"), (SAM.user_id, SAM.name)]
    assert await owner.export(CITIZEN) == {}
    assert await owner.delete(CITIZEN) == 0  # nothing left: a second deletion changes nothing
    assert await owner.purge(clock.now() - timedelta(days=1)) == 0  # OTHER's ticket is not anonymised
