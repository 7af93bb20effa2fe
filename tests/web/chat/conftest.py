"""Fixtures of the web chat tests: the bot (offline Telegram) with the chat part, over ASGI or a socket."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route as WebRoute

from core.clock import ManualClock
from handlers.web import create_app, running_server
from handlers.web.chat import chat_part
from tests.auxil.harness import Harness, make_config
from tests.auxil.web import asgi_client

KEY = b"chat-test-key-" * 3


@dataclass
class ChatSite:
    """The running bot and its web chat: an ASGI client, and the base URL when served on a socket."""

    bot: Harness
    client: httpx.AsyncClient
    app: Starlette
    url: str = "http://testserver"


@pytest.fixture
async def site(tmp_path: Path, clock: ManualClock) -> AsyncIterator[ChatSite]:
    """The bot with the web chat, reached over ASGI (no socket)."""
    async with Harness(make_config(tmp_path), clock) as bot:
        app = create_app(bot.services, [chat_part()], KEY)
        async with asgi_client(app) as client:
            yield ChatSite(bot, client, app)


@pytest.fixture
async def served(tmp_path: Path, clock: ManualClock) -> AsyncIterator[ChatSite]:
    """The bot with the web chat on a real port (for the browser)."""
    async with Harness(make_config(tmp_path), clock) as bot:
        app = create_app(bot.services, [chat_part()], KEY)
        async with running_server(app, "127.0.0.1", 0) as url, httpx.AsyncClient(base_url=url) as client:
            yield ChatSite(bot, client, app, url)


@dataclass
class Widget:
    """The city's page (its origin) with the chat in a frame, the chat's own URL and the bot."""

    city: str
    chat: str
    bot: Harness


@contextlib.asynccontextmanager
async def widget_site(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Widget]:
    """The bot's chat on 127.0.0.1, embedded by a city page on localhost (another site)."""
    chat_url: list[str] = []

    async def city_page(request: Request) -> Response:
        frame = f'<iframe src="{chat_url[0]}/chat?embed=1" title="Bürgermobil-Chat" width="700" height="800">'
        return HTMLResponse(
            f'<!doctype html><html lang="de"><title>Stadt</title><h1>Stadt</h1>{frame}</iframe>'
        )

    city = Starlette(routes=[WebRoute("/", city_page)])
    async with running_server(city, "127.0.0.1", 0) as city_url:
        city_origin = city_url.replace("127.0.0.1", "localhost")
        config = make_config(tmp_path, web={"chat_embed_origins": [city_origin]})
        async with Harness(config, clock) as bot:
            app = create_app(bot.services, [chat_part()], KEY)
            async with running_server(app, "127.0.0.1", 0) as url:
                chat_url.append(url)
                yield Widget(city_origin, url, bot)
