"""The chat page: ask, press, come back with the code, live updates; works without JavaScript.

Every post answers a browser without JavaScript with a redirect to the page (303), and the
page's script (`static/chat.js`, which sends `X-Chat-Script: 1`) with 204: it gets the new
messages from the event stream (`/chat/events`), the same HTML the page renders.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from core.ids import parse_id
from core.texts import t
from core.webchat import GO_STOPS, GO_VISIT, Visitor, WebMessage
from handlers.web import WebState, web_state
from handlers.web.app import CSP
from handlers.web.chat.render import RenderedMessages, safe_html, visible_text
from handlers.web.chat.session import (
    COOKIE,
    PREFS_COOKIE,
    ChatLimits,
    Prefs,
    chat_of,
    same_origin,
    set_chat_cookie,
    set_session_cookie,
)

__all__ = [
    "chat_page",
    "current",
    "events",
    "framed",
    "limits_of",
    "message_html",
    "new_code",
    "press",
    "resume",
    "send",
    "sign_out",
]

logger = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]
KEEPALIVE_SECONDS = 15.0
LINKS = {GO_STOPS: "/chat/stops", GO_VISIT: "/chat/vorort"}


def limits_of(state: WebState) -> ChatLimits:
    """The part's rate limits (made at startup)."""
    limits = state.extras["chat"]
    assert isinstance(limits, ChatLimits)
    return limits


async def current(request: Request) -> Visitor | None:
    """The visitor of the request's session cookie, if it is valid."""
    return await chat_of(web_state(request)).visitor(request.cookies.get(COOKIE))


def link_of(action: str) -> str | None:
    """The page a link button leads to ("go:stops?q=Steele" -> "/chat/stops?q=Steele"), or None.

    "Passt nicht" under a proposed date and "Antworten" under a team question open their form
    on "Meine Anfragen" (a wish or an answer is typed there, the proposal stays valid till then).
    """
    parts = action.split(":")
    ids = [parse_id(part) for part in parts[2:]]
    if parts[:2] == ["vc", "no"] and len(ids) == 2 and None not in ids:
        return f"/chat/anfragen/{ids[0]}/termin?seq={ids[1]}"
    if parts[:2] == ["vc", "ans"] and len(ids) == 1 and None not in ids:
        return f"/chat/anfragen/{ids[0]}/antwort"
    name, _, query = action.partition("?")
    page = LINKS.get(name)
    if page is None:
        return None
    return f"{page}?{query}" if query else page


def view(message: WebMessage) -> dict[str, Any]:
    """What the template needs of one message."""
    buttons = [
        [
            {
                "label": b.get("label", ""),
                "action": b.get("action", ""),
                "href": link_of(str(b.get("action", ""))),
            }
            for b in line
            if isinstance(b, dict)
        ]
        for line in message.payload.get("buttons", [])
        if isinstance(line, list)
    ]
    text = str(message.payload.get("text") or "")
    document = message.payload.get("document")
    return {
        "file": str(document.get("filename") or "datei") if isinstance(document, dict) else None,
        "id": message.id,
        "mine": message.author == "citizen",
        "html": safe_html(text),
        "plain": visible_text(text),
        "buttons": buttons,
    }


def message_html(state: WebState, message: WebMessage, lang: str) -> str:
    """One message as the page shows it (the page and the event stream; rendered once, then cached)."""
    cache = state.extras.get("chat_html")
    if not isinstance(cache, RenderedMessages):
        cache = state.extras["chat_html"] = RenderedMessages()
    template = state.templates.get_template("chat/_message.html")
    return cache.get(
        message.id, lang, message.payload, lambda: template.render(m=view(message), lang=lang, t=t)
    )


def _script(request: Request) -> bool:
    return request.headers.get("x-chat-script") == "1"


def _done(
    request: Request, visitor: Visitor | None, anchor: str = "#eingabe", embed: bool = False
) -> Response:
    """204 for the script; else back to the page (in the widget: `neu=1` when a session was just made,
    so the page can tell that its cookie did not come back)."""
    state = web_state(request)
    target = "/chat"
    if embed:
        target += "?embed=1&neu=1" if visitor is not None and visitor.cookie else "?embed=1"
    response: Response = (
        Response(status_code=204) if _script(request) else RedirectResponse(target + anchor, status_code=303)
    )
    if visitor is not None:
        set_session_cookie(response, request, state, visitor)
    return response


def _refused(request: Request, key: str, status: int) -> Response:
    state = web_state(request)
    prefs = Prefs.read(request)
    if _script(request):
        return Response(t(key, prefs.lang), status_code=status, media_type="text/plain")
    return state.templates.TemplateResponse(
        request,
        "chat/notice.html",
        {"lang": prefs.lang, "prefs": prefs, "t": t, "key": key},
        status_code=status,
    )


async def chat_page(request: Request) -> Response:
    """The chat: the privacy notice before the first message, the messages, the question form."""
    state = web_state(request)
    prefs = Prefs.read(request)
    visitor = await current(request)
    if visitor is not None and "lang" in request.query_params and visitor.language != prefs.lang:
        visitor = await chat_of(state).set_language(visitor, prefs.lang)
    stored = await chat_of(state).history(visitor) if visitor else []
    lang = visitor.language if visitor else prefs.lang
    embed = request.query_params.get("embed") == "1"
    cookie_lost = embed and visitor is None and request.query_params.get("neu") == "1"
    context = {
        "cookie_lost": cookie_lost,
        "lang": lang,
        "prefs": prefs,
        "t": t,
        "messages": [message_html(state, m, lang) for m in stored],
        "has_session": visitor is not None,
        "after": stored[-1].id if stored else 0,
        "embed": embed,
        "days": state.services.config.privacy.retention_days,
        "privacy_url": state.services.config.privacy.privacy_url,
        "controller": state.services.config.privacy.controller,
        "limit": state.services.config.limits.max_text_length,
    }
    response = state.templates.TemplateResponse(request, "chat/page.html", context)
    if prefs.changed(request):
        set_chat_cookie(
            response, request, state, PREFS_COOKIE, prefs.cookie(), 365 * 24 * 3600, private=False
        )
    return response


