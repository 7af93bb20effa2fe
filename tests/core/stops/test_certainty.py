"""Which stop dates are sure: rule dates are expected, imported monthly plans confirmed.

The clock is moved: a rule date stays "voraussichtlich" until a monthly plan for its month is
imported; the import replaces that month's rule dates; closures come only from staff (command
or import); rule dates on public holidays are skipped.
"""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.commands.stops import main
from core.clock import ManualClock
from core.stops import BERLIN, DEFAULT_PLAN_PATH, StopPlan, load_plan, validate_import, write_import
from core.stops.certainty import PLAN_URL, certainty_label, imported_months
from core.stops.html import stop_html
from core.stops.render import format_stop, format_stop_details, stop_ics_event
from core.texts import t
from tests.auxil.harness import Harness
from tests.auxil.paths import DATA
from tests.auxil.stops_support import stops_harness

JANUARY_CSV = (
    "datum;start;ende;ort_id;titel\n"
    "13.01.2027;10:00;12:00;steele;Wochenmarkt\n"
    "20.01.2027;11:00;15:00;werden;Marktplatz\n"
)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    target = tmp_path / "plan" / "stops.yaml"
    target.parent.mkdir()
    shutil.copy(DATA / "stops_test.yaml", target)
    return target


def today(clock: ManualClock) -> date:
    return clock.now().astimezone(BERLIN).date()


def import_january(plan_path: Path, clock: ManualClock) -> StopPlan:
    """Import a January 2027 plan with two stops, as staff would, and reload."""
    plan = load_plan(plan_path)
    result = validate_import(JANUARY_CSV, "csv", plan, today=today(clock))
    assert result.ok, result.errors
    write_import(result, plan, plan_path, "januar.csv")
    return load_plan(plan_path)


def run_cli(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), stdout=out) == 0
    return out.getvalue()


# -- the shipped plan ---------------------------------------------------------------------------


def test_shipped_plan_weekdays_follow_the_published_plans() -> None:
    shipped = load_plan(DEFAULT_PLAN_PATH)
    year = shipped.stops_between(date(2027, 1, 1), date(2027, 12, 31))
    kupferdreh = [s.day for s in year if s.place.id == "kupferdreh"]
    freisenbruch = [s.day for s in year if s.place.id == "freisenbruch"]
    assert kupferdreh and {d.weekday() for d in kupferdreh} == {2}  # Wednesday, as in Jan 2024
    assert freisenbruch and {d.weekday() for d in freisenbruch} == {1}  # Tuesday, as in Jan 2024
    assert all(d.day >= 29 for d in kupferdreh + freisenbruch)  # the 5th weekday of a month
    assert not any(s.confirmed for s in year)  # no month of 2027 is published yet


def test_shipped_plan_has_no_unannounced_closure(clock: ManualClock) -> None:
    shipped = load_plan(DEFAULT_PLAN_PATH)
    clock.set(datetime(2026, 12, 20, 9, tzinfo=BERLIN))
    between = shipped.stops_between(today(clock), date(2027, 1, 6), include_cancelled=True)
    assert between and not any(s.cancelled for s in between)
    christmas_eve = [s for s in between if s.day == date(2026, 12, 24)]
    assert christmas_eve and not christmas_eve[0].confirmed


# -- rule dates are expected -----------------------------------------------------------------


def test_rule_dates_are_expected_and_link_the_city_plan(plan_path: Path, clock: ManualClock) -> None:
    plan = load_plan(plan_path)
    clock.set(datetime(2027, 1, 4, 7, tzinfo=BERLIN))
    steele = next(s for s in plan.next_stops(clock.now(), limit=10) if s.place.id == "steele")
    assert not steele.confirmed
    assert certainty_label(steele) == "voraussichtlich"
    assert certainty_label(steele, "en") == "expected"
    assert format_stop(steele).endswith("Steele, Dreiringplatz – voraussichtlich")
    assert format_stop(steele, "en").endswith("Steele, Dreiringplatz – expected")
    assert f'🕓 <a href="{PLAN_URL}">voraussichtlich</a>' in stop_html(steele, "de", clock.now())
    assert f'🕓 <a href="{PLAN_URL}">expected</a>' in stop_html(steele, "en", clock.now())
    assert PLAN_URL in format_stop_details(steele)
    assert PLAN_URL in (stop_ics_event(steele, "en").description or "")
    for lang in ("de", "en"):
        assert PLAN_URL in t("stops.footer", lang)


