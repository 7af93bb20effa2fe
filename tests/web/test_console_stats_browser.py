"""The statistics page and the monthly report in a real browser: axe-core on both, the report
picked by keyboard, and its PDF downloaded from the console (pypdf finds the month's figures).
With SCREENSHOTS=1 the statistics page is saved to docs/screenshots/console-stats.png.
"""

from __future__ import annotations

import os

from playwright.async_api import BrowserContext, expect
from pypdf import PdfReader

from handlers.web import running_server
from tests.auxil.browser import assert_accessible
from tests.auxil.console import AGENT, PASSWORD, Desk
from tests.auxil.paths import ROOT
from tests.auxil.stats_data import fill


async def test_stats_page_report_and_pdf_download(desk: Desk, async_context: BrowserContext) -> None:
    await fill(desk.bot.services)
    async with running_server(desk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await page.goto(f"{url}/console/stats")
        await page.get_by_label("Name").fill(AGENT)
        await page.get_by_label("Passwort").fill(PASSWORD)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Anmelden").click()
        await expect(page.get_by_role("heading", name="Statistik", exact=True)).to_be_visible()
        chart = page.get_by_role("img", name="Anfragen an das Team pro Woche")
        await expect(chart).to_be_visible()
        await expect(page.locator("#table-share")).to_contain_text("56 %")
        await assert_accessible(page)
        if os.environ.get("SCREENSHOTS") == "1":
            shot = ROOT / "docs" / "screenshots" / "console-stats.png"
            await page.screenshot(path=str(shot), full_page=True)

        await page.get_by_label("Bericht für den Monat").select_option("2026-11")
        await page.get_by_role("button", name="Bericht ansehen").focus()
        async with page.expect_navigation(wait_until="load"):
            await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="Monatsbericht November 2026")).to_be_visible()
        await expect(page.get_by_text("Davon vom Bot: 8 (67 %), vom Team: 4.")).to_be_visible()
        await assert_accessible(page)

        async with page.expect_download() as info:
            await page.get_by_role("link", name="Als PDF herunterladen").click()
        download = await info.value
        assert download.suggested_filename == "monatsbericht-2026-11.pdf"
        path = await download.path()
        text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
        assert "Monatsbericht November 2026" in text and "Anfragen an das Team: 8." in text
