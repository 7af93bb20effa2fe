"""The statistics on a real SQLite file with known data; every expected figure worked out by hand.

Now is Wednesday 25 Nov 2026, 10:00 in Essen (CET, UTC+1); office hours 7:30-18:00 Mon-Fri,
answers promised within 8 working hours. Week 47 is 16-22 Nov, week 48 starts on 23 Nov.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.services import Services, create_services
from core.statistics import BadMonth, month_start, parse_month, percentile, repeated
from tests.auxil.harness import make_config
from tests.auxil.stats_data import NOW, filled_services


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with filled_services(tmp_path) as opened:
        yield opened


async def test_weeks_count_tickets_bot_share_answer_times_and_sla(services: Services) -> None:
    week47, week48 = await services.statistics.weekly(2)
    assert (week47.start, week47.iso_week, week48.start) == (date(2026, 11, 16), 47, date(2026, 11, 23))
    assert (week47.tickets, week47.staff_answers, week47.bot_answers) == (5, 4, 5)
    assert week47.bot_share == pytest.approx(5 / 9)
    assert (week47.median_minutes, week47.p90_minutes) == (795.0, 1740.0)  # of 60, 510, 1080, 1740
    assert (week47.sla_kept, week47.sla_counted) == (3, 5)
    assert (week48.tickets, week48.staff_answers, week48.bot_answers, week48.bot_share) == (2, 0, 3, 1.0)
    assert (week48.median_minutes, week48.sla_kept, week48.sla_counted) == (None, 0, 1)  # G is not due yet


async def test_month_report_of_november(services: Services) -> None:
    report = await services.statistics.month_report(date(2026, 11, 1))
    total = report.total
    assert (total.tickets, total.staff_answers, total.bot_answers) == (8, 4, 8)  # H in, I out
    assert (total.median_minutes, total.p90_minutes, total.sla_kept, total.sla_counted) == (
        795.0,
        1740.0,
        3,
        7,
    )
    assert report.questions == 11  # 8 answers, 2 suggestions, 1 not understood; October's one is out
    assert [w.start.day for w in report.weeks] == [1, 2, 9, 16, 23, 30]  # weeks cut at the month's edges
    assert sum(w.tickets for w in report.weeks) == 8 and report.weeks[0].tickets == 1
    assert [(t.entry_id, t.count) for t in report.top_topics] == [
        ("personalausweis", 4),
        ("anmeldung", 2),
        ("reisepass", 2),
    ]
    assert report.top_topics[0].title == services.faq.get("personalausweis").title  # type: ignore[union-attr]
    assert [(t.entry_id, t.count) for t in report.unanswered_topics] == [
        ("", 5),
        ("personalausweis", 2),
        ("anmeldung", 1),
    ]
    # four tickets from three people; Erika's text came from two, the parking question from one
    assert report.repeated_questions == (("wo ist das fundbüro?", 4),)
    visits = {m.month: (m.requests, m.confirmed, m.done) for m in report.months}
    assert min(visits) == date(2026, 6, 1) and len(visits) == 6
    assert visits[date(2026, 10, 1)] == (2, 0, 1)
    assert visits[date(2026, 11, 1)] == (3, 1, 1)  # the December visit is not in November
    assert report.cancelled == 1
    assert (report.people, report.subscriptions) == (2, 3)


async def test_dashboard_is_the_weeks_and_months_up_to_now(services: Services) -> None:
    board = await services.statistics.dashboard(weeks=2, months=2)
    assert [w.tickets for w in board.weeks] == [5, 2]
    assert board.total.tickets == 7 and board.total.bot_answers == 8
    assert [m.month for m in board.months] == [date(2026, 10, 1), date(2026, 11, 1)]


def test_percentiles_and_repeats_without_enough_people() -> None:
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9) == 9.0
    assert repeated([("a", 1), ("A ", 2), ("a", 2)]) == ()


def test_months_are_parsed_strictly() -> None:
    assert parse_month("2026-11") == date(2026, 11, 1)
    for bad in ("2026-13", "2026-1", "11-2026", "2026/11", "", "2026-00", "２０２６-11"):
        with pytest.raises(BadMonth):
            parse_month(bad)
    assert month_start(date(2026, 1, 15), -1) == date(2025, 12, 1)


async def test_an_empty_database_has_zeros_and_no_shares(tmp_path: Path) -> None:
    opened = await create_services(make_config(tmp_path), ManualClock(NOW))
    try:
        weeks = await opened.statistics.weekly(3)
        report = await opened.statistics.month_report(date(2026, 11, 1))
    finally:
        await opened.close()
    assert [w.tickets for w in weeks] == [0, 0, 0]
    assert all(w.bot_share is None and w.sla_share is None and w.median_minutes is None for w in weeks)
    assert report.top_topics == () and report.repeated_questions == () and report.questions == 0
