"""Checks for what citizens and staff type: phone numbers, names, years, places, visit slots.

Every check returns the cleaned value or raises InputError with a short code; the handlers
turn the code into a polite German or English text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.appointments.phone import PhoneError, phone_with_note
from core.officehours import is_nrw_holiday
from core.places import POSTAL_CODES, find_area_in_text, resolve_area

__all__ = [
    "NAME_MAX",
    "PLACE_MAX",
    "TEXT_MAX",
    "InputError",
    "PlaceResult",
    "Slot",
    "check_name",
    "check_place",
    "check_text",
    "check_year",
    "clean",
    "normalise_phone",
    "parse_slot",
    "split_name_year",
]

NAME_MAX = 80
PLACE_MAX = 300
TEXT_MAX = 500

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?$")
_ROLE_BRACKET = re.compile(r"^([^()]+)\(([^()]{1,40})\)$")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_POSTAL = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_NAME_YEAR_WORDS = re.compile(
    r"\s*(?:,|;|\(|\)|\*|\b(?:geb|geboren|born|jahrgang|jg)\b\.?)\s*", re.IGNORECASE
)
_YEARLESS_GRACE_DAYS = 60


class InputError(Exception):
    """The input does not fit; `code` names what is wrong (e.g. 'empty', 'too_long')."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def clean(text: str | None) -> str:
    """NFC, no control or direction characters, single spaces, trimmed."""
    if not text:
        return ""
    normal = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", _CONTROL.sub("", normal)).strip()


def check_text(text: str | None, limit: int = TEXT_MAX) -> str:
    """A free text: not empty, not longer than limit."""
    value = clean(text)
    if not value:
        raise InputError("empty")
    if len(value) > limit:
        raise InputError("too_long", limit=limit)
    return value


def check_name(text: str | None) -> str:
    """A person's name: letters, spaces, hyphens, apostrophes, dots; at least two letters.

    Titles and particles pass ("Dr. von der Heide"), and so does a role in brackets or after a
    comma: "Schmitz-Becker (Tochter)", "Klaus Muster, Sohn" -> "Klaus Muster (Sohn)".
    """
    value = check_text(text, NAME_MAX)
    if any(ch.isdigit() for ch in value):
        raise InputError("name_digits")
    name, role = _split_role(value)
    letters = sum(ch.isalpha() for ch in name)
    if letters < 2 or not _NAME_CHARS.match(name):
        raise InputError("name_invalid")
    if role is not None and not _NAME_CHARS.match(role):
        raise InputError("name_invalid")
    return f"{name} ({role})" if role else name


def _split_role(value: str) -> tuple[str, str | None]:
    """'Schmitz-Becker (Tochter)' -> ('Schmitz-Becker', 'Tochter'); 'Muster, Sohn' likewise."""
    bracket = _ROLE_BRACKET.match(value)
    if bracket is not None:
        return bracket.group(1).strip(), bracket.group(2).strip()
    name, comma, role = value.partition(",")
    if comma and role.strip() and "," not in role:
        return name.strip(), role.strip()
    return value, None


def check_year(text: str | int | None, today: date) -> int:
    """A year of birth: four digits, at most 120 years ago, not in the future."""
    raw = clean(str(text)) if text is not None else ""
    if not raw:
        raise InputError("empty")
    if not re.fullmatch(r"\d{4}", raw):
        raise InputError("year_format")
    year = int(raw)
    if year > today.year or year < today.year - 120:
        raise InputError("year_range", low=today.year - 120, high=today.year)
    return year


def split_name_year(text: str | None) -> tuple[str, str | None]:
    """'Erna Muster, 1938' -> ('Erna Muster', '1938'); a text without a year keeps all."""
    value = clean(text)
    match = _YEAR.search(value)
    if match is None:
        return value, None
    rest = (value[: match.start()] + " " + value[match.end() :]).strip()
    rest = _NAME_YEAR_WORDS.sub(" ", rest)
    return _SPACES.sub(" ", rest).strip(" ,;"), match.group(1)


