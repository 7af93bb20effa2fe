"""The teams' calendar feeds: the admin page (create, re-create, revoke) and the feed itself.

The feed is `GET /console/vorort/feed/<token>.ics` without a session (calendar apps cannot sign
in); an unknown or revoked token is a plain 404, the same as a path that never existed.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from core.staff_accounts import SignedIn
from handlers.web.app import web_state
from handlers.web.console.auth import staff_page
from handlers.web.console.inbox import departments
from handlers.web.console.vorort import VO
from handlers.web.console.vorort_render import vo_page

__all__ = ["feed", "feed_new", "feed_revoke", "feeds_page"]


def _base(request: Request) -> str:
    public = web_state(request).settings.public_url
    return (public or str(request.base_url)).rstrip("/")


async def _show(
    request: Request, session: SignedIn, created: tuple[str, str] | None = None, note: str = ""
) -> Response:
    services = web_state(request).services
    live = {item.team_chat_id: item for item in await services.appointments.feeds()}
    teams = [(chat, name, live.get(chat)) for chat, name in departments(request)]
    return await vo_page(
        request, session, "console/vorort_feeds.html", {"teams": teams, "created": created, "note": note}
    )


@staff_page("admin")
async def feeds_page(request: Request, session: SignedIn) -> Response:
    """Each team with its link's state."""
    return await _show(request, session)


def _team(request: Request) -> tuple[int, str] | None:
    wanted = request.path_params["team"]
    for chat, name in departments(request):
        if wanted == str(chat):
            return chat, name
    return None


@staff_page("admin")
async def feed_new(request: Request, session: SignedIn) -> Response:
    """A new link for the team, shown once (the old one stops working)."""
    team = _team(request)
    if team is None:
        return await vo_page(request, session, "console/not_found.html", {}, status_code=404)
    token = await web_state(request).services.appointments.new_feed(team[0], session.actor)
    return await _show(request, session, created=(team[1], f"{_base(request)}{VO}/feed/{token}.ics"))


@staff_page("admin")
async def feed_revoke(request: Request, session: SignedIn) -> Response:
    """Revoke the team's link."""
    team = _team(request)
    if team is None:
        return await vo_page(request, session, "console/not_found.html", {}, status_code=404)
    revoked = await web_state(request).services.appointments.revoke_feed(team[0], session.actor)
    return await _show(request, session, note="feeds.revoked" if revoked else "feeds.not_revoked")


async def feed(request: Request) -> Response:
    """The team's visits as an ICS calendar for a live token; 404 otherwise."""
    body = await web_state(request).services.appointments.feed_ics(request.path_params["token"])
    if body is None:
        return PlainTextResponse("Not Found", status_code=404)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
