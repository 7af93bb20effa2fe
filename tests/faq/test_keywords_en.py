"""The optional `keywords_en` field of an FAQ entry: the English matcher's keywords."""

from __future__ import annotations

import pytest

from faq import Decision, FaqMatcher
from faq.language import ENGLISH_STOPWORDS, english_view
from faq.model import FaqError, parse_faq


def _entry(entry_id: str, title_en: str, **extra: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": entry_id,
        "title": f"Titel {entry_id}",
        "title_en": title_en,
        "questions": [f"Wie geht {entry_id}?"],
        "questions_en": [f"How does {title_en.lower()} work?"],
        "answer": "So.",
        "answer_en": "Like this.",
        "links": ["https://www.essen.de/"],
        "reviewed": "2026-12-01",
    }
    entry.update(extra)
    return entry


def _data(*entries: dict[str, object]) -> dict[str, object]:
    return {"version": 1, "entries": list(entries)}


def test_keywords_en_is_read_and_defaults_to_empty() -> None:
    faq = parse_faq(_data(_entry("a", "Bulky waste", keywords_en=["sofa", "old furniture"])))
    assert faq.entries[0].keywords_en == ("sofa", "old furniture")
    assert parse_faq(_data(_entry("a", "Bulky waste"))).entries[0].keywords_en == ()


def test_keywords_en_must_be_strings() -> None:
    with pytest.raises(FaqError, match="keywords_en"):
        parse_faq(_data(_entry("a", "Bulky waste", keywords_en="sofa")))


def test_the_english_view_uses_the_english_keywords_not_the_german_ones() -> None:
    faq = parse_faq(
        _data(_entry("a", "Bulky waste", keywords=["Sperrmüll"], keywords_en=["mattress"]))
    )
    assert english_view(faq).entries[0].keywords == ("mattress",)


def test_an_english_keyword_lets_an_everyday_word_find_its_entry() -> None:
    faq = parse_faq(
        _data(
            _entry("waste", "Bulky waste collection", keywords_en=["mattress", "wardrobe"]),
            _entry("dog", "Registering a dog"),
            _entry("car", "Registering a car"),
        )
    )
    english = FaqMatcher(faq).english
    assert english.match("When is the collection for a mattress?").answer_id == "waste"
    without = FaqMatcher(parse_faq(_data(_entry("waste", "Bulky waste collection")))).english
    assert without.match("When is the collection for a mattress?").decision is Decision.NONE


def test_id_is_no_english_stop_word() -> None:
    """'ID card' names the document; "I'd" is split at its apostrophe and never reads 'id'."""
    assert "id" not in ENGLISH_STOPWORDS
    faq = parse_faq(
        _data(
            _entry("idcard", "ID card", keywords_en=["ID card"]),
            _entry("library", "Library card", keywords_en=["library card"]),
        )
    )
    english = FaqMatcher(faq).english
    terms = english.explain("I'd like a new ID card")["terms"]
    assert isinstance(terms, list)
    assert [term["stem"] for term in terms].count("id") == 1
    assert english.match("I lost my ID card").answer_id == "idcard"