def normalise_phone(text: str | None) -> str:
    """A German phone number with an optional note: '0201 123456 (abends)' -> '+49201123456 (abends)'."""
    raw = clean(text)
    if not raw:
        raise InputError("empty")
    try:
        return phone_with_note(raw)
    except PhoneError as error:
        raise InputError(error.code) from error


@dataclass(frozen=True)
class PlaceResult:
    """A checked place: the text as given, and the Essen district and postal code found in it."""

    text: str
    district: str
    postal_code: str | None


def check_place(text: str | None) -> PlaceResult:
    """A care home, hospital or address in Essen: the district or postal code must be Essen's."""
    value = check_text(text, PLACE_MAX)
    if len(value) < 3:
        raise InputError("place_short")
    codes = _POSTAL.findall(value)
    if codes and not any(code in POSTAL_CODES for code in codes):
        raise InputError("outside_essen", postal_code=codes[0])
    area = find_area_in_text(value)
    if area is None and not codes:
        area = resolve_area(value)
    if area is None:
        raise InputError("place_unknown")
    return PlaceResult(value, area.district, area.postal_code)


@dataclass(frozen=True)
class Slot:
    """A proposed visit: start and end, timezone-aware."""

    start: datetime
    end: datetime


_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_RANGE = re.compile(_TIME + r"\s*(?:uhr)?\s*(?:-|–|—|bis)\s*" + _TIME + r"\s*(?:uhr)?", re.IGNORECASE)
_SINGLE = re.compile(_TIME + r"\s*(?:uhr)?", re.IGNORECASE)


def _clock(hour: str, minute: str | None) -> time:
    h, m = int(hour), int(minute or 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise InputError("slot_format")
    return time(h, m)


def _day(text: str, today: date) -> tuple[date, str]:
    iso = _ISO_DATE.search(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        rest = text[: iso.start()] + " " + text[iso.end() :]
    else:
        match = _DATE.search(text)
        if match is None:
            raise InputError("slot_format")
        day, month = int(match.group(1)), int(match.group(2))
        raw_year = match.group(3)
        year = (2000 + int(raw_year) if len(raw_year) == 2 else int(raw_year)) if raw_year else today.year
        rest = text[: match.start()] + " " + text[match.end() :]
        if not raw_year:  # "5.1." typed in December means next year; "24.11." yesterday is past
            try:
                if date(year, month, day) < today - timedelta(days=_YEARLESS_GRACE_DAYS):
                    year += 1
            except ValueError:
                raise InputError("slot_format") from None
    try:
        return date(year, month, day), rest
    except ValueError:
        raise InputError("slot_format") from None


def parse_slot(text: str | None, now: datetime, tz: ZoneInfo, default_minutes: int = 60) -> Slot:
    """'3.12. 10:00-11:00', '03.12.2026 10–11 Uhr', '2026-12-03 10:00' in the team's timezone.

    Refused: no date or time, end not after start, in the past, a Sunday, an NRW public holiday.
    """
    value = clean(text)
    if not value:
        raise InputError("empty")
    local_now = now.astimezone(tz)
    day, rest = _day(value, local_now.date())
    window = _RANGE.search(rest)
    if window:
        start_clock = _clock(window.group(1), window.group(2))
        end_clock = _clock(window.group(3), window.group(4))
    else:
        single = _SINGLE.search(rest)
        if single is None or not (single.group(2) or "uhr" in rest.lower()):
            raise InputError("slot_format")
        start_clock = _clock(single.group(1), single.group(2))
        end_clock = (datetime.combine(day, start_clock) + timedelta(minutes=default_minutes)).time()
    start = datetime.combine(day, start_clock, tz)
    end = datetime.combine(day, end_clock, tz)
    if end <= start:
        raise InputError("slot_order")
    if start <= local_now:
        raise InputError("slot_past")
    if day.weekday() == 6:
        raise InputError("slot_sunday")
    if is_nrw_holiday(day):
        raise InputError("slot_holiday")
    return Slot(start, end)
