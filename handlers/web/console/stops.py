"""The stop plan in the console: the month as calendar and list, cancel or move a stop.

A change is shown first (GET with the form's values: the notice and how many subscribers get
it), then stored with a POST through the same `services.stops` as the group's /ausfall and
/verlegen: the override, its audit entry, one outbox notice per subscriber and the staff chat's
line in one transaction. The progress page counts the notices in the outbox as they go out.
A second press of the same change stores and sends nothing (DuplicateChange).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.services import Services
from core.staff_accounts import SignedIn
from core.stops import Stop
from core.stops.model import berlin_datetime
from core.stops.month import month_plan, parse_month
from core.stops.service import ChangePreview, DuplicateChange, StopActionError, change_confirmation
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, staff_page
from handlers.web.console.render import page
from handlers.web.console.stops_show import stop_context

__all__ = [
    "ROLE",
    "change_progress",
    "change_rows",
    "month_page",
    "stop_cancel",
    "stop_change_form",
    "stop_move",
]

ROLE = "agent"
"""Who may see and change the stop plan (admins too)."""
MAX_REASON = 300
WEB_SUFFIX = " (Web-Konsole)"


async def _stop_page(
    request: Request, session: SignedIn, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    services = web_state(request).services
    shared = stop_context(request, services.stops.now())
    return await page(request, session, template, {**shared, **context}, status_code=status_code)


@staff_page(ROLE)
async def month_page(request: Request, session: SignedIn) -> Response:
    """The month's stops: a calendar (Monday first) and a list, with links to the months around."""
    stops = web_state(request).services.stops
    await stops.reload_if_changed()  # a CLI import shows at once, not after the 10-minute job
    first = parse_month(request.query_params.get("month"), stops.today())
    month = month_plan(stops.plan, first)
    return await _stop_page(
        request,
        session,
        "console/stops_month.html",
        {"month": month, "done": request.query_params.get("done", "")[:20]},
    )


def _reason(values: Any) -> str:
    value = values.get("reason")
    return " ".join(value.split())[:MAX_REASON] if isinstance(value, str) else ""


def _field(values: Any, name: str) -> str:
    value = values.get(name)
    return value.strip()[:40] if isinstance(value, str) else ""


def _move_target(values: Any, stop: Stop) -> tuple[datetime, datetime, str | None] | str:
    """The new start, end and place from the form, or the key of what is wrong."""
    try:
        day = date.fromisoformat(_field(values, "day"))
    except ValueError:
        return "bad_day"
    try:
        start, end = time.fromisoformat(_field(values, "start")), time.fromisoformat(_field(values, "end"))
    except ValueError:
        return "bad_time"
    place = _field(values, "place") or stop.place.id
    return berlin_datetime(day, start), berlin_datetime(day, end), None if place == stop.place.id else place


async def _preview(services: Services, kind: str, stop: Stop, values: Any) -> ChangePreview | str:
    """The preview of the change in the form's values, or what is wrong (a text key or a core message)."""
    reason = _reason(values)
    try:
        if kind == "cancel":
            if not reason:
                return "error.required_reason"
            return await services.stops.preview_cancel(stop.stop_id, reason)
        target = _move_target(values, stop)
        if isinstance(target, str):
            return f"error.{target}"
        start, end, place = target
        return await services.stops.preview_move(stop.stop_id, start, end, reason or None, place)
    except StopActionError as exc:
        return str(exc)


def _form_values(values: Any, stop: Stop) -> dict[str, str]:
    """What the form shows: the entered values, else the stop's own."""
    return {
        "reason": _reason(values),
        "day": _field(values, "day") or stop.day.isoformat(),
        "start": _field(values, "start") or f"{stop.start:%H:%M}",
        "end": _field(values, "end") or f"{stop.end:%H:%M}",
        "place": _field(values, "place") or stop.place.id,
    }


