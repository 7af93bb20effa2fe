"""Fixtures for every test folder: a clock inside office hours."""

from __future__ import annotations

import pytest

from core.clock import ManualClock
from tests.auxil.harness import OFFICE_TIME


@pytest.fixture
def clock() -> ManualClock:
    """A clock inside office hours."""
    return ManualClock(OFFICE_TIME)
