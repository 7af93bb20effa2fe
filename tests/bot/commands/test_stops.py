"""The `stops list` and `stops import` commands."""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

import pytest

from bot.commands.stops import DEFAULT_PLAN_PATH, main, register
from tests.auxil.paths import DATA


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    target = tmp_path / "stops.yaml"
    shutil.copy(DATA / "stops_test.yaml", target)
    return target


def test_list(plan_path: Path) -> None:
    code, out = run("stops", "list", "--plan", str(plan_path), "--from", "2026-12-07",
                    "--days", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "Mo 7.12., 09:00–10:00 Uhr · Kray, Ohne Koordinaten – voraussichtlich  [2026-12-07-kray]",
        "FÄLLT AUS: Di 8.12., 08:00–13:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt) – "
        "Weihnachtsmarkt  [2026-12-08-borbeck]",
        "",
    ]
    assert lines[3].startswith("voraussichtlich = aus einer Regel berechnet")


def test_list_german_date_district_and_english(plan_path: Path) -> None:
    code, out = run("stops", "list", "--plan", str(plan_path), "--from", "01.01.2027",
                    "--days", "31", "--district", "45355", "--lang", "en")
    assert code == 0
    assert out.splitlines()[:3] == [
        "Tue 12 Jan, 08:00–13:00 · Borbeck, Neuer Markt (Wochenmarkt) – expected  "
        "[2027-01-12-borbeck]",
        "Tue 26 Jan, 08:00–13:00 · Borbeck, Neuer Markt (Wochenmarkt) – expected  "
        "[2027-01-26-borbeck]",
        "",
    ]


def test_list_nothing_and_bad_input(plan_path: Path, tmp_path: Path) -> None:
    code, out = run("stops", "list", "--plan", str(plan_path), "--from", "2027-01-12",
                    "--days", "1", "--district", "Bredeney")
    assert (code, out) == (0, "Keine Halte vom 12.01.2027 bis 12.01.2027.\n")
    code, out = run("stops", "list", "--plan", str(plan_path), "--district", "Bochum")
    assert code == 2 and "kein Essener Stadtteil" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text("places: [\n", encoding="utf-8")
    code, out = run("stops", "list", "--plan", str(broken))
    assert code == 2 and out.startswith("Fehler im Plan:")
    with pytest.raises(SystemExit):
        run("stops", "list", "--from", "irgendwann")


def test_list_default_plan_has_stops() -> None:
    code, out = run("stops", "list", "--days", "31")
    assert code == 0
    assert "Uhr ·" in out


def test_import_dry_run_writes_nothing(plan_path: Path) -> None:
    code, out = run("stops", "import", str(DATA / "stops_import_ok.csv"), "--plan",
                    str(plan_path), "--dry-run")
    assert code == 0
    assert "Probelauf: 4 Termine geprüft, nichts geschrieben." in out
    assert "Hinweis: Zeile 5: Stadtteil 'Borbek' als 'Borbeck-Mitte' gelesen" in out
    assert not (plan_path.parent / "imports").exists()


def test_import_writes_month_files(plan_path: Path) -> None:
    code, out = run("stops", "import", str(DATA / "stops_import.yaml"), "--plan",
                    str(plan_path))
    assert code == 0, out
    assert (plan_path.parent / "imports" / "2027-01.yaml").is_file()
    assert "2 Termine importiert." in out
    code, out = run("stops", "list", "--plan", str(plan_path), "--from", "2027-01-13",
                    "--days", "1")
    assert "Sondertermin" in out and "Seniorenzentrum" in out


def test_import_with_errors(plan_path: Path) -> None:
    code, out = run("stops", "import", str(DATA / "stops_import_bad.csv"), "--plan",
                    str(plan_path))
    assert code == 1
    assert "Fehler: Zeile 4: Datum '31.02.2027' gibt es nicht" in out
    assert out.rstrip().endswith("Nichts importiert. Bitte die Datei korrigieren und erneut "
                                 "senden.")
    assert not (plan_path.parent / "imports").exists()


def test_import_bad_file_names(plan_path: Path, tmp_path: Path) -> None:
    code, out = run("stops", "import", str(tmp_path / "plan.xlsx"), "--plan", str(plan_path))
    assert code == 2 and "erwartet eine .csv- oder .yaml-Datei" in out
    code, out = run("stops", "import", str(tmp_path / "fehlt.csv"), "--plan", str(plan_path))
    assert code == 2 and "Datei nicht gefunden" in out


def test_register_into_another_cli() -> None:
    parser = argparse.ArgumentParser(prog="bot")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["stops", "list", "--days", "2"])
    assert args.plan == DEFAULT_PLAN_PATH
    assert callable(args.func)
