"""The console's client of the city's identity provider: authlib's Starlette client, its state in a cookie.

Authorization code flow with PKCE (S256); authlib checks the state, the nonce and the ID token
(signature against the provider's JWKS, issuer, audience, expiry). The flow's state, nonce and
code verifier live in a signed cookie for ten minutes (SameSite=Lax: the provider sends the
browser back from another site), not on the server, so a restart in between costs nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, cast

import httpx2
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from itsdangerous import BadSignature, URLSafeTimedSerializer
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import Response

from core.config import OidcSection
from core.staff_accounts import MAX_SESSION_HOURS
from handlers.web.app import WebState, web_state

__all__ = [
    "FLOW_COOKIE",
    "ID_COOKIE",
    "OidcFailed",
    "Person",
    "callback_url",
    "finish",
    "provider_logout_url",
    "start",
]

logger = logging.getLogger(__name__)

FLOW_COOKIE = "bm_oidc"
ID_COOKIE = "bm_oidc_id"
FLOW_SECONDS = 600
TIMEOUT_SECONDS = 10.0
METADATA_SECONDS = 3600.0
_CLIENT_KEY = "console.oidc"
_ID_TOKEN_MAX = 3000  # longer ID tokens are not kept for the sign-out (a cookie holds about 4 KB)
_BASE = "/console"


class OidcFailed(Exception):
    """No sign-in through the provider: `reason` is "down" (not reachable), "refused" (a wrong answer)
    or "unknown" (a correct answer about someone without access)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Person:
    """Whom the provider vouched for: the account name, the role from the groups (if mapped), the ID token."""

    name: str
    role: str | None
    id_token: str


def settings_of(request: Request) -> OidcSection | None:
    """The `web.oidc` section, or None when sign-in through the provider is off."""
    return web_state(request).settings.oidc


def _client(state: WebState, settings: OidcSection) -> Any:
    client = state.extras.get(_CLIENT_KEY)
    if client is None:
        client = OAuth().register(
            "city",
            client_id=settings.client_id,
            client_secret=settings.client_secret(),
            server_metadata_url=settings.discovery_url,
            client_kwargs={
                "scope": " ".join(settings.scopes),
                "code_challenge_method": "S256",
                "timeout": TIMEOUT_SECONDS,
            },
        )
        state.extras[_CLIENT_KEY] = client
    loaded = client.server_metadata.get("_loaded_at")
    if loaded is not None and time.time() - loaded > METADATA_SECONDS:  # keys and endpoints may change
        client.server_metadata.pop("_loaded_at", None)
        client.server_metadata.pop("jwks", None)
    return client


async def _metadata(client: Any, settings: OidcSection) -> dict[str, Any]:
    """The provider's discovery document; its issuer must be the configured one."""
    try:
        metadata = cast(dict[str, Any], await client.load_server_metadata())
    except (httpx2.HTTPError, ValueError) as exc:
        raise OidcFailed("down", f"discovery failed: {type(exc).__name__}") from exc
    if str(metadata.get("issuer", "")).rstrip("/") != settings.issuer:
        client.server_metadata.pop("_loaded_at", None)
        logger.error("the identity provider names another issuer than web.oidc.issuer")
        raise OidcFailed("down", "the discovery document names another issuer")
    return metadata


def _signer(state: WebState) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(state.secret_key, salt="console-oidc")


def _flags(state: WebState, path: str, samesite: str) -> dict[str, Any]:
    return {"httponly": True, "samesite": samesite, "secure": state.settings.behind_tls, "path": path}


def callback_url(request: Request) -> str:
    """The redirect URI to register at the provider: `web.public_url` + /console/oidc/callback."""
    public = web_state(request).settings.public_url
    if public:
        return f"{public}{_BASE}/oidc/callback"
    return str(request.url_for("console_oidc_callback"))


async def start(request: Request, target: str, language: str) -> Response:
    """The redirect to the provider's sign-in page; the flow's state goes into the flow cookie."""
    state, settings = web_state(request), settings_of(request)
    assert settings is not None
    client = _client(state, settings)
    await _metadata(client, settings)
    flow: dict[str, Any] = {}
    request.scope["session"] = flow  # authlib keeps state, nonce and code verifier in `request.session`
    try:
        response = cast(
            Response, await client.authorize_redirect(request, callback_url(request), ui_locales=language)
        )
    except (httpx2.HTTPError, RuntimeError) as exc:
        raise OidcFailed("down", f"authorization URL: {type(exc).__name__}") from exc
    flow["next"] = target
    response.set_cookie(
        FLOW_COOKIE,
        _signer(state).dumps(flow),
        max_age=FLOW_SECONDS,
        **_flags(state, f"{_BASE}/oidc", "lax"),
    )
    return response


