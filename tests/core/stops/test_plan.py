"""Stop plan expansion and queries: rules, holidays, events, changes, overrides, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from core.places import resolve_area
from core.stops import (
    BERLIN,
    DEFAULT_PLAN_PATH,
    Event,
    Override,
    Place,
    Stop,
    StopPlan,
    UnknownStopError,
    load_plan,
    parse_plan,
)
from tests.auxil.paths import DATA


@pytest.fixture(scope="module")
def plan() -> StopPlan:
    return load_plan(DATA / "stops_test.yaml")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def days_of(stops: list[Stop], place_id: str) -> list[date]:
    return [s.day for s in stops if s.place.id == place_id]


def simple_plan(rules: str, extra: str = "") -> StopPlan:
    return parse_plan(
        "places:\n"
        "  - {id: borbeck, district: Borbeck, name: Neuer Markt, lat: 51.474, lon: 6.950}\n"
        "  - {id: steele, district: Steele, name: Dreiringplatz, lat: 51.450, lon: 7.077}\n"
        f"rules:\n{rules}\n{extra}",
        "test.yaml",
    )


# ---- rules -----------------------------------------------------------------------------


def test_second_and_fourth_tuesday(plan: StopPlan) -> None:
    stops = plan.stops_between(date(2027, 1, 1), date(2027, 3, 31))
    assert days_of(stops, "borbeck") == [
        date(2027, 1, 12), date(2027, 1, 26),
        date(2027, 2, 9), date(2027, 2, 23),
        date(2027, 3, 9), date(2027, 3, 23),
    ]
    first = next(s for s in stops if s.place.id == "borbeck")
    assert first.start == at(date(2027, 1, 12), 8)
    assert first.end == at(date(2027, 1, 12), 13)
    assert first.title == "Wochenmarkt"
    assert first.stop_id == "2027-01-12-borbeck"


def test_last_wednesday_of_month(plan: StopPlan) -> None:
    stops = plan.stops_between(date(2027, 1, 1), date(2027, 6, 30))
    assert days_of(stops, "werden") == [
        date(2027, 1, 27), date(2027, 2, 24), date(2027, 3, 31),
        date(2027, 4, 28), date(2027, 5, 26), date(2027, 6, 30),
    ]


def test_every_week_skips_nrw_holidays(plan: StopPlan) -> None:
    stops = plan.stops_between(date(2027, 5, 1), date(2027, 5, 31))
    # Thursdays in May 2027: 6 (Ascension Day), 13, 20, 27 (Corpus Christi, NRW only)
    assert days_of(stops, "steele") == [date(2027, 5, 13), date(2027, 5, 20)]
    assert plan.holiday(date(2027, 5, 27)) == "Fronleichnam"


def test_holidays_skipped_for_rules_on_christmas_and_may_day() -> None:
    fridays = simple_plan('  - {place: borbeck, weekday: fr, weeks: every, start: "08:00", '
                          'end: "12:00"}')
    days = [s.day for s in fridays.stops_between(date(2026, 4, 1), date(2026, 12, 31))]
    assert date(2026, 5, 1) not in days  # Tag der Arbeit
    assert date(2026, 12, 25) not in days  # 1. Weihnachtstag
    assert date(2026, 4, 3) not in days  # Karfreitag
    assert date(2026, 12, 18) in days
    assert len(days) == 39 - 3


def test_holidays_can_be_switched_off() -> None:
    fridays = simple_plan('  - {place: borbeck, weekday: fr, weeks: every, start: "08:00", '
                          'end: "12:00"}', "skip_holidays: false\n")
    assert [s.day for s in fridays.stops_on(date(2026, 12, 25))] == [date(2026, 12, 25)]


def test_one_off_event_on_a_holiday_is_kept(plan: StopPlan) -> None:
    stops = plan.stops_on(date(2026, 12, 25))
    assert [s.place.name for s in stops] == ["Weihnachtsfeier"]
    assert stops[0].place.district == "Rüttenscheid"
    assert stops[0].stop_id == "2026-12-25-ruettenscheid-weihnachts"
    assert len(stops[0].stop_id) <= 40


def test_validity_period(plan: StopPlan) -> None:
    fridays_2026 = days_of(plan.stops_between(date(2026, 11, 1), date(2027, 2, 28)),
                           "altenessen")
    assert fridays_2026 == [date(2026, 11, 6), date(2026, 12, 4)]  # valid_until 31.12.2026


def test_mixed_weeks_with_last() -> None:
    p = simple_plan('  - {place: borbeck, weekday: mo, weeks: [1, last], start: "08:00", '
                    'end: "12:00"}')
    days = [s.day for s in p.stops_between(date(2026, 11, 1), date(2026, 11, 30))]
    assert days == [date(2026, 11, 2), date(2026, 11, 30)]
    # a month whose last Monday is the 4th one
    days = [s.day for s in p.stops_between(date(2027, 2, 1), date(2027, 2, 28))]
    assert days == [date(2027, 2, 1), date(2027, 2, 22)]


def test_stops_sorted_and_range_inclusive(plan: StopPlan) -> None:
    stops = plan.stops_between(date(2026, 12, 1), date(2026, 12, 31))
    starts = [s.start for s in stops]
    assert starts == sorted(starts)
    assert stops[0].day == date(2026, 12, 3)
    assert stops[-1].day == date(2026, 12, 31)
    assert plan.stops_between(date(2026, 12, 31), date(2026, 12, 1)) == []


def test_two_stops_same_place_same_day_get_distinct_ids() -> None:
    p = simple_plan(
        '  - {place: borbeck, weekday: di, weeks: every, start: "08:00", end: "12:00"}\n'
        '  - {place: borbeck, weekday: di, weeks: every, start: "14:00", end: "16:00"}'
    )
    ids = [s.stop_id for s in p.stops_on(date(2026, 12, 1))]
    assert ids == ["2026-12-01-borbeck", "2026-12-01-borbeck-2"]
    assert p.find_stop("2026-12-01-borbeck-2") is not None


# ---- cancellations and moves from the plan file ----------------------------------------


def test_cancellation_from_plan(plan: StopPlan) -> None:
    day = date(2026, 12, 8)
    assert plan.stops_on(day) == []
    (stop,) = plan.stops_on(day, include_cancelled=True)
    assert stop.cancelled
    assert stop.cancel_reason == "Weihnachtsmarkt"
    assert plan.find_stop("2026-12-08-borbeck") == stop


def test_day_wide_cancellation() -> None:
    p = simple_plan(
        '  - {place: borbeck, weekday: do, weeks: every, start: "08:00", end: "12:00"}\n'
        '  - {place: steele, weekday: do, weeks: every, start: "13:00", end: "15:00"}',
        "cancellations:\n  - {date: 2026-12-24, reason: Heiligabend}\n",
    )
    assert p.stops_on(date(2026, 12, 24)) == []
    assert len(p.stops_on(date(2026, 12, 24), include_cancelled=True)) == 2
    assert len(p.stops_on(date(2026, 12, 17))) == 2


def test_move_from_plan_keeps_id_and_original(plan: StopPlan) -> None:
    moved = plan.find_stop("2026-12-22-borbeck")
    assert moved is not None
    assert moved.start == at(date(2026, 12, 21), 9)
    assert moved.end == at(date(2026, 12, 21), 12)
    assert moved.moved_from is not None
    assert moved.moved_from.start == at(date(2026, 12, 22), 8)
    assert moved.move_reason == "Markt verlegt"
    assert plan.stops_on(date(2026, 12, 22)) == []
    assert moved in plan.stops_on(date(2026, 12, 21))


# ---- overrides by staff ----------------------------------------------------------------


def test_with_cancellation_returns_new_plan(plan: StopPlan) -> None:
    changed = plan.with_cancellation("2027-01-12-borbeck", "Krankheit")
    assert plan.find_stop("2027-01-12-borbeck").cancelled is False  # type: ignore[union-attr]
    stop = changed.find_stop("2027-01-12-borbeck")
    assert stop is not None and stop.cancelled and stop.cancel_reason == "Krankheit"
    assert changed.stops_on(date(2027, 1, 12)) == [
        s for s in plan.stops_on(date(2027, 1, 12)) if s.place.id != "borbeck"
    ]


def test_with_move_across_month_boundary(plan: StopPlan) -> None:
    new_start = at(date(2027, 2, 2), 10)
    changed = plan.with_move("2027-01-26-borbeck", new_start, new_start + timedelta(hours=2),
                             "Baustelle")
    assert days_of(changed.stops_between(date(2027, 1, 1), date(2027, 1, 31)), "borbeck") == [
        date(2027, 1, 12)
    ]
    february = changed.stops_between(date(2027, 2, 1), date(2027, 2, 28))
    assert days_of(february, "borbeck") == [date(2027, 2, 2), date(2027, 2, 9), date(2027, 2, 23)]
    moved = changed.find_stop("2027-01-26-borbeck")
    assert moved is not None
    assert moved.start == new_start
    assert moved.moved_from is not None and moved.moved_from.day == date(2027, 1, 26)
    assert moved.move_reason == "Baustelle"


def test_move_to_other_place(plan: StopPlan) -> None:
    start = at(date(2027, 1, 12), 8)
    changed = plan.with_move("2027-01-12-borbeck", start, start + timedelta(hours=5),
                             new_place_id="kennedyplatz")
    stop = changed.find_stop("2027-01-12-borbeck")
    assert stop is not None and stop.place.id == "kennedyplatz"
    with pytest.raises(ValueError):
        plan.with_move("2027-01-12-borbeck", start, start + timedelta(hours=1),
                       new_place_id="nirgendwo")


def test_unknown_stop_raises(plan: StopPlan) -> None:
    with pytest.raises(UnknownStopError):
        plan.with_cancellation("2027-01-13-borbeck")
    with pytest.raises(UnknownStopError):
        plan.with_move("quatsch", at(date(2027, 1, 1), 8), at(date(2027, 1, 1), 9))
    assert plan.find_stop("quatsch") is None


def test_overrides_roundtrip_and_reapply(plan: StopPlan) -> None:
    start = at(date(2027, 1, 13), 9)
    overrides = [
        Override("2027-01-12-borbeck", "cancel", reason="Sturm"),
        Override("2027-01-26-borbeck", "move", start, start + timedelta(hours=3), "Markt"),
        Override("2025-01-01-weg", "cancel"),  # the plan changed since: skipped
    ]
    stored = [o.to_dict() for o in overrides]
    restored = [Override.from_dict(d) for d in stored]
    assert restored == overrides
    changed = plan.with_overrides(restored)
    assert len(changed.overrides) == 2
    assert changed.find_stop("2027-01-12-borbeck").cancelled  # type: ignore[union-attr]
    moved = changed.find_stop("2027-01-26-borbeck")
    assert moved is not None and moved.start == start
    assert moved.start.tzinfo is not None and moved.start.utcoffset() == timedelta(hours=1)


def test_override_validation() -> None:
    with pytest.raises(ValueError):
        Override("x", "move")
    with pytest.raises(ValueError):
        Override("x", "delete")  # type: ignore[arg-type]
    start = datetime(2027, 1, 1, 8)
    with pytest.raises(ValueError):
        Override("x", "move", start, start + timedelta(hours=1))  # naive
    aware = start.replace(tzinfo=BERLIN)
    with pytest.raises(ValueError):
        Override("x", "move", aware, aware)


def test_move_then_cancel_and_cancel_then_move(plan: StopPlan) -> None:
    start = at(date(2027, 1, 13), 9)
    end = start + timedelta(hours=2)
    cancelled_after_move = plan.with_move("2027-01-12-borbeck", start, end).with_cancellation(
        "2027-01-12-borbeck")
    stop = cancelled_after_move.find_stop("2027-01-12-borbeck")
    assert stop is not None and stop.cancelled and stop.start == start
    moved_after_cancel = plan.with_cancellation("2027-01-12-borbeck").with_move(
        "2027-01-12-borbeck", start, end)
    stop = moved_after_cancel.find_stop("2027-01-12-borbeck")
    assert stop is not None and not stop.cancelled and stop.start == start


def test_with_events_adds_one_off_stops(plan: StopPlan) -> None:
    place = Place("zollverein", "Stoppenberg", "Zeche Zollverein", lat=51.486, lon=7.046)
    event = Event(date(2027, 2, 3), time(10), time(12), place, "Aktionstag")
    changed = plan.with_events([event])
    (stop,) = changed.stops_on(date(2027, 2, 3))
    assert stop.stop_id == "2027-02-03-zollverein"
    assert stop.title == "Aktionstag"
    assert plan.stops_on(date(2027, 2, 3)) == []
    assert changed.place("zollverein") == place


# ---- next stops and nearest ------------------------------------------------------------


def test_next_stops_counts_running_stop(plan: StopPlan) -> None:
    day = date(2027, 1, 12)  # Borbeck 08:00–13:00
    running = plan.next_stops(at(day, 12, 59), limit=1)
    assert running[0].stop_id == "2027-01-12-borbeck"
    assert running[0].is_running(at(day, 12, 59))
    after = plan.next_stops(at(day, 13, 0), limit=1)
    assert after[0].stop_id == "2027-01-14-steele"


def test_next_stops_accepts_any_timezone(plan: StopPlan) -> None:
    now_utc = datetime(2027, 1, 12, 11, 59, tzinfo=UTC)  # 12:59 in Essen
    assert plan.next_stops(now_utc, limit=1)[0].stop_id == "2027-01-12-borbeck"
    with pytest.raises(ValueError):
        plan.next_stops(datetime(2027, 1, 12, 11, 0))


def test_next_stops_limit_and_filters(plan: StopPlan) -> None:
    now = at(date(2026, 11, 25), 14)
    five = plan.next_stops(now)
    assert len(five) == 5
    assert [s.start for s in five] == sorted(s.start for s in five)
    for query in ("Borbeck", "Borbek", "45355", resolve_area("Borbeck-Mitte")):
        stops = plan.next_stops(now, limit=3, district=query)
        assert [s.place.id for s in stops] == ["borbeck"] * 3, query
        assert stops[0].stop_id == "2026-12-22-borbeck"  # 8.12. cancelled, 22.12. moved
    alten = plan.next_stops(now, limit=2, district="Altenessen-Süd")
    assert [s.stop_id for s in alten] == ["2026-12-04-altenessen"]  # rule ends 31.12.2026
    assert plan.next_stops(now, district="Hamburg") == []
    assert plan.next_stops(now, district="Bredeney") == []
    by_place = plan.next_stops(now, limit=2, place_id="werden")
    assert [s.day for s in by_place] == [date(2026, 11, 25), date(2026, 12, 30)]
    with_cancelled = plan.next_stops(now, limit=1, district="Borbeck", include_cancelled=True)
    assert with_cancelled[0].stop_id == "2026-12-08-borbeck"


def test_nearest_orders_by_distance(plan: StopPlan) -> None:
    now = at(date(2026, 11, 25), 16)
    near_borbeck = plan.nearest(51.478, 6.960, now)
    assert [s.place.id for s, _km in near_borbeck] == ["borbeck", "altenessen", "kennedyplatz"]
    kms = [km for _s, km in near_borbeck]
    assert kms == sorted(kms)
    assert kms == pytest.approx([0.82, 3.69, 4.47], abs=0.01)
    stop, _ = near_borbeck[0]
    assert stop.stop_id == "2026-12-22-borbeck"  # the next stop there
    all_places = plan.nearest(51.40, 7.00, now, limit=10)
    assert all_places[0][0].place.id == "werden"
    assert "kray" not in {s.place.id for s, _ in all_places}  # no coordinates
    assert len({s.place.id for s, _ in all_places}) == len(all_places)


def test_nearest_within_days(plan: StopPlan) -> None:
    now = at(date(2026, 11, 25), 16)
    soon = plan.nearest(51.456, 7.014, now, limit=5, within_days=7)
    assert "kennedyplatz" not in {s.place.id for s, _ in soon}
    assert all(s.start < now + timedelta(days=7) for s, _ in soon)


# ---- daylight saving time --------------------------------------------------------------


def test_stops_keep_wall_time_across_dst() -> None:
    p = simple_plan('  - {place: steele, weekday: so, weeks: every, start: "10:00", '
                    'end: "14:00"}')
    before, after = p.stops_between(date(2026, 10, 18), date(2026, 10, 25))
    assert before.start.hour == after.start.hour == 10
    assert before.start.utcoffset() == timedelta(hours=2)
    assert after.start.utcoffset() == timedelta(hours=1)
    assert after.duration == timedelta(hours=4)
    spring = p.stops_on(date(2027, 3, 28))[0]
    assert spring.start.astimezone(UTC).hour == 8  # 10:00 CEST
    assert spring.duration == timedelta(hours=4)


def test_durations_over_the_clock_change(plan: StopPlan) -> None:
    autumn = plan.find_stop("2026-10-25-kennedyplatz")
    assert autumn is not None
    assert autumn.duration == timedelta(hours=5)  # 01:00–05:00 with the extra hour
    spring = plan.find_stop("2027-03-28-kennedyplatz")
    assert spring is not None
    assert spring.duration == timedelta(hours=1, minutes=30)  # 01:30–04:00 minus one hour
    assert spring.end.hour == 4


def test_next_stops_around_dst(plan: StopPlan) -> None:
    now = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, after the change
    running = plan.next_stops(now, limit=1)
    assert running[0].stop_id == "2026-10-25-kennedyplatz"


# ---- the shipped plan ------------------------------------------------------------------


def test_shipped_plan_loads_and_always_has_upcoming_stops() -> None:
    shipped = load_plan(DEFAULT_PLAN_PATH)
    assert len(shipped.places) >= 13
    for place in shipped.places:
        assert resolve_area(place.district) is not None, place.district
        assert place.lat is not None and place.lon is not None
    for now in (datetime(2026, 11, 25, 14, tzinfo=BERLIN), datetime(2031, 7, 1, tzinfo=UTC),
                datetime(2040, 12, 24, 8, tzinfo=BERLIN)):
        stops = shipped.next_stops(now, limit=5)
        assert len(stops) == 5
        assert all(len(s.stop_id) <= 40 for s in stops)


def test_shipped_plan_rota() -> None:
    shipped = load_plan(DEFAULT_PLAN_PATH)
    december = shipped.stops_between(date(2026, 12, 1), date(2026, 12, 31), True)
    assert days_of(december, "borbeck") == [date(2026, 12, 1), date(2026, 12, 22)]
    assert not shipped.cancellations  # no closure the city has not announced
    christmas_eve = [s for s in december if s.day == date(2026, 12, 24)]
    assert christmas_eve and not any(s.cancelled for s in christmas_eve)
    stop_ids = [s.stop_id for s in shipped.stops_between(date(2027, 1, 1), date(2027, 12, 31))]
    assert len(stop_ids) == len(set(stop_ids))
    assert max(len(i) for i in stop_ids) <= 40
