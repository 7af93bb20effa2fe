"""The console's server-sent events over a real socket: new rows, a changed ticket, the session's end."""

from __future__ import annotations

import asyncio
import html
import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
from playwright.async_api import BrowserContext, expect

from core.clock import ManualClock
from core.staff import StaffActor
from handlers.web import running_server
from tests.auxil.browser import assert_accessible
from tests.auxil.console import AGENT, PASSWORD, Desk, escalate, sign_in
from tests.auxil.harness import STAFF_CHAT

_LIVE = re.compile(r'data-live="([^"]+)"')


def _live_url(page: str) -> str:
    found = _LIVE.search(page)
    assert found, "no live stream in the page"
    return html.unescape(found.group(1))


async def _events(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(event, data) of a stream, as they arrive."""
    name, data = "", []
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
        elif line == "" and name:
            yield name, "\n".join(data)
            name, data = "", []


async def _next(events: AsyncIterator[tuple[str, str]], wanted: str, seconds: float = 5.0) -> str:
    async def first() -> str:
        async for name, data in events:
            if name == wanted:
                return data
        raise AssertionError(f"the stream ended before a {wanted!r} event")

    return await asyncio.wait_for(first(), seconds)


async def test_a_new_ticket_arrives_in_the_open_inbox_stream(desk: Desk) -> None:
    async with running_server(desk.app, "127.0.0.1", 0) as url, httpx.AsyncClient(base_url=url) as client:
        await sign_in(client)
        page = await client.get("/console/?state=open")
        stream_url = _live_url(page.text)
        assert stream_url.startswith("/console/inbox/events?state=open&v=")
        async with client.stream("GET", stream_url) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            events = _events(response)
            number = await escalate(desk.bot)  # a Telegram citizen, while the page is open
            rows = await _next(events, "rows", 3.0)  # the goal: visible in under 3 s
            assert f'id="ticket-{number}"' in rows and "Baumhaus" in rows
            assert json.loads(await _next(events, "counts", 1.0)) == {"open": 1, "all": 1}
            await desk.bot.press(f"t:claim:{number}", user=desk.bot.staff, chat_id=STAFF_CHAT)
            rows = await _next(events, "rows", 3.0)  # claimed in the group: gone from "open"
            assert f'id="ticket-{number}"' not in rows and "Keine Anfragen gefunden." in rows


async def test_the_ticket_page_stream_says_when_it_changed(desk: Desk) -> None:
    number = await escalate(desk.bot)
    async with running_server(desk.app, "127.0.0.1", 0) as url, httpx.AsyncClient(base_url=url) as client:
        await sign_in(client)
        stream_url = _live_url((await client.get(f"/console/tickets/{number}")).text)
        assert stream_url.startswith(f"/console/tickets/{number}/events?v=")
        async with client.stream("GET", stream_url) as response:
            events = _events(response)
            await desk.bot.press(f"t:claim:{number}", user=desk.bot.staff, chat_id=STAFF_CHAT)
            await _next(events, "changed", 3.0)
            await desk.bot.services.console.add_note(number, StaffActor(-1, AGENT), "Rückruf vereinbart")
            await _next(events, "changed", 3.0)
        stale = f"/console/tickets/{number}/events?v=old"
        async with client.stream("GET", stale) as response:  # changed since the page: told at once
            await _next(_events(response), "changed", 3.0)
        missing = await client.get("/console/tickets/999/events")
        assert missing.status_code == 204  # EventSource stops trying


async def test_a_stream_ends_with_its_session_and_never_keeps_it_alive(
    desk: Desk, clock: ManualClock
) -> None:
    services = desk.bot.services
    async with running_server(desk.app, "127.0.0.1", 0) as url, httpx.AsyncClient(base_url=url) as client:
        assert (await client.get("/console/inbox/events")).status_code == 303  # no session: sign-in
        await sign_in(client)
        stream_url = _live_url((await client.get("/console/")).text)
        seen = await services.db.fetchone("SELECT last_seen_at FROM staff_sessions")
        async with client.stream("GET", stream_url) as response:
            events = _events(response)
            await asyncio.sleep(2.5)  # a few checks of the session
            after = await services.db.fetchone("SELECT last_seen_at FROM staff_sessions")
            assert seen is not None and after is not None and after[0] == seen[0]  # not counted as activity
            clock.advance(timedelta(minutes=services.config.web.session_minutes + 1))
            await _next(events, "signed_out", 3.0)
        await sign_in(client)
        async with client.stream("GET", stream_url) as response:
            events = _events(response)
            await services.accounts.disable(AGENT)
            await _next(events, "signed_out", 3.0)


async def test_the_browser_follows_the_streams_instead_of_polling(
    desk: Desk, async_context: BrowserContext
) -> None:
    bot = desk.bot
    async with running_server(desk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        await page.goto(f"{url}/console/login")
        await page.get_by_label("Name").fill(AGENT)
        await page.get_by_label("Passwort").fill(PASSWORD)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Anmelden").click()
        await expect(page.get_by_text("Keine Anfragen gefunden.")).to_be_visible()
        await page.wait_for_timeout(500)  # the stream is open
        number = await escalate(bot)
        await expect(page.locator(f"#ticket-{number}")).to_be_visible(timeout=3000)
        await expect(page.locator('[data-count="open"]')).to_have_text("1")  # the tabs follow too
        await page.wait_for_timeout(2500)  # a polling interval and more
        assert not [u for u in requested if "/console/inbox/rows" in u]  # the stream replaced the polling
        assert [u for u in requested if "/console/inbox/events" in u]

        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("link", name=f"#{number}").click()
        await page.get_by_label("Interne Notiz").fill("Entwurf: Bauamt fragen")
        await bot.press(f"t:claim:{number}", user=bot.staff, chat_id=STAFF_CHAT)  # in the Telegram group
        await expect(page.locator(".meta")).to_contain_text("Sam Team", timeout=3000)
        await expect(page.locator("#live-note")).to_contain_text("Ihre Eingabe bleibt stehen")
        await expect(page.get_by_label("Interne Notiz")).to_have_value("Entwurf: Bauamt fragen")
        await page.get_by_label("Interne Notiz").fill("")
        await page.locator("body").click()  # nobody types: the next change swaps the forms too
        await bot.services.console.add_note(number, StaffActor(-2, "chef"), "Von der Kollegin")
        await expect(page.locator(".note")).to_contain_text("Von der Kollegin", timeout=3000)
        await expect(page.locator("#live-note")).to_have_text(
            "Die Anfrage hat sich geändert. Die Seite zeigt den neuen Stand."
        )
        await expect(page.get_by_role("button", name="Übernehmen")).to_have_count(0)  # new forms: claimed
        await assert_accessible(page)
        await page.close()  # ends the stream before the server stops
