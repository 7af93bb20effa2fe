"""The web chat in Debian's Chromium: ask, escalate, the staff reply from Telegram, the code, the form.

The bot runs offline (its Telegram side is `OfflineBotApi`); the staff answer in the Telegram
group as usual, the citizen's page shows it without a reload (server-sent events).
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Locator, Page, expect

from core.appointments import Slot
from core.clock import ManualClock
from core.staff import StaffActor
from tests.auxil.appointment_steps import staff_press
from tests.auxil.browser import assert_accessible
from tests.web.chat.conftest import ChatSite, widget_site

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
ANSWER = "Ja, mit einer Genehmigung vom Bauamt."


async def open_chat(context: BrowserContext, site: ChatSite) -> Page:
    page = await context.new_page()
    await page.goto(f"{site.url}/chat")
    return page


def watch(page: Page, site: ChatSite) -> tuple[list[str], list[str]]:
    """Script errors on the page, and every request that goes elsewhere than the bot's server."""
    problems: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(site.url) else None)
    return problems, outside


async def ask(page: Page, text: str) -> None:
    await page.get_by_label("Ihre Frage").fill(text)
    await page.get_by_role("button", name="Senden").click()


async def test_ask_and_get_the_faq_answer(served: ChatSite, async_context: BrowserContext) -> None:
    page = await async_context.new_page()
    problems, outside = watch(page, served)
    await page.goto(f"{served.url}/chat")
    await expect(page.get_by_role("heading", name="Datenschutz – bevor Sie schreiben")).to_be_visible()
    await assert_accessible(page)
    started = time.perf_counter()
    await ask(page, "Was kostet ein Personalausweis?")
    log = page.get_by_role("log")
    await expect(log).to_contain_text("Stand:")
    first_answer = time.perf_counter() - started
    await expect(log.get_by_role("button", name="Hat geholfen")).to_be_visible()
    await expect(page.get_by_label("Ihre Frage")).to_be_focused()
    await assert_accessible(page)
    await log.get_by_role("button", name="Hat geholfen").click()
    await expect(log).to_contain_text("Danke für Ihre Rückmeldung")
    assert problems == [] and outside == []
    assert first_answer < 3.0, first_answer


async def test_escalate_and_see_the_staff_reply_from_telegram(
    served: ChatSite, async_browser: Browser, async_context: BrowserContext
) -> None:
    page = await open_chat(async_context, served)
    await ask(page, QUESTION)
    log = page.get_by_role("log")
    await log.get_by_role("button", name="Ja, an das Team senden").click()
    await expect(log).to_contain_text("Ihre Nummer: #1")
    receipt = await log.inner_text()
    code = re.search(r"Ihr Code: (\w{3}-\w{3})", receipt)
    assert code is not None
    await served.bot.settle()
    card = served.bot.to_staff()[-1]
    assert "Web-Chat" in card.text and QUESTION in card.text
    sent = time.perf_counter()
    await served.bot.staff_send(ANSWER, card)  # the staff reply in the Telegram group
    await expect(log).to_contain_text(ANSWER, timeout=3000)
    assert time.perf_counter() - sent < 3.0
    await served.bot.settle()
    assert "wurde zugestellt" in served.bot.to_staff()[-1].text
    # another device: a new browser profile, the code
    other = await async_browser.new_context(bypass_csp=True, locale="de-DE")
    try:
        laptop = await open_chat(other, served)
        await laptop.get_by_label("Ihr Code").fill(code.group(1).lower())
        await laptop.get_by_role("button", name="Gespräch öffnen").click()
        await expect(laptop.get_by_role("log")).to_contain_text(ANSWER)
        await expect(laptop.get_by_role("log")).to_contain_text(QUESTION)
    finally:
        await other.close()


async def test_keyboard_only(served: ChatSite, async_context: BrowserContext) -> None:
    page = await open_chat(async_context, served)
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    field = page.get_by_label("Ihre Frage")
    for _ in range(12):
        await page.keyboard.press("Tab")
        if await field.evaluate("el => el === document.activeElement"):
            break
    await expect(field).to_be_focused()
    await page.keyboard.type(QUESTION)
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("button", name="Senden")).to_be_focused()
    await page.keyboard.press("Enter")
    yes = page.get_by_role("log").get_by_role("button", name="Ja, an das Team senden")
    await expect(yes).to_be_visible()
    for _ in range(4):  # back from the question field into the conversation
        await page.keyboard.press("Shift+Tab")
        if await yes.evaluate("el => el === document.activeElement"):
            break
    await expect(yes).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("log")).to_contain_text("Ihre Nummer: #1")


