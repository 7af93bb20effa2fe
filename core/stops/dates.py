"""Understand day words in German and English: "morgen", "am Freitag", "3.12.", "next week"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.stops.render import format_day

__all__ = ["DayQuery", "parse_day_query"]


@dataclass(frozen=True)
class DayQuery:
    """A day or a range of days someone asked about."""

    start: date
    end: date
    label: str
    """German, e.g. "morgen", "Freitag, 27.11.", "nächste Woche"."""
    label_en: str

    @property
    def single_day(self) -> bool:
        """True if the query names one day."""
        return self.start == self.end

    def days(self) -> list[date]:
        """All dates of the range."""
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

_WEEKDAYS_FULL: dict[str, int] = {
    **{
        n: i
        for i, n in enumerate(
            ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
        )
    },
    **{
        n: i
        for i, n in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    "sonnabend": 5,
    "montags": 0,
    "dienstags": 1,
    "mittwochs": 2,
    "donnerstags": 3,
    "freitags": 4,
    "samstags": 5,
    "sonntags": 6,
}
_WEEKDAYS_SHORT: dict[str, int] = {
    **{n: i for i, n in enumerate(("mo", "di", "mi", "do", "fr", "sa", "so"))},
    **{n: i for i, n in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
_MONTHS: dict[str, int] = {
    **{
        n: i
        for i, n in enumerate(
            (
                "januar",
                "februar",
                "maerz",
                "april",
                "mai",
                "juni",
                "juli",
                "august",
                "september",
                "oktober",
                "november",
                "dezember",
            ),
            start=1,
        )
    },
    **{
        n: i
        for i, n in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
            start=1,
        )
    },
    **{
        n: i
        for i, n in enumerate(
            ("jan", "feb", "mrz", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"), start=1
        )
    },
    "jaenner": 1,
    "mar": 3,
    "maer": 3,
    "may": 5,
    "oct": 10,
    "dec": 12,
    "sept": 9,
}
_FILLER = {
    "am",
    "an",
    "on",
    "the",
    "dem",
    "den",
    "der",
    "bitte",
    "please",
    "wann",
    "wo",
    "ist",
    "is",
    "this",
    "diesen",
    "kommenden",
    "naechsten",
    "naechste",
    "next",
    "coming",
    "at",
    "for",
    "fuer",
    "naechstes",
    "kommendes",
}
_NEXT = {
    "naechsten",
    "naechste",
    "naechster",
    "naechstes",
    "kommenden",
    "kommende",
    "kommendes",
    "next",
    "coming",
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2})?)?(?![\d])")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*({_MONTH_ALT})\.?(?:\s+(\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?")
_IN_DAYS = re.compile(r"\bin\s+(\d{1,2})\s+(tagen|tag|days|day)\b")


def _normalise(text: str) -> str:
    """Lower-case, fold umlauts, keep letters, digits, dots and hyphens."""
    text = text.casefold().translate(_FOLD)
    return re.sub(r"[^a-z0-9.\-/]+", " ", text).strip()


def _single(day: date, today: date) -> DayQuery:
    """A one-day query with a friendly label."""
    delta = (day - today).days
    words = {0: ("heute", "today"), 1: ("morgen", "tomorrow"), 2: ("übermorgen", "the day after tomorrow")}
    if delta in words:
        de, en = words[delta]
        return DayQuery(day, day, de, en)
    return DayQuery(day, day, format_day(day, "de", long=True), format_day(day, "en", long=True))


def _dated(day_num: int, month: int, year_text: str | None, today: date) -> DayQuery | None:
    """A date with an optional year; without a year the next such date from today."""
    if year_text:
        year = int(year_text)
        year = year + 2000 if year < 100 else year
        try:
            return _single(date(year, month, day_num), today)
        except ValueError:
            return None
    for year in range(today.year, today.year + 5):
        try:
            candidate = date(year, month, day_num)
        except ValueError:
            continue
        if candidate >= today:
            return _single(candidate, today)
    return None


def _explicit_date(text: str, today: date) -> DayQuery | None:
    """Find a written date: ISO, 3.12.(2026), 3. Dezember, December 3."""
    iso = _ISO.search(text)
    if iso:
        try:
            return _single(date(*(int(g) for g in iso.groups())), today)
        except ValueError:
            return None
    for match in _NUMERIC.finditer(text):
        day_num, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day_num <= 31:
            return _dated(day_num, month, match.group(3), today)
    day_month = _DAY_MONTH.search(text)
    if day_month:
        day_text, month_name, year_text = day_month.groups()
        return _dated(int(day_text), _MONTHS[month_name], year_text, today)
    month_day = _MONTH_DAY.search(text)
    if month_day:
        month_name, day_text, year_text = month_day.groups()
        return _dated(int(day_text), _MONTHS[month_name], year_text, today)
    return None


def _weekday(target: int, today: date, strictly_after: bool) -> date:
    """The next date with this weekday (today counts unless `strictly_after`)."""
    delta = (target - today.weekday()) % 7
    if delta == 0 and strictly_after:
        delta = 7
    return today + timedelta(days=delta)


def parse_day_query(text: str, today: date) -> DayQuery | None:
    """Read a day or range from German or English words; None if the text names none."""
    norm = _normalise(text)
    if not norm:
        return None
    explicit = _explicit_date(norm, today)
    if explicit is not None:
        return explicit
    tokens = [t.strip(".-/") for t in norm.split()]
    tokens = [t for t in tokens if t]
    words = set(tokens)
    joined = " ".join(tokens)
    in_days = _IN_DAYS.search(joined)
    if in_days:
        return _single(today + timedelta(days=int(in_days.group(1))), today)
    if "uebermorgen" in words or "day after tomorrow" in joined:
        return _single(today + timedelta(days=2), today)
    if "tomorrow" in words or ("morgen" in words and "guten" not in words):
        return _single(today + timedelta(days=1), today)
    if words & {"heute", "today", "tonight", "heut"}:
        return _single(today, today)
    monday = today - timedelta(days=today.weekday())
    wants_next = bool(words & _NEXT)
    if re.search(r"\b(woche|week)\b", joined):
        if wants_next:
            start = monday + timedelta(days=7)
            return DayQuery(start, start + timedelta(days=6), "nächste Woche", "next week")
        if words & {"diese", "dieser", "this", "current", "laufende", "laufenden"}:
            return DayQuery(today, monday + timedelta(days=6), "diese Woche", "this week")
    if words & {"wochenende", "weekend"}:
        saturday = monday + timedelta(days=5)
        if today.weekday() >= 5 and wants_next:
            saturday += timedelta(days=7)
        start = max(saturday, today)
        return DayQuery(start, saturday + timedelta(days=1), "am Wochenende", "at the weekend")
    for token in tokens:
        if token in _WEEKDAYS_FULL:
            return _single(_weekday(_WEEKDAYS_FULL[token], today, wants_next), today)
    content = [t for t in tokens if t not in _FILLER]
    if len(content) == 1 and content[0] in _WEEKDAYS_SHORT:
        return _single(_weekday(_WEEKDAYS_SHORT[content[0]], today, wants_next), today)
    return None