def framed(endpoint: Endpoint) -> Endpoint:
    """Let the sites of web.chat_embed_origins frame the page (the widget and every page it leads to)."""

    async def wrapped(request: Request) -> Response:
        response = await endpoint(request)
        origins = " ".join(web_state(request).settings.chat_embed_origins)
        if origins or request.query_params.get("embed") == "1":
            response.headers["content-security-policy"] = CSP.replace(
                "frame-ancestors 'none'", f"frame-ancestors 'self' {origins}".rstrip()
            )
        return response

    return wrapped


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def send(request: Request) -> Response:
    """A question from the form (the first one creates the session)."""
    if not same_origin(request):
        return Response(status_code=403)
    state = web_state(request)
    visitor = await current(request)
    if not limits_of(state).allow(request, visitor):
        return _refused(request, "web.too_many", 429)
    form = await _form(request)
    text = form.get("text", "")[: state.services.config.limits.max_text_length * 2]
    visitor = await chat_of(state).send(visitor, text, Prefs.read(request).lang)
    return _done(request, visitor, embed=form.get("embed") == "1")


async def press(request: Request) -> Response:
    """A button under a bot message (a form post of the message id and the action)."""
    if not same_origin(request):
        return Response(status_code=403)
    state = web_state(request)
    visitor = await current(request)
    if visitor is None:
        return _refused(request, "web.no_session", 403)
    if not limits_of(state).allow(request, visitor):
        return _refused(request, "web.too_many", 429)
    form = await _form(request)
    message_id = parse_id(form.get("message", ""))
    action = form.get("action", "")[:64]
    if message_id is None:
        return _refused(request, "stale_button", 400)
    await chat_of(state).press(visitor, message_id, action)
    return _done(request, visitor)


async def resume(request: Request) -> Response:
    """Come back with the reference code (another device)."""
    if not same_origin(request):
        return Response(status_code=403)
    state = web_state(request)
    if not limits_of(state).allow_code(request):
        return _refused(request, "web.too_many", 429)
    form = await _form(request)
    visitor = await chat_of(state).resume(form.get("code", "")[:40])
    if visitor is None:
        return _refused(request, "web.code_unknown", 404)
    return _done(request, visitor, "#verlauf", embed=form.get("embed") == "1")


async def new_code(request: Request) -> Response:
    """A new reference code; every other device is signed out."""
    if not same_origin(request):
        return Response(status_code=403)
    visitor = await current(request)
    if visitor is None:
        return _refused(request, "web.no_session", 403)
    await chat_of(web_state(request)).new_code(visitor)
    return _done(request, None)


async def sign_out(request: Request) -> Response:
    """End this browser's session."""
    if not same_origin(request):
        return Response(status_code=403)
    visitor = await current(request)
    if visitor is not None:
        await chat_of(web_state(request)).sign_out(visitor)
    response = RedirectResponse("/chat", status_code=303)
    set_chat_cookie(response, request, web_state(request), COOKIE, "", 0, private=True)
    return response


async def events(request: Request) -> Response:
    """Server-sent events: every new or changed message of the visitor's chat as page HTML."""
    state = web_state(request)
    visitor = await current(request)
    if visitor is None:
        return Response(status_code=204)  # EventSource stops trying
    after = parse_id(request.headers.get("last-event-id") or request.query_params.get("after", "0")) or 0
    return StreamingResponse(
        _stream(request, state, visitor, after),
        media_type="text/event-stream",
        headers={"cache-control": "no-store", "x-accel-buffering": "no"},
    )


async def _stream(request: Request, state: WebState, visitor: Visitor, after: int) -> AsyncIterator[str]:
    """The visitor's new and changed messages: read once, then as the writers hand them over.

    A writer that stored messages hands them to the listener (`core.webchat.inbox.Listener`), so a
    new answer costs no read; a change it does not hand over (or too many) makes the stream read.
    """
    chat = chat_of(state)
    with chat.listeners.listen(visitor.citizen_id) as listener:
        yield "retry: 2000\n\n"
        checked = state.services.clock.now()
        news: list[WebMessage] | None = await chat.changes(visitor, checked, after)
        while not state.closing.is_set():
            for message in news or ():
                if message.id <= after and message.edited_at is None:
                    continue  # read and handed over both: sent already
                after = max(after, message.id)
                data = message_html(state, message, visitor.language)
                yield f"id: {after}\n" + "".join(f"data: {line}\n" for line in data.splitlines()) + "\n"
            if await request.is_disconnected():
                return
            if not listener.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(_either(listener.event, state.closing), KEEPALIVE_SECONDS)
            if not listener.is_set():
                yield ": keepalive\n\n"
                news = []
                continue
            news = listener.take()
            if news is None:
                since, checked = checked, state.services.clock.now()
                news = await chat.changes(visitor, since, after)


async def _either(first: asyncio.Event, second: asyncio.Event) -> None:
    waits = {asyncio.ensure_future(first.wait()), asyncio.ensure_future(second.wait())}
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
