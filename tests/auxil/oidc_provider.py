"""A local stand-in for the city's identity provider (OpenID Connect), a small Starlette app.

Discovery, a JWKS with a generated RSA key, an authorize page with a "sign in" button that sends
the browser back with a code, a token endpoint that checks the client secret, the redirect URI
and the PKCE verifier and issues an ID token signed with joserfc, and an end-session endpoint.
`StandIn.claims` and `StandIn.forge` change what the next ID token says, for the unhappy paths.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "StandIn"]

CLIENT_ID = "buergermobil-konsole"
CLIENT_SECRET = "stand-in-secret-0123456789"
KID = "stand-in-1"


@functools.cache
def _key(kid: str = KID) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


@dataclass
class StandIn:
    """The provider's state: its address (set once served), who signs in, and what to get wrong."""

    issuer: str = ""
    username: str = "anna"
    claims: dict[str, Any] = field(default_factory=dict)
    """Claims to add or replace in the next ID tokens (e.g. a wrong `aud`)."""
    forge: str | None = None
    """'signature': sign with a key not in the JWKS (same kid); 'state': send back another state."""
    end_session: bool = True
    named_issuer: str | None = None
    """Another issuer in the discovery document than the address (a misconfigured provider)."""
    broken: bool = False
    """The token endpoint answers 503 (the provider went down in the middle)."""
    pending: dict[str, dict[str, str]] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    logouts: list[dict[str, str]] = field(default_factory=list)

    def app(self) -> Starlette:
        """The provider's routes."""
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize, methods=["GET"]),
                Route("/authorize", self.approve, methods=["POST"]),
                Route("/token", self.token, methods=["POST"]),
                Route("/logout", self.logout),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        """The discovery document."""
        document = {
            "issuer": self.named_issuer or self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }
        if self.end_session:
            document["end_session_endpoint"] = f"{self.issuer}/logout"
        return JSONResponse(document)

    async def jwks(self, request: Request) -> Response:
        """The public signing key."""
        return JSONResponse(KeySet([_key()]).as_dict(private=False))

    async def authorize(self, request: Request) -> Response:
        """The sign-in page: checks the request, shows one button."""
        query = request.query_params
        wanted = ("client_id", "redirect_uri", "state", "nonce", "code_challenge")
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return HTMLResponse("unsupported request", status_code=400)
        if query.get("client_id") != CLIENT_ID or not all(query.get(name) for name in wanted):
            return HTMLResponse("bad request", status_code=400)
        if "openid" not in query.get("scope", "").split():
            return HTMLResponse("not an OpenID request", status_code=400)
        ticket = secrets.token_urlsafe(8)
        self.pending[ticket] = {name: str(query[name]) for name in wanted}
        page = (
            '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Stadt-Konto</title></head>'
            f'<body><main><h1>Stadt-Konto</h1><form method="post" action="/authorize">'
            f'<input type="hidden" name="ticket" value="{ticket}">'
            f"<p>Angemeldet als {html.escape(self.username)}</p>"
            '<button type="submit">Weiter zur Team-Konsole</button></form></main></body></html>'
        )
        return HTMLResponse(page)

    async def approve(self, request: Request) -> Response:
        """The button: back to the client with a code."""
        form = await request.form()
        asked = self.pending.pop(str(form.get("ticket")), None)
        if asked is None:
            return HTMLResponse("unknown ticket", status_code=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = asked
        state = "forged-state" if self.forge == "state" else asked["state"]
        return RedirectResponse(f"{asked['redirect_uri']}?{urlencode({'code': code, 'state': state})}", 302)

    async def token(self, request: Request) -> Response:
        """The code for tokens: client secret, redirect URI and PKCE verifier must match."""
        if self.broken:
            return JSONResponse({"error": "temporarily_unavailable"}, status_code=503)
        form = await request.form()
        fields = {key: str(value) for key, value in form.items()}
        self.token_requests.append(fields)
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        asked = self.codes.pop(fields.get("code", ""), None)
        if asked is None or fields.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = fields.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if challenge != asked["code_challenge"] or fields.get("redirect_uri") != asked["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": f"sub-{self.username}",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": asked["nonce"],
            "preferred_username": self.username,
            "email": f"{self.username}@essen.example",
            "email_verified": True,
            **self.claims,
        }
        key = RSAKey.generate_key(2048, parameters={"kid": KID}) if self.forge == "signature" else _key()
        id_token = jwt.encode({"alg": "RS256", "kid": KID}, claims, key)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )

    async def logout(self, request: Request) -> Response:
        """RP-initiated logout: note the hint, go back."""
        query = {key: str(value) for key, value in request.query_params.items()}
        self.logouts.append(query)
        back = query.get("post_logout_redirect_uri")
        return RedirectResponse(back, 302) if back else HTMLResponse("abgemeldet")
