"""A month of the stop plan for staff: weeks Monday first, every stop with its state, the months around."""

from __future__ import annotations

from datetime import date

from core.stops import load_plan
from core.stops.month import month_plan, parse_month
from tests.auxil.paths import DATA

TODAY = date(2026, 11, 25)


def test_parse_month_accepts_only_real_months() -> None:
    assert parse_month("2026-12", TODAY) == date(2026, 12, 1)
    for nonsense in ("2026-13", "2026-00", "26-12", "1999-01", "", None, "2026-12-01", " 2027-01x"):
        assert parse_month(nonsense, TODAY) == date(2026, 11, 1), nonsense


def test_december_has_every_stop_with_its_state() -> None:
    month = month_plan(load_plan(DATA / "stops_test.yaml"), date(2026, 12, 17))
    assert month.key == "2026-12" and month.previous == "2026-11" and month.following == "2027-01"
    ids = [stop.stop_id for stop in month.stops]
    assert ids == sorted(ids, key=lambda i: next(s.start for s in month.stops if s.stop_id == i))
    assert "2026-12-08-borbeck" in ids  # cancelled stops are listed
    moved = next(s for s in month.stops if s.stop_id == "2026-12-22-borbeck")
    assert moved.day == date(2026, 12, 21)
    assert month.count("cancelled") == 1 and month.count("moved") == 1
    assert month.count("confirmed") == 1  # the Christmas party, a one-off event
    assert month.count("expected") == len(month.stops) - 3
    # Monday first, whole weeks: 30 Nov to 3 Jan; days outside the month carry no stops
    assert month.weeks[0][0].day == date(2026, 11, 30) and month.weeks[-1][-1].day == date(2027, 1, 3)
    assert all(len(week) == 7 for week in month.weeks)
    cells = [cell for week in month.weeks for cell in week]
    assert all(not cell.stops for cell in cells if not cell.in_month)
    assert sum(len(cell.stops) for cell in cells) == len(month.stops)
    (monday,) = [cell for cell in cells if cell.day == date(2026, 12, 21)]
    assert [s.place.id for s in monday.stops] == ["kray", "borbeck"]


def test_january_rolls_over_the_year() -> None:
    month = month_plan(load_plan(DATA / "stops_test.yaml"), date(2027, 1, 1))
    assert month.previous == "2026-12" and month.following == "2027-02"
    assert not any(stop.day == date(2027, 1, 1) for stop in month.stops)  # New Year's Day