def test_one_off_events_are_confirmed(plan_path: Path) -> None:
    plan = load_plan(plan_path)
    (party,) = plan.stops_on(date(2026, 12, 25))
    assert party.confirmed
    assert format_stop(party).endswith("Rüttenscheid, Weihnachtsfeier – bestätigt")
    assert format_stop(party, "en").endswith("Rüttenscheid, Weihnachtsfeier – confirmed")
    assert "✅ bestätigt" in stop_html(party, "de")
    assert "✅ confirmed" in stop_html(party, "en")
    assert PLAN_URL not in stop_html(party, "de")


# -- an import is the truth for its month --------------------------------------------------------


def test_import_replaces_the_rule_dates_of_its_month(plan_path: Path, clock: ManualClock) -> None:
    clock.set(datetime(2026, 12, 28, 10, tzinfo=BERLIN))
    before = load_plan(plan_path).stops_between(date(2027, 1, 1), date(2027, 1, 31))
    assert {s.place.id for s in before} >= {"borbeck", "steele", "kray", "werden"}
    assert not any(s.confirmed for s in before)
    plan = import_january(plan_path, clock)
    assert plan.imported_months == imported_months(plan.events) == frozenset({"2027-01"})
    january = plan.stops_between(date(2027, 1, 1), date(2027, 1, 31))
    assert [(s.day, s.place.id) for s in january] == [
        (date(2027, 1, 13), "steele"), (date(2027, 1, 20), "werden")]
    assert all(s.confirmed for s in january)
    # the months around it keep their rule dates, still expected
    for day in (date(2026, 12, 31), date(2027, 2, 4)):
        (steele,) = plan.stops_on(day)
        assert steele.place.id == "steele" and not steele.confirmed
    # the clock moves into January: the next stop is the confirmed one
    clock.set(datetime(2027, 1, 12, 18, tzinfo=BERLIN))
    (following,) = plan.next_stops(clock.now(), limit=1)
    assert following.stop_id == "2027-01-13-steele" and following.confirmed


def test_import_does_not_warn_about_rule_dates_it_replaces(plan_path: Path, clock: ManualClock) -> None:
    plan = load_plan(plan_path)
    # 14.01.2027 is a Thursday: Steele's rule date at the same time would clash
    result = validate_import("datum;start;ende;ort_id\n14.01.2027;10:00;12:00;werden\n", "csv",
                             plan, today=today(clock))
    assert result.ok and result.warnings == []


def test_plan_file_changes_to_replaced_rule_dates_do_not_break_the_plan(
    plan_path: Path, clock: ManualClock
) -> None:
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.replace(
        "cancellations:\n",
        "cancellations:\n  - {date: 2027-01-26, place: borbeck, reason: Baustelle}\n"),
        encoding="utf-8")
    assert load_plan(plan_path).find_stop("2027-01-26-borbeck") is not None
    plan = import_january(plan_path, clock)  # January no longer has the Borbeck rule date
    assert plan.find_stop("2027-01-26-borbeck") is None


# -- closures only when announced -------------------------------------------------------------


