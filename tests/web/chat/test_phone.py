"""The web chat on a small phone (360 × 740 CSS pixels, touch): ask and answer, nothing wider than the screen.

Checked on the chat page, after an answer, with large text and on the stops and Vor-Ort pages:
no horizontal scrolling, every input and button at least 44 px tall (WCAG 2.5.5's target
size), the settings switches inside the screen, and axe-core without serious violations.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.auxil.browser import assert_accessible
from tests.web.chat.conftest import ChatSite

PHONE: ViewportSize = {"width": 360, "height": 740}
MIN_TARGET = 44.0
_TOO_SMALL = """(minimum) => Array.from(document.querySelectorAll(
    'button, textarea, select, a.button, input:not([type=hidden]):not([type=radio]):not([type=checkbox])'))
  .filter((el) => el.offsetParent !== null)
  .map((el) => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height])
  .filter(([, height]) => height < minimum)"""
_OUTSIDE = """() => Array.from(document.querySelectorAll('body *'))
  .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => el.outerHTML.slice(0, 80))"""


@pytest.fixture
async def phone(async_browser: Browser) -> AsyncIterator[BrowserContext]:
    """A phone: small viewport, twice the pixels, touch, the mobile viewport meta honoured."""
    ctx = await async_browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
        locale="de-DE",
    )
    try:
        yield ctx
    finally:
        await ctx.close()


async def fits(page: Page) -> None:
    """No horizontal scrolling, nothing past the right edge, every target at least 44 px tall."""
    width = await page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    outside = await page.evaluate(_OUTSIDE)
    assert width[0] <= width[1], f"{page.url}: scrolls sideways ({width[0]} > {width[1]} px): {outside[:5]}"
    assert outside == [], f"{page.url}: past the right edge: {outside[:5]}"
    small = await page.evaluate(_TOO_SMALL, MIN_TARGET)
    assert small == [], f"{page.url}: targets under {MIN_TARGET:g} px: {small[:5]}"


async def test_ask_and_answer_on_a_phone(served: ChatSite, phone: BrowserContext) -> None:
    page = await phone.new_page()
    await page.goto(f"{served.url}/chat")
    assert await page.evaluate("() => window.innerWidth") == PHONE["width"]
    await fits(page)
    await assert_accessible(page)
    field = page.get_by_label("Ihre Frage")
    await field.tap()
    await field.fill("Was kostet ein Personalausweis?")
    await page.get_by_role("button", name="Senden").tap()
    log = page.get_by_role("log")
    await expect(log).to_contain_text("Stand:")
    await expect(log.get_by_role("button", name="Hat geholfen")).to_be_visible()
    await fits(page)
    await assert_accessible(page)
    await log.get_by_role("button", name="Hat nicht geholfen").tap()
    await expect(log.get_by_role("button", name="Ja, an das Team senden")).to_be_visible()
    await fits(page)


async def test_large_text_still_fits_on_a_phone(served: ChatSite, phone: BrowserContext) -> None:
    page = await phone.new_page()
    await page.goto(f"{served.url}/chat")
    switch = page.get_by_role("button", name="Große Schrift")
    async with page.expect_navigation(wait_until="load"):
        await switch.tap()
    await expect(switch).to_have_attribute("aria-pressed", "true")
    box = await switch.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    await fits(page)
    await page.get_by_label("Ihre Frage").fill("Darf ich im Garten ein Baumhaus bauen?")
    await page.get_by_role("button", name="Senden").tap()
    await expect(page.get_by_role("log").get_by_role("button", name="Ja, an das Team senden")).to_be_visible()
    await fits(page)
    await assert_accessible(page)
    async with page.expect_navigation(wait_until="load"):
        await page.get_by_role("button", name="Hoher Kontrast").tap()
    await fits(page)
    await assert_accessible(page)


async def test_the_other_pages_fit_on_a_phone(served: ChatSite, phone: BrowserContext) -> None:
    page = await phone.new_page()
    for path in ("/chat/stops?q=Borbeck", "/chat/vorort", "/chat/widget"):
        await page.goto(f"{served.url}{path}?large=1" if "?" not in path else f"{served.url}{path}&large=1")
        await fits(page)
        await assert_accessible(page)
