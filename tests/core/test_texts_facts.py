"""The bot's texts draw on the fact table: `{fact:…}` filled in for the day, escaped."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

from core.texts import t, use_facts
from faq.facts import DEFAULT_FACTS_PATH, FactBook, load_facts, parse_facts

DAY = datetime.date(2026, 12, 3)


@pytest.fixture
def restore_facts() -> Iterator[None]:
    yield
    use_facts(load_facts(DEFAULT_FACTS_PATH), lambda: DAY)


def _book(value: str, then: str) -> FactBook:
    book, problems = parse_facts(
        {
            "version": 1,
            "facts": [
                {
                    "id": "servicecenter_115",
                    "kind": "phone",
                    "value": value,
                    "valid_until": "2027-01-19",
                    "then": then,
                    "source": "https://www.essen.de/meldungen/pressemeldung_1455173.de.html",
                    "reviewed": "2026-12-03",
                    "review_by": "2027-01-19",
                }
            ],
        }
    )
    assert problems == []
    return book


def test_texts_show_the_shipped_fact() -> None:
    use_facts(load_facts(DEFAULT_FACTS_PATH), lambda: DAY)
    text = t("contact", "de", phone="0201 88-0", hours="Mo–Fr", email_line="")
    assert "📞 115 oder 0201 88-0" in text
    assert "{fact:" not in t("help", "en", phone="0201 88-0")


def test_texts_follow_the_moved_day_and_escape_the_value(restore_facts: None) -> None:
    day = [datetime.date(2027, 1, 19)]
    use_facts(_book("115 <neu>", "116 & mehr"), lambda: day[0])
    assert "<b>115 &lt;neu&gt;</b>" in t("help", "de", phone="0201 88-0")
    day[0] = datetime.date(2027, 1, 20)
    assert "<b>116 &amp; mehr</b>" in t("help", "en", phone="0201 88-0")
