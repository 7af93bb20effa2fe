"""StaffConsole: every inbox read uses an index (EXPLAIN QUERY PLAN); the search index forgets deletions."""

from __future__ import annotations

import re
from datetime import timedelta

from core.clock import ManualClock
from core.services import Services
from core.staff import StaffActor

CITIZEN = 1001
OTHER = 1002
SAM = StaffActor(user_id=42, name="Sam Team")
GROWING = {"tickets", "ticket_messages", "audit_log", "outbox", "staff_messages", "ticket_notes"}


async def _ticket(services: Services, text: str, user: int = CITIZEN) -> int:
    return await services.tickets.create(user_id=user, chat_id=user, language="de", text=text, guesses=())


def _shape(statement: str) -> str:
    return re.sub(r"\s+", " ", statement).strip()


async def test_the_console_reads_use_indexes(services: Services) -> None:
    first = await _ticket(services, "Darf ich im Garten ein Baumhaus bauen?")
    await _ticket(services, "Wann hat das Bürgerbüro offen?", OTHER)
    await services.tickets.claim(first, SAM)
    statements: list[str] = []
    await services.db.trace(statements.append)
    console = services.console
    for text in (None, "Baumhaus", "Ba", "#1"):
        for states in ((), ("open",), ("open", "claimed")):
            await console.inbox(states=states, text=text)
            await console.inbox(states=states, text=text, claimed_by=SAM.user_id)
            await console.inbox(states=states, text=text, staff_chat_id=-100)
    await console.counts()
    await console.version()
    await console.view(first)
    await services.db.trace(None)

    shapes = {_shape(s) for s in statements if re.match(r"^\s*(WITH|SELECT)", s, re.IGNORECASE)}
    assert len(shapes) > 12
    scans = []
    for shape in sorted(shapes):
        plan = await services.db.fetchall(f"EXPLAIN QUERY PLAN {shape}")
        for row in plan:
            detail = str(row["detail"])
            match = re.match(r"SCAN (\w+)", detail)
            if match and match.group(1) in GROWING | {"t", "m"} and "INDEX" not in detail:
                scans.append(f"{detail}  <-  {shape[:200]}")
    assert not scans, "full scans of growing tables:\n" + "\n".join(scans)
    search = next(s for s in shapes if "ticket_search MATCH" in s)
    plan = [str(row["detail"]) for row in await services.db.fetchall(f"EXPLAIN QUERY PLAN {search}")]
    assert any(re.match(r"SCAN s VIRTUAL TABLE INDEX \d+:\S*M", line) for line in plan), plan  # MATCH used


async def _index_blobs(services: Services) -> bytes:
    rows = await services.db.fetchall("SELECT block FROM ticket_search_data WHERE block IS NOT NULL")
    return b"".join(bytes(row["block"]) for row in rows)


async def test_a_deleted_citizen_leaves_nothing_in_the_search_index(services: Services) -> None:
    await _ticket(services, "Mein Nachbar Kqxzjw baut ein Baumhaus")
    kept = await _ticket(services, "Wo ist das Bürgerbüro?", OTHER)
    assert b"qxz" in await _index_blobs(services)  # the trigrams of the text are in the index
    await services.privacy.delete_everything(CITIZEN)
    assert [row.ticket.id for row in await services.console.inbox(text="Kqxzjw")] == []
    assert b"qxz" not in await _index_blobs(services)  # compacted: not even in an old segment
    assert [row.ticket.id for row in await services.console.inbox(text="bürgerbüro")] == [kept]


async def test_the_purge_compacts_the_index_after_anonymising(services: Services, clock: ManualClock) -> None:
    number = await _ticket(services, "Frage von Kqxzjw")
    await services.tickets.close(number, SAM, "phone")
    clock.advance(timedelta(days=400))
    await services.privacy.run_purge()
    assert await services.console.inbox(text="Kqxzjw") == []
    assert b"qxz" not in await _index_blobs(services)
