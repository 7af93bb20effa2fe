"""Sign-in guard of the console: the signed session cookie, roles, CSRF, throttling per address.

The cookie holds the session token signed with the server key (itsdangerous); a forged or
expired cookie, or a session ended in the database, leads back to the sign-in page. Every
POST carries the session's CSRF token (form field `csrf` or header `X-CSRF-Token`).
"""

from __future__ import annotations

import functools
import hmac
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.staff_accounts import MAX_SESSION_HOURS, SignedIn
from handlers.web.app import WebState, web_state
from handlers.web.console.render import page
from handlers.web.console.texts import LANG_COOKIE

__all__ = [
    "LANG_COOKIE",
    "PRE_COOKIE",
    "SESSION_COOKIE",
    "AddressThrottle",
    "Endpoint",
    "check_login_csrf",
    "clear_session",
    "login_csrf",
    "session_token",
    "set_session",
    "signed_in",
    "staff_page",
]

SESSION_COOKIE = "bm_session"
PRE_COOKIE = "bm_pre"
BASE = "/console"

Endpoint = Callable[[Request, SignedIn], Awaitable[Response]]


def _signer(state: WebState, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(state.secret_key, salt=f"console-{purpose}")


def _cookie_flags(state: WebState) -> dict[str, object]:
    return {"httponly": True, "samesite": "strict", "secure": state.settings.behind_tls, "path": BASE}


def set_session(response: Response, state: WebState, token: str) -> None:
    """Put the signed session token into the cookie."""
    value = _signer(state, "session").dumps(token)
    response.set_cookie(SESSION_COOKIE, value, max_age=MAX_SESSION_HOURS * 3600, **_cookie_flags(state))  # type: ignore[arg-type]


def clear_session(response: Response, state: WebState) -> None:
    """Remove the session cookie."""
    response.delete_cookie(SESSION_COOKIE, **_cookie_flags(state))  # type: ignore[arg-type]


def session_token(request: Request) -> str | None:
    """The token in a correctly signed, not too old cookie."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        token = _signer(web_state(request), "session").loads(raw, max_age=MAX_SESSION_HOURS * 3600)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


async def signed_in(request: Request) -> SignedIn | None:
    """The live session of this request, or None."""
    token = session_token(request)
    if token is None:
        return None
    return await web_state(request).services.accounts.session_for(token)


def _to_login(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    location = f"{BASE}/login?next={quote(target)}"
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


async def _csrf_ok(request: Request, session: SignedIn) -> bool:
    sent = request.headers.get("X-CSRF-Token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    return sent is not None and hmac.compare_digest(sent, session.session.csrf)


def staff_page(role: str | None = "agent") -> Callable[[Endpoint], Callable[[Request], Awaitable[Response]]]:
    """Guard an endpoint: a session (else the sign-in page), the role (else 403), CSRF on POST (else 403).

    `role=None`: any signed-in account (sign-out).
    """

    def wrap(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            try:
                session = await signed_in(request)
                if session is None:
                    return _to_login(request)
                if role is not None and not session.may(role):
                    return await _forbidden(request, session, "role")
                if request.method == "POST" and not await _csrf_ok(request, session):
                    return await _forbidden(request, session, "csrf")
                return await endpoint(request, session)
            finally:
                await request.close()  # uploaded files of a multipart form are spooled to disk

        return guarded

    return wrap


async def _forbidden(request: Request, session: SignedIn, why: str) -> Response:
    return await page(request, session, "console/forbidden.html", {"why": why}, status_code=403)


# -- the sign-in form's own CSRF (double submit: a random cookie and its signature in the form) --
def login_csrf(request: Request, response_cookies: dict[str, str]) -> str:
    """The token for the sign-in form; sets the pre-session cookie when there is none."""
    pre = request.cookies.get(PRE_COOKIE) or ""
    if len(pre) < 20:
        pre = secrets.token_urlsafe(24)
        response_cookies[PRE_COOKIE] = pre
    return _signer(web_state(request), "login").dumps(pre)


def check_login_csrf(request: Request, sent: str | None) -> bool:
    """Whether the sign-in form came from our page in this browser (within an hour)."""
    pre = request.cookies.get(PRE_COOKIE)
    if not pre or not sent:
        return False
    try:
        signed = _signer(web_state(request), "login").loads(sent, max_age=3600)
    except BadSignature:
        return False
    return isinstance(signed, str) and hmac.compare_digest(signed, pre)


def pre_cookie_flags(state: WebState) -> dict[str, object]:
    """Flags of the pre-session cookie."""
    return {**_cookie_flags(state), "max_age": 3600}


class AddressThrottle:
    """At most `limit` failed sign-ins per client address in `window` seconds (in memory)."""

    def __init__(self, limit: int = 20, window: float = 600.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures[address]
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def blocked(self, address: str) -> bool:
        """Whether this address has failed too often lately."""
        return len(self._recent(address)) >= self.limit

    def failed(self, address: str) -> None:
        """Count a failed sign-in."""
        self._recent(address).append(time.monotonic())
        if len(self._failures) > 10_000:  # bound the memory under a spray of addresses
            self._failures.pop(next(iter(self._failures)))
