"""`faq check`: the findings on broken FAQ files, and a clean shipped FAQ."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

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


# -- facts: sources, placeholders, literal amounts, review dates --------------------------


def _write_faq(folder: Path, answer: str, *, facts: list[dict[str, object]] | None = None,
               answer_en: str = "See the page.", review_by: str | None = None) -> Path:
    entry: dict[str, object] = {
        "id": "personalausweis",
        "title": "Personalausweis beantragen",
        "questions": ["Was kostet ein Personalausweis?", "Personalausweis beantragen"],
        "keywords": ["personalausweis"],
        "answer": answer,
        "answer_en": answer_en,
        "links": ["https://www.essen.de/"],
        "reviewed": "2026-12-03",
    }
    if review_by is not None:
        entry["review_by"] = review_by
    path = folder / "faq.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "entries": [entry]}, allow_unicode=True), encoding="utf-8")
    if facts is not None:
        (folder / "facts.yaml").write_text(
            yaml.safe_dump({"version": 1, "facts": facts}, allow_unicode=True), encoding="utf-8"
        )
    return path


FEE = {
    "id": "personalausweis_fee_24",
    "kind": "fee",
    "topic": "personalausweis",
    "value": {"de": "46,00 Euro", "en": "46.00 euros"},
    "source": "https://www.gesetze-im-internet.de/pauswgebv/",
    "reviewed": "2026-12-03",
    "review_by": "2027-06-30",
}
PHONE = {
    "id": "servicecenter_phone",
    "kind": "phone",
    "value": "0201 88-0",
    "source": "https://www.essen.de/meldungen/pressemeldung_1455173.de.html",
    "reviewed": "2026-12-03",
    "review_by": "2027-06-30",
}
DAY = datetime.date(2026, 12, 3)


def test_a_fact_without_source_fails(tmp_path: Path) -> None:
    no_source = {key: value for key, value in FEE.items() if key != "source"}
    path = _write_faq(tmp_path, "Kosten: {fact:personalausweis_fee_24}.", facts=[no_source])
    report = check_faq(path, None, today=DAY)
    assert not report.ok
    assert any("fact 'personalausweis_fee_24' (#1), field 'source'" in e for e in report.errors)


def test_an_unknown_placeholder_fails_in_answers_and_texts(tmp_path: Path) -> None:
    path = _write_faq(tmp_path, "Kosten: {fact:personalausweis_fee}.", facts=[FEE])
    report = check_faq(path, None, today=DAY, texts=[("help/de", "Ruf {fact:no_such} an")])
    unknown = "field 'answer': unknown fact placeholder {fact:personalausweis_fee}"
    assert any(unknown in e for e in report.errors)
    assert "text 'help/de': unknown fact placeholder {fact:no_such}" in report.errors


def test_a_literal_euro_amount_fails_even_when_it_matches(tmp_path: Path) -> None:
    path = _write_faq(
        tmp_path, "Kosten: 37,00 Euro.", facts=[FEE], answer_en="It costs {fact:personalausweis_fee_24}."
    )
    report = check_faq(path, None, today=DAY)
    assert not report.ok
    [error] = [e for e in report.errors if "written literally" in e]
    assert error.startswith("entry 'personalausweis', field 'answer': the amount '37,00 Euro'")
    assert error.endswith("(facts of this topic: personalausweis_fee_24)")
    for literal in ("46 €", "€ 46", "46.00 euros", "1.000 EUR"):
        path = _write_faq(tmp_path, "Es kostet {fact:personalausweis_fee_24}.", answer_en=f"It is {literal}.")
        assert any(f"'{literal}'" in e for e in check_faq(path, None, today=DAY).errors), literal


def test_a_phone_fact_written_out_fails(tmp_path: Path) -> None:
    answer = "Kosten: {fact:personalausweis_fee_24}. Fragen: 0201 88-0."
    path = _write_faq(tmp_path, answer, facts=[FEE, PHONE])
    report = check_faq(path, None, today=DAY)
    assert (
        "entry 'personalausweis', field 'answer': the number '0201 88-0' is the fact"
        " 'servicecenter_phone': write {fact:servicecenter_phone} instead"
    ) in report.errors


def test_clean_file_passes_and_warns_for_unused_facts(tmp_path: Path) -> None:
    path = _write_faq(tmp_path, "Kosten: {fact:personalausweis_fee_24}.", facts=[FEE, PHONE])
    report = check_faq(path, None, today=DAY)
    assert report.ok, report.format()
    assert report.facts == 2
    assert "fact 'servicecenter_phone': not used by any FAQ entry" in report.warnings
    assert "1 entries and 2 facts checked" in report.format()


def test_review_dates_warn_with_a_moved_clock(tmp_path: Path) -> None:
    path = _write_faq(
        tmp_path, "Kosten: {fact:personalausweis_fee_24}.", facts=[FEE], review_by="2027-03-31"
    )
    assert not [w for w in check_faq(path, None, today=DAY).warnings if "review_by" in w]
    report = check_faq(path, None, today=datetime.date(2027, 4, 1))
    assert report.ok
    passed = "entry 'personalausweis': review_by 2027-03-31 has passed"
    assert any(w.startswith(passed) for w in report.warnings)
    assert not any(w.startswith("fact ") for w in report.warnings)
    report = check_faq(path, None, today=datetime.date(2027, 6, 30))
    assert any(
        w.startswith("fact 'personalausweis_fee_24': review_by 2027-06-30 has passed: check it against"
                     " https://www.gesetze-im-internet.de/pauswgebv/")
        for w in report.warnings
    )


def test_a_fact_that_expired_without_successor_fails(tmp_path: Path) -> None:
    ending = dict(FEE, valid_until="2027-01-19")
    path = _write_faq(tmp_path, "Kosten: {fact:personalausweis_fee_24}.", facts=[ending])
    assert check_faq(path, None, today=datetime.date(2027, 1, 19)).ok
    report = check_faq(path, None, today=datetime.date(2027, 1, 20))
    assert any(e.startswith("fact 'personalausweis_fee_24': no value on 2027-01-20") for e in report.errors)


def test_a_fact_topic_must_be_an_entry(tmp_path: Path) -> None:
    path = _write_faq(tmp_path, "Kosten: {fact:personalausweis_fee_24}.", facts=[dict(FEE, topic="perso")])
    assert "fact 'personalausweis_fee_24', field 'topic': no FAQ entry 'perso'" in check_faq(
        path, None, today=DAY
    ).errors


def test_shipped_faq_has_no_literal_fees_or_unknown_placeholders_in_texts() -> None:
    from core.texts import templates

    report = check_faq(DEFAULT_FAQ_PATH, today=datetime.date(2026, 12, 3), texts=templates())
    assert report.ok, report.format()
    assert report.facts >= 25
    assert not [w for w in report.warnings if "not used" in w]
