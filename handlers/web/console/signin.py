"""Sign-in, sign-out and the language switch of the console."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

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
from handlers.web.console.oidc_client import forget_id_token, provider_logout_url, settings_of
from handlers.web.console.render import page, words_of

__all__ = [
    "THROTTLE_KEY",
    "address_of",
    "landing",
    "language",
    "login_form",
    "login_page",
    "login_submit",
    "logout",
    "safe_next",
    "throttle_of",
]

THROTTLE_KEY = "console.throttle"


def safe_next(target: str | None) -> str:
    """Only a path inside the console (no other site, no scheme)."""
    if not target:
        return f"{BASE}/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(f"{BASE}/") or "\\" in target:
        return f"{BASE}/"
    return target


def landing(target: str, account_role: str) -> str:
    """Where a fresh session goes: the asked page, or for the inbox, a vorort account's own list."""
    if target == f"{BASE}/" and account_role == "vorort":
        return f"{BASE}/vorort"
    return target


def throttle_of(request: Request) -> AddressThrottle:
    extras = web_state(request).extras
    throttle = extras.get(THROTTLE_KEY)
    if not isinstance(throttle, AddressThrottle):
        throttle = extras[THROTTLE_KEY] = AddressThrottle()
    return throttle


def address_of(request: Request) -> str:
    """The client's address (behind a trusted proxy: the forwarded one), for the throttle."""
    return request.client.host if request.client else "?"


async def login_page(request: Request, error: str | None, name: str = "", status_code: int = 200) -> Response:
    """The sign-in page (with a message key), the password form and, when configured, the city's button."""
    cookies: dict[str, str] = {}
    token = login_csrf(request, cookies)
    oidc = settings_of(request)
    target = safe_next(request.query_params.get("next"))
    response = await page(
        request,
        None,
        "console/login.html",
        {
            "error": error,
            "name": name,
            "login_csrf": token,
            "next": target,
            "oidc_label": (oidc.button_label or words_of(request)["login.oidc"]) if oidc else None,
            "oidc_start": f"{BASE}/oidc/start?{urlencode({'next': target})}",
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
    return await login_page(request, None)


async def login_submit(request: Request) -> Response:
    """Check the sign-in form: CSRF, the address throttle, then name and password."""
    form = await request.form()
    name = str(form.get("name") or "")[:80]
    password = str(form.get("password") or "")[:200]
    address = address_of(request)
    throttle = throttle_of(request)
    if not check_login_csrf(request, str(form.get("login_csrf") or "")):
        return await login_page(request, "login.expired", name, status_code=400)
    if throttle.blocked(address):
        return await login_page(request, "login.throttled", name, status_code=429)
    try:
        token, signed = await web_state(request).services.accounts.sign_in(name, password)
    except AccountError as exc:
        throttle.failed(address)
        reason = exc.reason if exc.reason in ("locked", "disabled") else "wrong"
        return await login_page(request, f"login.{reason}", name, status_code=401)
    target = landing(safe_next(str(form.get("next") or "")), signed.account.role)
    response = RedirectResponse(target, status_code=303)
    set_session(response, web_state(request), token)
    forget_id_token(response, web_state(request))  # an earlier provider sign-in's, not this session's
    response.delete_cookie(PRE_COOKIE, path=BASE)
    return response


@staff_page(None)
async def logout(request: Request, session: SignedIn) -> Response:
    """End the session (POST with CSRF, any role) and show the sign-in page.

    After a sign-in through the city's provider that offers it, a short page then sends the
    browser to the provider's sign-out too (a new navigation: the CSP's form-action stays 'self').
    """
    token = session_token(request)
    if token is not None:
        await web_state(request).services.accounts.sign_out(token)
    provider = await provider_logout_url(request)
    if provider is None:
        response: Response = RedirectResponse(f"{BASE}/login", status_code=303)
    else:
        context = {"target": provider, "why": "logout"}
        response = await page(request, None, "console/oidc_redirect.html", context)
    clear_session(response, web_state(request))
    forget_id_token(response, web_state(request))
    return response


async def language(request: Request) -> Response:
    """Switch the language (a cookie) and go back to the page."""
    code = request.path_params["code"]
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if code in ("de", "en"):
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path=BASE, httponly=True)
    return response
