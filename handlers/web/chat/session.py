"""The web chat's request helpers: the visitor's cookie, page preferences, rate limits, same-origin posts."""

from __future__ import annotations

import time
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from core.services import Services
from core.webchat import Visitor, WebChat
from core.webchat.limits import RateLimiter
from handlers.web import WebState

__all__ = [
    "COOKIE",
    "PREFS_COOKIE",
    "ChatLimits",
    "Prefs",
    "chat_of",
    "client_ip",
    "same_origin",
    "set_session_cookie",
]

COOKIE = "bm_chat"
PREFS_COOKIE = "bm_prefs"
COOKIE_DAYS = 90


@dataclass(frozen=True)
class Prefs:
    """How the page looks: language, large text, high contrast (a cookie, no personal data)."""

    lang: str = "de"
    large: bool = False
    contrast: bool = False

    @classmethod
    def read(cls, request: Request) -> Prefs:
        """From the cookie, then changed by the query (?lang=en, ?large=1, ?contrast=0)."""
        raw = request.cookies.get(PREFS_COOKIE, "")
        parts = dict(part.split("=", 1) for part in raw.split("&") if part.count("=") == 1)
        query = request.query_params
        lang = query.get("lang") or parts.get("lang") or "de"
        large = query.get("large") or parts.get("large") or "0"
        contrast = query.get("contrast") or parts.get("contrast") or "0"
        return cls(lang if lang in ("de", "en") else "de", large == "1", contrast == "1")

    def cookie(self) -> str:
        """The cookie value."""
        return f"lang={self.lang}&large={int(self.large)}&contrast={int(self.contrast)}"

    def changed(self, request: Request) -> bool:
        """Whether the query asks for a change (then the cookie is written)."""
        return any(key in request.query_params for key in ("lang", "large", "contrast"))


class ChatLimits:
    """Per session and per IP address: questions and presses; code tries per IP address."""

    def __init__(self, per_session: int) -> None:
        self.session = RateLimiter(per_session)
        self.ip = RateLimiter(per_session * 3)
        self.codes = RateLimiter(10, window=600.0)

    def allow(self, request: Request, visitor: Visitor | None) -> bool:
        """Count one message or press; False when the session or the address is over its limit."""
        now = time.monotonic()
        by_ip = self.ip.allow(client_ip(request), now)
        by_session = visitor is None or self.session.allow(visitor.token_hash, now)
        return by_ip and by_session

    def allow_code(self, request: Request) -> bool:
        """Count one try of a reference code from this address."""
        return self.codes.allow(client_ip(request), time.monotonic())


def client_ip(request: Request) -> str:
    """The caller's address (the proxy in front sets it; uvicorn reads X-Forwarded-For from it)."""
    return request.client.host if request.client else "unknown"


def same_origin(request: Request) -> bool:
    """A post from our own pages (the Origin header, when the browser sends one, is ours)."""
    origin = request.headers.get("origin")
    if origin is None or (origin == "null" and request.headers.get("sec-fetch-site") == "same-origin"):
        return True
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin == own


def chat_of(state: WebState) -> WebChat:
    """The web chat service (made by `create_services`)."""
    services: Services = state.services
    assert services.webchat is not None
    return services.webchat


def set_session_cookie(response: Response, state: WebState, visitor: Visitor) -> None:
    """Write a new session's cookie: HttpOnly, SameSite=Lax, Secure behind TLS, only for /chat."""
    if visitor.cookie is None:
        return
    response.set_cookie(
        COOKIE,
        visitor.cookie,
        max_age=COOKIE_DAYS * 24 * 3600,
        path="/chat",
        httponly=True,
        samesite="lax",
        secure=state.settings.behind_tls,
    )
