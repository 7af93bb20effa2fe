"""The rules for example questions: duplicates, conflicts, and evaluation cases kept out of the FAQ."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import yaml

from faq import check_faq, load_faq
from faq.matcher import FaqMatcher
from faq.overlay import add_question, empty_overlay, overlay_path_for, write_overlay
from faq.question_rules import (
    EVALUATION_CASES,
    evaluation_case_problems,
    evaluation_questions,
    new_question_problems,
    normalised,
)
from tests.auxil.paths import DATA

DAY = datetime.date(2026, 11, 25)


def _first_case() -> str:
    data = yaml.safe_load((EVALUATION_CASES / "dev.yaml").read_text(encoding="utf-8"))
    question: str = data["cases"][0]["q"]
    return question


def test_the_evaluation_cases_are_read_folded() -> None:
    cases = evaluation_questions()
    assert len(cases) > 400  # dev and heldout
    assert normalised(_first_case()) in cases
    assert normalised(_first_case().upper() + " ?!") in cases  # case and punctuation do not matter


def test_a_missing_case_folder_means_no_cases(tmp_path: Path) -> None:
    assert evaluation_questions(tmp_path / "absent") == frozenset()


def test_faq_check_fails_on_an_evaluation_case_in_the_overlay(tmp_path: Path) -> None:
    faq_path = tmp_path / "faq.yaml"
    shutil.copy(DATA / "faq_small.yaml", faq_path)
    before = check_faq(faq_path, None, today=DAY).errors
    assert not any("evaluation case" in error for error in before)
    data = empty_overlay()
    add_question(data, "anmeldung", _first_case())
    write_overlay(overlay_path_for(faq_path), data)
    report = check_faq(faq_path, None, today=DAY)
    assert any("is an evaluation case" in error and "anmeldung" in error for error in report.errors)


def test_evaluation_case_problems_name_entry_and_question(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "cases:\n  - {q: 'Wo melde ich meinen Wohnsitz in Essen an?', expect: anmeldung}\n", encoding="utf-8"
    )
    faq = load_faq(DATA / "faq_small.yaml")
    assert evaluation_case_problems(faq, folder) == []  # "Wie melde ich …" is another question
    (folder / "mine.yaml").write_text(
        "cases:\n  - {q: 'wie melde ich meinen wohnsitz in essen an', expect: anmeldung}\n", encoding="utf-8"
    )
    evaluation_questions.cache_clear()
    problems = evaluation_case_problems(faq, folder)
    assert len(problems) == 1 and "entry 'anmeldung'" in problems[0]


def test_a_new_question_that_duplicates_or_conflicts_is_refused() -> None:
    faq = load_faq(DATA / "faq_small.yaml")
    matcher = FaqMatcher(faq)
    listed = faq.get("ummeldung")
    assert listed is not None
    other = listed.questions[0]
    problems = new_question_problems(faq, matcher, "anmeldung", other)
    assert any("already an example question of entry 'ummeldung'" in p for p in problems)
    assert any(p.startswith("conflict: entry 'anmeldung'") for p in problems)
    own = faq.get("anmeldung")
    assert own is not None
    assert new_question_problems(faq, matcher, "anmeldung", own.questions[0]) == []
