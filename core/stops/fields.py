"""Converters for plan and import fields (dates, times, weekdays, weeks) with German errors."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from core.ids import ascii_digits
from core.stops.model import BERLIN

__all__ = [
    "WEEKDAY_NAMES",
    "FieldError",
    "check_wall_time",
    "parse_date",
    "parse_time",
    "parse_weekday",
    "parse_weeks",
]


class FieldError(ValueError):
    """A single field has a value of the wrong form; the message is German and user-facing."""


WEEKDAY_NAMES: dict[str, int] = {
    **{name: i for i, name in enumerate(("mo", "di", "mi", "do", "fr", "sa", "so"))},
    **{
        name: i
        for i, name in enumerate(
            ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
        )
    },
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        name: i
        for i, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "sonnabend": 5,
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:\s*uhr)?$", re.IGNORECASE)
_EVERY = {"every", "jede", "jeden", "alle", "all", "jede woche", "every week", "wöchentlich"}
_LAST = {"last", "letzte", "letzter", "letzten", "l"}


def parse_date(value: Any) -> date:
    """Read a date given as a YAML date, "2026-12-08" or "08.12.2026"."""
    if isinstance(value, datetime):
        raise FieldError(f"'{value}' ist ein Zeitpunkt, erwartet ist nur ein Datum")
    if isinstance(value, date):
        return value
    text = str(value).strip()
    iso = _ISO_DATE.match(text)
    german = _GERMAN_DATE.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif german:
        day, month, year = (int(g) for g in german.groups())
        if year < 100:
            year += 2000
    else:
        raise FieldError(f"'{text}' ist kein Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)")
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(f"Datum '{text}' gibt es nicht") from None


def parse_time(value: Any) -> time:
    """Read a wall-clock time such as "08:00", "8.00", "8 Uhr" or the hour 8."""
    if isinstance(value, bool):
        raise FieldError(f"'{value}' ist keine Uhrzeit (erwartet HH:MM)")
    if isinstance(value, time):
        return value
    text = f"{value:.2f}" if isinstance(value, float) else str(value).strip()  # YAML 8.30
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise FieldError(f"'{text}' ist keine Uhrzeit (erwartet HH:MM, z. B. 08:00)")


def parse_weekday(value: Any) -> int:
    """Read a weekday (mo..so, Montag..Sonntag, mon..sun) as 0 = Monday."""
    key = str(value).strip().casefold().rstrip(".")
    if key in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[key]
    raise FieldError(
        f"'{value}' ist kein Wochentag (erwartet mo, di, mi, do, fr, sa, so oder Montag … Sonntag)"
    )


def parse_weeks(value: Any) -> tuple[int, ...]:
    """Read the weeks of the month: [2, 4], "every", "last", [1, "last"] or "2, 4"."""
    expected = "erwartet z. B. [2, 4], every (jede Woche) oder last (letzte Woche im Monat)"
    if value is None:
        raise FieldError(f"Angabe fehlt ({expected})")
    if isinstance(value, str) and value.strip().casefold() in _EVERY:
        return (1, 2, 3, 4, 5)
    items: list[Any]
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        items = [part for part in re.split(r"[,\s]+", value.strip()) if part]
    else:
        items = [value]
    weeks: list[int] = []
    for item in items:
        text = str(item).strip().casefold().rstrip(".")
        if text in _LAST:
            weeks.append(-1)
        elif ascii_digits(text, 1) and 1 <= int(text) <= 5 and not isinstance(item, bool):
            weeks.append(int(text))
        else:
            raise FieldError(f"'{item}' ist keine Woche des Monats ({expected})")
    if not weeks:
        raise FieldError(f"keine Woche angegeben ({expected})")
    return tuple(sorted(set(weeks), key=lambda w: (w < 0, w)))


def check_wall_time(day: date, clock: time) -> None:
    """Reject a time that does not exist on `day` because the clocks go forward."""
    local = datetime.combine(day, clock, tzinfo=BERLIN)
    round_trip = local.astimezone(UTC).astimezone(BERLIN)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise FieldError(f"{clock:%H:%M} Uhr gibt es am {day:%d.%m.%Y} wegen der Zeitumstellung nicht")
