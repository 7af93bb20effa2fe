"""The optional `questions_en` field of an FAQ entry."""

from __future__ import annotations

import pytest

from faq.model import FaqError, parse_faq


def _data(**extra: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "x",
        "title": "Titel",
        "questions": ["Wie geht das?"],
        "answer": "So.",
        "links": ["https://www.essen.de/"],
        "reviewed": "2026-12-01",
    }
    entry.update(extra)
    return {"version": 1, "entries": [entry]}


def test_questions_en_is_read() -> None:
    faq = parse_faq(_data(questions_en=["How does it work?"]))
    assert faq.entries[0].questions_en == ("How does it work?",)


def test_questions_en_defaults_to_empty() -> None:
    assert parse_faq(_data()).entries[0].questions_en == ()


def test_questions_en_must_be_strings() -> None:
    with pytest.raises(FaqError, match="questions_en"):
        parse_faq(_data(questions_en=["ok", 3]))
