"""Every statement of a day's work uses an index on the tables that grow: EXPLAIN QUERY PLAN, checked.

A citizen asks, escalates, gets an answer; staff list, look at, answer and close tickets, ask for
the statistics; the daily purge runs. Each distinct statement is explained; a `SCAN` of a growing
table without an index is a failure (SQLite would read the whole table, which grows with the years).
"""

from __future__ import annotations

import re
from datetime import timedelta

from core.clock import ManualClock
from tests.auxil.harness import STAFF_CHAT, Harness

GROWING = {
    "tickets",
    "ticket_messages",
    "users",
    "outbox",
    "faq_events",
    "audit_log",
    "persistence",
    "staff_messages",
    "appointments",
    "feedback",
}
ALLOWED_SCANS: dict[str, str] = {}
"""statement start -> why a scan is accepted there (none today)."""


def _shape(statement: str) -> str:
    return re.sub(r"\s+", " ", statement).strip()


async def test_the_hot_statements_use_indexes(bot: Harness, clock: ManualClock) -> None:
    statements: list[str] = []
    await bot.services.db.trace(statements.append)
    await bot.send("/start")
    await bot.send("Was kostet ein Personalausweis?")
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    await bot.staff_send("/offen")
    await bot.staff_send("/ticket 1")
    await bot.press("t:claim:1", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.staff_send("Ja, das dürfen Sie.", card)
    await bot.staff_send("/statistik")
    await bot.send("/meineanfragen")
    await bot.app.update_persistence()
    clock.advance(timedelta(days=400))
    await bot.services.privacy.run_purge()
    await bot.services.db.trace(None)

    shapes = {
        _shape(s) for s in statements if re.match(r"^\s*(SELECT|UPDATE|DELETE|INSERT)", s, re.IGNORECASE)
    }
    assert len(shapes) > 20  # the day's work really ran
    scans: list[str] = []
    for shape in sorted(shapes):
        if "?" in shape:  # explain the statement as prepared; parameters as NULL
            params: tuple[None, ...] = (None,) * shape.count("?")
        else:
            params = ()
        try:
            plan = await bot.services.db.fetchall(f"EXPLAIN QUERY PLAN {shape}", params)
        except Exception:  # e.g. a statement on a temporary table that is gone
            continue
        for row in plan:
            detail = str(row["detail"])
            match = re.match(r"SCAN (\w+)", detail)
            allowed = any(shape.startswith(start) for start in ALLOWED_SCANS)
            if match and match.group(1) in GROWING and "INDEX" not in detail and not allowed:
                scans.append(f"{detail}  <-  {shape[:160]}")
    assert not scans, "full scans of growing tables:\n" + "\n".join(scans)
