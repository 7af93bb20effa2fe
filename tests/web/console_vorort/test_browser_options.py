"""Two dates proposed in the console in a real browser, one of them conflicting; the citizen takes the second.

Propose 2 dates (the first collides with a confirmed visit and is flagged) → "Trotzdem vorschlagen"
→ the citizen presses the second date's button in Telegram → the calendar shows it confirmed and
the other date gone. axe-core runs on the changed pages (request form, a mistake at its field,
conflict, calendar).
"""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from handlers.web import running_server
from tests.auxil.appointment_steps import fill_request
from tests.auxil.browser import assert_accessible
from tests.auxil.console import PASSWORD, Desk

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}
VORORT = "vera"  # the account of the `team` fixture


async def _sign_in(page: Page, url: str) -> None:
    await page.goto(f"{url}/console/login")
    await page.get_by_label("Name").fill(VORORT)
    await page.get_by_label("Passwort").fill(PASSWORD)
    async with page.expect_navigation(wait_until="load"):
        await page.get_by_role("button", name="Anmelden").click()


async def test_two_dates_one_flagged_the_citizen_takes_the_second(
    team: Desk, async_context: BrowserContext
) -> None:
    bot = team.bot
    await fill_request(bot)
    await fill_request(bot, OTTO)
    async with running_server(team.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await _sign_in(page, url)
        await page.goto(f"{url}/console/vorort/1")
        await page.get_by_label("Datum").fill("2026-11-27")
        await page.get_by_label("Beginn").fill("10:00")
        await page.get_by_label("Ende").fill("11:00")
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Vorschlag senden").click()
        await bot.settle()
        await bot.press("vc:yes:1:1")  # VO-1 is confirmed: Friday 10:00–11:00

        await page.goto(f"{url}/console/vorort/2")
        await expect(page.get_by_role("group", name="Weitere Termine zur Auswahl")).to_be_visible()
        await assert_accessible(page)
        await page.get_by_label("Datum").fill("2026-11-27")
        await page.get_by_label("Beginn").fill("10:30")
        await page.get_by_label("Ende").fill("11:30")
        await page.get_by_label("2. Termin: Tag").fill("2026-12-01")
        await page.get_by_label("2. Termin: bis").fill("15:00")
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Vorschlag senden").click()
        begin = page.get_by_label("2. Termin: von")  # the mistake is shown at its field
        await expect(begin).to_have_attribute("aria-invalid", "true")
        await expect(page.locator("#start2-error")).to_have_text("Bitte Datum, Beginn und Ende angeben.")
        await expect(page.get_by_label("2. Termin: Tag")).to_have_value("2026-12-01")  # values kept
        await assert_accessible(page)
        await begin.fill("14:00")
        async with page.expect_navigation(wait_until="load"):
            await page.keyboard.press("Enter")  # the form is sent from the keyboard
        alert = page.locator(".conflict")
        await expect(alert).to_contain_text("1. Termin: Fr, 27.11.2026, 10:30–11:30 Uhr")
        await expect(alert).to_contain_text("VO-1")
        await expect(alert).not_to_contain_text("2. Termin")  # the free date is not flagged
        await assert_accessible(page)
        await bot.settle()
        assert not any("Terminvorschl" in text for text in bot.api.texts(4242))
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Trotzdem vorschlagen").click()
        await expect(page.get_by_role("status")).to_have_text("Der Vorschlag ist unterwegs zur Person.")
        await expect(page.get_by_text("Di, 01.12.2026, 14:00–15:00 Uhr").first).to_be_visible()
        await assert_accessible(page)

        await page.goto(f"{url}/console/vorort/calendar?date=2026-11-27")
        first = page.locator("#visit-2")
        await expect(first).to_contain_text("vorgeschlagen · Vorschlag 1")
        await expect(first).to_contain_text("⚠ Konflikt mit VO-1")
        await assert_accessible(page)

        await bot.settle()
        proposal = bot.api.last(4242)
        assert "Terminvorschläge zu VO-2" in proposal.text
        await bot.press(bot.button(proposal, "Di 1.12., 14:00"), user=OTTO)  # the citizen, in Telegram
        assert any("Ihr Termin ist bestätigt" in text for text in bot.api.texts(4242))

        await page.goto(f"{url}/console/vorort/calendar?date=2026-12-01")
        chosen = page.locator("#visit-2")
        await expect(chosen).to_contain_text("14:00–15:00 VO-2")
        await expect(chosen).to_contain_text("bestätigt")
        await expect(chosen).not_to_contain_text("Vorschlag")
        await assert_accessible(page)
        await page.goto(f"{url}/console/vorort/calendar?date=2026-11-27")
        await expect(page.locator("#visit-1")).not_to_contain_text("Konflikt")  # the other date is gone
        await expect(page.locator("#visit-2")).to_have_count(0)
