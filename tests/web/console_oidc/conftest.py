"""Fixtures of the console's sign-in through the city's identity provider: the stand-in, served.

The stand-in listens on 127.0.0.2 and the console on 127.0.0.1: two sites for the browser, as
the city's provider and the bot are, so the SameSite cookie rules apply as they will for real.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from core.clock import ManualClock
from handlers.web import running_server
from tests.auxil.console import Desk, console_desk
from tests.auxil.harness import Harness, make_config
from tests.auxil.oidc_provider import CLIENT_ID, CLIENT_SECRET, StandIn

PROVIDER_HOST = "127.0.0.2"


def oidc_section(tmp_path: Path, issuer: str, **more: Any) -> dict[str, Any]:
    """A `web.oidc` section for the stand-in, the secret in a file."""
    secret = tmp_path / "oidc-client-secret"
    secret.write_text(CLIENT_SECRET + "\n", encoding="utf-8")
    return {"issuer": issuer, "client_id": CLIENT_ID, "client_secret_file": str(secret), **more}


@pytest.fixture
async def provider() -> AsyncIterator[StandIn]:
    """The stand-in provider, served by uvicorn in the test's loop."""
    stand_in = StandIn()
    async with running_server(stand_in.app(), PROVIDER_HOST, 0) as url:
        stand_in.issuer = url
        yield stand_in


@pytest.fixture
def oidc_extra() -> dict[str, Any]:
    """More `web.oidc` keys for one test (override with a fixture of the same name or parametrize)."""
    return {}


@pytest.fixture
async def city(
    tmp_path: Path, clock: ManualClock, provider: StandIn, oidc_extra: dict[str, Any]
) -> AsyncIterator[Desk]:
    """The desk (agent anna, admin chef) with sign-in through the stand-in configured."""
    config = make_config(tmp_path, web={"oidc": oidc_section(tmp_path, provider.issuer, **oidc_extra)})
    async with Harness(config, clock) as bot, console_desk(bot) as built:
        yield built
