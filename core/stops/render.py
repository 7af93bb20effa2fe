"""Plain-text rendering of stops in German and English (the caller escapes for HTML)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from core.ics import IcsEvent
from core.stops.certainty import certainty_label, certainty_sentence
from core.stops.model import BERLIN, Stop

__all__ = [
    "MONTHS_DE",
    "MONTHS_EN",
    "WEEKDAYS_DE",
    "WEEKDAYS_EN",
    "Lang",
    "format_day",
    "format_stop",
    "format_stop_details",
    "format_stops",
    "format_time_range",
    "stop_ics_event",
]

Lang = Literal["de", "en"]

WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_DE_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_day(day: date, lang: Lang = "de", long: bool = False, year: bool = False) -> str:
    """ "Di 8.12." / "Tue 8 Dec"; long: "Dienstag, 8. Dezember" / "Tuesday, 8 December"."""
    if lang == "en":
        if long:
            text = f"{WEEKDAYS_EN[day.weekday()]}, {day.day} {MONTHS_EN[day.month - 1]}"
        else:
            text = f"{WEEKDAYS_EN[day.weekday()][:3]} {day.day} {MONTHS_EN[day.month - 1][:3]}"
        return f"{text} {day.year}" if year else text
    if long:
        text = f"{WEEKDAYS_DE[day.weekday()]}, {day.day}. {MONTHS_DE[day.month - 1]}"
        return f"{text} {day.year}" if year else text
    text = f"{_WEEKDAYS_DE_SHORT[day.weekday()]} {day.day}.{day.month}."
    return f"{text}{day.year}" if year else text


def format_time_range(start: datetime, end: datetime, lang: Lang = "de") -> str:
    """ "08:00–13:00 Uhr" / "08:00–13:00", shown in Europe/Berlin."""
    text = f"{start.astimezone(BERLIN):%H:%M}–{end.astimezone(BERLIN):%H:%M}"
    return f"{text} Uhr" if lang == "de" else text


def format_stop(stop: Stop, lang: Lang = "de", with_date: bool = True, mark: bool = True) -> str:
    """One line: "Di 8.12., 08:00–13:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt) – voraussichtlich".

    `mark` adds whether the date is confirmed or expected (not for a cancelled stop).
    """
    start = stop.start.astimezone(BERLIN)
    parts = []
    if with_date:
        parts.append(f"{format_day(start.date(), lang)}, ")
    parts.append(f"{format_time_range(stop.start, stop.end, lang)} · {stop.place.label}")
    if stop.title:
        parts.append(f" ({stop.title})")
    text = "".join(parts)
    if stop.moved_from is not None:
        original = stop.moved_from.start.astimezone(BERLIN)
        if lang == "de":
            text += f" – verlegt, geplant war {format_day(original.date(), lang)}, {original:%H:%M}"
        else:
            text += f" – moved, was {format_day(original.date(), lang)}, {original:%H:%M}"
    if mark and not stop.cancelled:
        text += f" – {certainty_label(stop, lang)}"
    if stop.cancelled:
        prefix = "FÄLLT AUS: " if lang == "de" else "CANCELLED: "
        text = prefix + text
        if stop.cancel_reason:
            text += f" – {stop.cancel_reason}"
    return text


def format_stops(stops: Sequence[Stop], lang: Lang = "de") -> str:
    """One stop per line, or a friendly sentence when there are none."""
    if not stops:
        return (
            "Keine Halte des Bürgermobils in diesem Zeitraum."
            if lang == "de"
            else "No Bürgermobil stops in this period."
        )
    return "\n".join(format_stop(stop, lang) for stop in stops)


def format_stop_details(stop: Stop, lang: Lang = "de") -> str:
    """Several lines: date and time, place, address, notes, changes."""
    de = lang == "de"
    start = stop.start.astimezone(BERLIN)
    when = format_time_range(stop.start, stop.end, lang)
    lines = [
        f"{format_day(start.date(), lang, long=True)}, {when}",
        stop.place.label + (f" ({stop.title})" if stop.title else ""),
    ]
    if stop.place.address:
        lines.append(("Adresse: " if de else "Address: ") + stop.place.address)
    if stop.place.notes:
        lines.append(("Hinweis: " if de else "Note: ") + stop.place.notes)
    if stop.note:
        lines.append(stop.note)
    if stop.moved_from is not None:
        original = stop.moved_from
        when = (
            f"{format_day(original.start.astimezone(BERLIN).date(), lang)}, "
            f"{format_time_range(original.start, original.end, lang)}"
        )
        line = (
            f"Verlegt – ursprünglich {when}, {original.place.label}"
            if de
            else f"Moved – originally {when}, {original.place.label}"
        )
        if stop.move_reason:
            line += f" ({stop.move_reason})"
        lines.append(line)
    if not stop.cancelled:
        lines.append(certainty_sentence(stop, lang))
    if stop.cancelled:
        line = "Dieser Halt fällt aus." if de else "This stop is cancelled."
        if stop.cancel_reason:
            line += (" Grund: " if de else " Reason: ") + stop.cancel_reason
        lines.append(line)
    return "\n".join(lines)


def stop_ics_event(stop: Stop, lang: Lang = "de") -> IcsEvent:
    """A calendar entry for a stop (for an .ics attachment)."""
    place = stop.place
    summary = f"Bürgermobil: {place.label}"
    if place.address and place.name.casefold() in place.address.casefold():
        location = place.address
    elif place.address:
        location = f"{place.name}, {place.address}"
    else:
        location = f"{place.name}, Essen-{place.district}"
    return IcsEvent(
        uid=f"{stop.stop_id}@buergermobil-essen",
        start=stop.start,
        end=stop.end,
        summary=summary,
        location=location,
        description=format_stop_details(stop, lang),
        lat=place.lat,
        lon=place.lon,
        cancelled=stop.cancelled,
    )
