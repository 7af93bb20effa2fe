"""The widget's cookie check: does this browser keep the chat's cookie inside the frame?

Browsers that block third-party cookies (Safari's ITP, Firefox's strict mode, and any browser
that refuses a frame's cookies) drop the session cookie of the chat in an iframe on the city's
site, so every message would start a new, unreachable chat. Before the first message the page's
script sets a probe cookie (POST, no personal data, five minutes) and asks whether it came back
(GET: "1" or "0"); when it did not, the page shows "Chat in neuem Fenster öffnen" (the chat as a
top-level page, where the cookie is first-party) and, where the browser has it, a button that asks
for storage access (`document.requestStorageAccess`) and checks again.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from handlers.web import web_state
from handlers.web.chat.session import same_origin, set_chat_cookie

__all__ = ["PROBE_COOKIE", "cookie_kept", "probe"]

PROBE_COOKIE = "bm_probe"
PROBE_SECONDS = 300


def cookie_kept(request: Request) -> bool:
    """Whether the probe cookie came back with this request."""
    return request.cookies.get(PROBE_COOKIE) == "1"


async def probe(request: Request) -> Response:
    """POST: set the probe cookie (by the chat's cookie policy); GET: "1" when it came back, else "0"."""
    if request.method == "POST":
        if not same_origin(request):
            return Response(status_code=403)
        response = Response(status_code=204)
        set_chat_cookie(response, request, web_state(request), PROBE_COOKIE, "1", PROBE_SECONDS, private=True)
        return response
    kept = cookie_kept(request)
    return PlainTextResponse("1" if kept else "0", headers={"cache-control": "no-store"})
