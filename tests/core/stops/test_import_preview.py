"""The dry run of an import: every stop of its months before and after, and the fingerprint."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from core.stops import Override, load_plan
from core.stops.import_preview import plan_changes, preview_of
from core.stops.upload import check_upload
from tests.auxil.console_stops import BAD_CSV, GOOD_CSV
from tests.auxil.paths import DATA

TODAY = date(2026, 11, 25)
PLAN = DATA / "stops_test.yaml"


def test_each_stop_of_the_month_is_new_dropped_changed_confirmed_or_unchanged() -> None:
    plan = load_plan(PLAN)
    result = check_upload(GOOD_CSV.encode(), "csv", plan, TODAY)
    changes = {change.stop.stop_id: change.kind for change in plan_changes(result, plan, PLAN)}
    assert changes.pop("2027-01-07-steele") == "confirmed"
    assert changes.pop("2027-01-14-steele") == "changed"
    assert changes.pop("2027-01-15-werden") == "added"
    assert set(changes.values()) == {"removed"} and len(changes) == 9
    again = check_upload(b"datum;start;ende;ort_id\n07.01.2027;10:00;13:00;steele\n", "csv", plan, TODAY)
    written = [replace(event, origin=str(Path("imports/2027-01.yaml"))) for event in again.stops]
    with_import = plan.with_import(written, ["2027-01"])
    (same,) = plan_changes(again, with_import, PLAN)
    assert same.kind == "unchanged" and same.before is not None and same.after is not None


def test_a_file_with_errors_has_no_changes() -> None:
    plan = load_plan(PLAN)
    result = check_upload(BAD_CSV.encode(), "csv", plan, TODAY)
    preview = preview_of("bad.csv", BAD_CSV.encode(), result, plan, PLAN, "state")
    assert not preview.ok and preview.changes == ()
    assert [line.split(":")[0] for line in result.errors] == ["Zeile 3", "Zeile 4"]


def test_the_fingerprint_follows_the_file_the_plan_and_its_state() -> None:
    plan = load_plan(PLAN)
    data = GOOD_CSV.encode()
    result = check_upload(data, "csv", plan, TODAY)
    first = preview_of("a.csv", data, result, plan, PLAN, "state-1")
    assert preview_of("a.csv", data, result, plan, PLAN, "state-1").fingerprint == first.fingerprint
    assert preview_of("a.csv", data, result, plan, PLAN, "state-2").fingerprint != first.fingerprint
    cancelled = plan.with_overrides([Override("2027-01-07-steele", "cancel", reason="Eis")])
    assert preview_of("a.csv", data, result, cancelled, PLAN, "state-1").fingerprint != first.fingerprint
    other = data.replace(b"Sondertermin", b"Extra")
    assert preview_of("a.csv", other, result, plan, PLAN, "state-1").fingerprint != first.fingerprint
