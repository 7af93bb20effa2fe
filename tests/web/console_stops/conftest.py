"""Fixtures of the console's stop-plan tests: the offline bot on the small test plan, with the console."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import ManualClock
from tests.auxil.console import PASSWORD, Desk, console_desk
from tests.auxil.stops_support import stops_harness

VORORT = "vera"
"""An account of the Vor-Ort team: no stop-plan pages."""


@pytest.fixture
async def sdesk(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Desk]:
    """The offline bot on a copy of the test stop plan, the console on its services, plus a vorort account."""
    async with stops_harness(tmp_path, clock) as bot, console_desk(bot) as built:
        await bot.services.accounts.add(VORORT, "vorort", PASSWORD)
        yield built
