"""Shared fixtures: a started bot on a temporary database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import ManualClock
from tests.auxil.harness import OFFICE_TIME, Harness, make_config


@pytest.fixture
def clock() -> ManualClock:
    """A clock inside office hours."""
    return ManualClock(OFFICE_TIME)


@pytest.fixture
async def bot(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A running bot driven offline."""
    harness = Harness(make_config(tmp_path), clock)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
