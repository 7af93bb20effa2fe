"""The Vor-Ort requests in the console: the list by state, the request page and its actions.

Every action calls the same core service as the Telegram staff group (claim, propose with the
double-booking guard, reject = cancel with a reason the citizen reads, finish) or the console's
staff confirmation, so the citizen gets exactly the group's messages; the core's notes tell the
staff chat. A POST carries the session's CSRF token; the answer is a redirect with `?done=` or
`?error=`, or the page again with the colliding visits and "Trotzdem vorschlagen" (the proposal
form with up to three dates is read in `vorort_propose.py`). After a done action the request's
cards in the staff chat are edited through the outbox (`redraw_cards`), as the ticket actions do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.appointments import checklist_keys
from core.appointments.desk import TABS, already_proposed
from core.appointments.options import has_options
from core.appointments.render import format_when
from core.appointments.service import AppointmentError, ConflictError
from core.appointments.validation import TEXT_MAX, InputError, check_text
from core.ids import parse_id
from core.services import Services
from core.staff_accounts import SignedIn
from core.texts import t
from core.ticket_texts import format_age
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, staff_page
from handlers.web.console.render import language_of
from handlers.web.console.vorort_propose import FIELDS, Proposal, read_proposal
from handlers.web.console.vorort_render import vo_page

__all__ = ["VO", "request_action", "request_page", "requests_list"]

VO = f"{BASE}/vorort"


@dataclass(frozen=True)
class Line:
    """One row of the list."""

    number: int
    reference: str
    status: str
    age: str
    district: str
    persons: int
    services: tuple[str, ...]
    visit: Markup | None
    claimed: str | None


def _when(services: Services, request: Request, start: object, end: object) -> Markup | None:
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return None
    tz = services.office_hours.tz
    return Markup(format_when(start, end, tz, language_of(request)))


@staff_page("vorort")
async def requests_list(request: Request, session: SignedIn) -> Response:
    """The requests of one tab (new, proposed, confirmed, done, cancelled) with their age."""
    services = web_state(request).services
    tab = request.query_params.get("tab", "new")
    if tab not in TABS:
        tab = "new"
    now = services.clock.now()
    lines = [
        Line(
            a.id,
            a.reference,
            a.status,
            format_age(now - a.created_at),
            a.district or "–",
            a.persons,
            a.services,
            Markup(services.appointments.when(a, language_of(request)))
            if has_options(a)
            else _when(services, request, a.visit_start, a.visit_end),
            a.claimed_by_name,
        )
        for a in await services.appointments.listing(tab)
    ]
    counts = await services.appointments.tab_counts()
    return await vo_page(
        request,
        session,
        "console/vorort_list.html",
        {"tab": tab, "tabs": tuple(TABS), "lines": lines, "counts": counts},
    )


async def _request_view(
    request: Request, session: SignedIn, number: int, extra: dict[str, object], status_code: int = 200
) -> Response:
    services = web_state(request).services
    try:
        a = await services.appointments.get(number)
    except AppointmentError:
        return await vo_page(request, session, "console/not_found.html", {}, status_code=404)
    lang = language_of(request)
    tz = services.office_hours.tz
    context: dict[str, object] = {
        "a": a,
        "age": format_age(services.clock.now() - a.created_at),
        "visit": _when(services, request, a.visit_start, a.visit_end),
        "options": [{"index": o.index, "when": _when(services, request, o.start, o.end)} for o in a.options]
        if has_options(a)
        else [],
        "fields": FIELDS,
        "field_errors": {},
        "values": {},
        "history": await services.appointments.history(number),
        "checklist": [Markup(t(key, lang)) for key in checklist_keys(a.services, a.relationship, a.persons)],
        "today": services.clock.now().astimezone(tz).date().isoformat(),
        "visit_day": a.visit_start.astimezone(tz).date().isoformat() if a.visit_start else "",
        "done": request.query_params.get("done", "")[:30],
        "error": request.query_params.get("error", "")[:30],
        "limit": TEXT_MAX,
        "buffer": services.appointments.buffer_minutes(),
        "conflict": None,
        **extra,
    }
    return await vo_page(request, session, "console/vorort_request.html", context, status_code=status_code)


@staff_page("vorort")
async def request_page(request: Request, session: SignedIn) -> Response:
    """One request: people, submitter, address, services, checklist, consent, history, actions."""
    return await _request_view(request, session, int(request.path_params["number"]), {})


def _back(number: int, *, done: str | None = None, error: str | None = None) -> Response:
    flag = f"?done={done}" if done else f"?error={error}"
    return RedirectResponse(f"{VO}/{number}{flag}", status_code=303)


async def _field(request: Request, name: str, limit: int = 100) -> str:
    value = (await request.form()).get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


async def _propose(request: Request, session: SignedIn, services: Services, number: int) -> Response:
    proposal = read_proposal(await request.form(), services)
    if proposal.errors and not proposal.several:
        return _back(number, error=proposal.first_error)
    if proposal.errors:
        extra: dict[str, object] = {
            "field_errors": proposal.errors,
            "values": proposal.values,
            "error": "fields",
        }
        return await _request_view(request, session, number, extra, status_code=422)
    current = await services.appointments.get(number)
    if already_proposed(current, proposal.slots):
        return _back(number, error="already_proposed")  # a second press of the same button
    override = await _field(request, "override") == "1"
    try:
        await services.appointments.propose_options(number, session.actor, proposal.slots, override=override)
    except ConflictError as error:
        return await _conflict(request, session, services, number, proposal, error)
    return _back(number, done="proposed")


async def _conflict(
    request: Request,
    session: SignedIn,
    services: Services,
    number: int,
    proposal: Proposal,
    error: ConflictError,
) -> Response:
    """The page again with the colliding visits of each date and the "Trotzdem vorschlagen" form (409)."""
    several = len(proposal.slots) > 1
    options: list[dict[str, Any]] = [
        {
            "number": index + 1 if several else None,
            "when": _when(services, request, slot.start, slot.end),
            "lines": [
                {
                    "number": c.appointment.id,
                    "reference": c.appointment.reference,
                    "when": _when(services, request, c.appointment.visit_start, c.appointment.visit_end),
                    "district": c.appointment.district or "–",
                    "status": c.appointment.status,
                    "overlap": c.gap.total_seconds() <= 0,
                    "minutes": int(c.gap.total_seconds() // 60),
                }
                for c in error.by_option.get(index, [])
            ],
        }
        for index, slot in enumerate(proposal.slots)
    ]
    conflict = {
        "when": Markup(" / ").join(o["when"] for o in options if o["lines"]),
        "options": [o for o in options if o["lines"]],
    }
    extra: dict[str, object] = {"conflict": conflict, "values": proposal.values}
    return await _request_view(request, session, number, extra, status_code=409)


async def _claim(request: Request, session: SignedIn, services: Services, number: int) -> Response:
    a, claimed = await services.appointments.claim(number, session.actor)
    if not claimed:
        return _back(number, error="claimed_other" if a.claimed_by is not None else "wrong_state")
    return _back(number, done="claimed")


async def _confirm(request: Request, session: SignedIn, services: Services, number: int) -> Response:
    chosen = await _field(request, "option", 2)
    option = parse_id(chosen, max_digits=1, minimum=0) if chosen else None
    await services.appointments.confirm(number, session.actor, option)
    return _back(number, done="confirmed")


async def _cancel(request: Request, session: SignedIn, services: Services, number: int) -> Response:
    try:
        reason = check_text(await _field(request, "reason", TEXT_MAX + 1), TEXT_MAX)
    except InputError:
        return _back(number, error="reason")
    await services.appointments.reject(number, session.actor, reason)
    return _back(number, done="cancelled")


async def _finish(request: Request, session: SignedIn, services: Services, number: int) -> Response:
    await services.appointments.finish(number, session.actor)
    return _back(number, done="finished")


_ACTIONS = {
    "claim": _claim,
    "propose": _propose,
    "confirm": _confirm,
    "cancel": _cancel,
    "done": _finish,
}


@staff_page("vorort")
async def request_action(request: Request, session: SignedIn) -> Response:
    """Run one action; the core's refusals come back as a message on the page."""
    services = web_state(request).services
    number = int(request.path_params["number"])
    action = _ACTIONS.get(request.path_params["action"])
    try:
        await services.appointments.get(number)
        if action is None:
            raise AppointmentError("not_found")
        response = await action(request, session, services, number)
    except AppointmentError as error:
        if error.code == "not_found":
            return await vo_page(request, session, "console/not_found.html", {}, status_code=404)
        response = _back(number, error=error.code)
    if response.status_code == 303 and "done=" in response.headers.get("location", ""):
        await services.appointments.redraw_cards(number)  # the group's card shows what was done here
    services.kick_outbox()
    return response
