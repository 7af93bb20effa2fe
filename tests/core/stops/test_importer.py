"""Staff imports of a month's stops: row errors in German, writing the month file."""

from __future__ import annotations

import shutil
from datetime import date, time
from pathlib import Path

import pytest

from core.stops import StopPlan, load_plan
from core.stops.importer import ImportRejectedError, validate_import, write_import
from tests.auxil.paths import DATA

TODAY = date(2026, 11, 25)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    target = tmp_path / "stops.yaml"
    shutil.copy(DATA / "stops_test.yaml", target)
    return target


@pytest.fixture
def plan(plan_path: Path) -> StopPlan:
    return load_plan(plan_path)


def test_bad_csv_lists_every_problem_by_line(plan: StopPlan) -> None:
    result = validate_import(DATA / "stops_import_bad.csv", "csv", plan, today=TODAY)
    assert not result.ok
    assert result.stops == []
    assert result.errors == [
        "Zeile 4: Datum '31.02.2027' gibt es nicht",
        "Zeile 5: 'morgen' ist kein Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)",
        "Zeile 6: Beginn: '25:00' ist keine Uhrzeit (erwartet HH:MM, z. B. 08:00)",
        "Zeile 7: Ende 12:00 liegt vor Beginn 13:00",
        "Zeile 8: 'Wattenscheid' ist kein Essener Stadtteil",
        "Zeile 9: Ort 'xyz' ist unbekannt",
        "Zeile 10: Adresse 'Musterweg 1, 44787 Bochum' liegt nicht in Essen (PLZ 44787)",
        "Zeile 11: Ort fehlt (ort_id oder bezirk und name angeben)",
        "Zeile 12: doppelt (wie Zeile 2)",
    ]


def test_good_csv_with_english_headers_and_commas(plan: StopPlan) -> None:
    result = validate_import(DATA / "stops_import_ok.csv", "csv", plan, today=TODAY)
    assert result.errors == []
    assert result.ok
    kray, steele, kennedy, borbeck = result.stops
    assert (kray.day, kray.start, kray.end) == (date(2027, 1, 13), time(10), time(12))
    assert kray.place.district == "Kray"
    assert kray.place.address == "Kamblickweg 1, 45307 Essen"
    assert kray.title == "Beratung"
    assert steele.place == plan.place("steele")
    assert kennedy.start == time(9)
    assert borbeck.place.id == "borbeck"  # district + name of a plan place: its id is reused
    # no clash with the Steele rule date of 14 Jan: the import replaces January's rule dates
    assert result.warnings == ["Zeile 5: Stadtteil 'Borbek' als 'Borbeck-Mitte' gelesen"]
    assert result.months() == ["2027-01", "2027-02"]


def test_text_and_bytes_sources_with_excel_encodings(plan: StopPlan) -> None:
    text = "Datum;Beginn;Ende;Bezirk;Name\n05.01.2027;10:00;11:00;Überruhr;Stift\n"
    for source in (text, text.encode("cp1252"), "\ufeff".encode() + text.encode()):
        result = validate_import(source, "csv", plan, today=TODAY)
        assert result.errors == [], source
        assert result.stops[0].place.district == "Überruhr"


def test_missing_columns_and_empty_file(plan: StopPlan) -> None:
    result = validate_import("datum;ort_id\n05.01.2027;borbeck\n", "csv", plan, today=TODAY)
    assert result.errors == ["Zeile 1: Spalte(n) start, ende fehlen "
                             "(erwartet: datum;start;ende;ort_id;bezirk;name;adresse)"]
    assert validate_import("", "csv", plan).errors == ["Die Datei enthält keine Termine."]


def test_warnings_for_past_dates_holidays_and_unknown_columns(plan: StopPlan) -> None:
    text = ("datum;start;ende;ort_id;farbe\n"
            "01.11.2026;10:00;11:00;borbeck;rot\n"
            "25.12.2026;10:30;11:30;werden;blau\n")
    result = validate_import(text, "csv", plan, today=TODAY)
    assert result.ok
    assert result.warnings == [
        "Zeile 1: Spalte 'farbe' wird ignoriert",
        "Zeile 2: 01.11.2026 liegt in der Vergangenheit",
        "Zeile 2: 01.11.2026 ist ein Feiertag (Allerheiligen); der Termin gilt trotzdem",
        "Zeile 3: 25.12.2026 ist ein Feiertag (Erster Weihnachtstag); der Termin gilt trotzdem",
        "Zeile 3: zur selben Zeit hält das Bürgermobil laut Plan schon in Rüttenscheid, "
        "Weihnachtsfeier (11:00–14:00 Uhr)",
    ]


