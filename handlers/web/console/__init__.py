"""The staff web console: sign-in, inbox, ticket page with actions, canned answers, accounts, FAQ review.

Sign-in with a password or, when `web.oidc` is set, through the city's identity provider.

Mounted under /console by `console_part()`; every page needs a session, admin pages the
admin role, every form the session's CSRF token.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from handlers.web.app import WebPart
from handlers.web.console.admin import accounts, canned, canned_delete, canned_save
from handlers.web.console.auth import BASE
from handlers.web.console.faq_review import faq_act, faq_page
from handlers.web.console.inbox import inbox, inbox_rows
from handlers.web.console.live import inbox_events, ticket_events
from handlers.web.console.oidc import oidc_routes
from handlers.web.console.signin import language, login_form, login_submit, logout
from handlers.web.console.stats import stats_routes
from handlers.web.console.stops_routes import stop_routes
from handlers.web.console.ticket import act, ticket_file, ticket_page
from handlers.web.console.vorort_routes import vorort_routes

__all__ = ["BASE", "console_part"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


async def _to_inbox(request: Request) -> Response:
    return RedirectResponse(f"{BASE}/", status_code=307)


def console_part() -> WebPart:
    """The console's routes and templates."""
    routes = [
        Route(BASE, _to_inbox, methods=["GET"]),
        Route(f"{BASE}/", inbox, methods=["GET"], name="console_inbox"),
        Route(f"{BASE}/inbox/rows", inbox_rows, methods=["GET"], name="console_rows"),
        Route(f"{BASE}/inbox/events", inbox_events, methods=["GET"], name="console_inbox_events"),
        Route(f"{BASE}/login", login_form, methods=["GET"], name="console_login"),
        Route(f"{BASE}/login", login_submit, methods=["POST"]),
        Route(f"{BASE}/logout", logout, methods=["POST"], name="console_logout"),
        *oidc_routes(),
        Route(f"{BASE}/lang/{{code}}", language, methods=["GET"], name="console_lang"),
        Route(f"{BASE}/tickets/{{ticket_id:int}}", ticket_page, methods=["GET"], name="console_ticket"),
        Route(f"{BASE}/tickets/{{ticket_id:int}}/events", ticket_events, methods=["GET"]),
        Route(f"{BASE}/tickets/{{ticket_id:int}}/files/{{message_id:int}}", ticket_file, methods=["GET"]),
        Route(f"{BASE}/tickets/{{ticket_id:int}}/{{action}}", act, methods=["POST"], name="console_act"),
        Route(f"{BASE}/canned", canned, methods=["GET"], name="console_canned"),
        Route(f"{BASE}/canned", canned_save, methods=["POST"]),
        Route(f"{BASE}/canned/{{canned_id:int}}/delete", canned_delete, methods=["POST"]),
        Route(f"{BASE}/accounts", accounts, methods=["GET"], name="console_accounts"),
        *vorort_routes(),
        Route(f"{BASE}/faq", faq_page, methods=["GET"], name="console_faq"),
        Route(f"{BASE}/faq/{{action}}", faq_act, methods=["POST"], name="console_faq_act"),
        *stop_routes(),
        *stats_routes(),
    ]
    return WebPart("console", routes, templates=TEMPLATES)
