"""Live updates with server-sent events: the inbox rows and the ticket page change without a reload.

Each stream asks the core every second whether something changed (`StaffConsole.version`,
`ticket_version`: a few index look-ups) and only then renders: the inbox gets its new rows as
HTML (event `rows`, also every 30 s so the ages move on) and the tabs' counts (`counts`, JSON),
the ticket page a `changed` event
(`static/console.js` fetches the page and swaps the parts nobody is typing in). The page
states the version it was rendered at (`?v=`), so a change between page and stream is sent at
once. Without EventSource the htmx polling of the rows stays (every 2 s).

A stream checks its session every second without counting it as activity: a signed-out,
disabled or idle session ends the stream with `signed_out`, and the page goes to the sign-in.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from core.staff_accounts import SignedIn
from handlers.web.app import WebState, web_state
from handlers.web.console.auth import session_token, staff_page
from handlers.web.console.inbox import filters_of, inbox_lines
from handlers.web.console.render import fragment

__all__ = ["CHECK_SECONDS", "inbox_events", "sse", "ticket_events"]

CHECK_SECONDS = 1.0
"""How often a stream asks whether something changed."""
ROWS_REFRESH_SECONDS = 30.0
"""The inbox rows are sent again this often even without a change (the ages and SLA colours)."""
KEEPALIVE_SECONDS = 15.0
_HEADERS = {"cache-control": "no-store", "x-accel-buffering": "no"}


def sse(event: str, data: str = "") -> str:
    """One server-sent event; every line of `data` is its own `data:` line."""
    lines = data.splitlines() or [""]
    return f"event: {event}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


async def _still_signed_in(request: Request, state: WebState) -> bool:
    token = session_token(request)
    return token is not None and await state.services.accounts.session_for(token, touch=False) is not None


async def _watch(
    request: Request, state: WebState, version: Callable[[], Awaitable[str]], shown: str,
    on_change: Callable[[bool], Awaitable[str | None]],
) -> AsyncIterator[str]:
    """Ask `version` every second; when it differs from what the page shows, send `on_change`'s event.

    `on_change(changed)` is also called without a change every `ROWS_REFRESH_SECONDS`
    (changed False); it may return None (nothing to send then).
    """
    yield "retry: 3000\n\n"
    refreshed = quiet = time.monotonic()
    while not state.closing.is_set():
        if not await _still_signed_in(request, state):
            yield sse("signed_out")
            return
        current = await version()
        now = time.monotonic()
        event = None
        if current != shown:
            shown = current
            event = await on_change(True)
        elif now - refreshed >= ROWS_REFRESH_SECONDS:
            event = await on_change(False)
        if event is not None:
            refreshed = quiet = now
            yield event
        elif now - quiet >= KEEPALIVE_SECONDS:
            quiet = now
            yield ": keepalive\n\n"
        if await request.is_disconnected():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(state.closing.wait(), CHECK_SECONDS)


@staff_page("agent")
async def inbox_events(request: Request, session: SignedIn) -> Response:
    """The inbox's stream: its rows (same filters as the page) whenever a ticket changes."""
    state = web_state(request)
    filters = filters_of(request)

    async def rows(changed: bool) -> str | None:
        lines = await inbox_lines(request, session, filters)
        context = {"lines": lines, "filters": filters}
        counts = await state.services.console.counts()
        tabs = {**counts, "all": sum(counts.values())}
        rendered = fragment(request, session, "console/inbox_rows.html", context)
        return sse("rows", rendered) + sse("counts", json.dumps(tabs))

    stream = _watch(request, state, state.services.console.version, request.query_params.get("v", ""), rows)
    return StreamingResponse(stream, media_type="text/event-stream", headers=_HEADERS)


@staff_page("agent")
async def ticket_events(request: Request, session: SignedIn) -> Response:
    """A ticket page's stream: `changed` whenever anything the page shows changed."""
    state = web_state(request)
    ticket_id = int(request.path_params["ticket_id"])
    if await state.services.tickets.get(ticket_id) is None:
        return Response(status_code=204)  # EventSource stops trying

    async def version() -> str:
        return await state.services.console.ticket_version(ticket_id)

    async def changed(really: bool) -> str | None:
        return sse("changed", await version()) if really else None

    stream = _watch(request, state, version, request.query_params.get("v", ""), changed)
    return StreamingResponse(stream, media_type="text/event-stream", headers=_HEADERS)
