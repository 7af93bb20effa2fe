"""/statistik's FAQ figures come from daily counters kept on write, exactly as counting the events would."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.clock import ManualClock
from core.services import create_services
from tests.auxil.harness import make_config


async def test_summary_from_counters_equals_counting_the_events(tmp_path: Path, clock: ManualClock) -> None:
    services = await create_services(make_config(tmp_path), clock)
    try:
        start = datetime(2026, 11, 15, 22, 30, tzinfo=UTC)
        events = []
        for i in range(300):  # every 47 minutes over ~10 days, three decisions, four topics
            moment = start + timedelta(minutes=47 * i)
            decision = ("answer", "suggest", "none")[i % 3]
            entry = None if decision == "none" else f"topic-{i % 4}"
            events.append((moment, decision, entry))
            await services.stats.record_question(decision, entry, moment)
        await services.stats.flush()
        for since in (start + timedelta(days=2, hours=5, minutes=13), datetime(2026, 11, 20, tzinfo=UTC)):
            summary = await services.stats.summary(since)
            kept = [e for e in events if e[0] >= since]
            decisions = Counter(d for _, d, _ in kept)
            topics = Counter(e for _, _, e in kept if e is not None)
            assert summary["questions"] == len(kept)
            assert summary["answered_by_faq"] == decisions["answer"]
            assert summary["suggested"] == decisions["suggest"]
            assert summary["unanswered"] == decisions["none"]
            assert summary["top_topics"] == sorted(topics.items(), key=lambda x: (-x[1], x[0]))[:5]
        days = await services.db.fetchone("SELECT COUNT(DISTINCT day) AS n, SUM(n) AS total FROM faq_daily")
        assert days is not None and days["total"] == 300 and days["n"] >= 10
    finally:
        await services.close()
