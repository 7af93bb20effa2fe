"""Sign-in through the city's identity provider (OpenID Connect), beside the password form.

`/console/oidc/start` sends the browser to the provider, `/console/oidc/callback` takes it back:
only an existing, enabled staff account signs in (accounts stay with `python -m bot staff`), with
the same server-side session, cookie and timeout as a password sign-in. Every failure is a polite
message on the sign-in page, and the password form keeps working.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.staff_accounts import AccountError
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, set_session, signed_in
from handlers.web.console.oidc_client import OidcFailed, finish, keep_id_token, settings_of, start
from handlers.web.console.render import language_of, page
from handlers.web.console.signin import address_of, landing, login_page, safe_next, throttle_of

__all__ = ["oidc_routes"]

logger = logging.getLogger(__name__)
METHOD = "oidc"


async def oidc_start(request: Request) -> Response:
    """Off to the provider's sign-in page (or straight on when already signed in)."""
    if settings_of(request) is None:
        return await page(request, None, "console/not_found.html", {}, status_code=404)
    target = safe_next(request.query_params.get("next"))
    if await signed_in(request) is not None:
        return RedirectResponse(target, status_code=303)
    if throttle_of(request).blocked(address_of(request)):
        return await login_page(request, "login.throttled", status_code=429)
    try:
        return await start(request, target, language_of(request))
    except OidcFailed as exc:
        logger.warning("console sign-in through the identity provider: %s", exc)
        return await login_page(request, "login.oidc_down", status_code=503)


async def oidc_callback(request: Request) -> Response:
    """The provider's answer: check it, find the account, open the session."""
    settings = settings_of(request)
    if settings is None:
        return await page(request, None, "console/not_found.html", {}, status_code=404)
    address, throttle = address_of(request), throttle_of(request)
    if throttle.blocked(address):
        return await login_page(request, "login.throttled", status_code=429)
    state = web_state(request)
    try:
        person, target = await finish(request)
        token, signed = await state.services.accounts.sign_in_external(person.name, METHOD, person.role)
    except OidcFailed as exc:
        logger.warning("console sign-in through the identity provider failed: %s", exc)
        if exc.reason == "down":
            return await login_page(request, "login.oidc_down", status_code=503)
        throttle.failed(address)
        if exc.reason == "unknown":
            return await login_page(request, "login.oidc_unknown", status_code=403)
        return await login_page(request, "login.oidc_refused", status_code=400)
    except AccountError:
        throttle.failed(address)
        return await login_page(request, "login.oidc_unknown", status_code=403)
    # The session cookie is SameSite=Strict: a browser coming back from the provider's site would
    # not send it on a redirect, so a short page of ours goes on (a same-site navigation).
    target = landing(safe_next(target), signed.account.role)
    response = await page(request, None, "console/oidc_redirect.html", {"target": target, "why": "signed_in"})
    set_session(response, state, token)
    keep_id_token(response, state, person.id_token)
    return response


def oidc_routes() -> list[Route]:
    """The two routes of the provider's sign-in."""
    return [
        Route(f"{BASE}/oidc/start", oidc_start, methods=["GET"], name="console_oidc_start"),
        Route(f"{BASE}/oidc/callback", oidc_callback, methods=["GET"], name="console_oidc_callback"),
    ]
