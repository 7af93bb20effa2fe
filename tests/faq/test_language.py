"""The language of a message, read from its words; the English view of the FAQ."""

from __future__ import annotations

import pytest

from faq import Decision, FaqMatcher, load_faq
from faq.language import detect, english_view, language_of
from faq.model import DEFAULT_FAQ_PATH


@pytest.mark.parametrize(
    "text",
    [
        "How do I renew my passport?",
        "where can i register my car",
        "I'm moving abroad next month",
        "hello",
        "Thanks a lot!",
    ],
)
def test_english_messages(text: str) -> None:
    assert detect(text) == "en"
    assert language_of(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Wo kann ich meinen Reisepass verlängern?",
        "mein perso is futsch, geklaut im zug",  # "is" alone does not make it English
        "Ich bin neu in Essen und will mich anmelden",
        "Hallo, wer bist du?",
    ],
)
def test_german_messages(text: str) -> None:
    assert detect(text) == "de"
    assert language_of(text) != "en"


@pytest.mark.parametrize("text", ["Steele", "45257", "Reisepass", "👍", ""])
def test_unclear_messages_are_none_and_german_by_default(text: str) -> None:
    assert language_of(text) is None
    assert detect(text) == "de"


def test_english_view_keeps_every_id_and_uses_english_texts() -> None:
    faq = load_faq(DEFAULT_FAQ_PATH)
    view = english_view(faq)
    assert [e.id for e in view.entries] == [e.id for e in faq.entries]
    passport = view.get("reisepass")
    assert passport is not None and passport.title == faq.get("reisepass").title_en  # type: ignore[union-attr]
    assert passport.keywords == faq.get("reisepass").keywords_en  # type: ignore[union-attr]
    assert all(entry.questions for entry in view.entries)


@pytest.fixture(scope="module")
def matcher() -> FaqMatcher:
    return FaqMatcher.from_paths()


def test_an_english_question_is_matched_in_english(matcher: FaqMatcher) -> None:
    result = matcher.match("How much does a passport cost?")
    assert result.lang == "en"
    assert result.answer_id == "reisepass"
    assert matcher.match("Wie beantrage ich einen Reisepass?").lang == "de"


def test_an_english_question_without_a_topic_is_not_answered(matcher: FaqMatcher) -> None:
    result = matcher.match("What is the weather like in London tomorrow?")
    assert result.lang == "en"
    assert result.decision is not Decision.ANSWER
