"""Mondays at 08:00 the staff group gets the FAQ entries and facts due for review."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from core.clock import ManualClock
from core.faq_review import queue_review_digest
from handlers.telegram.app import REVIEW_JOB
from tests.auxil.harness import Harness

BERLIN = ZoneInfo("Europe/Berlin")


async def run_review_job(bot: Harness) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(REVIEW_JOB)
    await job.run(bot.app)
    await bot.settle()


def review_messages(bot: Harness) -> list[str]:
    return [call.text for call in bot.to_staff() if "Zur Prüfung fällig" in (call.text or "")]


async def test_the_job_runs_on_mondays_at_eight_in_essen(bot: Harness) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(REVIEW_JOB)
    assert job.next_t is not None
    local = job.next_t.astimezone(BERLIN)
    assert local.time() == time(8, 0) and local.weekday() == 0


async def test_nothing_due_sends_nothing(bot: Harness, clock: ManualClock) -> None:
    clock.set(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))  # Monday 08:00 in Essen, all reviewed in December
    await run_review_job(bot)
    assert review_messages(bot) == []


async def test_due_entries_and_facts_are_listed_once_a_week(bot: Harness, clock: ManualClock) -> None:
    clock.set(datetime(2027, 1, 25, 7, 0, tzinfo=UTC))  # Monday after the licence deadline's review date
    await run_review_job(bot)
    (first,) = review_messages(bot)
    assert "Fakt <code>fuehrerschein_umtausch_2002_2004</code>" in first
    assert "fällig seit 19.01.2027" in first
    assert "personalausweis_fee_24" not in first  # review_by 2027-06-30: not yet

    await run_review_job(bot)  # a second run in the same week (restart, double fire)
    assert len(review_messages(bot)) == 1

    clock.set(datetime(2027, 7, 5, 6, 0, tzinfo=UTC))  # a Monday in July: many facts are due
    await run_review_job(bot)
    messages = review_messages(bot)
    assert len(messages) == 2
    assert "Fakt <code>personalausweis_fee_24</code> (46,00 Euro) – fällig seit 30.06.2027" in messages[1]
    assert "faq check" in messages[1]


async def test_no_staff_group_queues_nothing(bot: Harness, clock: ManualClock) -> None:
    clock.set(datetime(2027, 7, 5, 6, 0, tzinfo=UTC))
    services = bot.services
    queued = await queue_review_digest(
        services.db, services.outbox, services.clock, services.faq, None, services.office_hours.tz
    )
    assert queued is False
    assert (await services.outbox.repo.counts()).get("pending", 0) == 0
