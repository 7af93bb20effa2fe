"""The chat behind a reverse proxy and inside another site's frame: client address, scheme, cookies."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.clock import ManualClock
from handlers.web import create_app
from handlers.web.chat import chat_part
from handlers.web.chat.session import ChatLimits, site_of
from tests.auxil.harness import Harness, make_config
from tests.web.chat.conftest import KEY

PUBLIC = "https://bot.essen.de"


@contextlib.asynccontextmanager
async def peer(
    tmp_path: Path, clock: ManualClock, address: str, base: str = "http://bot.essen.de", **web: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """The chat as seen from a peer at `address` (the proxy in front, or a citizen directly)."""
    async with Harness(make_config(tmp_path, web=web), clock) as bot:
        app = create_app(bot.services, [chat_part()], KEY)
        async with app.router.lifespan_context(app):
            app.state.web.extras["chat"] = ChatLimits(1)  # per address: 3 a minute
            transport = httpx.ASGITransport(app=app, client=(address, 40000))
            async with httpx.AsyncClient(transport=transport, base_url=base) as client:
                yield client


async def post(client: httpx.AsyncClient, **headers: str) -> httpx.Response:
    """A first question without a session cookie (only the address limit counts)."""
    client.cookies.clear()
    return await client.post("/chat/send", data={"text": "Hallo"}, headers=headers)


async def test_a_trusted_proxy_names_the_citizen_and_the_scheme(tmp_path: Path, clock: ManualClock) -> None:
    async with peer(tmp_path, clock, "127.0.0.1", public_url=PUBLIC) as client:
        https = {"x-forwarded-proto": "https", "origin": PUBLIC}
        for number in range(6):  # six citizens, each under the address limit of 3
            sent = await post(client, **https, **{"x-forwarded-for": f"198.51.100.{number}"})
            assert sent.status_code == 303, number
            assert "Secure" in sent.headers["set-cookie"]
        same = {**https, "x-forwarded-for": "198.51.100.9"}
        assert [(await post(client, **same)).status_code for _ in range(4)] == [303, 303, 303, 429]
        # the Origin check compares with the scheme the proxy names: plain http is not our page
        assert (await post(client, origin=PUBLIC, **{"x-forwarded-for": "198.51.100.20"})).status_code == 403


async def test_a_chain_of_proxies_is_followed_only_through_trusted_hops(
    tmp_path: Path, clock: ManualClock
) -> None:
    chain = {"x-forwarded-for": "203.0.113.5, 10.0.0.7"}  # the citizen, then an inner proxy
    async with peer(tmp_path, clock, "127.0.0.1", trusted_proxies=["127.0.0.1", "10.0.0.0/8"]) as client:
        assert [(await post(client, **chain)).status_code for _ in range(3)] == [303] * 3
        # another citizen behind the same inner proxy has its own limit
        other = {"x-forwarded-for": "203.0.113.6, 10.0.0.7"}
        assert (await post(client, **other)).status_code == 303
        assert (await post(client, **chain)).status_code == 429
    async with peer(tmp_path / "b", clock, "127.0.0.1", trusted_proxies=["127.0.0.1"]) as client:
        # 10.0.0.7 is not trusted: it is the client, for both citizens
        assert [(await post(client, **chain)).status_code for _ in range(3)] == [303] * 3
        assert (await post(client, **{"x-forwarded-for": "203.0.113.6, 10.0.0.7"})).status_code == 429


async def test_forwarded_headers_from_anyone_else_are_ignored(tmp_path: Path, clock: ManualClock) -> None:
    async with peer(tmp_path, clock, "192.0.2.44", public_url="http://bot.essen.de") as client:
        spoofed = [{"x-forwarded-for": f"198.51.100.{n}"} for n in range(4)]
        assert [(await post(client, **h)).status_code for h in spoofed] == [303, 303, 303, 429]
        # a forged https scheme does not make our https origin match, nor the cookie Secure
        https = {"x-forwarded-proto": "https", "origin": "https://bot.essen.de"}
        async with peer(tmp_path / "b", clock, "192.0.2.45") as fresh:
            assert (await post(fresh, **https)).status_code == 403
            sent = await post(fresh, **{"x-forwarded-proto": "https"})
            assert sent.status_code == 303 and "Secure" not in sent.headers["set-cookie"]
    async with peer(tmp_path / "c", clock, "127.0.0.1", trusted_proxies=[]) as client:  # nobody trusted
        spoofed = [{"x-forwarded-for": f"198.51.100.{n}"} for n in range(4)]
        assert [(await post(client, **h)).status_code for h in spoofed] == [303, 303, 303, 429]


def test_the_site_of_an_address() -> None:
    assert site_of("https", "www.essen.de") == site_of("https", "BOT.Essen.de.") == ("https", "essen.de")
    assert site_of("http", "www.essen.de") != site_of("https", "www.essen.de")  # schemeful
    assert site_of("https", "a.github.io") != site_of("https", "b.github.io")  # a public suffix
    assert site_of("https", "stadt.essen.nrw.de") == ("https", "nrw.de")
    assert site_of("http", "127.0.0.1") == ("http", "127.0.0.1") != site_of("http", "127.0.0.2")
    assert site_of("http", "[::1]") == ("http", "::1")
    assert site_of("http", "localhost") == ("http", "localhost")


def cookie_of(response: httpx.Response, name: str) -> str:
    found = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    assert len(found) == 1, response.headers.get_list("set-cookie")
    return found[0]


async def test_same_site_embedding_keeps_lax_cookies(tmp_path: Path, clock: ManualClock) -> None:
    async with peer(
        tmp_path,
        clock,
        "127.0.0.1",
        base=PUBLIC,
        public_url=PUBLIC,
        chat_embed_origins=["https://www.essen.de"],
    ) as client:
        sent = await client.post("/chat/send", data={"text": "Hallo"})
        cookie = cookie_of(sent, "bm_chat")
        assert "SameSite=lax" in cookie and "Secure" in cookie and "Partitioned" not in cookie
        framed = await client.get("/chat/stops")
        assert "frame-ancestors 'self' https://www.essen.de;" in framed.headers["content-security-policy"]


async def test_cross_site_embedding_needs_samesite_none_secure_partitioned(
    tmp_path: Path, clock: ManualClock
) -> None:
    origins = ["https://www.essen.de", "https://stadtteil.example.org"]
    async with peer(
        tmp_path, clock, "127.0.0.1", base=PUBLIC, public_url=PUBLIC, chat_embed_origins=origins
    ) as client:
        sent = await client.post("/chat/send", data={"text": "Hallo"}, headers={"origin": PUBLIC})
        cookie = cookie_of(sent, "bm_chat")
        for part in ("SameSite=none", "Secure", "HttpOnly", "Partitioned", "Path=/chat"):
            assert part in cookie, (part, cookie)
        prefs = cookie_of(await client.get("/chat?embed=1&large=1"), "bm_prefs")
        assert "SameSite=none" in prefs and "Partitioned" in prefs and "HttpOnly" not in prefs
        # the no-JS redirect and the pages it leads to may be framed too, not only ?embed=1
        for path in ("/chat", "/chat/vorort", "/chat/stops"):
            csp = (await client.get(path)).headers["content-security-policy"]
            assert "frame-ancestors 'self' https://www.essen.de https://stadtteil.example.org;" in csp
        signed_out = await client.post("/chat/abmelden", headers={"origin": PUBLIC})
        gone = cookie_of(signed_out, "bm_chat")  # deleting a partitioned cookie needs the same marks
        assert "Max-Age=0" in gone and "Partitioned" in gone and "SameSite=none" in gone


async def test_without_embedding_only_the_widget_in_our_own_pages(tmp_path: Path, clock: ManualClock) -> None:
    async with peer(tmp_path, clock, "127.0.0.1") as client:
        for path in ("/chat", "/chat/stops"):
            assert "frame-ancestors 'none'" in (await client.get(path)).headers["content-security-policy"]
        widget = await client.get("/chat?embed=1")
        assert "frame-ancestors 'self';" in widget.headers["content-security-policy"]
        assert "SameSite=lax" in cookie_of(await client.post("/chat/send", data={"text": "Hallo"}), "bm_chat")


async def test_cross_site_embedding_without_https_is_warned_about(
    tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    web: dict[str, Any] = {
        "public_url": "http://bot.essen.de",
        "chat_embed_origins": ["https://www.example.org"],
    }
    async with peer(tmp_path, clock, "127.0.0.1", **web):
        pass
    assert any("only over https" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    caplog.clear()
    async with peer(
        tmp_path / "b", clock, "127.0.0.1", public_url=PUBLIC, chat_embed_origins=["https://x.org"]
    ):
        pass
    assert not [r for r in caplog.records if "only over https" in r.getMessage()]
