"""The widget when the browser refuses the frame's cookie: the probe, the fallback, the normal path.

A city page on another site (http://localhost:…) frames the chat (http://127.0.0.1:…). Chromium
keeps a Partitioned cookie in a frame even when it blocks third-party cookies (no launch flag
refuses it), so the refusing browser is simulated: the page's requests from the frame are
answered without their Set-Cookie headers, as Safari's ITP or Firefox's strict mode would drop
them. The chat opened top-level (a new window) is not touched: its cookie is first-party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright.async_api import Browser, Page, Route, expect

from core.clock import ManualClock
from tests.auxil.browser import assert_accessible
from tests.web.chat.conftest import ChatSite, Widget, widget_site

OPEN = "Chat in neuem Fenster öffnen"
ALLOW = "Cookie hier erlauben"
BLOCKED = "Der Chat kann sich in diesem Rahmen nichts merken"
HELP = re.compile(r'<section id="cookie-help"[^>]*>')




@dataclass
class CookieRefusal:
    """Answers the frame's posts without Set-Cookie while `refusing` (the browser keeps no cookie).

    With `frames_only=False` the page's own posts too (a browser that keeps no cookie at all).
    """

    chat: str
    refusing: bool = True
    frames_only: bool = True
    dropped: list[str] = field(default_factory=list)

    async def handle(self, route: Route) -> None:
        request = route.request
        framed = request.frame.parent_frame is not None or not self.frames_only
        if not (self.refusing and framed and request.method == "POST" and request.url.startswith(self.chat)):
            await route.continue_()
            return
        headers = {k: v for k, v in (await request.all_headers()).items() if not k.startswith(":")}
        async with httpx.AsyncClient() as client:
            answer = await client.request(
                "POST", request.url, headers=headers, content=request.post_data_buffer
            )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in ("set-cookie", "content-length")}
        if "set-cookie" in answer.headers:
            self.dropped.append(request.url)
        await route.fulfill(status=answer.status_code, headers=kept, body=answer.content)


async def city_page(browser: Browser, widget: Widget, refusal: CookieRefusal | None) -> Page:
    context = await browser.new_context(locale="de-DE", bypass_csp=True)
    page = await context.new_page()
    if refusal is not None:
        await page.route("**/*", refusal.handle)
    await page.goto(widget.city + "/")
    return page


async def test_probe_sets_a_cookie_by_the_policy_and_reports_it(site: ChatSite) -> None:
    assert (await site.client.get("/chat/probe")).text == "0"
    set_ = await site.client.post("/chat/probe")
    assert set_.status_code == 204 and "bm_probe=1" in set_.headers["set-cookie"]
    assert "HttpOnly" in set_.headers["set-cookie"] and "Path=/chat" in set_.headers["set-cookie"]
    checked = await site.client.get("/chat/probe")
    assert checked.text == "1" and checked.headers["cache-control"] == "no-store"
    foreign = await site.client.post("/chat/probe", headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403


async def test_without_javascript_the_widget_tells_that_the_cookie_did_not_come_back(site: ChatSite) -> None:
    sent = await site.client.post("/chat/send", data={"text": "Hallo", "embed": "1"})
    assert sent.status_code == 303 and sent.headers["location"] == "/chat?embed=1&neu=1#eingabe"
    site.client.cookies.clear()  # the browser refused the frame's cookie
    page = await site.client.get("/chat?embed=1&neu=1")
    assert BLOCKED in page.text and OPEN in page.text
    lost = HELP.search(page.text)
    assert lost and not lost[0].endswith(" hidden>")
    assert "data-ask hidden>" in page.text  # no question into a chat nobody can find again
    kept = await site.client.post("/chat/send", data={"text": "Hallo", "embed": "1"})
    followed = await site.client.get(kept.headers["location"].split("#")[0])  # the cookie came back
    shown = HELP.search(followed.text)
    assert shown and shown[0].endswith(" hidden>") and "data-ask hidden" not in followed.text
    again = await site.client.post("/chat/send", data={"text": "Danke", "embed": "1"})
    assert again.headers["location"] == "/chat?embed=1#eingabe"  # a known session: no marker


async def test_the_widget_keeps_its_cookie_and_hides_the_fallback(
    tmp_path: Path, clock: ManualClock, async_browser: Browser
) -> None:
    async with widget_site(tmp_path, clock) as widget:
        page = await city_page(async_browser, widget, None)
        try:
            frame = page.frame_locator("iframe")
            field = frame.get_by_label("Ihre Frage")
            await expect(field).to_be_visible()
            await expect(frame.locator("#cookie-help")).to_be_hidden()
            await field.fill("Was kostet ein Personalausweis?")
            await frame.get_by_role("button", name="Senden").click()
            await expect(frame.get_by_role("log")).to_contain_text("Stand:")
            await expect(frame.get_by_role("link", name=OPEN)).to_be_hidden()
        finally:
            await page.context.close()


async def test_a_refused_cookie_shows_the_new_window_button_and_it_works(
    tmp_path: Path, clock: ManualClock, async_browser: Browser
) -> None:
    async with widget_site(tmp_path, clock) as widget:
        refusal = CookieRefusal(widget.chat)
        page = await city_page(async_browser, widget, refusal)
        try:
            frame = page.frame_locator("iframe")
            await expect(frame.get_by_role("heading", name=BLOCKED)).to_be_visible()
            await expect(frame.get_by_label("Ihre Frage")).to_be_hidden()
            assert refusal.dropped and refusal.dropped[0].endswith("/chat/probe")
            async with page.context.expect_page() as opened:
                await frame.get_by_role("link", name=OPEN).click()
            window = await opened.value
            await window.wait_for_load_state()
            assert window.url == widget.chat + "/chat"  # top-level: the cookie is first-party
            await expect(window.locator("#cookie-help")).to_have_count(0)
            await window.get_by_label("Ihre Frage").fill("Was kostet ein Personalausweis?")
            await window.get_by_role("button", name="Senden").click()
            await expect(window.get_by_role("log")).to_contain_text("Stand:")
            assert [c for c in await page.context.cookies() if c["name"] == "bm_chat"]  # kept top-level
        finally:
            await page.context.close()


async def test_the_fallback_is_accessible(tmp_path: Path, clock: ManualClock, async_browser: Browser) -> None:
    """The help as the frame shows it, on a page of its own (axe-core runs in the top document)."""
    async with widget_site(tmp_path, clock) as widget:
        context = await async_browser.new_context(locale="de-DE", bypass_csp=True)
        try:
            page = await context.new_page()
            await page.route("**/*", CookieRefusal(widget.chat, frames_only=False).handle)
            await page.goto(widget.chat + "/chat?embed=1")
            await expect(page.get_by_role("heading", name=BLOCKED)).to_be_visible()
            await expect(page.get_by_role("link", name=OPEN)).to_be_visible()
            await expect(page.get_by_role("button", name=ALLOW)).to_be_visible()
            await assert_accessible(page)
        finally:
            await context.close()


async def test_storage_access_on_a_click_brings_the_chat_back_into_the_frame(
    tmp_path: Path, clock: ManualClock, async_browser: Browser
) -> None:
    async with widget_site(tmp_path, clock) as widget:
        refusal = CookieRefusal(widget.chat)
        page = await city_page(async_browser, widget, refusal)
        try:
            frame = page.frame_locator("iframe")
            allow = frame.get_by_role("button", name=ALLOW)
            await expect(allow).to_be_visible()  # Chromium has document.requestStorageAccess
            # the citizen allows it: Chromium's requestStorageAccess resolves (the permission granted
            # instead of its prompt), and from then on the browser keeps the frame's cookie
            await page.context.grant_permissions(["storage-access"])
            refusal.refusing = False
            await allow.click()
            await expect(frame.locator("#cookie-help")).to_be_hidden()
            field = frame.get_by_label("Ihre Frage")
            await expect(field).to_be_focused()
            await field.fill("Was kostet ein Personalausweis?")
            await frame.get_by_role("button", name="Senden").click()
            await expect(frame.get_by_role("log")).to_contain_text("Stand:")
        finally:
            await page.context.close()
