"""The real browser of the web tests: Debian's chromium-headless-shell, and axe-core on a page.

No `playwright install` (it cannot download here): Playwright launches the system Chromium by
`executable_path`. A missing browser fails the tests; only `BROWSER_TESTS=skip` skips them.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest
from playwright.async_api import Page

from tests.auxil.paths import ROOT

__all__ = ["AXE", "LAUNCH_ARGS", "assert_accessible", "chromium_path", "launch_args"]

AXE = ROOT / "tests" / "web" / "vendor" / "axe.min.js"
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_SERIOUS = ("serious", "critical")
_AXE_RUN = """() => axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
    resultTypes: ['violations']})"""


def chromium_path() -> str:
    """The system Chromium ($CHROMIUM_PATH, chromium-headless-shell, chromium); fails if there is none."""
    found = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
    )
    if found:
        return found
    message = "no system Chromium: run `make browser` (apt-get install chromium-headless-shell)"
    if os.environ.get("BROWSER_TESTS") == "skip":
        pytest.skip(f"BROWSER_TESTS=skip: {message}")
    pytest.fail(f"{message}, or set BROWSER_TESTS=skip to skip the browser tests on purpose")


def launch_args(base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Playwright launch arguments for the system Chromium."""
    return {**(base or {}), "executable_path": chromium_path(), "args": LAUNCH_ARGS}


async def assert_accessible(page: Page) -> None:
    """axe-core on the page as it is now: no serious or critical WCAG 2.x A/AA violation."""
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(_AXE_RUN)
    bad = [
        f"{item['id']} [{item['impact']}]: {item['help']} — "
        + "; ".join(" ".join(node["target"]) for node in item["nodes"][:5])
        for item in result["violations"]
        if item["impact"] in _SERIOUS
    ]
    assert not bad, f"{page.url}: accessibility violations:\n" + "\n".join(bad)
