"""The near-miss guard: no confident answer when the question's key object is another thing."""

from __future__ import annotations

import pytest

from faq import Decision, FaqMatcher
from faq.guard import nouns


def test_nouns_skip_sentence_starts_persons_places_and_times() -> None:
    assert nouns("Mein Vater zieht im März nach Kanada und braucht einen Reisepass") == ["reisepass"]
    assert nouns("Wo gibt es einen Angelschein?") == ["angelschein"]
    assert nouns("wo gibt es einen angelschein") == []  # no capitals: nothing to tell


@pytest.fixture(scope="module")
def matcher() -> FaqMatcher:
    return FaqMatcher.from_paths()


@pytest.mark.parametrize(
    "question",
    [
        "Bibliotheksausweis verlängern",  # an Ausweis, but not the ID card
        "Mein Fahrrad wurde geklaut, wo zeige ich das an?",  # stolen, but no document
        "Wo kann ich meinen Schülerausweis verlängern?",
    ],
)
def test_a_near_miss_gets_no_confident_answer(matcher: FaqMatcher, question: str) -> None:
    assert matcher.match(question).decision is not Decision.ANSWER


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("Personalausweis verlängern", "personalausweis"),
        ("Mein Ausweis wurde geklaut, was nun?", "ausweis-verloren"),
        ("Zeugniskopien beglaubigen lassen", "beglaubigung"),
        ("Meine Tochter braucht einen Reisepass für den Urlaub", "reisepass"),
    ],
)
def test_the_entry_s_own_objects_pass_the_guard(matcher: FaqMatcher, question: str, entry: str) -> None:
    assert matcher.match(question).answer_id == entry


def test_the_guard_keeps_the_suggestions(matcher: FaqMatcher) -> None:
    result = matcher.match("Bibliotheksausweis verlängern")
    assert result.decision is Decision.SUGGEST
    assert result.candidates
