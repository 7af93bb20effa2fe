"""The ticket page and its actions, through the same core services as the staff group.

Every action is a POST with the session's CSRF token, then a redirect back to the page with
a short message (`?done=` or `?error=`). What the console does is announced in the ticket's
staff chat, so the group sees it; what the group does is in the database the page reads.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.audit import action_label
from core.console import fill_placeholders
from core.services import Services
from core.staff import StaffActor
from core.staff_accounts import SignedIn
from core.ticket_lifecycle import ReasonNeeded
from core.ticket_media import INLINE_KINDS, FileUnavailable
from core.ticket_reads import TicketError
from core.ticket_states import STAFF_CLOSE_REASONS
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, staff_page
from handlers.web.console.inbox import departments
from handlers.web.console.render import page

__all__ = ["ACTIONS", "act", "ticket_file", "ticket_page"]

MAX_REPLY = 4000
CARD_PREVIEW = 300
"""How much of a console answer the group's card shows (the citizen gets all of it)."""
logger = logging.getLogger(__name__)


def _back(ticket_id: int, *, done: str | None = None, error: str | None = None) -> Response:
    flag = f"?done={done}" if done else (f"?error={error}" if error else "")
    return RedirectResponse(f"{BASE}/tickets/{ticket_id}{flag}", status_code=303)


@staff_page("agent")
async def ticket_page(request: Request, session: SignedIn) -> Response:
    """A ticket with its thread, notes, earlier tickets, history and the action forms."""
    services = web_state(request).services
    ticket_id = int(request.path_params["ticket_id"])
    version = await services.console.ticket_version(ticket_id)  # before the view (see live.py)
    try:
        view = await services.console.view(ticket_id)
    except TicketError:
        return await page(request, session, "console/not_found.html", {}, status_code=404)
    canned = await services.console.canned()
    prefill = ""
    chosen = request.query_params.get("canned", "")
    for item in canned:
        if chosen == str(item.id):
            prefill = fill_placeholders(item.body, name=session.account.name, ticket_id=ticket_id)
    return await page(
        request,
        session,
        "console/ticket.html",
        {
            "view": view,
            "ticket": view.ticket,
            "canned": canned,
            "prefill": prefill,
            "faq": sorted(services.faq.entries, key=lambda entry: entry.title),
            "departments": departments(request),
            "done": request.query_params.get("done", "")[:30],
            "error": request.query_params.get("error", "")[:30],
            "mine": view.ticket.claimed_by == session.actor.user_id,
            "actions": tuple(ACTIONS),
            "close_reasons": STAFF_CLOSE_REASONS,
            "action_label": action_label,
            "version": version,
            "inline_kinds": INLINE_KINDS,
        },
    )


@staff_page("agent")
async def ticket_file(request: Request, session: SignedIn) -> Response:
    """A citizen's file of a ticket message, fetched from the channel (photos and sound inline).

    Documents are always a download; every answer forbids scripts (`sandbox`) and sniffing,
    and may be kept only by this browser for a few minutes.
    """
    services = web_state(request).services
    ticket_id = int(request.path_params["ticket_id"])
    try:
        found = await services.console.attachment(ticket_id, int(request.path_params["message_id"]))
    except TicketError:
        return await page(request, session, "console/not_found.html", {}, status_code=404)
    except FileUnavailable as exc:
        logger.warning("ticket %s: file not available: %s", ticket_id, exc)
        return await page(request, session, "console/file_unavailable.html", {"ticket_id": ticket_id}, 502)
    download = request.query_params.get("download") == "1" or not found.inline
    disposition = "attachment" if download else "inline"
    return Response(
        found.content,
        media_type=found.content_type,
        headers={
            "content-disposition": f'{disposition}; filename="{found.filename}"',
            "content-security-policy": "sandbox; default-src 'none'",
            "x-content-type-options": "nosniff",
            "cache-control": "private, max-age=300",
        },
    )


async def _text(request: Request, field: str) -> str:
    form = await request.form()
    value = form.get(field)
    return value.strip()[:MAX_REPLY] if isinstance(value, str) else ""


