"""The console in a real browser, next to the offline bot in the same event loop.

Sign in, see a Telegram citizen's ticket appear without reloading, claim, reply (the citizen
receives it), add a note, use a canned answer, close, reopen, sign out; axe-core on every
page, keyboard-only sign-in. With SCREENSHOTS=1 the main pages are saved to docs/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.async_api import BrowserContext, Page, expect

from handlers.web import running_server
from tests.auxil.browser import assert_accessible
from tests.auxil.console import ADMIN, AGENT, PASSWORD, Desk, escalate
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT
from tests.auxil.paths import ROOT

SHOTS = ROOT / "docs" / "screenshots"


async def _shot(page: Page, name: str) -> None:
    if os.environ.get("SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def _sign_in(page: Page, url: str, name: str) -> None:
    await page.goto(f"{url}/console/")
    await expect(page).to_have_url(f"{url}/console/login?next=/console/")
    await assert_accessible(page)
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Passwort").fill(PASSWORD)
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page.get_by_role("heading", name="Anfragen")).to_be_visible()


async def test_main_path_in_the_browser(desk: Desk, async_context: BrowserContext) -> None:
    bot = desk.bot
    async with running_server(desk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await _sign_in(page, url, AGENT)
        await expect(page.get_by_text("Keine Anfragen gefunden.")).to_be_visible()
        await assert_accessible(page)

        number = await escalate(bot, "Darf ich im Garten ein Baumhaus bauen?")  # from Telegram
        row = page.locator(f"#ticket-{number}")
        await expect(row).to_be_visible(timeout=5000)  # polled every 2 s, no reload
        await expect(row.get_by_role("cell", name="Offen")).to_be_visible()
        await _shot(page, "console-inbox")

        await row.get_by_role("link", name=f"#{number}").click()
        await expect(page.get_by_role("heading", name=f"Anfrage #{number}")).to_be_visible()
        await assert_accessible(page)
        await page.get_by_role("button", name="Übernehmen").click()
        await expect(page.get_by_role("status")).to_have_text("Sie bearbeiten die Anfrage jetzt.")

        await page.get_by_label("Antwort an die Person").fill("Ja, bis 30 m³ ist es genehmigungsfrei.")
        await page.get_by_role("button", name="Antwort senden", exact=True).click()
        await expect(page.get_by_role("status")).to_have_text("Die Antwort ist unterwegs.")
        await bot.settle()
        assert "Ja, bis 30 m³ ist es genehmigungsfrei." in bot.api.texts(CITIZEN_ID)[-1]
        await page.reload()
        await expect(page.get_by_text("zugestellt", exact=True)).to_be_visible()

        await page.get_by_label("Interne Notiz").fill("Bauamt kennt den Fall.")
        await page.get_by_role("button", name="Notiz speichern").click()
        await expect(page.locator(".note")).to_contain_text("Bauamt kennt den Fall.")
        await assert_accessible(page)
        await _shot(page, "console-ticket")

        await page.get_by_label("Grund für das Schließen").select_option(label="Beantwortet")
        await page.get_by_role("button", name="Schließen", exact=True).click()
        await expect(page.get_by_role("status")).to_have_text("Die Anfrage ist geschlossen.")
        await page.get_by_role("button", name="Wieder öffnen").click()
        await expect(page.get_by_role("status")).to_have_text("Die Anfrage ist wieder offen.")
        await bot.settle()
        staff_texts = "\n".join(bot.api.texts(STAFF_CHAT))
        assert "übernommen von anna (Web-Konsole)" in staff_texts
        assert "wieder geöffnet von anna" in staff_texts

        await page.get_by_role("button", name="Abmelden").click()
        await expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
        await page.goto(f"{url}/console/tickets/{number}")
        await expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()


async def test_admin_canned_answer_used_by_keyboard(desk: Desk, async_context: BrowserContext) -> None:
    bot = desk.bot
    number = await escalate(bot)
    async with running_server(desk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await page.goto(f"{url}/console/login")
        # keyboard only: the name field has the focus, Tab to the password, Enter submits
        await expect(page.get_by_label("Name")).to_be_focused()  # autofocus before the first key
        await page.keyboard.type(ADMIN)
        await page.keyboard.press("Tab")
        await page.keyboard.type(PASSWORD)
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="Anfragen")).to_be_visible()
        await page.get_by_role("link", name="Textbausteine").click()
        await page.get_by_label("Titel").fill("Gruß")
        body = "Guten Tag! Hier ist {name} zu Ihrer Anfrage {ticket}."
        await page.get_by_label("Text", exact=True).fill(body)
        await page.get_by_role("button", name="Speichern").click()
        await expect(page.get_by_role("status")).to_have_text("Der Textbaustein ist gespeichert.")
        await assert_accessible(page)
        await _shot(page, "console-canned")
        await page.get_by_role("link", name="Konten").click()
        await expect(page.get_by_role("cell", name=AGENT, exact=True)).to_be_visible()
        await assert_accessible(page)

        await page.goto(f"{url}/console/tickets/{number}")
        await page.get_by_label("Textbaustein").select_option(label="Gruß")
        await page.get_by_role("button", name="Einfügen").click()
        reply = page.get_by_label("Antwort an die Person")
        await expect(reply).to_have_value(f"Guten Tag! Hier ist {ADMIN} zu Ihrer Anfrage #{number}.")
        await page.get_by_role("button", name="Antwort senden", exact=True).click()
        await bot.settle()
        assert f"Hier ist {ADMIN} zu Ihrer Anfrage #{number}." in bot.api.texts(CITIZEN_ID)[-1]

        await page.get_by_role("link", name="English").click()
        await expect(page.get_by_role("heading", name=f"Ticket #{number}")).to_be_visible()
        await assert_accessible(page)
        await page.set_viewport_size({"width": 800, "height": 1000})  # tablet, and 200 % zoom of 1600 px
        await expect(page.get_by_role("button", name="Send reply", exact=True)).to_be_visible()
        await assert_accessible(page)


def test_screenshots_are_in_docs() -> None:
    for name in ("console-inbox", "console-ticket", "console-canned"):
        assert (SHOTS / f"{name}.png").is_file(), f"run SCREENSHOTS=1 pytest {Path(__file__).name}"
