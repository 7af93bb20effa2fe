"""Fixtures for the core tests: the services on a fresh database (a test file may define its own)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.services import Services, create_services
from tests.auxil.harness import make_config


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    """The services with the test config, closed after the test."""
    opened = await create_services(make_config(tmp_path), clock)
    try:
        yield opened
    finally:
        await opened.close()
