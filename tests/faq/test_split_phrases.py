"""Two-word synonym phrases whose verb stands at the end of the clause ("einen Laden … eröffnen")."""

from __future__ import annotations

from faq import Decision, FaqMatcher
from faq.model import parse_faq
from faq.normalize import tokenize
from faq.synonyms import Synonyms, SynonymTable

SYNONYMS = Synonyms({"gewerbe": ("laden eröffnen",), "umzug": ("neue adresse",)})


def _surfaces(text: str) -> list[str]:
    return [t.surface for t in SynonymTable(SYNONYMS).apply(tokenize(text))]


def test_the_verb_may_stand_a_few_words_after_its_object() -> None:
    assert _surfaces("einen Laden eröffnen") == ["einen", "gewerbe"]
    assert _surfaces("einen Laden in Kray eröffnen") == ["einen", "gewerbe", "in", "kray"]


def test_too_far_apart_or_no_verb_is_no_phrase() -> None:
    assert "gewerbe" not in _surfaces("einen Laden in der Stadt mit Freunden eröffnen")
    assert "umzug" not in _surfaces("neue Wohnung, alte Adresse")


def test_phrases_name_the_words_of_each_phrase() -> None:
    found = SynonymTable(SYNONYMS).phrases(tokenize("einen Laden in Kray eröffnen"))
    assert set(found) == {"laden", "eroeffnen"}
    assert [t.surface for t in found["laden"]] == ["gewerbe"]


def _entry(entry_id: str, title: str, questions: list[str]) -> dict[str, object]:
    return {
        "id": entry_id,
        "title": title,
        "questions": questions,
        "keywords": [entry_id],
        "answer": "So.",
        "links": ["https://www.essen.de/"],
        "reviewed": "2026-12-01",
    }


def test_the_near_miss_guard_reads_a_noun_of_a_phrase_as_the_phrase() -> None:
    """"Laden" alone is no FAQ word; in "einen Laden … eröffnen" it is the trade the entry is about."""
    faq = parse_faq(
        {
            "version": 1,
            "entries": [
                _entry("gewerbe", "Gewerbe anmelden", ["Wie melde ich ein Gewerbe an?"]),
                _entry("hund", "Hund anmelden", ["Wie melde ich meinen Hund an?"]),
                _entry("auto", "Auto zulassen", ["Wie lasse ich mein Auto zu?"]),
            ],
        }
    )
    matcher = FaqMatcher(faq, SYNONYMS)
    question = "Ich will einen Laden in Kray eröffnen, was muss ich anmelden?"
    result = matcher.match(question)
    assert result.decision is Decision.ANSWER and result.answer_id == "gewerbe"
    # written together, the phrase is the trade as before; a Laden alone is not known to the FAQ
    assert matcher.match("Ich will einen Laden eröffnen, was muss ich anmelden?").answer_id == "gewerbe"
    assert matcher.match("Ich will einen Laden in Kray kaufen, was muss ich anmelden?").decision \
        is not Decision.ANSWER
