"""Fixtures of the end-to-end tests: a started bot on a temporary database, driven offline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import ManualClock
from tests.auxil.harness import Harness, make_config
from tests.auxil.stops_support import stops_harness


@pytest.fixture
async def bot(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A running bot driven offline."""
    async with Harness(make_config(tmp_path), clock) as harness:
        yield harness


@pytest.fixture
async def sbot(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A running bot on a copy of the test stop plan, reminders from 18:00."""
    async with stops_harness(tmp_path, clock) as harness:
        yield harness
