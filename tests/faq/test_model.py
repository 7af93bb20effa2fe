"""Loading and validating the FAQ file."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from faq import DEFAULT_FAQ_PATH, FaqError, load_faq
from tests.auxil.paths import DATA


def test_small_fixture_loads_with_all_fields() -> None:
    faq = load_faq(DATA / "faq_small.yaml")
    assert len(faq) == 14
    entry = faq.get("anmeldung")
    assert entry is not None
    assert entry.reviewed == datetime.date(2026, 10, 1)
    assert entry.department == "Bürgeramt"
    assert entry.links == ("https://www.essen.de/anmeldung",)
    assert entry.keywords[0] == "Anmeldung"
    assert faq.get("no-such-entry") is None


def test_language_falls_back_to_german() -> None:
    faq = load_faq(DATA / "faq_small.yaml")
    entry = faq.get("anmeldung")
    assert entry is not None
    assert entry.title_for("en") == "Registering your address"
    assert entry.answer_for("en").startswith("Register within")
    assert entry.answer_for("de").startswith("Melden Sie sich")
    other = faq.get("ummeldung")
    assert other is not None
    assert other.title_for("en") == other.title
    assert other.answer_for("en") == other.answer


def test_shipped_faq_loads() -> None:
    faq = load_faq(DEFAULT_FAQ_PATH)
    assert len(faq) >= 30
    assert faq.source == DEFAULT_FAQ_PATH


def test_schema_errors_name_file_entry_and_field_all_at_once() -> None:
    with pytest.raises(FaqError) as caught:
        load_faq(DATA / "faq_bad_schema.yaml")
    problems = caught.value.problems
    path = DATA / "faq_bad_schema.yaml"
    assert (
        f"{path}: entry 'anmeldung' (#1), field 'links': expected a list of http(s) URLs"
        in problems
    )
    text = str(caught.value)
    assert "entry 'Reise Pass' (#2), field 'id'" in text
    assert "entry 'Reise Pass' (#2), field 'questions'" in text
    assert "entry 'hund' (#3), field 'answer': expected a non-empty string" in text
    assert "entry 'hund' (#3), field 'reviewed': expected a date YYYY-MM-DD" in text
    assert "entry 'hund' (#3), field 'colour'" in text
    assert len(problems) == 6


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(FaqError, match=r"entry 'reisepass' \(#2\), field 'id': expected a unique"):
        load_faq(DATA / "faq_duplicate_id.yaml")


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(FaqError, match="cannot read file"):
        load_faq(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nentries: [\n", encoding="utf-8")
    with pytest.raises(FaqError, match=r"broken.yaml, line \d+: not valid YAML"):
        load_faq(broken)
    twice = tmp_path / "twice.yaml"
    twice.write_text("version: 1\nversion: 1\nentries: []\n", encoding="utf-8")
    with pytest.raises(FaqError, match="found the key 'version' twice"):
        load_faq(twice)
    empty = tmp_path / "empty.yaml"
    empty.write_text("version: 2\nentries: []\n", encoding="utf-8")
    with pytest.raises(FaqError) as caught:
        load_faq(empty)
    assert len(caught.value.problems) == 2