async def press(page: Page, button: Locator) -> None:
    """A form's button without JavaScript: the post, its 303 and the page it leads to, all loaded.

    (A reload while that navigation is still under way fails with "Not attached to an active page".)
    """
    async with page.expect_navigation(wait_until="load"):
        await button.click()


async def submit(page: Page, field: Locator, text: str) -> None:
    """Types into the question field and sends it without JavaScript, waiting for the new page."""
    await field.fill(text)
    await press(page, page.get_by_role("button", name="Senden"))


async def test_without_javascript(served: ChatSite, async_browser: Browser) -> None:
    context = await async_browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = await open_chat(context, served)
        await submit(page, page.get_by_label("Ihre Frage"), "Was kostet ein Personalausweis?")
        await expect(page.get_by_role("log")).to_contain_text("Stand:")
        await press(page, page.get_by_role("log").get_by_role("button", name="Hat nicht geholfen"))
        await press(page, page.get_by_role("log").get_by_role("button", name="Ja, an das Team senden"))
        await served.bot.settle()
        await page.reload(wait_until="load")
        await expect(page.get_by_role("log")).to_contain_text("Ihre Nummer: #1")
    finally:
        await context.close()


async def test_large_text_high_contrast_and_the_other_pages_are_accessible(
    served: ChatSite, async_context: BrowserContext
) -> None:
    page = await open_chat(async_context, served)
    small = await page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    await page.get_by_role("button", name="Große Schrift").click()
    await page.get_by_role("button", name="Hoher Kontrast").click()
    large = await page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert large > small
    await ask(page, "Was kostet ein Personalausweis?")
    await expect(page.get_by_role("log")).to_contain_text("Stand:")
    await assert_accessible(page)
    await page.goto(f"{served.url}/chat/stops?q=Borbeck")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Wo ist das Bürgermobil?")
    await assert_accessible(page)
    await page.goto(f"{served.url}/chat/vorort")
    await page.get_by_role("button", name="Angaben prüfen").click()
    await expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie diese Angaben")
    await assert_accessible(page)


async def test_vor_ort_request_for_a_relative(served: ChatSite, async_context: BrowserContext) -> None:
    page = await async_context.new_page()
    await page.goto(f"{served.url}/chat/vorort")
    await page.get_by_label("Für Angehörige oder eine Person, die ich betreue").check()
    await page.get_by_label("Bettlägerig oder stark gehbehindert").check()
    await page.get_by_label("Personalausweis").check()
    await page.get_by_label("Zu Hause (Wohnadresse)").check()
    await page.get_by_label("Adresse in Essen").fill("Marktstraße 5, 45355 Essen")
    await page.get_by_label("Name, Person 1").fill("Erna Muster")
    await page.get_by_label("Geburtsjahr, Person 1").fill("1938")
    await page.get_by_label("Ihr Name").fill("Petra Muster")
    await page.get_by_label("Telefonnummer für Rückfragen").fill("0201 123456")
    await page.get_by_label("Werktags vormittags").check()
    await page.get_by_role("button", name="Angaben prüfen").click()
    await expect(page.get_by_role("alert")).to_contain_text("Einverständnis")  # consent was not given
    await page.get_by_label("Ja, ich bin einverstanden.").check()
    await page.get_by_role("button", name="Angaben prüfen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihre Anfrage")
    await expect(page.locator(".notice")).to_contain_text("Erna Muster")
    await assert_accessible(page)
    await page.get_by_role("button", name="Anfrage absenden").click()
    await expect(page.get_by_role("status")).to_contain_text("VO-")
    await served.bot.settle()
    card = served.bot.to_staff()[-1]
    assert "Vor-Ort-Anfrage" in card.text and "Petra Muster" in card.text and "Erna Muster" in card.text
    await page.goto(f"{served.url}/chat")
    await expect(page.get_by_role("log")).to_contain_text("VO-")


