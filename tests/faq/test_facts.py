"""Structured facts: the loader, validity dates with a moved day, placeholders in FAQ answers."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from faq import DEFAULT_FAQ_PATH, load_faq
from faq.facts import DEFAULT_FACTS_PATH, UNKNOWN_NOW, load_facts, parse_facts
from faq.model import FaqError, parse_faq

SOURCE = "https://service.essen.de/detail/-/vr-bis-detail/dienstleistung/41822/show"


def fact(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "fee",
        "kind": "fee",
        "value": {"de": "46,00 Euro", "en": "46.00 euros"},
        "source": SOURCE,
        "reviewed": "2026-12-03",
        "review_by": "2027-06-30",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def book(*facts: dict[str, Any]) -> Any:
    parsed, problems = parse_facts({"version": 1, "facts": list(facts)})
    assert problems == []
    return parsed


DEADLINE = fact(
    id="deadline",
    kind="deadline",
    value={"de": "bis 19. Januar 2027", "en": "by 19 January 2027"},
    valid_until="2027-01-19",
    then={"de": "die Frist ist abgelaufen", "en": "the deadline has passed"},
)


def test_a_fact_without_a_source_is_rejected() -> None:
    _, problems = parse_facts({"version": 1, "facts": [fact(source=None)]})
    assert problems == [
        "<facts>: fact 'fee' (#1), field 'source': expected the official page(s) that state the"
        " fact: an http(s) URL or a list of them"
    ]
    _, problems = parse_facts({"version": 1, "facts": [fact(source=["not a url"])]})
    assert len(problems) == 1 and "field 'source'" in problems[0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "price"}, "kind"),
        ({"review_by": None}, "review_by"),
        ({"reviewed": "2026-13-01"}, "reviewed"),
        ({"value": "{oops}"}, "value"),
        ({"value": {"de": "nur deutsch"}}, "value"),
        ({"then": "später"}, "then"),
        ({"valid_from": "2027-02-01", "valid_until": "2027-01-01"}, "valid_until"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_fields_are_named(fields: dict[str, Any], field: str) -> None:
    _, problems = parse_facts({"version": 1, "facts": [fact(**fields)]})
    assert any(f"field '{field}'" in problem for problem in problems), problems


def test_duplicate_fact_ids() -> None:
    _, problems = parse_facts({"version": 1, "facts": [fact(), fact()]})
    assert problems == [
        "<facts>: fact 'fee' (#2), field 'id': expected a unique id, already used by fact #1"
    ]


def test_a_deadline_turns_into_its_successor_after_the_day() -> None:
    facts = book(DEADLINE)
    text = "Umtausch {fact:deadline}."
    assert facts.render(text, "de", datetime.date(2027, 1, 19)) == "Umtausch bis 19. Januar 2027."
    assert facts.render(text, "de", datetime.date(2027, 1, 20)) == "Umtausch die Frist ist abgelaufen."
    assert facts.render(text, "en", datetime.date(2027, 1, 20)) == "Umtausch the deadline has passed."


def test_no_value_outside_the_validity_says_it_does_not_know() -> None:
    facts = book(fact(valid_from="2026-02-07", valid_until="2027-12-31"))
    text = "Kosten: {fact:fee}"
    assert facts.render(text, "de", datetime.date(2026, 2, 6)) == "Kosten: " + UNKNOWN_NOW["de"]
    assert facts.render(text, "en", datetime.date(2026, 2, 7)) == "Kosten: 46.00 euros"
    assert facts.render(text, "en", datetime.date(2028, 1, 1)) == "Kosten: " + UNKNOWN_NOW["en"]
    assert "115" in UNKNOWN_NOW["de"] and "115" in UNKNOWN_NOW["en"]


def test_an_answer_naming_an_unknown_fact_does_not_load() -> None:
    data = {
        "version": 1,
        "entries": [
            {
                "id": "x",
                "title": "Titel",
                "questions": ["Was kostet das?"],
                "answer": "Es kostet {fact:nope}.",
                "answer_en": "It costs {fact:fee}.",
                "links": ["https://www.essen.de/"],
                "reviewed": "2026-12-03",
            }
        ],
    }
    with pytest.raises(FaqError, match=r"entry 'x', field 'answer': unknown fact placeholder \{fact:nope\}"):
        parse_faq(data, facts=book(fact()))
    data["entries"][0]["answer"] = "Es kostet {fact:fee}."  # type: ignore[index]
    faq = parse_faq(data, facts=book(fact()))
    entry = faq.entries[0]
    assert faq.answer(entry, "de", datetime.date(2026, 12, 3)) == "Es kostet 46,00 Euro."
    assert faq.answer(entry, "en", datetime.date(2026, 12, 3)) == "It costs 46.00 euros."


def test_review_by_before_reviewed_is_rejected() -> None:
    data = {
        "version": 1,
        "entries": [
            {
                "id": "x",
                "title": "Titel",
                "questions": ["Was kostet das?"],
                "answer": "So.",
                "links": ["https://www.essen.de/"],
                "reviewed": "2026-12-03",
                "review_by": "2026-01-01",
            }
        ],
    }
    with pytest.raises(FaqError, match="field 'review_by': expected a date not before reviewed"):
        parse_faq(data)


def test_the_faq_loads_the_facts_next_to_it(tmp_path: Path) -> None:
    entry = {
        "id": "x",
        "title": "Titel",
        "questions": ["Was kostet das?"],
        "answer": "Es kostet {fact:fee}.",
        "links": ["https://www.essen.de/"],
        "reviewed": "2026-12-03",
    }
    faq_file = tmp_path / "faq.yaml"
    faq_file.write_text(yaml.safe_dump({"version": 1, "entries": [entry]}), encoding="utf-8")
    with pytest.raises(FaqError, match="unknown fact placeholder"):
        load_faq(faq_file)  # no facts.yaml yet
    (tmp_path / "facts.yaml").write_text(
        yaml.safe_dump({"version": 1, "facts": [fact()]}), encoding="utf-8"
    )
    assert len(load_faq(faq_file).facts) == 1


def test_shipped_driving_licence_deadline_is_never_stated_as_future_after_it_passed() -> None:
    faq = load_faq(DEFAULT_FAQ_PATH)
    entry = faq.get("fuehrerschein")
    assert entry is not None
    before = faq.answer(entry, "de", datetime.date(2026, 12, 3))
    after = faq.answer(entry, "de", datetime.date(2027, 1, 20))
    after_en = faq.answer(entry, "en", datetime.date(2027, 1, 20))
    assert "Umtausch bis spätestens 19. Januar 2027" in before
    assert "bis spätestens 19. Januar 2027" not in after
    assert "am 19. Januar 2027 abgelaufen" in after
    assert "deadline passed on 19 January 2027" in after_en
    assert "{fact:" not in before + after + after_en


def test_shipped_fees_live_in_the_fact_table() -> None:
    faq = load_faq(DEFAULT_FAQ_PATH)
    facts = load_facts(DEFAULT_FACTS_PATH)
    assert faq.facts == facts
    fee = facts.get("personalausweis_fee_24")
    assert fee is not None and fee.value.de == "46,00 Euro" and fee.sources
    entry = faq.get("personalausweis")
    assert entry is not None and "{fact:personalausweis_fee_24}" in entry.answer
    assert "46,00 Euro" in faq.answer(entry, "de", datetime.date(2026, 12, 3))
    assert "46.00 euros" in faq.answer(entry, "en", datetime.date(2026, 12, 3))
    assert all(f.sources and all(url.startswith("http") for url in f.sources) for f in facts)
