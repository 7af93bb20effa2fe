"""The browser setup itself: Debian's Chromium by executable_path, htmx under the strict CSP, axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext

from core.clock import ManualClock
from core.services import create_services
from handlers.web import create_app, running_server
from tests.auxil.browser import assert_accessible, chromium_path
from tests.auxil.harness import make_config
from tests.auxil.web import probe_part

HOSTILE = "<img src=x onerror=alert(1)> Grüße 🚐"


async def test_page_with_htmx_under_csp_and_axe(
    tmp_path: Path, clock: ManualClock, async_browser: Browser, async_context: BrowserContext
) -> None:
    services = await create_services(make_config(tmp_path), clock)
    folder = tmp_path / "templates"
    folder.mkdir()
    app = create_app(services, [probe_part(folder, [])], b"s" * 40)
    try:
        async with running_server(app, "127.0.0.1", 0) as url:
            strict = await async_browser.new_context()  # CSP enforced, as for staff
            page = await strict.new_page()
            problems: list[str] = []
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            await page.goto(f"{url}/probe?q={HOSTILE}")
            assert await page.evaluate("() => htmx.version.startsWith('2.')")
            assert await page.locator("#said").inner_text() == HOSTILE
            assert await page.locator("#said img").count() == 0
            assert problems == []
            await strict.close()
            checked = await async_context.new_page()
            await checked.goto(f"{url}/probe?q=Hallo")
            await assert_accessible(checked)
    finally:
        await services.close()



async def test_launch_uses_the_system_chromium(
    async_browser: Browser, browser_type_launch_args: dict[str, object]
) -> None:
    assert browser_type_launch_args["executable_path"] == chromium_path()
    assert async_browser.version.split(".")[0].isdigit()


def test_a_missing_browser_fails_unless_skipped_on_purpose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BROWSER_TESTS", raising=False)
    with pytest.raises(pytest.fail.Exception, match="make browser"):
        chromium_path()
    monkeypatch.setenv("BROWSER_TESTS", "skip")
    with pytest.raises(pytest.skip.Exception):
        chromium_path()
