"""The staff console next to the offline bot: one event loop, one database, the same services."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
from starlette.applications import Starlette

from handlers.web import create_app
from handlers.web.console import console_part
from tests.auxil.harness import Harness
from tests.auxil.web import asgi_client

__all__ = ["ADMIN", "AGENT", "PASSWORD", "Desk", "console_desk", "csrf_of", "escalate", "sign_in"]

SECRET = b"console-test-key-" + b"x" * 32
PASSWORD = "richtig-geheim-42"
AGENT = "anna"
ADMIN = "chef"
QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_LOGIN_CSRF = re.compile(r'name="login_csrf" value="([^"]+)"')


@dataclass
class Desk:
    """The started bot, the console app on its services, and an HTTP client for it."""

    bot: Harness
    app: Starlette
    client: httpx.AsyncClient


async def escalate(bot: Harness, question: str = QUESTION) -> int:
    """A citizen asks something the FAQ cannot answer and sends it to the team; the ticket number."""
    await bot.send(question)
    await bot.press("esc:yes")
    rows = await bot.services.console.inbox()
    return rows[0].ticket.id


def csrf_of(html: str) -> str:
    """The CSRF token in a console page."""
    found = _CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def sign_in(client: httpx.AsyncClient, name: str = AGENT, password: str = PASSWORD) -> httpx.Response:
    """Fill in the sign-in form like a browser; returns the answer to the POST."""
    form = await client.get("/console/login")
    token = _LOGIN_CSRF.search(form.text)
    assert token, form.text
    return await client.post(
        "/console/login", data={"name": name, "password": password, "login_csrf": token.group(1)}
    )


@contextlib.asynccontextmanager
async def console_desk(bot: Harness) -> AsyncIterator[Desk]:
    """An agent and an admin account, and the console app on the bot's services."""
    await bot.services.accounts.add(AGENT, "agent", PASSWORD)
    await bot.services.accounts.add(ADMIN, "admin", PASSWORD)
    app = create_app(bot.services, [console_part()], SECRET)
    async with asgi_client(app) as client:
        yield Desk(bot, app, client)
