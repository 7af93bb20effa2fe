"""Reading stop queries: a citizen's day or district, a staff member's stop reference and move.

Pure functions over the plan and today's date (no I/O, no channel): the Telegram handlers
(`stops.py`, `stops_staff.py`) parse the update, call these, and render the result. Problems
come back as one line of text for the staff chat.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from core.places import AreaMatch, exact_area, find_area_in_text, fold, is_essen_postal_code, resolve_area
from core.stops.dates import DayQuery, parse_day_query
from core.stops.fields import FieldError, check_wall_time, parse_date
from core.stops.html import when_where
from core.stops.model import Stop, berlin_datetime
from core.stops.plan import StopPlan
from core.texts import t
from faq import Decision, FaqMatcher

__all__ = [
    "BUERGERMOBIL_ENTRY",
    "SHORT_WORDS",
    "Lookup",
    "MoveSpec",
    "parse_move",
    "read_lookup",
    "resolve_stop",
]

SHORT_WORDS = 4
"""Texts up to this many words are read as a stop lookup directly."""
BUERGERMOBIL_ENTRY = "buergermobil"
"""The FAQ entry about the Bürgermobil: a longer text it answers is still a stop lookup."""
_WHOLE_CITY = frozenset({"essen", "in essen", "ganz essen", "stadt essen", "ueberall", "alle", "everywhere"})
_POSTAL = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
_STOP_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+$")
_TIME_RANGE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?-(\d{1,2})(?:[:.](\d{2}))?(?:uhr)?$", re.IGNORECASE)
_DASHES = re.compile(r"(\d)\s*(?:-|–|—|bis)\s*(\d)")

# -- a citizen's lookup ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    """What a text asks for: a day or range, a district, or a postal code outside Essen."""

    day: DayQuery | None = None
    area: AreaMatch | None = None
    foreign_code: str | None = None


def read_lookup(text: str, today: date, matcher: FaqMatcher | None = None) -> Lookup | None:
    """Read a text as a day and/or district; None when it is something else (a question).

    Short texts (up to four words) are read directly. Longer ones only when the FAQ does not
    answer them confidently with another topic, so a normal question is never swallowed.
    """
    words = text.split()
    if not words:
        return None
    if fold(text) in _WHOLE_CITY:
        return Lookup()  # the whole city: the overview
    if len(words) > SHORT_WORDS and matcher is not None:
        result = matcher.match(text)
        if result.decision is Decision.ANSWER and result.answer_id not in (None, BUERGERMOBIL_ENTRY):
            return None
    day = parse_day_query(text, today)
    codes = _POSTAL.findall(text)
    if codes and not any(is_essen_postal_code(code) for code in codes):
        return Lookup(day=day, foreign_code=codes[0])
    if day is None and len(words) <= SHORT_WORDS:
        area = resolve_area(text) or find_area_in_text(text)  # fuzzy, with "Meinten Sie …?"
    else:
        area = find_area_in_text(text)
    if day is None and area is None:
        return None
    return Lookup(day=day, area=area)


# -- a staff member's stop reference and move -----------------------------------------------------


@dataclass(frozen=True)
class MoveSpec:
    """Where a stop moves to: new start and end (Europe/Berlin), maybe a place, a reason."""

    start: datetime
    end: datetime
    place_id: str | None
    reason: str | None


# -- reading stop references and move details ----------------------------------------------------------


def _day_token(token: str, today: date, near: date | None = None) -> date | None:
    """A single day from '8.12.', '2026-12-08', '08.12.2026', 'heute', 'Freitag'.

    A date without a year is the one nearest to `near` (default today): staff mean the
    stop around that time, not the same date next year.
    """
    short = _DAY_MONTH.match(token)
    if short:
        day, month = int(short.group(1)), int(short.group(2))
        reference = near or today
        candidates = []
        for year in (reference.year - 1, reference.year, reference.year + 1):
            with contextlib.suppress(ValueError):
                candidates.append(date(year, month, day))
        return min(candidates, key=lambda d: abs(d - reference)) if candidates else None
    try:
        return parse_date(token)
    except FieldError:
        query = parse_day_query(token, today)
        return query.start if query is not None and query.single_day else None


def _place_matches(stop: Stop, phrase: str) -> bool:
    key = fold(phrase)
    if not key:
        return False
    place = stop.place
    if key in (fold(place.id), fold(place.district), fold(place.name)) or key in fold(place.label):
        return True
    area = exact_area(phrase) or (resolve_area(phrase) if len(key) >= 4 else None)
    own = exact_area(place.district) or resolve_area(place.district)
    return area is not None and own is not None and bool(set(area.districts) & set(own.districts))


def _stop_list(stops: list[Stop]) -> str:
    return "; ".join(f"{when_where(s)} [{s.stop_id}]" for s in stops) or "keine"


def resolve_stop(tokens: list[str], plan: StopPlan, today: date) -> tuple[Stop | None, list[str], str | None]:
    """The stop named by '<stop id>' or '<day> <place>' at the start of `tokens`; (stop, rest, error)."""
    if not tokens:
        return None, [], t("stops.staff.unknown_stop", stop_id="")
    first = tokens[0].strip().lower()
    if _STOP_ID.match(first):
        stop = plan.find_stop(first)
        if stop is None:
            return None, [], t("stops.staff.unknown_stop", stop_id=first)
        return stop, tokens[1:], None
    rest = tokens[1:] if first in ("am", "an") and len(tokens) > 1 else tokens
    day = _day_token(rest[0], today)
    if day is None:
        return None, [], t("stops.staff.bad_day", text=rest[0])
    candidates = plan.stops_between(day, day, include_cancelled=True)
    rest = rest[1:]
    if not rest:
        return None, [], t("stops.staff.need_place", day=f"{day:%d.%m.%Y}", stops=_stop_list(candidates))
    for size in (3, 2, 1):
        if len(rest) < size:
            continue
        hits = [s for s in candidates if _place_matches(s, " ".join(rest[:size]))]
        if len(hits) > 1:
            return None, [], t("stops.staff.several", stops=_stop_list(hits))
        if hits:
            return hits[0], rest[size:], None
    return (
        None,
        [],
        t("stops.staff.no_stop_that_day", day=f"{day:%d.%m.%Y}", place=rest[0], stops=_stop_list(candidates)),
    )


def _find_place(plan: StopPlan, text: str) -> str | None:
    """A place id from an id, a name or a district; None unless exactly one place fits."""
    if plan.place(text) is not None:
        return text
    key = fold(text)
    hits = [p.id for p in plan.places if key and (key == fold(p.id) or key in fold(p.label))]
    return hits[0] if len(hits) == 1 else None


def parse_move(
    tokens: list[str], stop: Stop, plan: StopPlan, today: date
) -> tuple[MoveSpec | None, str | None]:
    """Read '[day] <from-to> [ort:<place>] [reason]' after the stop; (spec, error)."""
    words = _DASHES.sub(r"\1-\2", " ".join(tokens)).split()
    new_day: date | None = None
    times: tuple[time, time] | None = None
    place_id: str | None = None
    index = 0
    while index < len(words):
        word = words[index]
        match = _TIME_RANGE.match(word)
        if match and times is None:
            h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
            if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
                return None, t("stops.staff.need_times")
            times = (time(h1, m1), time(h2, m2))
        elif word.lower().startswith("ort:") and place_id is None:
            place_id = _find_place(plan, word[4:])
            if place_id is None:
                return None, t(
                    "stops.staff.unknown_place",
                    place=word[4:],
                    places=", ".join(p.id for p in plan.places),
                )
        elif new_day is None and times is None and (day := _day_token(word, today, stop.day)):
            new_day = day
        else:
            break
        index += 1
    if times is None:
        return None, t("stops.staff.need_times")
    day = new_day or stop.day
    try:
        check_wall_time(day, times[0])
        check_wall_time(day, times[1])
    except FieldError as exc:
        return None, html.escape(str(exc))
    reason = " ".join(words[index:]).strip() or None
    start, end = berlin_datetime(day, times[0]), berlin_datetime(day, times[1])
    return MoveSpec(start, end, place_id, reason[:300] if reason else None), None
