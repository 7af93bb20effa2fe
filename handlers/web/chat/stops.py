"""The stops page: the next stops, by district or postal code, with a map link and a calendar file.

The plan and the lookup are the Telegram channel's (`core.stops`); reminders for a stop are
offered in Telegram only (the page says so): the web chat keeps no contact to send them to.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from core.stops import Stop
from core.stops.html import stop_html
from core.stops.query import read_lookup
from core.texts import t
from handlers.web import web_state
from handlers.web.chat.render import safe_html
from handlers.web.chat.session import Prefs

__all__ = ["stop_calendar", "stops_page"]

_MAX_QUERY = 80


def map_link(stop: Stop) -> str | None:
    """An OpenStreetMap link to the place (a link the citizen follows; the page loads nothing from there)."""
    place = stop.place
    if place.lat is not None and place.lon is not None:
        lat, lon = f"{place.lat:.5f}", f"{place.lon:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if place.address:
        return "https://www.openstreetmap.org/search?query=" + quote(f"{place.address}, Essen")
    return None


def _rows(
    stops: list[Stop], lang: str, now: datetime, distances: dict[str, float | None] | None = None
) -> list[dict[str, object]]:
    km = distances or {}
    return [
        {
            "html": safe_html(stop_html(stop, lang, now, distance_km=km.get(stop.stop_id))),
            "map": map_link(stop),
            "ics": f"/chat/stops/{quote(stop.stop_id)}.ics",
            "cancelled": stop.cancelled,
        }
        for stop in stops
    ]


async def stops_page(request: Request) -> Response:
    """Next stops; ?q= a district, a postal code or a day."""
    state = web_state(request)
    prefs = Prefs.read(request)
    lang = prefs.lang
    service = state.services.stops
    query = request.query_params.get("q", "").strip()[:_MAX_QUERY]
    now = service.now()
    heading, unknown = t("web.stops.next", lang), False
    rows: list[dict[str, object]] = []
    nearby: list[dict[str, object]] = []
    if query:
        lookup = read_lookup(query, service.today())
        if lookup is not None and lookup.area is not None:
            answer = service.in_area(lookup.area)
            heading = t(
                "web.stops.in",
                lang,
                area=", ".join(lookup.area.districts)
                if lookup.area.postal_code
                else service.district_key(lookup.area),
            )
            rows = _rows(answer.stops, lang, now)
            nearby = _rows(
                [s for s, _ in answer.nearby], lang, now, {s.stop_id: km for s, km in answer.nearby}
            )
        elif lookup is not None and lookup.day is not None:
            heading = t("web.stops.on_day", lang)
            rows = _rows(service.on_days(lookup.day), lang, now)
        else:
            unknown = True
    if not query or unknown:
        rows = _rows(service.upcoming(days=14, limit=12), lang, now)
    context = {
        "lang": lang,
        "prefs": prefs,
        "t": t,
        "query": query,
        "heading": heading,
        "rows": rows,
        "nearby": nearby,
        "unknown": unknown,
        "embed": request.query_params.get("embed") == "1",
    }
    return state.templates.TemplateResponse(request, "chat/stops.html", context)


async def stop_calendar(request: Request) -> Response:
    """One stop as a calendar file."""
    state = web_state(request)
    stop_id = str(request.path_params["stop_id"])
    stop = state.services.stops.find(stop_id)
    if stop is None:
        return Response(
            t("web.stops.gone", Prefs.read(request).lang), status_code=404, media_type="text/plain"
        )
    body = state.services.stops.ics(stop, Prefs.read(request).lang)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="buergermobil-{stop.stop_id}.ics"'},
    )
