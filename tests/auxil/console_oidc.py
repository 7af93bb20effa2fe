"""Going through the stand-in provider like a browser, with the console's test client."""

from __future__ import annotations

import re

import httpx

from tests.auxil.oidc_provider import StandIn

__all__ = ["city_sign_in", "to_provider"]

_TICKET = re.compile(r'name="ticket" value="([^"]+)"')


async def to_provider(
    client: httpx.AsyncClient, provider: StandIn, start: str = "/console/oidc/start"
) -> str:
    """Press the button on the sign-in page and sign in at the provider; the URL it sends back to."""
    started = await client.get(start)
    assert started.status_code == 302, started.text
    async with httpx.AsyncClient() as browser:
        shown = await browser.get(started.headers["location"])
        assert shown.status_code == 200, shown.text
        found = _TICKET.search(shown.text)
        assert found, shown.text
        back = await browser.post(f"{provider.issuer}/authorize", data={"ticket": found.group(1)})
    assert back.status_code == 302, back.text
    return back.headers["location"]


async def city_sign_in(
    client: httpx.AsyncClient, provider: StandIn, start: str = "/console/oidc/start"
) -> httpx.Response:
    """The whole way: button, provider, back to the console; the console's answer to the callback."""
    return await client.get(await to_provider(client, provider, start))
