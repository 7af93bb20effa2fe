"""RFC 5545 output: line endings, folding, escaping, time zones, and a parse back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from core.ics import IcsEvent, make_ics

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 13, 59, 30, tzinfo=UTC)


def unfold(data: bytes) -> list[str]:
    """Undo line folding; every physical line must end with CRLF."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse_events(data: bytes) -> list[dict[str, tuple[str, str]]]:
    """Tiny parser: property name -> (parameters, unescaped value) per VEVENT."""
    events: list[dict[str, tuple[str, str]]] = []
    current: dict[str, tuple[str, str]] | None = None
    for line in unfold(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            head, _, value = line.partition(":")
            name, _, params = head.partition(";")
            current[name] = (params, unescape(value))
    return events


def event(**changes: object) -> IcsEvent:
    start = datetime(2026, 12, 22, 8, tzinfo=BERLIN)
    values: dict[str, object] = {
        "uid": "2026-12-22-borbeck@buergermobil-essen",
        "start": start,
        "end": start + timedelta(hours=5),
        "summary": "Bürgermobil: Borbeck, Neuer Markt",
        "location": "Neuer Markt, 45355 Essen",
        "description": "Wochenmarkt\nBitte Ausweis mitbringen; Termin 1, 2",
        "lat": 51.474,
        "lon": 6.95,
    }
    values.update(changes)
    return IcsEvent(**values)  # type: ignore[arg-type]


def test_calendar_structure() -> None:
    data = make_ics([event()], now=NOW)
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Berlin" in lines
    assert lines.index("END:VTIMEZONE") < lines.index("BEGIN:VEVENT")


def test_event_properties() -> None:
    (parsed,) = parse_events(make_ics([event()], now=NOW))
    assert parsed["UID"] == ("", "2026-12-22-borbeck@buergermobil-essen")
    assert parsed["DTSTAMP"] == ("", "20261125T135930Z")
    assert parsed["DTSTART"] == ("TZID=Europe/Berlin", "20261222T080000")
    assert parsed["DTEND"] == ("TZID=Europe/Berlin", "20261222T130000")
    assert parsed["SUMMARY"][1] == "Bürgermobil: Borbeck, Neuer Markt"
    assert parsed["LOCATION"][1] == "Neuer Markt, 45355 Essen"
    assert parsed["DESCRIPTION"][1] == "Wochenmarkt\nBitte Ausweis mitbringen; Termin 1, 2"
    assert parsed["GEO"] == ("", "51.474;6.95")
    assert parsed["STATUS"] == ("", "CONFIRMED")


def test_escaping() -> None:
    raw = make_ics([event(summary="Komma, Semikolon; Backslash \\ Ende")], now=NOW)
    assert b"SUMMARY:Komma\\, Semikolon\\; Backslash \\\\ Ende" in raw


def test_long_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    text = "Überruhr-Hinsel, Schulte-Hinsel-Straße – Bürgermobil " * 6
    raw = make_ics([event(description=text)], now=NOW)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in half
    (parsed,) = parse_events(raw)
    assert parsed["DESCRIPTION"][1] == text


def test_parsed_back_by_icalendar() -> None:
    """A second, independent reader: icalendar itself, with the zone resolved."""
    cal = icalendar.Calendar.from_ical(make_ics([event(), event(uid="zwei", sequence=3)], now=NOW))
    (zone,) = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    first, second = cal.walk("VEVENT")
    start: datetime = first.decoded("dtstart")
    end: datetime = first.decoded("dtend")
    assert start == datetime(2026, 12, 22, 8, tzinfo=BERLIN)
    assert start.utcoffset() == timedelta(hours=1)
    assert end - start == timedelta(hours=5)
    assert str(first["DESCRIPTION"]) == "Wochenmarkt\nBitte Ausweis mitbringen; Termin 1, 2"
    assert first.decoded("geo") == (51.474, 6.95)
    assert str(second["UID"]) == "zwei" and second.decoded("sequence") == 3


def test_times_in_other_zones_are_converted_to_berlin() -> None:
    start = datetime(2027, 3, 28, 8, tzinfo=UTC)  # 10:00 CEST, after the clock change
    (parsed,) = parse_events(make_ics([event(start=start, end=start + timedelta(hours=2))],
                                      now=NOW))
    assert parsed["DTSTART"][1] == "20270328T100000"
    assert parsed["DTEND"][1] == "20270328T120000"
    autumn = datetime(2026, 10, 25, 1, tzinfo=BERLIN)
    (parsed,) = parse_events(make_ics([event(start=autumn, end=autumn + timedelta(hours=4))],
                                      now=NOW))
    assert parsed["DTSTART"][1] == "20261025T010000"
    assert parsed["DTEND"][1] == "20261025T050000"


def test_cancelled_sequence_and_optional_fields() -> None:
    (parsed,) = parse_events(make_ics(
        [event(cancelled=True, sequence=2, location=None, description=None, lat=None)],
        now=NOW))
    assert parsed["STATUS"][1] == "CANCELLED"
    assert parsed["SEQUENCE"][1] == "2"
    assert "LOCATION" not in parsed and "DESCRIPTION" not in parsed and "GEO" not in parsed


def test_several_events_and_calendar_name() -> None:
    raw = make_ics([event(), event(uid="zwei")], now=NOW, calendar_name="Bürgermobil, Essen")
    assert len(parse_events(raw)) == 2
    assert "X-WR-CALNAME:Bürgermobil\\, Essen" in unfold(raw)


def test_invalid_times() -> None:
    naive = datetime(2026, 12, 22, 8)
    with pytest.raises(ValueError):
        make_ics([event(start=naive, end=naive + timedelta(hours=1))], now=NOW)
    start = datetime(2026, 12, 22, 8, tzinfo=BERLIN)
    with pytest.raises(ValueError):
        make_ics([event(start=start, end=start)], now=NOW)
    with pytest.raises(ValueError):
        make_ics([event()], now=datetime(2026, 1, 1))


def test_default_stamp_is_now() -> None:
    (parsed,) = parse_events(make_ics([event()]))
    stamp = datetime.strptime(parsed["DTSTAMP"][1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=1)