def test_closures_come_only_from_staff_or_an_import(plan_path: Path, clock: ManualClock) -> None:
    clock.set(datetime(2026, 12, 28, 10, tzinfo=BERLIN))
    plan = load_plan(plan_path)
    assert not any(s.cancelled for s in plan.stops_between(date(2027, 1, 1), date(2027, 3, 31), True))
    (planned,) = plan.stops_on(date(2027, 2, 4))
    assert not planned.cancelled
    announced = plan.with_cancellation("2027-02-04-steele", "Sturm")
    (closed,) = announced.stops_on(date(2027, 2, 4), include_cancelled=True)
    assert closed.cancelled and closed.cancel_reason == "Sturm"
    assert "voraussichtlich" not in format_stop(closed) and "FÄLLT AUS" in format_stop(closed)
    imports = plan_path.parent / "imports"
    imports.mkdir()
    (imports / "2027-03.yaml").write_text(
        "version: 1\n"
        "events:\n  - {date: 2027-03-04, start: '10:00', end: '13:00', place: steele}\n"
        "cancellations:\n  - {date: 2027-03-04, place: steele, reason: Stadtfest}\n",
        encoding="utf-8")
    imported = load_plan(plan_path)
    (march,) = imported.stops_on(date(2027, 3, 4), include_cancelled=True)
    assert march.cancelled and march.cancel_reason == "Stadtfest"
    # March's rule dates are gone; only the plan file's own one-off event stays
    assert [s.stop_id for s in imported.stops_between(date(2027, 3, 1), date(2027, 3, 31))] == [
        "2027-03-28-kennedyplatz"]


async def test_staff_cancellation_shows_in_the_bot(tmp_path: Path, clock: ManualClock) -> None:
    harness: Harness = stops_harness(tmp_path, clock)
    await harness.start()
    try:
        await harness.send("/buergermobil morgen")
        answer = harness.to_citizen()[-2].text
        assert "Steele, Dreiringplatz</b>" in answer and "voraussichtlich</a>" in answer
        assert "FÄLLT AUS" not in answer
        await harness.staff_send("/ausfall 2026-11-26-steele Fahrzeug defekt")
        await harness.send("/buergermobil morgen")
        answer = harness.to_citizen()[-2].text
        assert "FÄLLT AUS: 10:00–13:00 Uhr · Steele, Dreiringplatz – Fahrzeug defekt" in answer
    finally:
        await harness.stop()


# -- public holidays -------------------------------------------------------------------------


def test_rule_dates_on_public_holidays_are_skipped(clock: ManualClock) -> None:
    shipped = load_plan(DEFAULT_PLAN_PATH)
    # Fri 25.12.2026 is the 4th Friday (Überruhr-Hinsel) and Christmas Day
    assert shipped.holiday(date(2026, 12, 25))
    assert shipped.stops_on(date(2026, 12, 25), include_cancelled=True) == []
    assert [s.place.id for s in shipped.stops_on(date(2027, 1, 22))] == ["ueberruhr-hinsel"]
    # seen from Christmas Eve afternoon, the next stops leave Christmas Day out
    clock.set(datetime(2026, 12, 24, 14, tzinfo=BERLIN))
    following = shipped.next_stops(clock.now(), limit=3)
    assert all(shipped.holiday(s.day) is None for s in following)
    assert date(2026, 12, 25) not in {s.day for s in following}


def test_an_imported_date_on_a_holiday_stays(plan_path: Path) -> None:
    plan = load_plan(plan_path)
    (party,) = plan.stops_on(date(2026, 12, 25))  # one-off event on Christmas Day
    assert plan.holiday(party.day) and party.confirmed


# -- stops list ------------------------------------------------------------------------------


def test_stops_list_marks_expected_and_confirmed(plan_path: Path, clock: ManualClock) -> None:
    out = run_cli("stops", "list", "--plan", str(plan_path), "--from", "2026-12-24", "--days", "2")
    assert out.splitlines()[:2] == [
        "Do 24.12., 10:00–13:00 Uhr · Steele, Dreiringplatz – voraussichtlich  [2026-12-24-steele]",
        "Fr 25.12., 11:00–14:00 Uhr · Rüttenscheid, Weihnachtsfeier – bestätigt  "
        "[2026-12-25-ruettenscheid-weihnachts]",
    ]
    assert "voraussichtlich = aus einer Regel berechnet" in out and PLAN_URL in out
    clock.set(datetime(2026, 12, 28, 10, tzinfo=BERLIN))
    import_january(plan_path, clock)
    out = run_cli("stops", "list", "--plan", str(plan_path), "--from", "2027-01-11", "--days", "7",
                  "--lang", "en")
    assert out.splitlines() == [
        "Wed 13 Jan, 10:00–12:00 · Steele, Dreiringplatz (Wochenmarkt) – confirmed  "
        "[2027-01-13-steele]",
    ]
