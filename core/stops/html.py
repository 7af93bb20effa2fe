"""Stops as HTML for Telegram messages (German and English); values are escaped here."""

from __future__ import annotations

import html
from datetime import datetime

from core.stops.certainty import PLAN_URL
from core.stops.model import BERLIN, Stop
from core.stops.render import Lang, format_day, format_stop, format_time_range
from core.texts import t

__all__ = ["as_lang", "certainty_html", "format_km", "stop_html", "when_where"]


def as_lang(lang: str) -> Lang:
    """The render language for a user language."""
    return "en" if lang == "en" else "de"


def stop_html(
    stop: Stop,
    lang: str,
    now: datetime | None = None,
    *,
    with_date: bool = True,
    details: bool = True,
    distance_km: float | None = None,
) -> str:
    """One stop as HTML: bold line with date, time and place, then address and notes."""
    language = as_lang(lang)
    line = f"<b>{html.escape(format_stop(stop, language, with_date=with_date, mark=False))}</b>"
    if stop.cancelled:
        line = "❌ " + line
    elif now is not None and stop.is_running(now):
        line += " " + t("stops.running_now", lang)
    elif now is not None and stop.end <= now:
        line += " " + t("stops.over", lang)
    if distance_km is not None:
        line += " " + t("stops.distance", lang, km=format_km(distance_km, lang))
    if not stop.cancelled:
        line += " " + certainty_html(stop, lang)
    if details:
        if stop.place.address:
            line += "\n   📍 " + html.escape(stop.place.address)
        if stop.place.notes:
            line += "\n   ℹ️ " + html.escape(stop.place.notes)
        if stop.note:
            line += "\n   ℹ️ " + html.escape(stop.note)
    return line


def certainty_html(stop: Stop, lang: str) -> str:
    """ "· ✅ bestätigt", or "· 🕓 voraussichtlich" linked to the city's plan page."""
    if stop.confirmed:
        return t("stops.mark.confirmed", lang)
    return t("stops.mark.expected", lang, url=PLAN_URL)


def when_where(stop: Stop, lang: Lang = "de") -> str:
    """ "Di 8.12., 08:00–13:00 Uhr · Borbeck, Neuer Markt" without change marks (plain text)."""
    day = format_day(stop.start.astimezone(BERLIN).date(), lang)
    return f"{day}, {format_time_range(stop.start, stop.end, lang)} · {stop.place.label}"


def format_km(km: float, lang: str) -> str:
    """'1,2 km' / '1.2 km'; under 1 km in metres rounded to 50."""
    if km < 1:
        metres = max(50, round(km * 1000 / 50) * 50)
        return f"{metres} m"
    text = f"{km:.1f}"
    return (text.replace(".", ",") if lang != "en" else text) + " km"
