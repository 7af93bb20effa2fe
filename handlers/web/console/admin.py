"""Admin pages: canned answers (kept here, used on every ticket page) and the list of accounts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.console import PLACEHOLDERS
from core.staff_accounts import SignedIn
from core.ticket_reads import TicketError
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, staff_page
from handlers.web.console.render import page

__all__ = ["accounts", "canned", "canned_delete", "canned_save"]


@staff_page("admin")
async def canned(request: Request, session: SignedIn) -> Response:
    """The canned answers with a form to add or replace one."""
    items = await web_state(request).services.console.canned()
    return await page(
        request,
        session,
        "console/canned.html",
        {"items": items, "placeholders": PLACEHOLDERS, "done": request.query_params.get("done", "")[:20]},
    )


@staff_page("admin")
async def canned_save(request: Request, session: SignedIn) -> Response:
    """Add or replace a canned answer."""
    form = await request.form()
    title, body = str(form.get("title") or ""), str(form.get("body") or "")
    try:
        await web_state(request).services.console.save_canned(title, body, session.actor)
    except TicketError:
        return RedirectResponse(f"{BASE}/canned?done=empty", status_code=303)
    return RedirectResponse(f"{BASE}/canned?done=saved", status_code=303)


@staff_page("admin")
async def canned_delete(request: Request, session: SignedIn) -> Response:
    """Remove a canned answer."""
    canned_id = int(request.path_params["canned_id"])
    await web_state(request).services.console.delete_canned(canned_id, session.actor)
    return RedirectResponse(f"{BASE}/canned?done=deleted", status_code=303)


@staff_page("admin")
async def accounts(request: Request, session: SignedIn) -> Response:
    """Who has an account, with role and state (changes are made with `python -m bot staff`)."""
    items = await web_state(request).services.accounts.all()
    return await page(request, session, "console/accounts.html", {"items": items})
