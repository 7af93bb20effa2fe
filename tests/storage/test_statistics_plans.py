"""The statistics page and the monthly report read through indexes, in a few statements (EXPLAIN QUERY PLAN).

Every statement the dashboard and the month's report run is explained; a `SCAN` of a table that
grows with the years (without an index) fails, and so does a read that is not a range over an
index of the tables the figures come from.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from core.services import Services
from tests.auxil.stats_data import filled_services

GROWING = {"tickets", "ticket_messages", "faq_events", "appointments", "faq_daily", "stop_subscriptions"}


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with filled_services(tmp_path) as opened:
        yield opened


def _shape(statement: str) -> str:
    return re.sub(r"\s+", " ", statement).strip()


async def _statements(services: Services, read: object) -> list[str]:
    statements: list[str] = []
    await services.db.trace(statements.append)
    try:
        await read  # type: ignore[misc]
    finally:
        await services.db.trace(None)
    return [_shape(s) for s in statements if re.match(r"^\s*(SELECT|WITH)", s, re.IGNORECASE)]


async def _plans(services: Services, statements: list[str]) -> dict[str, list[str]]:
    plans: dict[str, list[str]] = {}
    for shape in sorted(set(statements)):
        # the trace shows the values bound; explain the statement as it ran
        rows = await services.db.fetchall(f"EXPLAIN QUERY PLAN {shape}")
        plans[shape] = [str(row["detail"]) for row in rows]
    return plans


async def test_dashboard_and_report_use_indexes_and_few_statements(services: Services) -> None:
    board = await _statements(services, services.statistics.dashboard(12, 6, 4))
    report = await _statements(services, services.statistics.month_report(date(2026, 11, 1)))
    assert len(board) == 7 and len(report) == 8, (board, report)  # a statement per figure, not per row
    scans: list[str] = []
    plans = await _plans(services, board + report)
    for shape, details in plans.items():
        for detail in details:
            match = re.match(r"SCAN (\w+)", detail)
            if match and match.group(1) in GROWING and "INDEX" not in detail:
                scans.append(f"{detail}  <-  {shape[:160]}")
    assert not scans, "full scans of growing tables:\n" + "\n".join(scans)
    used = " ".join(detail for details in plans.values() for detail in details)
    for index in (
        "COVERING INDEX tickets_created_answered",  # answer times, topics
        "COVERING INDEX appointments_created",  # Vor-Ort requests per month
        "COVERING INDEX appointments_visit",  # visits per month by state
        "INDEX faq_events_at",  # the hours at the edges of local days
        "ticket_messages_ticket",  # a ticket's first message, for repeated questions
    ):
        assert index in used, (index, plans)