def test_coordinates_in_csv(plan: StopPlan) -> None:
    text = ("datum;start;ende;bezirk;name;lat;lon\n"
            "05.01.2027;10:00;11:00;Kray;Heim;51,468;7,075\n"
            "06.01.2027;10:00;11:00;Kray;Heim;52.5;13.4\n")
    result = validate_import(text, "csv", plan, today=TODAY)
    assert result.errors == ["Zeile 3: Koordinaten 52.5, 13.4 liegen nicht in Essen"]


def test_yaml_import(plan: StopPlan) -> None:
    result = validate_import(DATA / "stops_import.yaml", "yaml", plan, today=TODAY)
    assert result.errors == []
    borbeck, heim = result.stops
    assert borbeck.place == plan.place("borbeck") and borbeck.title == "Sondertermin"
    assert heim.place.district == "Überruhr"
    assert heim.day == date(2027, 1, 13)


def test_bad_yaml_import(plan: StopPlan) -> None:
    result = validate_import(DATA / "stops_import_bad.yaml", "yaml", plan, today=TODAY)
    assert result.errors == [
        "Zeile 2 (Eintrag 2, date): Datum '2027-02-30' gibt es nicht",
        "Zeile 3 (Eintrag 3): Ende 12:00 liegt nicht nach Beginn 13:00",
        "Zeile 4 (Eintrag 4, district): 'Bochum' ist kein Essener Stadtteil",
        "Zeile 5: Adresse 'Weg 1, 44787 Bochum' liegt nicht in Essen",
    ]
    assert "YAML" in validate_import("[: x", "yaml", plan).errors[0]
    assert validate_import("a: 1\n", "yaml", plan).errors == [
        "Die Datei muss eine Liste von Terminen sein (oder 'events:' mit einer Liste)"]


def test_write_import_creates_month_files_the_plan_includes(
    plan: StopPlan, plan_path: Path
) -> None:
    result = validate_import(DATA / "stops_import_ok.csv", "csv", plan, today=TODAY)
    files = write_import(result, plan, plan_path, "stops_import_ok.csv")
    assert [f.name for f in files] == ["2027-01.yaml", "2027-02.yaml"]
    assert all(f.parent == plan_path.parent / "imports" for f in files)
    assert "stops_import_ok.csv" in files[0].read_text(encoding="utf-8")
    reloaded = load_plan(plan_path)
    ids = [s.stop_id for s in reloaded.stops_on(date(2027, 1, 13))]
    assert "2027-01-13-kray-seniorenzentrum-kra" in ids
    assert len(reloaded.stops_on(date(2027, 2, 2))) == 1
    # importing the same month again replaces it: no clash with its own earlier import
    again = validate_import(DATA / "stops_import_ok.csv", "csv", reloaded, today=TODAY)
    assert not any("Seniorenzentrum" in w for w in again.warnings)
    write_import(again, reloaded, plan_path)
    assert len(load_plan(plan_path).stops_on(date(2027, 1, 13))) == len(ids)
    # a smaller file for February replaces February only
    small = validate_import("datum;start;ende;ort_id\n09.02.2027;15:00;16:00;werden\n", "csv",
                            reloaded, today=TODAY)
    write_import(small, reloaded, plan_path)
    final = load_plan(plan_path)
    assert final.stops_on(date(2027, 2, 2)) == []
    # the imported month is the truth: the Borbeck rule date of 9 Feb is replaced
    assert [s.place.id for s in final.stops_on(date(2027, 2, 9))] == ["werden"]
    assert all(s.confirmed for s in final.stops_between(date(2027, 2, 1), date(2027, 2, 28)))
    assert "2027-01-13-kray-seniorenzentrum-kra" in [
        s.stop_id for s in final.stops_on(date(2027, 1, 13))]


def test_write_refuses_errors_and_plans_without_include(tmp_path: Path, plan: StopPlan) -> None:
    bad = validate_import(DATA / "stops_import_bad.csv", "csv", plan, today=TODAY)
    with pytest.raises(ImportRejectedError):
        write_import(bad, plan, tmp_path / "stops.yaml")
    plain = tmp_path / "plain.yaml"
    plain.write_text("places:\n  - {id: borbeck, district: Borbeck, name: Neuer Markt}\n",
                     encoding="utf-8")
    plain_plan = load_plan(plain)
    good = validate_import("datum;start;ende;ort_id\n09.02.2027;15:00;16:00;borbeck\n", "csv",
                           plain_plan, today=TODAY)
    with pytest.raises(ImportRejectedError, match="include"):
        write_import(good, plain_plan, plain)
    assert not (tmp_path / "imports").exists()


def test_with_events_merges_an_import_in_memory(plan: StopPlan) -> None:
    result = validate_import(DATA / "stops_import_ok.csv", "csv", plan, today=TODAY)
    merged = plan.with_events(result.stops)
    assert len(merged.stops_on(date(2027, 2, 2))) == 1
