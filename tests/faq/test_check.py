"""`faq check`: the findings on broken FAQ files, and a clean shipped FAQ."""

from __future__ import annotations

import datetime
from pathlib import Path

from faq import DEFAULT_FAQ_PATH, check_faq
from tests.auxil.paths import DATA

TODAY = datetime.date(2026, 11, 25)


def test_shipped_faq_passes() -> None:
    report = check_faq(DEFAULT_FAQ_PATH, today=TODAY)
    assert report.ok, report.format()
    assert report.entries >= 30


def test_schema_errors_are_listed_with_entry_and_field() -> None:
    report = check_faq(DATA / "faq_bad_schema.yaml", today=TODAY)
    assert not report.ok
    text = report.format()
    assert "entry 'anmeldung' (#1), field 'links': expected a list of http(s) URLs" in text
    assert "entry 'hund' (#3), field 'reviewed'" in text
    assert "Result: FAILED (6 errors" in text


def test_duplicate_id() -> None:
    report = check_faq(DATA / "faq_duplicate_id.yaml", today=TODAY)
    assert any("field 'id': expected a unique id" in e for e in report.errors)


def test_duplicate_questions_within_and_across_entries() -> None:
    report = check_faq(DATA / "faq_duplicate_question.yaml", today=TODAY)
    assert (
        "entry 'fuehrerschein': question 'Wie tausche ich meinen Fuehrerschein um'"
        " appears twice in this entry" in report.errors
    )
    assert (
        "entry 'kfz-zulassung': question 'WIE TAUSCHE ICH MEINEN FÜHRERSCHEIN UM?'"
        " duplicates a question of entry 'fuehrerschein'" in report.errors
    )


def test_conflicting_question_and_stale_review() -> None:
    report = check_faq(DATA / "faq_conflict.yaml", today=TODAY)
    assert not report.ok
    conflicts = [e for e in report.errors if e.startswith("conflict:")]
    assert len(conflicts) == 1
    assert conflicts[0].startswith(
        "conflict: entry 'hund' question 'Was kostet ein Reisepass für Erwachsene?'"
        " is matched to 'reisepass' ("
    )
    stale = [w for w in report.warnings if "meldebescheinigung" in w and "reviewed" in w]
    assert stale == [
        "entry 'meldebescheinigung': reviewed 2024-01-15, more than 12 months ago:"
        " check fees, rules and links"
    ]


def test_stale_review_alone_is_only_a_warning(tmp_path: Path) -> None:
    text = (DATA / "faq_small.yaml").read_text(encoding="utf-8")
    path = tmp_path / "faq.yaml"
    path.write_text(text.replace("reviewed: 2026-10-01", "reviewed: 2020-01-01"), "utf-8")
    report = check_faq(path, today=TODAY)
    assert sum("more than 12 months ago" in w for w in report.warnings) == 14
    assert not any("more than 12 months" in e for e in report.errors)
