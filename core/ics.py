"""Minimal RFC 5545 calendar files (.ics) for stops and appointment confirmations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

__all__ = ["IcsEvent", "escape_text", "fold_line", "make_ics"]

_TZID = "Europe/Berlin"
_BERLIN = ZoneInfo(_TZID)
_PRODID = "-//Buergermobil Essen//Buergermobil-Bot//DE"

# Europe/Berlin since 1996: CEST from the last Sunday in March 02:00, CET from the last
# Sunday in October 03:00.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{_TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class IcsEvent:
    """One calendar entry; start and end are timezone-aware."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str | None = None
    description: str | None = None
    lat: float | None = None
    lon: float | None = None
    cancelled: bool = False
    """Marks the entry STATUS:CANCELLED (calendar apps then strike it through)."""
    sequence: int = 0
    """Raise it when an already sent entry changes (moved stop, new appointment time)."""


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def fold_line(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets (UTF-8), never inside a character."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    budget = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > budget:
            out.append("".join(current))
            current, size, budget = [], 0, limit - 1  # continuation lines start with a space
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def _local(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("ICS event times must be timezone-aware")
    return moment.astimezone(_BERLIN).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("DTSTAMP must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: IcsEvent, stamp: str) -> list[str]:
    if event.end.astimezone(UTC) <= event.start.astimezone(UTC):
        raise ValueError(f"event {event.uid!r} ends before it starts")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={_TZID}:{_local(event.start)}",
        f"DTEND;TZID={_TZID}:{_local(event.end)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.lat is not None and event.lon is not None:
        lines.append(f"GEO:{event.lat:.6f};{event.lon:.6f}")
    if event.sequence:
        lines.append(f"SEQUENCE:{event.sequence}")
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def make_ics(
    events: Sequence[IcsEvent],
    now: datetime | None = None,
    calendar_name: str | None = None,
) -> bytes:
    """Build a VCALENDAR with the events; `now` fixes DTSTAMP (default: the current time)."""
    stamp = _utc(now or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if calendar_name:
        lines.append(f"X-WR-CALNAME:{escape_text(calendar_name)}")
    lines.extend(_VTIMEZONE)
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines).encode("utf-8")
