"""Sign-in, sign-out and the language switch of the console."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.staff_accounts import AccountError, SignedIn
from handlers.web.app import web_state
from handlers.web.console.auth import (
    BASE,
    LANG_COOKIE,
    PRE_COOKIE,
    AddressThrottle,
    check_login_csrf,
    clear_session,
    login_csrf,
    pre_cookie_flags,
    session_token,
    set_session,
    signed_in,
    staff_page,
)
from handlers.web.console.render import page

__all__ = ["THROTTLE_KEY", "language", "login_form", "login_submit", "logout"]

THROTTLE_KEY = "console.throttle"


def _safe_next(target: str | None) -> str:
    """Only a path inside the console (no other site, no scheme)."""
    if not target:
        return f"{BASE}/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(f"{BASE}/") or "\\" in target:
        return f"{BASE}/"
    return target


def _throttle(request: Request) -> AddressThrottle:
    extras = web_state(request).extras
    throttle = extras.get(THROTTLE_KEY)
    if not isinstance(throttle, AddressThrottle):
        throttle = extras[THROTTLE_KEY] = AddressThrottle()
    return throttle


async def _form_page(request: Request, error: str | None, name: str = "", status_code: int = 200) -> Response:
    cookies: dict[str, str] = {}
    token = login_csrf(request, cookies)
    response = await page(
        request,
        None,
        "console/login.html",
        {
            "error": error,
            "name": name,
            "login_csrf": token,
            "next": _safe_next(request.query_params.get("next")),
        },
        status_code=status_code,
    )
    for key, value in cookies.items():
        response.set_cookie(key, value, **pre_cookie_flags(web_state(request)))  # type: ignore[arg-type]
    return response


async def login_form(request: Request) -> Response:
    """The sign-in page (straight to the inbox when already signed in)."""
    if await signed_in(request) is not None:
        return RedirectResponse(f"{BASE}/", status_code=303)
    return await _form_page(request, None)


async def login_submit(request: Request) -> Response:
    """Check the sign-in form: CSRF, the address throttle, then name and password."""
    form = await request.form()
    name = str(form.get("name") or "")[:80]
    password = str(form.get("password") or "")[:200]
    address = request.client.host if request.client else "?"
    throttle = _throttle(request)
    if not check_login_csrf(request, str(form.get("login_csrf") or "")):
        return await _form_page(request, "login.expired", name, status_code=400)
    if throttle.blocked(address):
        return await _form_page(request, "login.throttled", name, status_code=429)
    try:
        token, _ = await web_state(request).services.accounts.sign_in(name, password)
    except AccountError as exc:
        throttle.failed(address)
        reason = exc.reason if exc.reason in ("locked", "disabled") else "wrong"
        return await _form_page(request, f"login.{reason}", name, status_code=401)
    response = RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)
    set_session(response, web_state(request), token)
    response.delete_cookie(PRE_COOKIE, path=BASE)
    return response


@staff_page("agent")
async def logout(request: Request, session: SignedIn) -> Response:
    """End the session (POST with CSRF) and show the sign-in page."""
    token = session_token(request)
    if token is not None:
        await web_state(request).services.accounts.sign_out(token)
    response = RedirectResponse(f"{BASE}/login", status_code=303)
    clear_session(response, web_state(request))
    return response


async def language(request: Request) -> Response:
    """Switch the language (a cookie) and go back to the page."""
    code = request.path_params["code"]
    response = RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    if code in ("de", "en"):
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path=BASE, httponly=True)
    return response