def _flow(request: Request) -> dict[str, Any]:
    raw = request.cookies.get(FLOW_COOKIE)
    if not raw:
        return {}
    try:
        flow = _signer(web_state(request)).loads(raw, max_age=FLOW_SECONDS)
    except BadSignature:
        return {}
    return flow if isinstance(flow, dict) else {}


async def finish(request: Request) -> tuple[Person, str]:
    """Check the provider's answer (state, code, ID token); the person and the page to go to next."""
    state, settings = web_state(request), settings_of(request)
    assert settings is not None
    client = _client(state, settings)
    metadata = await _metadata(client, settings)
    flow = _flow(request)
    target = str(flow.pop("next", "") or "")
    request.scope["session"] = flow
    options = {
        "iss": {"essential": True, "values": [metadata["issuer"]]},
        "aud": {"essential": True, "values": [settings.client_id]},
        "sub": {"essential": True},
    }
    try:
        token = await client.authorize_access_token(request, claims_options=options)
    except httpx2.HTTPError as exc:
        raise OidcFailed("down", f"token endpoint: {type(exc).__name__}") from exc
    except (OAuthError, JoseError, ValueError, KeyError, TypeError) as exc:
        raise OidcFailed("refused", f"answer refused: {type(exc).__name__}: {exc}") from exc
    claims = token.get("userinfo")
    if not claims or not isinstance(token.get("id_token"), str):
        raise OidcFailed("refused", "no ID token in the answer")
    return _person(settings, dict(claims), token["id_token"]), target


def _person(settings: OidcSection, claims: dict[str, Any], id_token: str) -> Person:
    name = claims.get(settings.account_claim)
    if not isinstance(name, str) or not name.strip():
        raise OidcFailed("refused", f"the ID token has no {settings.account_claim}")
    if settings.account_claim == "email" and claims.get("email_verified") is False:
        raise OidcFailed("refused", "the e-mail address is not verified")
    role = None
    if settings.role_claim:
        role = settings.role_for(claims.get(settings.role_claim))
        if role is None:
            raise OidcFailed("unknown", f"no group of {settings.role_claim} maps to a role")
    return Person(name.strip(), role, id_token)


def keep_id_token(response: Response, state: WebState, id_token: str) -> None:
    """Keep the ID token (signed, like the session) for the provider's sign-out; drop the flow cookie."""
    response.delete_cookie(FLOW_COOKIE, **_flags(state, f"{_BASE}/oidc", "lax"))
    if len(id_token) <= _ID_TOKEN_MAX:
        response.set_cookie(
            ID_COOKIE,
            _signer(state).dumps(id_token),
            max_age=MAX_SESSION_HOURS * 3600,
            **_flags(state, _BASE, "strict"),
        )


def forget_id_token(response: Response, state: WebState) -> None:
    """Remove the ID token cookie (at sign-out)."""
    response.delete_cookie(ID_COOKIE, **_flags(state, _BASE, "strict"))


async def provider_logout_url(request: Request) -> str | None:
    """Where to end the session at the provider too (RP-initiated logout), if the provider offers it."""
    state, settings = web_state(request), settings_of(request)
    raw = request.cookies.get(ID_COOKIE)
    if settings is None or not settings.provider_logout or not raw:
        return None
    try:
        id_token = _signer(state).loads(raw, max_age=MAX_SESSION_HOURS * 3600)
        client = _client(state, settings)
        endpoint = (await _metadata(client, settings)).get("end_session_endpoint")
        if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
            return None
        if not isinstance(id_token, str):
            return None
        back = callback_url(request).removesuffix("/oidc/callback") + "/login"
        found = await client.create_logout_url(
            post_logout_redirect_uri=back, id_token_hint=id_token, client_id=settings.client_id
        )
    except (BadSignature, OidcFailed):
        return None
    return str(found["url"])