Action = Callable[[Request, Services, StaffActor, int], Awaitable[Response]]


async def _claim(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    ticket, claimed = await services.tickets.claim(ticket_id, actor)
    if not claimed:
        return _back(ticket_id, error="claimed_other" if ticket.claimed_by else "not_possible")
    await services.console.announce(ticket_id, "staff.web_claimed", name=actor.name)
    return _back(ticket_id, done="claimed")


async def _release(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    if not await services.console.release(ticket_id, actor):
        return _back(ticket_id, error="not_possible")
    await services.console.announce(ticket_id, "staff.web_released", name=actor.name)
    return _back(ticket_id, done="released")


async def _reply(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    text = await _text(request, "text")
    if not text:
        return _back(ticket_id, error="empty")
    await services.tickets.answer(ticket_id, actor, text)
    shown = text if len(text) <= CARD_PREVIEW else text[:CARD_PREVIEW].rstrip() + " …"
    await services.console.announce(ticket_id, "staff.web_answered", name=actor.name, text=shown)
    return _back(ticket_id, done="answered")


async def _faq(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    entry = await services.tickets.answer_with_faq(ticket_id, actor, await _text(request, "entry"))
    await services.console.announce(ticket_id, "staff.web_answered", name=actor.name, text=entry.title)
    return _back(ticket_id, done="answered")


async def _note(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    text = await _text(request, "text")
    if not text:
        return _back(ticket_id, error="empty")
    await services.console.add_note(ticket_id, actor, text)
    return _back(ticket_id, done="noted")


async def _handover(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    wanted = await _text(request, "target")
    for chat_id, name in departments(request):
        if wanted == str(chat_id):
            await services.tickets.hand_over(ticket_id, chat_id, name or "Team-Gruppe", actor)
            return _back(ticket_id, done="handed_over")
    return _back(ticket_id, error="not_possible")


async def _close(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    reason = await _text(request, "reason")
    comment = await _text(request, "comment")
    before = await services.tickets.get(ticket_id)
    try:
        chosen = reason if reason in STAFF_CLOSE_REASONS else None
        ticket = await services.tickets.close(ticket_id, actor, chosen)
    except ReasonNeeded:
        return _back(ticket_id, error="reason_needed")
    if before is None or before.status == ticket.status:
        return _back(ticket_id, error="not_possible")
    if comment:
        await services.console.add_note(ticket_id, actor, comment)
    shown = ticket.close_reason or "–"
    await services.console.announce(ticket_id, "staff.web_closed", name=actor.name, reason=shown)
    return _back(ticket_id, done="closed")


async def _reopen(request: Request, services: Services, actor: StaffActor, ticket_id: int) -> Response:
    _, reopened = await services.tickets.reopen(ticket_id, actor)
    if not reopened:
        return _back(ticket_id, error="not_possible")
    await services.console.announce(ticket_id, "staff.web_reopened", name=actor.name)
    return _back(ticket_id, done="reopened")


ACTIONS: dict[str, Action] = {
    "claim": _claim,
    "release": _release,
    "reply": _reply,
    "faq": _faq,
    "note": _note,
    "handover": _handover,
    "close": _close,
    "reopen": _reopen,
}


@staff_page("agent")
async def act(request: Request, session: SignedIn) -> Response:
    """Run one action on a ticket; errors of the core come back as a message on the page."""
    services = web_state(request).services
    ticket_id = int(request.path_params["ticket_id"])
    action = ACTIONS.get(request.path_params["action"])
    if action is None or await services.tickets.get(ticket_id) is None:
        return await page(request, session, "console/not_found.html", {}, status_code=404)
    try:
        response = await action(request, services, session.actor, ticket_id)
    except TicketError:
        ticket = await services.tickets.get(ticket_id)
        deleted = ticket is not None and ticket.chat_id is None
        response = _back(ticket_id, error="citizen_deleted" if deleted else "not_possible")
    services.kick_outbox()
    return response
