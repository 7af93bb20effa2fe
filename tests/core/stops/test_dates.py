"""Day words in German and English, relative to a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from core.stops import parse_day_query

WEDNESDAY = date(2026, 11, 25)
SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "day", "label"),
    [
        ("heute", date(2026, 11, 25), "heute"),
        ("Heute?", date(2026, 11, 25), "heute"),
        ("today", date(2026, 11, 25), "heute"),
        ("morgen", date(2026, 11, 26), "morgen"),
        ("Wo ist das Bürgermobil morgen?", date(2026, 11, 26), "morgen"),
        ("tomorrow", date(2026, 11, 26), "morgen"),
        ("übermorgen", date(2026, 11, 27), "übermorgen"),
        ("uebermorgen", date(2026, 11, 27), "übermorgen"),
        ("am Freitag", date(2026, 11, 27), "übermorgen"),
        ("freitag", date(2026, 11, 27), "übermorgen"),
        ("Fr", date(2026, 11, 27), "übermorgen"),
        ("am Fr.", date(2026, 11, 27), "übermorgen"),
        ("friday", date(2026, 11, 27), "übermorgen"),
        ("Montag", date(2026, 11, 30), "Montag, 30. November"),
        ("mittwoch", date(2026, 11, 25), "heute"),
        ("nächsten Mittwoch", date(2026, 12, 2), "Mittwoch, 2. Dezember"),
        ("next wednesday", date(2026, 12, 2), "Mittwoch, 2. Dezember"),
        ("So", date(2026, 11, 29), "Sonntag, 29. November"),
        ("3.12.", date(2026, 12, 3), "Donnerstag, 3. Dezember"),
        ("3.12", date(2026, 12, 3), "Donnerstag, 3. Dezember"),
        ("03.12.2026", date(2026, 12, 3), "Donnerstag, 3. Dezember"),
        ("am 3.12.27", date(2027, 12, 3), "Freitag, 3. Dezember"),
        ("2027-01-05", date(2027, 1, 5), "Dienstag, 5. Januar"),
        ("1.11.", date(2027, 11, 1), "Montag, 1. November"),  # past this year: next year
        ("25.11.", date(2026, 11, 25), "heute"),
        ("3. Dezember", date(2026, 12, 3), "Donnerstag, 3. Dezember"),
        ("3 dez", date(2026, 12, 3), "Donnerstag, 3. Dezember"),
        ("December 3rd", date(2026, 12, 3), "Donnerstag, 3. Dezember"),
        ("29.2.", date(2028, 2, 29), "Dienstag, 29. Februar"),
        ("in 3 Tagen", date(2026, 11, 28), "Samstag, 28. November"),
        ("Freitag, 4.12.", date(2026, 12, 4), "Freitag, 4. Dezember"),  # the date wins
    ],
)
def test_single_days(text: str, day: date, label: str) -> None:
    query = parse_day_query(text, WEDNESDAY)
    assert query is not None, text
    assert (query.start, query.end) == (day, day)
    assert query.single_day
    assert query.label == label


@pytest.mark.parametrize(
    ("text", "today", "start", "end", "label"),
    [
        ("nächste Woche", WEDNESDAY, date(2026, 11, 30), date(2026, 12, 6), "nächste Woche"),
        ("naechste woche", WEDNESDAY, date(2026, 11, 30), date(2026, 12, 6), "nächste Woche"),
        ("next week", WEDNESDAY, date(2026, 11, 30), date(2026, 12, 6), "nächste Woche"),
        ("kommende Woche", SATURDAY, date(2026, 11, 30), date(2026, 12, 6), "nächste Woche"),
        ("diese Woche", WEDNESDAY, date(2026, 11, 25), date(2026, 11, 29), "diese Woche"),
        ("this week", WEDNESDAY, date(2026, 11, 25), date(2026, 11, 29), "diese Woche"),
        ("am Wochenende", WEDNESDAY, date(2026, 11, 28), date(2026, 11, 29), "am Wochenende"),
        ("weekend", SATURDAY, date(2026, 11, 28), date(2026, 11, 29), "am Wochenende"),
        ("Wochenende", date(2026, 11, 29), date(2026, 11, 29), date(2026, 11, 29),
         "am Wochenende"),
        ("nächstes Wochenende", SATURDAY, date(2026, 12, 5), date(2026, 12, 6),
         "am Wochenende"),
    ],
)
def test_ranges(text: str, today: date, start: date, end: date, label: str) -> None:
    query = parse_day_query(text, today)
    assert query is not None
    assert (query.start, query.end, query.label) == (start, end, label)
    assert query.days()[0] == start and query.days()[-1] == end


def test_english_labels() -> None:
    query = parse_day_query("morgen", WEDNESDAY)
    assert query is not None and query.label_en == "tomorrow"
    query = parse_day_query("3.12.", WEDNESDAY)
    assert query is not None and query.label_en == "Thursday, 3 December"


@pytest.mark.parametrize(
    "text",
    ["", "Guten Morgen", "Ist das so?", "do you know", "31.02.", "32.1.", "Borbeck",
     "8.30 Uhr", "Wann kommt der Bus?", "2027-02-30"],
)
def test_no_day(text: str) -> None:
    assert parse_day_query(text, WEDNESDAY) is None
