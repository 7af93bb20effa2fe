"""The web server next to the bot: `python -m bot demo` (console) serves it while it runs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from bot.web import demo_web_server, web_server
from core.services import Services, create_services
from handlers.telegram.console import run_console
from handlers.telegram.context import BotApplication
from tests.auxil.harness import make_config


async def test_demo_console_serves_the_web_and_prints_a_working_login(tmp_path: Path) -> None:
    printed: list[str] = []
    seen: list[str] = []

    @asynccontextmanager
    async def alongside(services: Services, app: BotApplication) -> AsyncIterator[str | None]:
        async with demo_web_server(services, app, write=printed.append) as url:
            yield url

    def read(prompt: str) -> str:
        """Typed by the user (in a thread): use the web console first, then leave."""
        url = next(line.split(": ", 1)[1] for line in printed if line.startswith("Web-Server: "))
        seen.append(httpx.get(f"{url}/health", timeout=5).text)
        login = next(line for line in printed if line.startswith("Team-Konsole"))
        name, password = re.findall(r"sign in: (\S+) / (\S+)", login)[0]
        with httpx.Client(base_url=url, timeout=10) as client:
            form = client.get("/console/login").text
            token = re.search(r'name="login_csrf" value="([^"]+)"', form)
            assert token is not None
            data = {"name": name, "password": password, "login_csrf": token.group(1)}
            signed = client.post("/console/login", data=data)
            seen.append(f"{signed.status_code} {signed.headers.get('location')}")
        return ":ende"

    await run_console(make_config(tmp_path), read=read, alongside=alongside, write=printed.append)
    assert seen == ['{"status":"ok","database":"ok"}', "303 /console/"]
    assert printed[-1] == "Auf Wiedersehen!"


async def test_web_disabled_opens_no_port(tmp_path: Path) -> None:
    services = await create_services(make_config(tmp_path, web={"enabled": False}))
    try:
        async with web_server(services, None) as url:
            assert url is None
    finally:
        await services.close()
