"""Fixtures of the web tests: Playwright (async) on the system Chromium.

The browser tests are async, so the bot, the web server and the browser share one event loop.
pytest-playwright's sync fixtures (`page`, `browser`) must not be used here: their session keeps
a loop running that breaks every later async test. Its `browser_type_launch_args` (with the
command line options --headed, --slowmo) is used by `async_browser`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, async_playwright

from tests.auxil.browser import launch_args


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium by executable_path, not a downloaded one (`playwright install` cannot run here)."""
    return launch_args(browser_type_launch_args)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """axe-core is injected as a script tag, which the pages' strict CSP would refuse."""
    return {**browser_context_args, "bypass_csp": True, "locale": "de-DE"}


@pytest.fixture
async def async_browser(browser_type_launch_args: dict[str, Any]) -> AsyncIterator[Browser]:
    """The async browser in the test's own event loop, next to the bot and the web server.

    (pytest-playwright's `browser`/`page` are sync and cannot share the loop with the bot.)
    """
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(**browser_type_launch_args)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def async_context(async_browser: Browser) -> AsyncIterator[BrowserContext]:
    """A fresh browser profile (no cookies), German, CSP bypassed for axe-core."""
    ctx = await async_browser.new_context(
        bypass_csp=True, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    try:
        yield ctx
    finally:
        await ctx.close()
