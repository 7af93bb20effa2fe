"""The Vor-Ort pages in a real browser, next to the offline bot in the same event loop.

Propose in the console -> the citizen accepts in Telegram -> the calendar shows it confirmed;
a conflicting proposal is flagged; the admin makes and revokes a team's calendar link.
axe-core runs on every new page (list, request, conflict, week, month, feeds).
"""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from handlers.web import running_server
from tests.auxil.appointment_steps import fill_request
from tests.auxil.browser import assert_accessible
from tests.auxil.console import ADMIN, PASSWORD, Desk
from tests.auxil.harness import CITIZEN_ID

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}
VORORT = "vera"  # the account of the `team` fixture


async def _sign_in(page: Page, url: str, name: str) -> None:
    await page.goto(f"{url}/console/login")
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Passwort").fill(PASSWORD)
    async with page.expect_navigation(wait_until="load"):
        await page.get_by_role("button", name="Anmelden").click()


async def _propose(page: Page, day: str, start: str, end: str) -> None:
    await page.get_by_label("Datum").fill(day)
    await page.get_by_label("Beginn").fill(start)
    await page.get_by_label("Ende").fill(end)
    async with page.expect_navigation(wait_until="load"):
        await page.get_by_role("button", name="Vorschlag senden").click()


async def test_propose_accept_in_telegram_calendar_confirmed_and_a_conflict(
    team: Desk, async_context: BrowserContext
) -> None:
    bot = team.bot
    await fill_request(bot)  # a relative books a visit in Telegram
    await fill_request(bot, OTTO)
    async with running_server(team.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await _sign_in(page, url, VORORT)
        await page.get_by_role("link", name="Vor-Ort-Service").click()
        await expect(page.get_by_role("heading", name="Vor-Ort-Anfragen")).to_be_visible()
        await assert_accessible(page)
        await page.get_by_role("link", name="VO-1", exact=True).click()
        await expect(page.get_by_role("heading", name="Vor-Ort-Anfrage VO-1")).to_be_visible()
        await expect(page.get_by_text("Erna Muster (geb. 1938)")).to_be_visible()
        await assert_accessible(page)

        await _propose(page, "2026-11-27", "10:00", "11:00")
        await expect(page.get_by_role("status")).to_have_text("Der Vorschlag ist unterwegs zur Person.")
        await bot.settle()
        proposal = bot.api.last(CITIZEN_ID)
        assert "Terminvorschlag zu VO-1" in proposal.text
        await bot.press(bot.button(proposal, "Passt"))  # the citizen accepts in Telegram
        assert "bestätigt" in "\n".join(bot.api.texts(CITIZEN_ID)[-2:])

        await page.goto(f"{url}/console/vorort/calendar?date=2026-11-27")
        visit = page.locator("#visit-1")
        await expect(visit).to_contain_text("bestätigt")
        await expect(visit).to_contain_text("Fahrzeit 09:30–10:00 / 11:00–11:30")
        await assert_accessible(page)

        await page.goto(f"{url}/console/vorort/2")
        await _propose(page, "2026-11-27", "10:30", "11:30")
        alert = page.locator(".conflict")
        await expect(alert).to_contain_text("Dieser Termin kollidiert mit geplanten Besuchen")
        await expect(alert).to_contain_text("überschneidet sich")
        await assert_accessible(page)
        assert not any("VO-2" in text for text in bot.api.texts(4242) if "Terminvorschlag" in text)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Trotzdem vorschlagen").click()
        await expect(page.get_by_role("status")).to_have_text("Der Vorschlag ist unterwegs zur Person.")

        await page.goto(f"{url}/console/vorort/calendar?date=2026-11-27")
        await expect(page.locator("#visit-1")).to_contain_text("⚠ Konflikt mit VO-2")
        await expect(page.locator("#visit-2")).to_contain_text("vorgeschlagen")
        # keyboard: the visit is a link; Enter opens the request with its move form
        await page.get_by_role("link", name="10:30–11:30 VO-2").focus()
        async with page.expect_navigation(wait_until="load"):
            await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="Vor-Ort-Anfrage VO-2")).to_be_visible()
        await page.goto(f"{url}/console/vorort/calendar?view=month&date=2026-11-27")
        await expect(page.get_by_text("November 2026 · 2 Besuche")).to_be_visible()
        await assert_accessible(page)


async def test_admin_creates_and_revokes_a_team_link(team: Desk, async_context: BrowserContext) -> None:
    async with running_server(team.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await _sign_in(page, url, ADMIN)
        await page.goto(f"{url}/console/vorort")
        await page.get_by_role("link", name="Kalender-Links").click()
        await expect(page.get_by_role("heading", name="Kalender-Links der Teams")).to_be_visible()
        await assert_accessible(page)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Link erstellen").click()
        link = await page.get_by_label("Kalender-Link").input_value()
        await assert_accessible(page)
        feed = await page.request.get(link)
        assert feed.status == 200 and (await feed.text()).startswith("BEGIN:VCALENDAR")
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Link widerrufen").click()
        await expect(page.get_by_role("status")).to_contain_text("Der Link ist widerrufen.")
        assert (await page.request.get(link)).status == 404
