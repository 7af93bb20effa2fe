"""Plan files: accepted forms and the errors operators see for broken entries."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from core.stops import PlanError, load_plan, parse_plan

PLACES = """\
places:
  - id: borbeck
    district: Borbeck
    name: Neuer Markt
    lat: 51.474
    lon: 6.950
"""


def plan_error(text: str) -> str:
    with pytest.raises(PlanError) as info:
        parse_plan(text, "stops.yaml")
    return str(info.value)


def test_times_without_quotes_and_german_dates() -> None:
    plan = parse_plan(
        PLACES + "rules:\n  - {place: borbeck, weekday: Dienstag, weeks: '2, 4', "
        "start: 8:00, end: 13:00, valid_from: 01.01.2027}\n",
        "stops.yaml",
    )
    (rule,) = plan.rules
    assert (rule.start, rule.end) == (time(8), time(13))  # 13:00 is not read as 780
    assert rule.weeks == (2, 4)
    assert rule.valid_from == date(2027, 1, 1)


def test_time_forms() -> None:
    plan = parse_plan(
        PLACES + "rules:\n"
        "  - {place: borbeck, weekday: mo, weeks: every, start: 8.30, end: '12.15'}\n"
        "  - {place: borbeck, weekday: di, weeks: 1, start: 9, end: '14 Uhr'}\n",
        "stops.yaml",
    )
    assert [(r.start, r.end) for r in plan.rules] == [
        (time(8, 30), time(12, 15)), (time(9), time(14))]


def test_empty_plan_is_valid() -> None:
    plan = parse_plan("", "stops.yaml")
    assert plan.places == ()
    assert plan.stops_between(date(2027, 1, 1), date(2027, 1, 31)) == []


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("{place: borbeck, weekday: dienstagg, weeks: [2], start: '08:00', end: '13:00'}",
         "Zeile 8: rules, Eintrag 1, weekday: 'dienstagg' ist kein Wochentag"),
        ("{place: borbeck, weekday: di, weeks: [6], start: '08:00', end: '13:00'}",
         "rules, Eintrag 1, weeks: '6' ist keine Woche des Monats"),
        ("{place: borbeck, weekday: di, weeks: [2], start: '25:00', end: '13:00'}",
         "rules, Eintrag 1, start: '25:00' ist keine Uhrzeit (erwartet HH:MM"),
        ("{place: borbeck, weekday: di, weeks: [2], start: '13:00', end: '12:00'}",
         "rules, Eintrag 1: Ende 12:00 liegt nicht nach Beginn 13:00"),
        ("{place: nirgendwo, weekday: di, weeks: [2], start: '08:00', end: '13:00'}",
         "rules, Eintrag 1, place: Ort 'nirgendwo' ist unbekannt"),
        ("{place: borbeck, weeks: [2], start: '08:00', end: '13:00'}",
         "rules, Eintrag 1: Feld 'weekday' fehlt"),
        ("{place: borbeck, weekday: di, weeks: [2], start: '08:00', end: '13:00', wann: x}",
         "rules, Eintrag 1: unbekanntes Feld 'wann'"),
        ("{place: borbeck, weekday: di, weeks: [2], start: '08:00', end: '13:00', "
         "valid_from: 2027-02-30}",
         "rules, Eintrag 1, valid_from: Datum '2027-02-30' gibt es nicht"),
    ],
)
def test_rule_errors_name_file_line_entry_and_field(rule: str, expected: str) -> None:
    message = plan_error(PLACES + "rules:\n  - " + rule + "\n")
    assert message.startswith("stops.yaml, Zeile 8")
    assert expected in message


def test_second_rule_reports_its_own_line() -> None:
    message = plan_error(
        PLACES + "rules:\n"
        "  - {place: borbeck, weekday: di, weeks: [2], start: '08:00', end: '13:00'}\n"
        "  - place: borbeck\n"
        "    weekday: di\n"
        "    weeks: every\n"
        "    start: '8 Uhr'\n"
        "    end: 'mittags'\n"
    )
    assert message == (
        "stops.yaml, Zeile 13: rules, Eintrag 2, end: 'mittags' ist keine Uhrzeit "
        "(erwartet HH:MM, z. B. 08:00)"
    )


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        ("  - {id: borbeck, district: Borbeck, name: A}\n"
         "  - {id: borbeck, district: Steele, name: B}\n",
         "places, Eintrag 2, id: Ort-ID 'borbeck' ist schon vergeben"),
        ("  - {id: Borbeck Markt, district: Borbeck, name: A}\n",
         "places, Eintrag 1, id: 'Borbeck Markt' ist keine gültige Ort-ID"),
        ("  - {id: wat, district: Wattenscheid, name: A}\n",
         "places, Eintrag 1, district: 'Wattenscheid' ist kein Essener Stadtteil"),
        ("  - {id: b, district: Borbek, name: A}\n",
         "'Borbek' ist kein Essener Stadtteil – meinten Sie 'Borbeck-Mitte'?"),
        ("  - {id: b, district: Borbeck, name: A, lat: 6.95, lon: 51.474}\n",
         "places, Eintrag 1, lat: Breitengrad 6.95 liegt nicht in Essen"),
        ("  - {id: b, district: Borbeck, name: A, lat: 51.474}\n",
         "lat und lon gehören zusammen"),
        ("  - {id: b, district: Borbeck}\n", "places, Eintrag 1: Feld 'name' fehlt"),
        ("  - borbeck\n", "places, Eintrag 1: erwartet einen Eintrag mit Feldern"),
    ],
)
def test_place_errors(places: str, expected: str) -> None:
    assert expected in plan_error("places:\n" + places)


def test_event_errors() -> None:
    base = PLACES + "events:\n  - "
    assert "events, Eintrag 1, date: Datum '31.02.2027' gibt es nicht" in plan_error(
        base + "{date: 31.02.2027, start: '10:00', end: '12:00', place: borbeck}\n")
    assert "Ort fehlt" in plan_error(base + "{date: 2027-02-01, start: '10:00', end: '12:00'}\n")
    assert "entweder 'place' oder ein eigener Ort" in plan_error(
        base + "{date: 2027-02-01, start: '10:00', end: '12:00', place: borbeck, name: X}\n")
    assert "02:30 Uhr gibt es am 28.03.2027 wegen der Zeitumstellung nicht" in plan_error(
        base + "{date: 2027-03-28, start: '02:30', end: '05:00', place: borbeck}\n")
    assert "Ort-ID 'borbeck' gehört schon zu einem anderen Ort" in plan_error(
        base + "{date: 2027-02-01, start: '10:00', end: '12:00', id: borbeck, "
        "district: Steele, name: Fest}\n")


def test_cancellation_and_move_must_hit_a_planned_stop() -> None:
    rules = ("rules:\n  - {place: borbeck, weekday: di, weeks: [2], start: '08:00', "
             "end: '13:00'}\n")
    assert "cancellations, Eintrag 1: am 13.01.2027 ist in 'borbeck' kein Halt geplant" in (
        plan_error(PLACES + rules + "cancellations:\n  - {date: 2027-01-13, place: borbeck}\n"))
    assert "moves, Eintrag 1: am 13.01.2027 ist in 'borbeck' kein Halt geplant" in plan_error(
        PLACES + rules + "moves:\n  - {date: 2027-01-13, place: borbeck, new_start: '09:00'}\n")
    assert "nichts verlegt" in plan_error(
        PLACES + rules + "moves:\n  - {date: 2027-01-12, place: borbeck}\n")


def test_move_end_before_start() -> None:
    rules = ("rules:\n  - {place: borbeck, weekday: di, weeks: [2], start: '08:00', "
             "end: '13:00'}\n")
    message = plan_error(
        PLACES + rules + "moves:\n  - {date: 2027-01-12, place: borbeck, new_start: '14:00'}\n")
    assert "moves, Eintrag 1: Ende 13:00 liegt nicht nach Beginn 14:00" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("places: [\n", "stops.yaml: kein gültiges YAML"),
        ("- a\n- b\n", "stops.yaml, Zeile 1: Datei: erwartet einen Eintrag mit Feldern"),
        ("plases: []\n", "unbekanntes Feld 'plases'"),
        ("version: 2\n", "Version 2 wird nicht unterstützt"),
        ("places: {id: x}\n", "places: erwartet eine Liste"),
        ("places: []\nplaces: []\n", "stops.yaml, Zeile 2: Schlüssel 'places' steht doppelt"),
        ("include: [/etc/*.yaml]\n", "include, Eintrag 1: erwartet ein relatives Dateimuster"),
        ("skip_holidays: vielleicht\n", "ist kein Wahrheitswert"),
    ],
)
def test_file_level_errors(text: str, expected: str) -> None:
    assert expected in plan_error(text)


def test_load_plan_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="kann nicht gelesen werden"):
        load_plan(tmp_path / "fehlt.yaml")


def test_includes_are_loaded_and_checked(tmp_path: Path) -> None:
    (tmp_path / "stops.yaml").write_text(
        PLACES + "include: [imports/*.yaml]\n", encoding="utf-8")
    assert load_plan(tmp_path / "stops.yaml").events == ()  # no files yet: fine
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "2027-02.yaml").write_text(
        "events:\n  - {date: 2027-02-01, start: '10:00', end: '12:00', place: borbeck}\n"
        "cancellations:\n  - {date: 2027-02-01, place: borbeck, reason: doch nicht}\n",
        encoding="utf-8")
    plan = load_plan(tmp_path / "stops.yaml")
    (stop,) = plan.stops_on(date(2027, 2, 1), include_cancelled=True)
    assert stop.cancelled and stop.cancel_reason == "doch nicht"
    assert plan.events[0].origin is not None
    (tmp_path / "imports" / "2027-03.yaml").write_text(
        "- {date: 2027-03-01, start: '10:00', end: '09:00', place: borbeck}\n",
        encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path / "stops.yaml")
    assert "2027-03.yaml, Zeile 1: events, Eintrag 1: Ende 09:00 liegt nicht nach Beginn" in (
        str(info.value))
