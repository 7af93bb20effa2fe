"""The routes of the console's Vor-Ort pages (added to the console part in `console_part`)."""

from __future__ import annotations

from starlette.routing import Route

from handlers.web.console.calendar import calendar_page
from handlers.web.console.vorort import VO, request_action, request_page, requests_list
from handlers.web.console.vorort_feeds import feed, feed_new, feed_revoke, feeds_page

__all__ = ["vorort_routes"]


def vorort_routes() -> list[Route]:
    """List, request page and actions, calendar, feed links (admin) and the feeds themselves."""
    return [
        Route(VO, requests_list, methods=["GET"], name="console_vorort"),
        Route(f"{VO}/calendar", calendar_page, methods=["GET"], name="console_vorort_calendar"),
        Route(f"{VO}/feeds", feeds_page, methods=["GET"], name="console_vorort_feeds"),
        Route(f"{VO}/feeds/{{team}}/new", feed_new, methods=["POST"]),
        Route(f"{VO}/feeds/{{team}}/revoke", feed_revoke, methods=["POST"]),
        Route(f"{VO}/feed/{{token}}.ics", feed, methods=["GET"], name="console_vorort_feed"),
        Route(f"{VO}/{{number:int}}", request_page, methods=["GET"], name="console_vorort_request"),
        Route(f"{VO}/{{number:int}}/{{action}}", request_action, methods=["POST"]),
    ]
