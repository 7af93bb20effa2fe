"""The web chat's request helpers: the visitor's cookie, page preferences, rate limits, same-origin posts."""

from __future__ import annotations

import functools
import ipaddress
import time
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList
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
    "CookiePolicy",
    "Prefs",
    "chat_of",
    "client_ip",
    "cookie_policy",
    "origin_site",
    "same_origin",
    "set_chat_cookie",
    "set_session_cookie",
    "site_of",
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


@dataclass(frozen=True)
class CookiePolicy:
    """How the chat marks its cookies: Lax on our site; None, Secure, Partitioned when framed cross-site."""

    samesite: Literal["lax", "none"]
    secure: bool
    partitioned: bool


@functools.cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the list shipped with the package, no download


def site_of(scheme: str, host: str) -> tuple[str, str]:
    """The browser's "site" of an address: scheme and registrable domain ("https", "essen.de").

    An IP address or a name without a registrable domain (localhost) is its own site.
    """
    host = host.lower().strip("[]").rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        host = _suffixes().privatesuffix(host) or host
    return scheme.lower(), host


def origin_site(origin: str) -> tuple[str, str]:
    """The site of a web address ("https://www.essen.de" -> ("https", "essen.de"))."""
    parts = urlsplit(origin)
    return site_of(parts.scheme, parts.hostname or "")


def cookie_policy(request: Request, state: WebState) -> CookiePolicy:
    """Lax when every embedding site (web.chat_embed_origins) is our own site; else None, Secure, Partitioned.

    In a frame on another site the browser sends and keeps only SameSite=None cookies, and
    only Secure ones; Partitioned (CHIPS) keeps them per embedding site, so browsers that block
    third-party cookies still keep the widget's session.
    """
    own = site_of(request.url.scheme, request.url.hostname or "")
    tls = state.settings.behind_tls or request.url.scheme == "https"
    if all(origin_site(origin) == own for origin in state.settings.chat_embed_origins):
        return CookiePolicy("lax", tls, False)
    return CookiePolicy("none", True, True)


def set_chat_cookie(
    response: Response,
    request: Request,
    state: WebState,
    name: str,
    value: str,
    max_age: int,
    *,
    private: bool,
) -> None:
    """Write one of the chat's cookies (path /chat) by the cookie policy; `private`: HttpOnly."""
    policy = cookie_policy(request, state)
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/chat",
        httponly=private,
        samesite=policy.samesite,
        secure=policy.secure,
    )
    if policy.partitioned:  # Starlette writes "Partitioned" only on Python 3.14+
        name_bytes, header = response.raw_headers[-1]
        response.raw_headers[-1] = (name_bytes, header + b"; Partitioned")


def set_session_cookie(response: Response, request: Request, state: WebState, visitor: Visitor) -> None:
    """Write a new session's cookie: HttpOnly, only for /chat, the rest by `cookie_policy`."""
    if visitor.cookie is None:
        return
    set_chat_cookie(response, request, state, COOKIE, visitor.cookie, COOKIE_DAYS * 24 * 3600, private=True)
