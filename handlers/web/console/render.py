"""Rendering console pages: the language, the words, the account and its CSRF token in every page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.staff_accounts import SignedIn
from handlers.web.app import web_state
from handlers.web.console.texts import LANG_COOKIE, LANGUAGES, words

__all__ = ["fragment", "language_of", "local_time", "page", "words_of"]


def language_of(request: Request) -> str:
    """The console language: the switch's cookie, else German."""
    chosen = request.cookies.get(LANG_COOKIE, "de")
    return chosen if chosen in LANGUAGES else "de"


def words_of(request: Request) -> dict[str, str]:
    """The console's words in the request's language."""
    return words(language_of(request))


def local_time(request: Request, moment: datetime | None) -> str:
    """A stored UTC time as local office time, 'dd.mm.yyyy hh:mm'."""
    if moment is None:
        return "–"
    tz = web_state(request).services.config.office_hours.tz
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def _shared(request: Request, session: SignedIn | None) -> dict[str, Any]:
    language = language_of(request)
    return {
        "lang": language,
        "t": words(language),
        "session": session,
        "csrf": session.session.csrf if session else "",
        "is_admin": bool(session and session.account.role == "admin"),
        "when": lambda moment: local_time(request, moment),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }


def fragment(request: Request, session: SignedIn | None, template: str, context: dict[str, Any]) -> str:
    """A template rendered to text with the shared context (a part of a page, e.g. for an event)."""
    templates = web_state(request).templates
    shared = _shared(request, session)
    return templates.get_template(template).render({"request": request, **shared, **context})


async def page(
    request: Request,
    session: SignedIn | None,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
) -> Response:
    """A console page with the shared context."""
    state = web_state(request)
    shared = _shared(request, session)
    return state.templates.TemplateResponse(request, template, {**shared, **context}, status_code=status_code)
