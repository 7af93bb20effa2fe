"""The web server next to the bot: `python -m bot demo` (console) serves it while it runs."""

from __future__ import annotations

from pathlib import Path

import httpx

from bot.web import web_server
from core.services import create_services
from handlers.telegram.console import run_console
from tests.auxil.harness import make_config


async def test_demo_console_serves_the_web_while_it_runs(tmp_path: Path) -> None:
    printed: list[str] = []
    seen: list[str] = []

    def read(prompt: str) -> str:
        """Typed by the user (in a thread): look at the web server first, then leave."""
        url = next(line.split(": ", 1)[1] for line in printed if line.startswith("Web-Server: "))
        seen.append(httpx.get(f"{url}/health", timeout=5).text)
        return ":ende"

    await run_console(make_config(tmp_path), read=read, alongside=web_server, write=printed.append)
    assert seen == ['{"status":"ok","database":"ok"}']
    assert printed[-1] == "Auf Wiedersehen!"


async def test_web_disabled_opens_no_port(tmp_path: Path) -> None:
    services = await create_services(make_config(tmp_path, web={"enabled": False}))
    try:
        async with web_server(services, None) as url:
            assert url is None
    finally:
        await services.close()
