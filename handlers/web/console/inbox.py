"""The inbox: tickets by state, department, "mine" and text; the rows refresh every few seconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.console import InboxRow, sla_level
from core.staff_accounts import SignedIn
from core.ticket_texts import format_age
from handlers.web.app import web_state
from handlers.web.console.auth import staff_page
from handlers.web.console.render import page

__all__ = ["STATE_TABS", "departments", "filters_of", "inbox", "inbox_lines", "inbox_rows"]

STATE_TABS = ("open", "claimed", "answered", "closed", "all")
_WAITING = ("open", "claimed")


@dataclass(frozen=True)
class Line:
    """One row of the list, ready to show."""

    row: InboxRow
    age: str
    sla: str | None
    department: str


def departments(request: Request) -> list[tuple[int, str]]:
    """(chat id, name) of the staff chats: the main group first, then the routed departments."""
    staff = web_state(request).services.config.staff
    found: list[tuple[int, str]] = []
    if staff.chat_id is not None:
        found.append((staff.chat_id, ""))
    found.extend((chat, name) for name, chat in sorted(staff.routes.items()))
    return found


def filters_of(request: Request) -> dict[str, Any]:
    query = request.query_params
    state = query.get("state", "open")
    if state not in STATE_TABS:
        state = "open"
    department = query.get("dept", "")
    return {
        "state": state,
        "mine": query.get("mine") == "1",
        "dept": department if department.lstrip("-").isdigit() else "",
        "q": query.get("q", "")[:100],
    }


async def inbox_lines(request: Request, session: SignedIn, filters: dict[str, Any]) -> list[Line]:
    services = web_state(request).services
    state = filters["state"]
    rows = await services.console.inbox(
        states=() if state == "all" else (state,),
        staff_chat_id=int(filters["dept"]) if filters["dept"] else None,
        claimed_by=session.actor.user_id if filters["mine"] else None,
        text=filters["q"] or None,
    )
    now = services.clock.now()
    names = dict(departments(request))
    promise = services.config.office_hours.answer_within_hours
    lines = []
    for row in rows:
        ticket = row.ticket
        sla = None
        if ticket.status in _WAITING:
            worked = services.office_hours.working_time_between(ticket.created_at, now)
            sla = sla_level(worked, promise)
        department = names.get(ticket.staff_chat_id, "") if ticket.staff_chat_id is not None else ""
        lines.append(Line(row, format_age(now - ticket.created_at), sla, department))
    return lines


@staff_page("agent")
async def inbox(request: Request, session: SignedIn) -> Response:
    """The inbox page."""
    filters = filters_of(request)
    console = web_state(request).services.console
    version = await console.version()  # before the rows: a change in between is streamed at once
    counts = await console.counts()
    return await page(
        request,
        session,
        "console/inbox.html",
        {
            "filters": filters,
            "lines": await inbox_lines(request, session, filters),
            "counts": counts,
            "total": sum(counts.values()),
            "tabs": STATE_TABS,
            "departments": departments(request),
            "query": request.url.query,
            "version": version,
        },
    )


@staff_page("agent")
async def inbox_rows(request: Request, session: SignedIn) -> Response:
    """Just the table body (htmx polls it)."""
    filters = filters_of(request)
    return await page(
        request,
        session,
        "console/inbox_rows.html",
        {"lines": await inbox_lines(request, session, filters), "filters": filters},
    )
