"""The statistics' reads give exactly what counting the rows one by one gives."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.clock import ManualClock
from core.services import create_services
from core.statistics import REPEATED_MIN_PEOPLE, repeated
from storage.db import to_iso
from storage.statistics import StatisticsRepository
from tests.auxil.harness import make_config
from tests.auxil.stats_data import NOW, fill

START = datetime(2026, 11, 15, 22, 30, tzinfo=UTC)


async def test_reads_equal_counting_row_by_row(tmp_path: Path) -> None:
    services = await create_services(make_config(tmp_path), ManualClock(NOW))
    try:
        await fill(services)
        for i in range(200):  # every 53 minutes over a week, three decisions, four topics
            decision = ("answer", "suggest", "none")[i % 3]
            entry = None if decision == "none" else f"topic-{i % 4}"
            await services.stats.record_question(decision, entry, START + timedelta(minutes=53 * i))
        await services.stats.flush()
        repo = StatisticsRepository(services.db)
        events = await services.db.fetchall(
            "SELECT at, decision, COALESCE(entry_id, '') AS e FROM faq_events"
        )
        periods = [
            (START, START + timedelta(days=7)),
            (START + timedelta(hours=3), START + timedelta(hours=9)),  # inside one UTC day
            (START + timedelta(hours=1, minutes=30), START + timedelta(days=2, hours=2)),  # two edges
            (datetime(2026, 11, 17, tzinfo=UTC), datetime(2026, 11, 19, tzinfo=UTC)),  # whole days only
            (datetime(2026, 11, 16, 23, tzinfo=UTC), datetime(2026, 11, 21, 23, tzinfo=UTC)),  # local days
            (
                datetime(2026, 11, 16, 2, tzinfo=UTC),
                datetime(2026, 11, 20, 21, tzinfo=UTC),
            ),  # day minus hours
            (datetime(2026, 11, 17, 22, tzinfo=UTC), datetime(2026, 11, 18, 2, tzinfo=UTC)),  # over midnight
            (datetime(2026, 11, 18, tzinfo=UTC), datetime(2026, 11, 18, 5, tzinfo=UTC)),
        ]
        for lo, hi in periods:
            expected = Counter(
                (str(r["decision"]), str(r["e"])) for r in events if to_iso(lo) <= r["at"] < to_iso(hi)
            )
            assert await repo.faq_decisions(lo, hi) == expected, (lo, hi)
        bounds = [datetime(2026, 11, 15, 23, tzinfo=UTC) + timedelta(hours=13 * k) for k in range(16)]
        answers = [r["at"] for r in events if r["decision"] == "answer"]
        assert await repo.answers_per_span(bounds) == [
            sum(1 for at in answers if to_iso(a) <= at < to_iso(b)) for a, b in itertools.pairwise(bounds)
        ]

        lo, hi = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
        firsts = await services.db.fetchall(
            "SELECT m.text AS text, t.user_id AS user_id FROM tickets t JOIN ticket_messages m ON m.id = ("
            " SELECT MIN(id) FROM ticket_messages WHERE ticket_id = t.id) WHERE t.user_id IS NOT NULL"
            " AND m.author = 'citizen' AND m.text IS NOT NULL AND t.created_at >= ? AND t.created_at < ?",
            (to_iso(lo), to_iso(hi)),
        )
        by_hand = repeated([(str(r["text"]), int(r["user_id"])) for r in firsts])
        assert by_hand and tuple(await repo.repeated_questions(lo, hi, REPEATED_MIN_PEOPLE, 10)) == by_hand

        times = await repo.ticket_times(lo, hi)
        rows = await services.db.fetchall(
            "SELECT created_at, first_answer_at FROM tickets WHERE created_at >= ? AND created_at < ?"
            " ORDER BY created_at",
            (to_iso(lo), to_iso(hi)),
        )
        assert times.shape == (len(rows), 2) and len(rows) > 3
        for (created, answered), row in zip(times.tolist(), rows, strict=True):
            assert created == datetime.fromisoformat(row["created_at"]).timestamp()
            first = row["first_answer_at"]
            assert answered == (datetime.fromisoformat(first).timestamp() if first else -1)
        empty = await repo.ticket_times(datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 2, 1, tzinfo=UTC))
        assert empty.shape == (0, 2)
    finally:
        await services.close()
