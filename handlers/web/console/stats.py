"""The statistics page (charts with their tables) and the monthly report (printable page, PDF).

Thin: the figures come from `services.statistics` (core/statistics.py), the charts and their
tables from `core.statistics_texts`, the PDF from `core.statistics_pdf`. Every role may look.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.staff_accounts import SignedIn
from core.statistics import REPEATED_MIN_PEOPLE, BadMonth, Dashboard, month_start, parse_month
from core.statistics_charts import to_svg
from core.statistics_pdf import report_pdf
from core.statistics_texts import charts, month_name, summary, topic_rows, words
from handlers.web.app import web_state
from handlers.web.console.auth import BASE, staff_page
from handlers.web.console.render import language_of, page

__all__ = ["stats_routes"]

WEEKS, MONTHS, TOPIC_WEEKS = 12, 6, 4


def _charts(board: Dashboard, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "key": item.key,
            "title": item.chart.title,
            "svg": Markup(to_svg(item.chart, f"chart-{item.key}")),  # the SVG escapes every text itself
            "headers": item.headers,
            "rows": item.rows,
        }
        for item in charts(board, lang)
    ]


def _shared(board: Dashboard, lang: str) -> dict[str, Any]:
    return {
        "s": words(lang),
        "charts": _charts(board, lang),
        "board": board,
        "topics": topic_rows(board.top_topics, lang),
        "unanswered": topic_rows(board.unanswered_topics, lang),
        "repeated_min": REPEATED_MIN_PEOPLE,
    }


def _months_to_offer(today: date) -> list[date]:
    """The current month and the eleven before it, newest first."""
    return [month_start(today, -k) for k in range(12)]


@staff_page("agent")
async def stats_page(request: Request, session: SignedIn) -> Response:
    """Charts of the last weeks and months, each with its table; the report's month picker."""
    statistics = web_state(request).services.statistics
    lang = language_of(request)
    board = await statistics.dashboard(WEEKS, MONTHS, TOPIC_WEEKS)
    today = statistics.today()
    return await page(
        request,
        session,
        "console/stats.html",
        {
            **_shared(board, lang),
            "weeks": WEEKS,
            "months": MONTHS,
            "topic_weeks": TOPIC_WEEKS,
            "offer": [(m.strftime("%Y-%m"), month_name(m, lang)) for m in _months_to_offer(today)],
            "chosen": month_start(today, -1).strftime("%Y-%m"),
        },
    )


def _month(request: Request) -> date | None:
    """The report's month from ?month=YYYY-MM; None when it is missing, malformed or still to come."""
    statistics = web_state(request).services.statistics
    try:
        month = parse_month(request.query_params.get("month", "")[:20])
    except BadMonth:
        return None
    return month if month <= month_start(statistics.today()) else None


@staff_page("agent")
async def report_page(request: Request, session: SignedIn) -> Response:
    """The month's report as a printable page."""
    month = _month(request)
    lang = language_of(request)
    if month is None:
        return await page(request, session, "console/report_bad.html", {"s": words(lang)}, status_code=400)
    report = await web_state(request).services.statistics.month_report(month)
    return await page(
        request,
        session,
        "console/report.html",
        {
            **_shared(report, lang),
            "title": words(lang)["report_title"].format(month=month_name(month, lang)),
            "summary": summary(report, lang),
            "month": month.strftime("%Y-%m"),
            "report": report,
            "topic_weeks": 0,
        },
    )


@staff_page("agent")
async def report_download(request: Request, session: SignedIn) -> Response:
    """The month's report as a PDF download."""
    month = _month(request)
    lang = language_of(request)
    if month is None:
        return await page(request, session, "console/report_bad.html", {"s": words(lang)}, status_code=400)
    services = web_state(request).services
    report = await services.statistics.month_report(month)
    data = await asyncio.to_thread(
        report_pdf, report, lang, services.office_hours.tz
    )  # CPU work off the loop
    name = f"monatsbericht-{month:%Y-%m}.pdf" if lang == "de" else f"report-{month:%Y-%m}.pdf"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def stats_routes() -> list[Route]:
    """The routes of the statistics part of the console."""
    return [
        Route(f"{BASE}/stats", stats_page, methods=["GET"], name="console_stats"),
        Route(f"{BASE}/report", report_page, methods=["GET"], name="console_report"),
        Route(f"{BASE}/report.pdf", report_download, methods=["GET"], name="console_report_pdf"),
    ]
