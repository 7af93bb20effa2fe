"""How the stop pages show a stop: day, time, place and state in the console's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from starlette.requests import Request

from core.stops import Stop
from core.stops.html import as_lang, when_where
from core.stops.render import MONTHS_DE, MONTHS_EN, format_day, format_time_range
from handlers.web.chat.render import safe_html
from handlers.web.console.render import language_of
from handlers.web.console.stops_texts import stop_words

__all__ = ["Shown", "month_title", "shown", "stop_context"]


@dataclass(frozen=True)
class Shown:
    """The words for one stop in the console."""

    day: str
    time: str
    place: str
    state: str
    """'cancelled', 'moved', 'confirmed' or 'expected' (a key of the texts)."""
    before: str
    """Where and when a moved stop was planned first ('' otherwise)."""
    over: bool
    full: str


def shown(stop: Stop, lang: str, now: datetime) -> Shown:
    """A stop as the console writes it."""
    language = as_lang(lang)
    if stop.cancelled:
        state = "cancelled"
    elif stop.moved_from is not None:
        state = "moved"
    else:
        state = "confirmed" if stop.confirmed else "expected"
    before = when_where(stop.moved_from, language) if stop.moved_from is not None else ""
    return Shown(
        day=format_day(stop.day, language),
        time=format_time_range(stop.start, stop.end, language),
        place=stop.place.label,
        state=state,
        before=before,
        over=stop.end <= now,
        full=when_where(stop, language),
    )


def month_title(first: date, lang: str) -> str:
    """ "Dezember 2026" / "December 2026"."""
    names = MONTHS_EN if lang == "en" else MONTHS_DE
    return f"{names[first.month - 1]} {first.year}"


def stop_context(request: Request, now: datetime) -> dict[str, object]:
    """What every stop page's template needs: the words and the helpers."""
    lang = language_of(request)
    return {
        "s": stop_words(lang),
        "show": lambda stop: shown(stop, lang, now),
        "month_title": lambda first: month_title(first, lang),
        "notice_html": safe_html,
    }
