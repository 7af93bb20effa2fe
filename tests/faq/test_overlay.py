"""The FAQ overlay: staff additions merged into the shipped FAQ, checked with it, written atomically."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from faq import DEFAULT_FAQ_PATH, FaqError, check_faq, load_faq
from faq.overlay import (
    add_entry,
    add_question,
    apply_overlay,
    load_with_overlay,
    overlay_path_for,
    read_overlay,
    set_reviewed,
    write_overlay,
)

DAY = datetime.date(2026, 12, 3)
OWN_QUESTION = "Wo darf mein Papagei tagsüber frei fliegen?"
NEW_ENTRY = {
    "id": "voegel-frei-fliegen",
    "title": "Vögel frei fliegen lassen",
    "questions": [OWN_QUESTION],
    "answer": "Das klärt das Umweltamt.",
    "links": ["https://www.essen.de/leben/umwelt/index.de.html"],
    "reviewed": DAY,
}


def test_the_default_overlay_sits_beside_the_faq() -> None:
    assert overlay_path_for(Path("/x/faq/essen.yaml")) == Path("/x/faq/essen.local.yaml")


def test_questions_entries_and_review_dates_are_merged(tmp_path: Path) -> None:
    base = load_faq(DEFAULT_FAQ_PATH)
    data = read_overlay(tmp_path / "none.yaml")
    assert add_question(data, "kontakt", OWN_QUESTION)
    assert not add_question(data, "kontakt", OWN_QUESTION)  # once is enough
    add_question(data, "kontakt", "Where may my parrot fly?", "en")
    add_entry(data, NEW_ENTRY)
    set_reviewed(data, "entry", "kontakt", DAY, datetime.date(2027, 12, 3))
    set_reviewed(data, "fact", "servicecenter_115", DAY, datetime.date(2027, 6, 1))
    path = tmp_path / "essen.local.yaml"
    write_overlay(path, data)
    assert path.read_text(encoding="utf-8").startswith("# Local additions")
    assert list(tmp_path.glob("*.tmp")) == []

    faq, problems = apply_overlay(base, read_overlay(path), path)
    assert problems == []
    kontakt = faq.get("kontakt")
    assert kontakt is not None and kontakt.questions[-1] == OWN_QUESTION
    assert kontakt.questions_en[-1] == "Where may my parrot fly?"
    assert kontakt.reviewed == DAY and kontakt.review_by == datetime.date(2027, 12, 3)
    assert faq.get("voegel-frei-fliegen") is not None and len(faq) == len(base) + 1
    fact = faq.facts.get("servicecenter_115")
    assert fact is not None and fact.review_by == datetime.date(2027, 6, 1)
    assert base.get("kontakt") != kontakt  # the shipped FAQ object is untouched
    assert load_with_overlay(DEFAULT_FAQ_PATH, path).get("voegel-frei-fliegen") is not None


def test_every_problem_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "essen.local.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "version": 2,
                "questoins": {},
                "questions": {"anmeldnug": ["x"], "kontakt": "not a list"},
                "entries": [{**NEW_ENTRY, "id": "kontakt"}, {**NEW_ENTRY, "id": "ohne-link", "links": []}],
                "reviewed": {"facts": {"servicecenter_115": {"reviewed": "2026-12-03"}}},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(FaqError) as caught:
        load_with_overlay(DEFAULT_FAQ_PATH, path)
    text = "\n".join(caught.value.problems)
    assert f"{path}: key 'version': expected 1" in text
    assert "key 'questoins': unknown key" in text and "did you mean 'questions'" in text
    assert "key 'questions.anmeldnug': expected the id of a FAQ entry (did you mean 'anmeldung'?)" in text
    assert "key 'questions.kontakt': expected a list of non-empty strings" in text
    assert "key 'entries.kontakt': the id is already used by an entry of" in text
    assert "entry 'ohne-link' (#2), field 'links'" in text
    assert "key 'reviewed.facts.servicecenter_115.review_by'" in text


def _small_faq(folder: Path) -> Path:
    """A two-entry FAQ of this test (the shipped one takes minutes to check on a busy machine)."""
    entries = [
        {
            "id": topic,
            "title": f"{topic.capitalize()} in Essen",
            "questions": [f"Wie funktioniert {topic} in Essen?", f"Wo bekomme ich Hilfe zu {topic}?"],
            "answer": f"Zu {topic} hilft das Bürgeramt.",
            "links": [f"https://www.essen.de/{topic}"],
            "reviewed": DAY,
        }
        for topic in ("gartenpflege", "baumschnitt")
    ]
    path = folder / "essen.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "entries": entries}, allow_unicode=True), encoding="utf-8")
    return path


def test_faq_check_checks_the_overlay_with_the_file(tmp_path: Path) -> None:
    faq_path = _small_faq(tmp_path)
    assert check_faq(faq_path, None, today=DAY).overlay is None  # no overlay beside it: none checked
    path = overlay_path_for(faq_path)
    data: dict[str, object] = {"version": 1}
    add_entry(data, {**NEW_ENTRY, "answer": "Es kostet 12,00 Euro."})  # a fee written literally
    write_overlay(path, data)
    report = check_faq(faq_path, None, today=DAY)  # the overlay beside the file is found
    assert report.overlay == path and f"with the overlay {path}" in report.format()
    assert report.entries == 3
    literal = "entry 'voegel-frei-fliegen', field 'answer': the amount '12,00 Euro'"
    assert any(literal in error for error in report.errors)
    add_entry(data, NEW_ENTRY)  # replaces the entry of the same id
    write_overlay(path, data)
    assert check_faq(faq_path, None, today=DAY).ok, check_faq(faq_path, None, today=DAY).format()


def test_unreadable_overlay_yaml_is_an_error_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "essen.local.yaml"
    path.write_text("questions: [unclosed\n", encoding="utf-8")
    report = check_faq(_small_faq(tmp_path), None, today=DAY, overlay_path=path)
    assert not report.ok and any(str(path) in e and "not valid YAML" in e for e in report.errors)