async def test_meine_anfragen_another_date_and_cancel(
    served: ChatSite, async_context: BrowserContext
) -> None:
    form: dict[str, str | float | bool] = {
        "key": "fedcba9876543210",
        "for_whom": "self",
        "reason": "mobility",
        "services": "id_card",
        "place_kind": "home",
        "place": "Marktstraße 5, 45355 Essen",
        "name": "Erna Muster",
        "year": "1938",
        "phone": "0201 123456",
        "times": "morning",
        "consent": "yes",
        "step": "send",
    }
    sent = await async_context.request.post(f"{served.url}/chat/vorort", form=form)  # the context's cookies
    assert sent.ok and "VO-1" in await sent.text()
    await served.bot.settle()
    await staff_press(served.bot, "va:propose:1")
    prompt = next(c for c in reversed(served.bot.to_staff()) if "mit Datum und Zeit" in c.text)
    await served.bot.staff_send("27.11. 10:00-11:00", prompt)
    await served.bot.settle()
    page = await open_chat(async_context, served)
    await page.get_by_role("link", name="Meine Anfragen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Meine Anfragen")
    await expect(page.get_by_role("main")).to_contain_text("Termin vorgeschlagen")
    await assert_accessible(page)
    await page.get_by_role("link", name="Passt nicht – anderer Termin").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Terminvorschlag")
    await assert_accessible(page)
    await page.get_by_label("Welcher Tag oder welche Uhrzeit passt besser?").fill("Lieber am Montag")
    async with page.expect_navigation(wait_until="load"):
        await page.get_by_role("button", name="Passt nicht – Wunsch senden").click()
    await expect(page.get_by_role("status")).to_contain_text(
        "Das Team schlägt Ihnen einen anderen Termin vor"
    )
    await page.get_by_role("link", name="VO-1 absagen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Anfrage absagen")
    await assert_accessible(page)
    await page.get_by_label("Warum sagen Sie ab?").fill("Es hat sich erledigt.")
    async with page.expect_navigation(wait_until="load"):
        await page.get_by_role("button", name="Ja, absagen").click()
    await expect(page.get_by_role("status")).to_contain_text("Die Anfrage ist abgesagt")
    await assert_accessible(page)
    await served.bot.settle()
    assert (await served.bot.services.appointments.get(1)).status == "abgesagt"
    assert any("Grund: Es hat sich erledigt." in c.text for c in served.bot.to_staff())


async def test_meine_anfragen_several_dates(served: ChatSite, async_context: BrowserContext) -> None:
    """Plain forms (the posts work without JavaScript, see test_mine.py, also a missing choice); axe."""
    context = async_context
    form: dict[str, str | float | bool] = {
        "key": "a1b2c3d4e5f60718",
        "for_whom": "self",
        "reason": "mobility",
        "services": "id_card",
        "place_kind": "home",
        "place": "Marktstraße 5, 45355 Essen",
        "name": "Erna Muster",
        "year": "1938",
        "phone": "0201 123456",
        "times": "morning",
        "consent": "yes",
        "step": "send",
    }
    sent = await context.request.post(f"{served.url}/chat/vorort", form=form)
    assert sent.ok
    await served.bot.settle()
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    slots = [Slot(friday + timedelta(days=d), friday + timedelta(days=d, hours=1)) for d in (0, 4)]
    await served.bot.services.appointments.propose_options(1, StaffActor(42, "Sam Team"), slots)
    await served.bot.settle()
    page = await context.new_page()
    await page.goto(f"{served.url}/chat/anfragen")
    await expect(page.get_by_role("button", name="Di 1.12., 10:00 passt")).to_be_visible()
    await assert_accessible(page)
    await page.get_by_role("link", name="Keiner passt").click()
    await expect(page.get_by_role("group", name="VO-1: Welcher Termin passt Ihnen?")).to_be_visible()
    await assert_accessible(page)
    await page.get_by_label("Di, 01.12.2026, 10:00–11:00 Uhr").check()
    await press(page, page.get_by_role("button", name="✅ Passt", exact=True))
    await expect(page.get_by_role("status")).to_be_visible()
    a = await served.bot.services.appointments.get(1)
    assert a.status == "bestaetigt" and a.visit_start == slots[1].start


async def test_the_widget_in_a_frame_on_another_site(
    tmp_path: Path, clock: ManualClock, async_browser: Browser
) -> None:
    """A city page on another site frames the chat: its cookie must be SameSite=None; Secure; Partitioned.

    http://localhost:… and http://127.0.0.1:… are different sites to the browser. The CSP is
    enforced here (no bypass), so the frame-ancestors list is checked too.
    """
    async with widget_site(tmp_path, clock) as widget:
        context = await async_browser.new_context(locale="de-DE")
        try:
            page = await context.new_page()
            await page.goto(widget.city + "/")
            frame = page.frame_locator("iframe")
            await frame.get_by_label("Ihre Frage").fill("Was kostet ein Personalausweis?")
            await frame.get_by_role("button", name="Senden").click()
            await expect(frame.get_by_role("log")).to_contain_text("Stand:")  # the events need the cookie
            cookies = [c for c in await context.cookies() if c["name"] == "bm_chat"]
            assert cookies and cookies[0]["sameSite"] == "None" and cookies[0]["secure"]
            await page.reload()
            await expect(page.frame_locator("iframe").get_by_role("log")).to_contain_text("Personalausweis")
        finally:
            await context.close()
