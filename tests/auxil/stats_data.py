"""Known data for the statistics tests: tickets, FAQ questions, Vor-Ort requests, stop alerts.

Every figure the tests expect is worked out by hand from these rows (see tests/core/test_statistics.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from core.clock import ManualClock
from core.services import Services, create_services
from tests.auxil.harness import make_config

__all__ = ["FUND", "NOW", "QUESTIONS", "TICKETS", "fill", "filled_services", "utc"]


def utc(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A moment in 2026 (November unless said), UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
"""Wednesday 25 Nov 2026, 10:00 in Essen."""
FUND = "Wo ist das Fundbüro?"
# (created, first staff answer, topic, citizen, first text)
TICKETS = [
    (utc(16, 9), utc(16, 10), "personalausweis", 1, FUND),  # A: 60 min, due 18:00 local: kept
    (
        utc(16, 15),
        utc(17, 9),
        "personalausweis",
        2,
        "wo ist das  fundbüro?",
    ),  # B: 1080 min, due Tue 13:30: kept
    (utc(18, 8), utc(19, 13), None, 1, FUND),  # C: 1740 min, due Wed 17:00: missed
    (utc(20, 10), None, "anmeldung", 3, "WO IST DAS FUNDBÜRO? "),  # D: due Mon 8:30, passed: missed
    (
        utc(22, 22, 30),
        utc(23, 7),
        None,
        4,
        "Ich heiße Erika, Tel 0201 123",
    ),  # E: Sun 23:30 local, 510 min: kept
    (utc(22, 23, 30), None, None, 5, "Ich heiße Erika, Tel 0201 123"),  # F: Mon 0:30 local (week 48), missed
    (utc(25, 8), None, None, 6, "Kann ich hier parken?"),  # G: due today 17:00: not counted yet
    (utc(31, 23, 30, month=10), None, None, 6, "Kann ich hier parken?"),  # H: 1 Nov 0:30 local, missed
    (utc(31, 22, 30, month=10), utc(31, 23, month=10), None, 7, FUND),  # I: 31 Oct 23:30 local: October
]
# (moment, decision, entry)
QUESTIONS = [
    *[(utc(17, 10), "answer", "personalausweis")] * 3,
    (utc(18, 10), "answer", "reisepass"),
    (utc(22, 22, 30), "answer", "personalausweis"),  # Sunday 23:30 local: week 47
    *[(utc(17, 11), "suggest", "reisepass")] * 2,
    (utc(19, 11), "none", None),
    (utc(22, 23, 30), "answer", "reisepass"),  # Monday 0:30 local: week 48
    *[(utc(24, 12), "answer", "anmeldung")] * 2,
    (utc(31, 22, 30, month=10), "answer", "anmeldung"),  # October
]


async def fill(services: Services) -> None:
    """Write the rows (FAQ questions through the real counters)."""
    for moment, decision, entry in QUESTIONS:
        await services.stats.record_question(decision, entry, moment)  # written by the figures' flush
    async with services.db.transaction() as conn:
        for number, (created, answered, topic, user, text) in enumerate(TICKETS, start=1):
            status = "answered" if answered else "open"
            await conn.execute(
                "INSERT INTO tickets (id, user_id, chat_id, status, topic, created_at, updated_at,"
                " first_answer_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    user,
                    user,
                    status,
                    topic,
                    created.isoformat(),
                    created.isoformat(),
                    answered.isoformat() if answered else None,
                ),
            )
            await conn.execute(
                "INSERT INTO ticket_messages (ticket_id, author, text, created_at)"
                " VALUES (?, 'citizen', ?, ?)",
                (number, text, created.isoformat()),
            )
        requests = [
            ("erledigt", utc(3, 9), utc(10, 9), None),
            ("bestaetigt", utc(20, 9), utc(2, 9, month=12), None),
            ("bestaetigt", utc(31, 23, 30, month=10), utc(30, 10), None),
            ("abgesagt", utc(5, 9, month=10), None, utc(2, 9)),
            ("erledigt", utc(10, 9, month=10), utc(20, 9, month=10), None),
        ]
        for status, created, visit, finished in requests:
            await conn.execute(
                "INSERT INTO appointments (status, relationship, reason, place_kind, preferred_time,"
                " created_at, updated_at, visit_start, finished_at)"
                " VALUES (?, 'self', 'mobility', 'home', 'vormittags', ?, ?, ?, ?)",
                (
                    status,
                    created.isoformat(),
                    created.isoformat(),
                    visit.isoformat() if visit else None,
                    finished.isoformat() if finished else None,
                ),
            )
        for user, key in ((1, "steele"), (1, "kray"), (2, "steele")):
            await conn.execute(
                "INSERT INTO stop_subscriptions (user_id, chat_id, kind, key, created_at)"
                " VALUES (?, ?, 'district', ?, ?)",
                (user, user, key, utc(1, 9).isoformat()),
            )


@asynccontextmanager
async def filled_services(tmp_path: Path) -> AsyncIterator[Services]:
    """Services on a fresh database holding the rows above, at NOW; closed afterwards."""
    opened = await create_services(make_config(tmp_path), ManualClock(NOW))
    try:
        await fill(opened)
        yield opened
    finally:
        await opened.close()
