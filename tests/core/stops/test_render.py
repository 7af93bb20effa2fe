"""German and English text for stops, and the calendar entry for a stop."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.stops import StopPlan, load_plan
from core.stops.render import (
    format_day,
    format_stop,
    format_stop_details,
    format_stops,
    format_time_range,
    stop_ics_event,
)
from tests.auxil.paths import DATA


@pytest.fixture(scope="module")
def plan() -> StopPlan:
    return load_plan(DATA / "stops_test.yaml")


def test_format_day() -> None:
    day = date(2026, 12, 8)
    assert format_day(day) == "Di 8.12."
    assert format_day(day, year=True) == "Di 8.12.2026"
    assert format_day(day, long=True) == "Dienstag, 8. Dezember"
    assert format_day(date(2027, 3, 1), long=True, year=True) == "Montag, 1. März 2027"
    assert format_day(day, "en") == "Tue 8 Dec"
    assert format_day(day, "en", long=True) == "Tuesday, 8 December"


def test_format_time_range_in_berlin() -> None:
    start = datetime(2026, 12, 8, 6, tzinfo=UTC)
    assert format_time_range(start, start + timedelta(hours=5)) == "07:00–12:00 Uhr"
    assert format_time_range(start, start + timedelta(hours=5), "en") == "07:00–12:00"


def test_format_stop(plan: StopPlan) -> None:
    stop = plan.find_stop("2027-01-12-borbeck")
    assert stop is not None
    assert format_stop(stop) == (
        "Di 12.1., 08:00–13:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt) – voraussichtlich")
    assert format_stop(stop, "en") == (
        "Tue 12 Jan, 08:00–13:00 · Borbeck, Neuer Markt (Wochenmarkt) – expected")
    assert format_stop(stop, with_date=False, mark=False) == (
        "08:00–13:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt)")


def test_format_cancelled_and_moved(plan: StopPlan) -> None:
    cancelled = plan.find_stop("2026-12-08-borbeck")
    assert cancelled is not None
    assert format_stop(cancelled) == (
        "FÄLLT AUS: Di 8.12., 08:00–13:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt)"
        " – Weihnachtsmarkt")
    assert format_stop(cancelled, "en").startswith("CANCELLED: Tue 8 Dec")
    moved = plan.find_stop("2026-12-22-borbeck")
    assert moved is not None
    assert format_stop(moved) == (
        "Mo 21.12., 09:00–12:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt)"
        " – verlegt, geplant war Di 22.12., 08:00 – bestätigt")


def test_format_details(plan: StopPlan) -> None:
    moved = plan.find_stop("2026-12-22-borbeck")
    assert moved is not None
    assert format_stop_details(moved).splitlines() == [
        "Montag, 21. Dezember, 09:00–12:00 Uhr",
        "Borbeck, Neuer Markt (Wochenmarkt)",
        "Adresse: Neuer Markt, 45355 Essen",
        "Hinweis: ebenerdig",
        "Verlegt – ursprünglich Di 22.12., 08:00–13:00 Uhr, Borbeck, Neuer Markt "
        "(Markt verlegt)",
        "Bestätigter Termin.",
    ]
    cancelled = plan.find_stop("2026-12-08-borbeck")
    assert cancelled is not None
    assert format_stop_details(cancelled, "en").splitlines()[-1] == (
        "This stop is cancelled. Reason: Weihnachtsmarkt")


def test_format_stops(plan: StopPlan) -> None:
    assert format_stops([]) == "Keine Halte des Bürgermobils in diesem Zeitraum."
    assert format_stops([], "en") == "No Bürgermobil stops in this period."
    stops = plan.stops_on(date(2027, 1, 12))
    assert format_stops(stops).count("\n") == len(stops) - 1


def test_stop_ics_event(plan: StopPlan) -> None:
    stop = plan.find_stop("2026-12-08-borbeck")
    assert stop is not None
    event = stop_ics_event(stop)
    assert event.uid == "2026-12-08-borbeck@buergermobil-essen"
    assert event.summary == "Bürgermobil: Borbeck, Neuer Markt"
    assert event.location == "Neuer Markt, 45355 Essen"
    assert event.cancelled
    assert (event.lat, event.lon) == (51.474, 6.95)
    assert event.start == stop.start and event.end == stop.end


def test_ics_location_without_address(plan: StopPlan) -> None:
    stop = plan.stops_on(date(2027, 1, 14))[0]
    assert stop_ics_event(stop).location == "Dreiringplatz, Essen-Steele"
