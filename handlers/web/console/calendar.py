"""The calendar of planned Vor-Ort visits: a week or a month as a table, buffers and conflicts shown.

The grid, the travel buffers and the conflicts come from `core/appointments/calendar.py` (the
same guard a new proposal meets); moving a visit is the request page's proposal form.
"""

from __future__ import annotations

from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import Response

from core.appointments.calendar import build_days, days_of, fetch_window
from core.staff_accounts import SignedIn
from handlers.web.app import web_state
from handlers.web.console.auth import staff_page
from handlers.web.console.render import language_of
from handlers.web.console.vorort_render import vo_page

__all__ = ["calendar_page"]

_MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip
_WEEKDAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _anchor(text: str | None, today: date) -> date:
    try:
        chosen = date.fromisoformat(text or "")
    except ValueError:
        return today
    return chosen if date(2000, 1, 1) <= chosen <= date(2100, 12, 31) else today


def _shifted(view: str, anchor: date, step: int) -> date:
    if view == "week":
        return anchor + timedelta(days=7 * step)
    month = anchor.year * 12 + anchor.month - 1 + step
    return date(month // 12, month % 12 + 1, 1)


@staff_page("vorort")
async def calendar_page(request: Request, session: SignedIn) -> Response:
    """GET ?view=week|month&date=YYYY-MM-DD: the proposed and confirmed visits of that week or month."""
    services = web_state(request).services
    tz = services.office_hours.tz
    appointments = services.appointments
    view = "month" if request.query_params.get("view") == "month" else "week"
    today = services.clock.now().astimezone(tz).date()
    anchor = _anchor(request.query_params.get("date"), today)
    first, last = days_of(view, anchor)
    start, end = fetch_window(first, last, tz, appointments.travel_buffer)
    visits = await appointments.planned_between(start, end)
    days = build_days(
        visits, first, last, tz, appointments.travel_buffer, month=anchor.month if view == "month" else None
    )
    lang = language_of(request)
    shown = sum(len(day.visits) for day in days if day.inside)
    return await vo_page(
        request,
        session,
        "console/vorort_calendar.html",
        {
            "view": view,
            "anchor": anchor,
            "today": today,
            "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
            "first": first,
            "last": last,
            "month_name": f"{_MONTHS.get(lang, _MONTHS['de'])[anchor.month - 1]} {anchor.year}",
            "weekdays": _WEEKDAYS.get(lang, _WEEKDAYS["de"]),
            "previous": _shifted(view, anchor, -1).isoformat(),
            "next": _shifted(view, anchor, 1).isoformat(),
            "buffer": appointments.buffer_minutes(),
            "shown": shown,
        },
    )
