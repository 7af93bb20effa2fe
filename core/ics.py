"""RFC 5545 calendar files (.ics) for stops and appointment confirmations, built with `icalendar`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText

__all__ = ["IcsEvent", "make_ics"]

_TZID = "Europe/Berlin"
_BERLIN = ZoneInfo(_TZID)
_PRODID = "-//Buergermobil Essen//Buergermobil-Bot//DE"


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
    tentative: bool = False
    """Marks the entry STATUS:TENTATIVE (a proposed visit the citizen has not accepted yet)."""
    sequence: int = 0
    """Raise it when an already sent entry changes (moved stop, new appointment time)."""


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    return moment


def _event(event: IcsEvent, stamp: datetime) -> Event:
    start = _aware(event.start, "ICS event times").astimezone(_BERLIN)
    end = _aware(event.end, "ICS event times").astimezone(_BERLIN)
    if end <= start:
        raise ValueError(f"event {event.uid!r} ends before it starts")
    item = Event()
    item.add("uid", event.uid)
    item.add("dtstamp", stamp)
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", event.summary.replace("\r\n", "\n").replace("\r", "\n"))
    if event.location:
        item.add("location", event.location)
    if event.description:
        item.add("description", event.description.replace("\r\n", "\n").replace("\r", "\n"))
    if event.lat is not None and event.lon is not None:
        item.add("geo", (event.lat, event.lon))
    if event.sequence:
        item.add("sequence", event.sequence)
    item.add("status", "CANCELLED" if event.cancelled else "TENTATIVE" if event.tentative else "CONFIRMED")
    return item


def make_ics(
    events: Sequence[IcsEvent],
    now: datetime | None = None,
    calendar_name: str | None = None,
) -> bytes:
    """Build a VCALENDAR with the events; `now` fixes DTSTAMP (default: the current time)."""
    stamp = _aware(now or datetime.now(UTC), "DTSTAMP").astimezone(UTC)
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", _PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if calendar_name:
        cal.add("x-wr-calname", vText(calendar_name))
    built = [_event(event, stamp) for event in events]
    for item in built:
        cal.add_component(item)
    if events:
        # Only the transitions the events need (a year either side), not 1970-2038.
        first = min(item.start.astimezone(_BERLIN) for item in events).date()
        last = max(item.end.astimezone(_BERLIN) for item in events).date()
        year = timedelta(days=366)
        cal.add_missing_timezones(first_date=first - year, last_date=last + year)
    # VTIMEZONE before the events (RFC 5545 allows any order; some clients expect this one).
    cal.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
    return bytes(cal.to_ical())
