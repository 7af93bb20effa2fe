"""Fixtures of the console's Vor-Ort tests: the desk (tests/web/conftest.py) plus a vorort account."""

from __future__ import annotations

import pytest

from tests.auxil.console import PASSWORD, Desk, sign_in

VORORT = "vera"


@pytest.fixture
async def team(desk: Desk) -> Desk:
    """The desk with the vorort account `vera` signed in on its client."""
    await desk.bot.services.accounts.add(VORORT, "vorort", PASSWORD)
    signed = await sign_in(desk.client, VORORT)
    assert signed.status_code == 303
    return desk
