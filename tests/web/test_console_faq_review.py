"""The console's FAQ review page: over HTTP (ASGI) and in a real browser with axe-core.

The questions are this test's own (never copied from evaluation/cases).
"""

from __future__ import annotations

import yaml
from playwright.async_api import BrowserContext, expect

from core.faq_learning_reload import overlay_path
from handlers.web import running_server
from tests.auxil.browser import assert_accessible
from tests.auxil.console import AGENT, PASSWORD, Desk, csrf_of, escalate, sign_in
from tests.auxil.harness import Harness

PARROT = "Wo darf mein Papagei tagsüber frei fliegen?"
LINK = "https://www.essen.de/leben/umwelt/index.de.html"


async def _answered_ticket(bot: Harness) -> int:
    number = await escalate(bot, PARROT)
    card = next(call for call in reversed(bot.to_staff()) if f"Anfrage #{number}" in call.text)
    await bot.staff_send("Vögel dürfen in Essen nur in eigenen Räumen frei fliegen.", reply_to=card)
    return number


async def test_review_page_over_http_adds_drafts_approves_and_checks(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    assert (await client.get("/console/faq")).status_code == 303  # signed out: to the sign-in page
    await sign_in(client)
    empty = await client.get("/console/faq")
    assert "Keine offenen Fragen" in empty.text and "Keine offenen Entwürfe" in empty.text
    number = await _answered_ticket(bot)
    page = await client.get("/console/faq")
    assert PARROT in page.text and f"Entwurf aus der Antwort zu #{number}" in page.text
    assert f'href="/console/tickets/{number}"' in page.text
    csrf = csrf_of(page.text)
    item = str((await bot.services.learning.groups())[0].key)  # type: ignore[union-attr]

    forged = await client.post("/console/faq/example", data={"csrf": "x", "id": item, "entry": "kontakt"})
    assert forged.status_code == 403 and not overlay_path(bot.services.config).exists()
    added = await client.post("/console/faq/example", data={"csrf": csrf, "id": item, "entry": "kontakt"})
    assert added.status_code == 303 and added.headers["location"].endswith("done=added")
    kontakt = bot.services.faq.get("kontakt")
    assert kontakt is not None and PARROT in kontakt.questions  # the running bot's FAQ, swapped
    again = await client.post("/console/faq/example", data={"csrf": csrf, "id": item, "entry": "kontakt"})
    assert again.status_code == 409 and "schon erledigt" in again.text

    made = await client.post("/console/faq/draft", data={"csrf": csrf, "id": str(number)})
    assert made.headers["location"].endswith("done=draft")
    page = await client.get("/console/faq?done=draft")
    assert "Der Entwurf ist angelegt" in page.text and "Vögel dürfen" in page.text
    refused = await client.post("/console/faq/approve", data={"csrf": csrf, "id": "1"})
    assert refused.status_code == 409 and "noch einen Link" in refused.text
    saved = await client.post(
        "/console/faq/save",
        data={
            "csrf": csrf, "id": "1", "title": "Vögel frei fliegen lassen", "link": LINK, "entry_id": "voegel"
        },
    )
    assert saved.headers["location"].endswith("done=saved")
    approved = await client.post("/console/faq/approve", data={"csrf": csrf, "id": "1"})
    assert approved.headers["location"].endswith("done=approved")
    entry = bot.services.faq.get("voegel")
    assert entry is not None and entry.links == (LINK,) and entry.title == "Vögel frei fliegen lassen"

    fact = {"csrf": csrf, "kind": "fact", "item": "servicecenter_115"}
    checked = await client.post("/console/faq/checked", data=fact)
    assert checked.headers["location"].endswith("done=checked")
    overlay = yaml.safe_load(overlay_path(bot.services.config).read_text(encoding="utf-8"))
    dates = overlay["reviewed"]["facts"]["servicecenter_115"]
    assert str(dates["reviewed"]) == bot.services.today().isoformat()


async def test_a_broken_overlay_is_shown_with_file_and_key_and_nothing_changes(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    await sign_in(client)
    path = overlay_path(bot.services.config)
    path.write_text("version: 1\nreviewed: {entries: {kontkat: {reviewed: 2026-11-25}}}\n", encoding="utf-8")
    before = bot.services.faq
    csrf = csrf_of((await client.get("/console/faq")).text)
    entry = {"csrf": csrf, "kind": "entry", "item": "kontakt"}
    refused = await client.post("/console/faq/checked", data=entry)
    assert refused.status_code == 409 and 'role="alert"' in refused.text
    assert str(path) in refused.text and "reviewed.entries.kontkat" in refused.text
    assert bot.services.faq is before and "kontkat" in path.read_text(encoding="utf-8")


async def test_review_page_in_the_browser_is_accessible(desk: Desk, async_context: BrowserContext) -> None:
    bot = desk.bot
    number = await _answered_ticket(bot)
    async with running_server(desk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await page.goto(f"{url}/console/login")
        await page.get_by_label("Name").fill(AGENT)
        await page.get_by_label("Passwort").fill(PASSWORD)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Anmelden").click()
        await page.get_by_role("link", name="FAQ", exact=True).click()
        await expect(page.get_by_role("heading", name="FAQ-Pflege")).to_be_visible()
        await expect(page.get_by_role("heading", name=PARROT)).to_be_visible()
        await assert_accessible(page)

        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name=f"Entwurf aus der Antwort zu #{number}").click()
        await expect(page.get_by_role("status")).to_contain_text("Der Entwurf ist angelegt.")
        await page.get_by_label("Passender Eintrag").select_option("kontakt")
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Als Beispielfrage hinzufügen").click()
        await expect(page.get_by_role("status")).to_contain_text("Die Frage ist jetzt eine Beispielfrage.")
        await page.get_by_label("Link zur offiziellen Quelle").fill(LINK)
        await page.get_by_label("Titel").fill("Vögel frei fliegen lassen")
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Speichern").click()
        await expect(page.get_by_role("status")).to_have_text("Der Entwurf ist gespeichert.")
        await assert_accessible(page)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Freigeben: Entwurf 1").click()
        await expect(page.get_by_role("status")).to_contain_text("jetzt ein Eintrag der FAQ")
        await expect(page.get_by_text("Keine offenen Entwürfe.")).to_be_visible()
        await assert_accessible(page)

        await page.get_by_role("link", name="English").click()
        await expect(page.get_by_role("heading", name="FAQ care")).to_be_visible()
        await assert_accessible(page)
    assert any(entry.title == "Vögel frei fliegen lassen" for entry in bot.services.faq.entries)
