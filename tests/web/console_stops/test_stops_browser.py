"""The stop plan pages in a real browser, next to the offline bot in the same event loop.

A stop cancelled in the web reaches each Telegram subscriber exactly once (also after going
back and pressing again); a month's plan goes upload -> preview -> apply, and "apply" pressed
again in a second tab applies nothing. axe-core runs on every page: month, cancel and move
forms with their previews, progress, upload, preview, errors, the second apply.
"""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from handlers.web import running_server
from tests.auxil.browser import assert_accessible
from tests.auxil.console import AGENT, PASSWORD, Desk
from tests.auxil.console_stops import BAD_CSV, GOOD_CSV, STEELE, SUBSCRIBERS, notices_to, subscribe_to_steele
from tests.auxil.harness import STAFF_CHAT


async def _sign_in(page: Page, url: str) -> None:
    await page.goto(f"{url}/console/login")
    await page.get_by_label("Name").fill(AGENT)
    await page.get_by_label("Passwort").fill(PASSWORD)
    async with page.expect_navigation(wait_until="load"):
        await page.get_by_role("button", name="Anmelden").click()
    await expect(page.get_by_role("heading", name="Anfragen")).to_be_visible()


async def test_a_stop_cancelled_in_the_web_reaches_each_subscriber_once(
    sdesk: Desk, async_context: BrowserContext
) -> None:
    bot = sdesk.bot
    await subscribe_to_steele(bot)
    async with running_server(sdesk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await _sign_in(page, url)
        await page.get_by_role("link", name="Haltestellen-Plan").click()
        await expect(page.get_by_role("heading", name="Haltestellen-Plan: November 2026")).to_be_visible()
        await assert_accessible(page)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("link", name="Nächster Monat").click()
        await expect(page.get_by_role("heading", name="Haltestellen-Plan: Dezember 2026")).to_be_visible()
        await expect(page.locator("#stop-2026-12-08-borbeck")).to_contain_text("abgesagt")
        await assert_accessible(page)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("link", name="Voriger Monat").click()

        row = page.locator(f"#stop-{STEELE}")
        await row.get_by_role("link", name="Absagen").click()
        await expect(page.get_by_role("heading", name="Halt absagen")).to_be_visible()
        await assert_accessible(page)
        await page.get_by_label("Warum fällt der Halt aus?").fill("Fahrzeug in der Werkstatt")
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Vorschau ansehen").click()
        await expect(page.get_by_text("Diese Nachricht geht an 3 Personen")).to_be_visible()
        await expect(page.locator(".notice-text").first).to_contain_text("Fahrzeug in der Werkstatt")
        await assert_accessible(page)
        assert await bot.services.stops.overrides.since("2000-01-01") == []  # a preview stores nothing

        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Absagen und Nachricht senden").click()
        await expect(page.get_by_role("heading", name="Nachricht wird gesendet")).to_be_visible()
        await expect(page.get_by_text("3 von 3 gesendet")).to_be_visible(timeout=5000)  # polled, no reload
        await expect(page.get_by_text("Fertig: alle Nachrichten sind verschickt.")).to_be_visible()
        await assert_accessible(page)

        await page.go_back()  # the preview again: a second press must not send again
        await expect(page.get_by_role("button", name="Absagen und Nachricht senden")).to_be_visible()
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Absagen und Nachricht senden").click()
        await expect(page.get_by_text("Niemand bekommt die Nachricht doppelt.")).to_be_visible()
        await bot.settle()
        for chat_id in SUBSCRIBERS:
            assert len(notices_to(bot, chat_id, "Fahrzeug in der Werkstatt")) == 1, chat_id
        assert len(notices_to(bot, STAFF_CHAT, "Abgesagt von anna (Web-Konsole)")) == 1

        await page.goto(f"{url}/console/stops/2026-12-03-steele/move")
        await expect(page.get_by_role("heading", name="Halt verlegen")).to_be_visible()
        await assert_accessible(page)
        await page.get_by_label("Beginn").fill("11:00")
        await page.get_by_label("Ende").fill("15:00")
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Vorschau ansehen").click()
        await expect(page.get_by_text("Diese Nachricht geht an 3 Personen")).to_be_visible()
        await assert_accessible(page)


async def test_upload_preview_apply_in_the_browser(sdesk: Desk, async_context: BrowserContext) -> None:
    bot = sdesk.bot
    async with running_server(sdesk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await _sign_in(page, url)
        await page.goto(f"{url}/console/stops")
        await page.get_by_role("link", name="Monatsplan hochladen").click()
        await expect(page.get_by_role("heading", name="Monatsplan hochladen")).to_be_visible()
        await assert_accessible(page)

        file_input = page.get_by_label("Datei (CSV oder YAML, höchstens 512 KB)")
        await file_input.set_input_files(
            files=[{"name": "falsch.csv", "mimeType": "text/csv", "buffer": BAD_CSV.encode()}]
        )
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Datei prüfen").click()
        await expect(page.get_by_role("alert")).to_contain_text("Zeile 3: Datum '32.01.2027' gibt es nicht")
        await expect(page.get_by_role("alert")).to_contain_text("Zeile 4: Ort 'nirgendwo' ist unbekannt")
        await expect(page.get_by_role("button", name="Plan übernehmen")).to_have_count(0)
        await assert_accessible(page)

        await file_input.set_input_files(
            files=[{"name": "januar.csv", "mimeType": "text/csv", "buffer": GOOD_CSV.encode()}]
        )
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Datei prüfen").click()
        await expect(
            page.get_by_text("1 neu, 9 fallen weg, 1 geändert, 1 bestätigt, 0 unverändert.")
        ).to_be_visible()
        added = page.locator("tr.kind-added")
        await expect(added).to_contain_text("Fr 15.1., 09:00–12:00 Uhr · Werden, Werdener Markt")
        await assert_accessible(page)
        assert not (bot.config.stops.plan_path.parent / "imports").exists()
        second = await async_context.new_page()  # the same preview open in a second tab
        await second.goto(f"{url}/console/stops/import")
        await second.set_content(await page.content())

        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Plan übernehmen").click()
        await expect(page.get_by_role("status")).to_have_text("Der Monatsplan ist übernommen.")
        await expect(page.get_by_role("heading", name="Haltestellen-Plan: Januar 2027")).to_be_visible()
        await expect(page.locator("#stop-2027-01-15-werden")).to_contain_text("bestätigt")
        await assert_accessible(page)
        assert (bot.config.stops.plan_path.parent / "imports" / "2027-01.yaml").is_file()

        async with second.expect_navigation(wait_until="load"):  # pressed again in the other tab
            await second.get_by_role("button", name="Plan übernehmen").click()
        await expect(second.get_by_role("alert")).to_have_text(
            "Dieser Plan ist schon übernommen. Er wurde nicht noch einmal angewendet."
        )
        await assert_accessible(second)
        imported = [e for e in await bot.services.audit.entries() if e.action == "stops_imported"]
        assert len(imported) == 1
