"""Configuration: YAML file (plus BOT_TOKEN from the environment) into frozen, validated dataclasses.

The schema is pydantic v2 (`schema.py`, value checks in `fields.py`); `loader.py` reads the file
and reports every problem at once (`errors.py`), each naming file, dotted key and expectation.
"""

from __future__ import annotations

from core.config.errors import ConfigError, ConfigIssue
from core.config.fields import WEEKDAYS
from core.config.loader import load_config
from core.config.schema import (
    PACKAGE_ROOT,
    BotSection,
    Config,
    FaqSection,
    LimitsSection,
    OfficeHoursSection,
    OidcSection,
    PrivacySection,
    SendLimitsSection,
    StaffSection,
    StopsSection,
    StorageSection,
    TelegramSection,
    WebSection,
)

__all__ = [
    "PACKAGE_ROOT",
    "WEEKDAYS",
    "BotSection",
    "Config",
    "ConfigError",
    "ConfigIssue",
    "FaqSection",
    "LimitsSection",
    "OfficeHoursSection",
    "OidcSection",
    "PrivacySection",
    "SendLimitsSection",
    "StaffSection",
    "StopsSection",
    "StorageSection",
    "TelegramSection",
    "WebSection",
    "load_config",
]
