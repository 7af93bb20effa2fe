"""Grouping the review list by similar wording (rapidfuzz), largest groups first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rapidfuzz import process

import core.faq_learning_groups as groups_module
from core.faq_learning_groups import group_items
from storage.faq_reviews import ReviewRow

AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _row(
    number: int, text: str, kind: str = "unanswered", entry: str | None = None, ticket: int | None = None
) -> ReviewRow:
    return ReviewRow(number, kind, AT, 1000 + number, ticket, text, "de", entry, ("kontakt",), "open")


def test_same_question_in_other_words_is_one_group_and_the_biggest_comes_first() -> None:
    rows = [
        _row(1, "Wer repariert die Bank vor meinem Haus?"),
        _row(2, "Wo darf mein Papagei tagsüber frei fliegen?", ticket=7),
        _row(3, "wo darf mein papagei tagsueber frei fliegen"),  # case, umlaut, punctuation
        _row(4, "Wo darf denn mein Papagei tagsüber frei fliegen?", "suggestion", entry="beschwerde"),
        _row(5, "Wer repariert die Bank vor meinem Haus?", "not_helpful", entry="kontakt"),
        _row(6, "Wann ist der Weihnachtsmarkt in Steele?"),
    ]
    groups = group_items(rows)
    assert [g.count for g in groups] == [3, 2, 1]
    parrot, bench, market = groups
    assert parrot.item_ids == (2, 3, 4) and parrot.ticket_ids == (7,)
    assert parrot.kinds == {"unanswered": 2, "suggestion": 1} and parrot.entries == ("beschwerde",)
    assert parrot.text == "Wo darf mein Papagei tagsüber frei fliegen?" and parrot.key == 2
    assert len(parrot.variants) == 1  # two wordings: the most frequent one shown, the other as a variant
    assert bench.entries == ("kontakt",) and bench.guesses == ("kontakt",)
    assert market.text == "Wann ist der Weihnachtsmarkt in Steele?" and market.variants == ()


def test_empty_and_punctuation_only_texts_do_not_swallow_others() -> None:
    groups = group_items([_row(1, "???"), _row(2, "!!!"), _row(3, "Wo ist das Fundbüro für Fahrräder?")])
    assert sorted(g.count for g in groups) == [1, 2]
    assert group_items([]) == []


def test_a_wording_is_compared_with_the_first_groups_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups_module, "FUZZY_HEADS", 3)
    compared: list[int] = []
    extract = process.extractOne

    def counted(query: str, choices: list[str], **kwargs: Any) -> Any:
        compared.append(len(choices))
        return extract(query, choices, **kwargs)

    monkeypatch.setattr(process, "extractOne", counted)
    bus = "Wann fährt der Bus nach Kettwig am Sonntag?"
    rows = [
        _row(1, "Wo darf mein Papagei tagsüber frei fliegen?"),
        _row(2, "Wo darf mein Papagei tagsüber frei fliegen?"),
        _row(3, "Wer repariert die Bank vor meinem Haus?"),
        _row(4, "Wer repariert die Bank vor meinem Haus?"),
        *(_row(10 + n, bus if n == 10 else f"{chr(97 + n) * 6} {n}") for n in range(20)),
        _row(40, "Darf mein Papagei denn tagsüber frei fliegen, wo?"),  # similar to a big group
        _row(5, "Am Sonntag: wann fährt der Bus nach Kettwig"),  # similar to a group found after three others
    ]
    groups = group_items(rows)
    assert max(compared) == 3  # never more than FUZZY_HEADS groups per wording
    assert len(compared) == len({r.text for r in rows}) - 1
    assert groups[0].item_ids == (1, 2, 40)  # a big group still gathers its late wordings
    assert sum(g.count for g in groups) == len(rows)
    assert any(g.item_ids == (5,) for g in groups)  # the tail: a group of its own words
