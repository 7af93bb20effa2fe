"""Grouping the review list by similar wording (rapidfuzz), largest groups first."""

from __future__ import annotations

from datetime import UTC, datetime

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
