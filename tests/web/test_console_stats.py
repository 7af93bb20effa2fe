"""The statistics page, the report page and the PDF download over HTTP, on known data.

The figures are those of tests/auxil/stats_data.py (worked out by hand in tests/core/test_statistics.py).
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from handlers.web.console.texts import LANG_COOKIE
from tests.auxil.console import Desk, sign_in
from tests.auxil.stats_data import fill


def _row(html: str, table: str, first: str) -> list[str]:
    """The cells of a row of one of the page's tables."""
    body = html.split(f'id="table-{table}"', 1)[1].split("</table>", 1)[0]
    match = re.search(rf"<tr><th scope=\"row\">{re.escape(first)}</th>(.*?)</tr>", body)
    assert match, (table, first)
    return re.findall(r"<td>(.*?)</td>", match.group(1))


async def test_stats_page_has_charts_with_tables(desk: Desk) -> None:
    await fill(desk.bot.services)
    await sign_in(desk.client)
    page = await desk.client.get("/console/stats")
    assert page.status_code == 200
    html = page.text
    assert html.count('role="img"') == 5 and html.count("<title id=") == 5
    assert '<title id="chart-share-title">Beantwortete Fragen pro Woche: vom Bot und vom Team</title>' in html
    assert _row(html, "tickets", "KW 47") == ["5"]
    assert _row(html, "share", "KW 47") == ["5", "4", "56 %"]
    assert _row(html, "share", "KW 48") == ["3", "0", "100 %"]
    assert _row(html, "times", "KW 47") == ["13,3 Std.", "29,0 Std."]
    assert _row(html, "sla", "KW 47") == ["3", "5", "60 %"]
    assert _row(html, "visits", "November 2026") == ["3", "1", "1"]
    assert "url(#chart-share-hatch)" in html and 'id="chart-times-hatch"' in html  # patterns, per chart
    assert ">56 %</text>" in html  # the bot's share written on its stack
    assert "wo ist das fundbüro?" in html and "Erika" not in html and "parken" not in html
    assert "2 Personen mit 3 Abos" in html
    assert '<option value="2026-10" selected>Oktober 2026</option>' in html  # last month by default
    assert 'href="/console/stats"' in html  # in the navigation


async def test_the_report_page_and_its_pdf(desk: Desk) -> None:
    await fill(desk.bot.services)
    await sign_in(desk.client)
    page = await desk.client.get("/console/report?month=2026-11")
    assert page.status_code == 200
    assert "<h1>Monatsbericht November 2026</h1>" in page.text
    assert "Davon vom Bot: 8 (67 %), vom Team: 4." in page.text
    assert 'href="/console/report.pdf?month=2026-11" download' in page.text
    table = page.text.split('id="table-tickets"')[1].split("</table>")[0]
    weeks = re.findall(r'<th scope="row">(KW \d+)</th>', table)
    assert weeks == ["KW 44", "KW 45", "KW 46", "KW 47", "KW 48", "KW 49"]  # cut at the month's edges
    pdf = await desk.client.get("/console/report.pdf?month=2026-11")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="monatsbericht-2026-11.pdf"'
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Fragen an den Bot: 11. Anfragen an das Team: 8." in text


async def test_bad_and_future_months_are_refused(desk: Desk) -> None:
    await sign_in(desk.client)
    for query in ("month=2026-13", "month=11-2026", "", "month=2026-12", "month=" + "9" * 500):
        for path in ("/console/report", "/console/report.pdf"):
            answer = await desk.client.get(f"{path}?{query}")
            assert answer.status_code == 400, (path, query)
            assert "Bitte einen Monat wie 2026-11 wählen." in answer.text


async def test_english_and_signed_out(desk: Desk) -> None:
    signed_out = await desk.client.get("/console/stats")
    assert signed_out.status_code == 303 and "/console/login" in signed_out.headers["location"]
    assert (await desk.client.get("/console/report.pdf?month=2026-11")).status_code == 303
    await sign_in(desk.client)
    desk.client.cookies.set(LANG_COOKIE, "en", path="/console")
    page = await desk.client.get("/console/stats")
    assert (
        "Questions answered per week: by the bot and by the team" in page.text and "No data yet." in page.text
    )
    pdf = await desk.client.get("/console/report.pdf?month=2026-11")
    assert pdf.headers["content-disposition"] == 'attachment; filename="report-2026-11.pdf"'