async def _change_page(
    request: Request,
    session: SignedIn,
    kind: str,
    stop: Stop,
    values: Any,
    *,
    previewed: bool,
    status_code: int = 200,
) -> Response:
    services = web_state(request).services
    preview: ChangePreview | str | None = await _preview(services, kind, stop, values) if previewed else None
    problem = preview if isinstance(preview, str) else ""
    return await _stop_page(
        request,
        session,
        "console/stops_change.html",
        {
            "kind": kind,
            "stop": stop,
            "form": _form_values(values, stop),
            "places": sorted(services.stops.plan.places, key=lambda p: p.label),
            "preview": None if isinstance(preview, str) else preview,
            "problem": problem,
        },
        status_code=400 if problem and status_code == 200 else status_code,
    )


def _kind_of(request: Request) -> str | None:
    kind = request.path_params.get("kind")
    return kind if kind in ("cancel", "move") else None


@staff_page(ROLE)
async def stop_change_form(request: Request, session: SignedIn) -> Response:
    """The form to cancel or move a stop; with `preview=1` also the notice and its recipients."""
    services = web_state(request).services
    kind, stop = _kind_of(request), services.stops.find(request.path_params["stop_id"])
    if kind is None or stop is None:
        return await page(request, session, "console/not_found.html", {}, status_code=404)
    previewed = request.query_params.get("preview") == "1"
    return await _change_page(request, session, kind, stop, request.query_params, previewed=previewed)


@staff_page(ROLE)
async def stop_cancel(request: Request, session: SignedIn) -> Response:
    """Cancel a stop: store it and queue the notices; then the progress page."""
    return await _change(request, session, "cancel")


@staff_page(ROLE)
async def stop_move(request: Request, session: SignedIn) -> Response:
    """Move a stop: store it and queue the notices; then the progress page."""
    return await _change(request, session, "move")


async def _change(request: Request, session: SignedIn, kind: str) -> Response:
    services = web_state(request).services
    stop = services.stops.find(request.path_params["stop_id"])
    if stop is None:
        return await page(request, session, "console/not_found.html", {}, status_code=404)
    values = await request.form()
    chat = services.config.staff.chat_id
    name = session.actor.name + WEB_SUFFIX
    confirm = (chat, lambda result: change_confirmation(result, name)) if chat is not None else None
    reason = _reason(values)
    try:
        if kind == "cancel":
            if not reason:
                return await _change_page(request, session, kind, stop, values, previewed=True)
            result = await services.stops.cancel(stop.stop_id, reason, session.actor, confirm=confirm)
        else:
            target = _move_target(values, stop)
            if isinstance(target, str):
                return await _change_page(request, session, kind, stop, values, previewed=True)
            start, end, place = target
            result = await services.stops.move(
                stop.stop_id, start, end, reason or None, session.actor, place, confirm=confirm
            )
    except DuplicateChange as exc:
        return RedirectResponse(f"{BASE}/stops/changes/{exc.override_id}?done=again", status_code=303)
    except StopActionError:
        return await _change_page(request, session, kind, stop, values, previewed=True, status_code=409)
    services.kick_outbox()
    return RedirectResponse(f"{BASE}/stops/changes/{result.override_id}?done=stored", status_code=303)


async def _progress_context(request: Request) -> dict[str, Any] | None:
    stops = web_state(request).services.stops
    progress = await stops.notice_progress(int(request.path_params["change_id"]))
    if progress is None:
        return None
    stop = stops.find(progress.change.stop_id)
    return {"progress": progress, "stop": stop, "done": request.query_params.get("done", "")[:20]}


@staff_page(ROLE)
async def change_progress(request: Request, session: SignedIn) -> Response:
    """A stored change and how many of its notices went out (the count refreshes itself)."""
    context = await _progress_context(request)
    if context is None:
        return await page(request, session, "console/not_found.html", {}, status_code=404)
    return await _stop_page(request, session, "console/stops_progress.html", context)


@staff_page(ROLE)
async def change_rows(request: Request, session: SignedIn) -> Response:
    """Only the progress block (htmx polls it until nothing is waiting)."""
    context = await _progress_context(request)
    if context is None:
        return Response(status_code=404)
    return await _stop_page(request, session, "console/stops_progress_block.html", context)
