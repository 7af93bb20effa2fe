"""The config schema: frozen pydantic dataclasses, one per YAML section.

They are real dataclasses (``dataclasses.replace`` works and re-validates); every value check
lives in `fields.py`, the rules that span two keys are the field validators below.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import ConfigDict, Field, PlainValidator, ValidationInfo, field_validator
from pydantic.dataclasses import dataclass

from core.config import fields as f
from core.config.oidc import OidcSection

__all__ = [
    "PACKAGE_ROOT",
    "BotSection",
    "Config",
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
]

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{16,256}")
_HIDDEN = "***"
_STRICT = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)


def _v(check: Any) -> PlainValidator:
    return PlainValidator(check)


@dataclass(frozen=True, config=_STRICT)
class SendLimitsSection:
    """Telegram's sending limits the bot keeps (0 switches one off); raise them for a self-hosted
    Bot API server or paid broadcasts."""

    overall_per_second: Annotated[float, _v(f.number(0))] = 30.0
    chat_per_second: Annotated[float, _v(f.number(0))] = 1.0
    chat_burst: Annotated[int, _v(f.whole(minimum=1))] = 3
    group_per_minute: Annotated[int, _v(f.whole(minimum=0))] = 20
    max_retries: Annotated[int, _v(f.whole(minimum=0, maximum=10))] = 3


@dataclass(frozen=True, config=_STRICT)
class TelegramSection:
    """How to reach the Bot API."""

    token: f.OptText = None
    base_url: f.OptText = None
    base_file_url: f.OptText = None
    mode: Annotated[str, _v(f.choice("'polling' or 'webhook'", "polling", "webhook"))] = "polling"
    webhook_url: f.OptText = Field(default=None, validate_default=True)
    webhook_listen: f.Text = "127.0.0.1"
    webhook_port: Annotated[int, _v(f.whole(minimum=1))] = 8443
    webhook_secret: f.OptText = Field(default=None, validate_default=True)
    rate_limit: f.Flag = True
    limits: SendLimitsSection = dataclasses.field(default_factory=SendLimitsSection)
    concurrent_updates: Annotated[int, _v(f.whole(minimum=1, maximum=1024))] = 16

    @field_validator("token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        if value and not _TOKEN_RE.match(value):
            raise f.fail("a bot token from @BotFather like '123456:ABC-…'", _HIDDEN)
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://", value):
            raise f.fail("an http:// or https:// address of a Bot API server", value)
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("mode") == "webhook" and not (value and value.startswith("https://")):
            raise f.fail("an https:// address when mode is 'webhook'", value)
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("mode") == "webhook" and not (value and _SECRET_RE.fullmatch(value)):
            raise f.fail("16 to 256 characters A-Z, a-z, 0-9, _ or - in webhook mode", _HIDDEN)
        return value


@dataclass(frozen=True, config=_STRICT)
class StorageSection:
    """Where the SQLite database lives."""

    database: Annotated[Path, _v(f.path())] = PACKAGE_ROOT / "data" / "buergermobil.sqlite3"


@dataclass(frozen=True, config=_STRICT)
class StaffSection:
    """The staff group chat and who counts as staff."""

    chat_id: f.OptChatId = None
    user_ids: f.UserIds = ()
    routes: Annotated[Mapping[str, int], _v(f.routes)] = dataclasses.field(default_factory=dict)
    membership_cache_seconds: Annotated[int, _v(f.whole(minimum=0))] = 300
    reminder_after_hours: Annotated[float, _v(f.number(0.1))] = 4.0
    travel_buffer_minutes: Annotated[int, _v(f.whole(minimum=0))] = 30
    followup_days: Annotated[float, _v(f.number(0.1))] = 7.0
    close_after_days: Annotated[float, _v(f.number(0.1))] = Field(default=7.0, validate_default=True)

    @field_validator("close_after_days")
    @classmethod
    def _not_before_followups(cls, value: float, info: ValidationInfo) -> float:
        window = info.data.get("followup_days")
        if window is not None and value < window:
            raise f.fail(f"a number of days not below followup_days ({window:g})", value)
        return value


@dataclass(frozen=True, config=_STRICT)
class OfficeHoursSection:
    """When the team works; used to say when an answer can be expected."""

    timezone: Annotated[str, _v(f.timezone)] = "Europe/Berlin"
    days: f.Weekdays = (0, 1, 2, 3, 4)
    opens: f.Clock = time(7, 30)
    closes: f.Clock = Field(default=time(18, 0), validate_default=True)
    phone: f.Text = "0201 88-0"
    email: f.OptText = None
    answer_within_hours: Annotated[float, _v(f.number(0.5))] = 8.0

    @field_validator("closes")
    @classmethod
    def _after_opens(cls, value: time, info: ValidationInfo) -> time:
        opens = info.data.get("opens")
        if opens is not None and value <= opens:
            raise f.fail(f"a time after opens ({opens:%H:%M})", f"{value:%H:%M}")
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The timezone as an object."""
        return ZoneInfo(self.timezone)


_Threshold = Annotated[float | None, _v(f.optional_number(0, 100))]


@dataclass(frozen=True, config=_STRICT)
class FaqSection:
    """The FAQ content and matcher thresholds."""

    path: Annotated[Path, _v(f.path("YAML file"))] = Field(
        default=PACKAGE_ROOT / "faq" / "essen.yaml", validate_default=True
    )
    synonyms_path: Annotated[Path, _v(f.path("YAML file"))] = Field(
        default=PACKAGE_ROOT / "faq" / "synonyms.yaml", validate_default=True
    )
    answer_threshold: _Threshold = None
    suggest_threshold: _Threshold = None
    index_cache: Annotated[Path | None, _v(f.optional_path())] = None
    """Folder of a big FAQ's cached lexical index and matcher state; None: ``cache/`` next to the database."""
    overlay_path: Annotated[Path | None, _v(f.optional_path())] = None
    """Staff-approved additions (``/lernen``); None: ``<faq>.local.yaml`` next to the FAQ file."""

    @field_validator("suggest_threshold")
    @classmethod
    def _not_above_answer(cls, value: float | None, info: ValidationInfo) -> float | None:
        answer = info.data.get("answer_threshold")
        if value is not None and answer is not None and value > answer:
            raise f.fail(f"a number not above answer_threshold ({answer:g})", value)
        return value


@dataclass(frozen=True, config=_STRICT)
class StopsSection:
    """The Bürgermobil stop plan (YAML key ``plan``)."""

    plan_path: Annotated[Path, _v(f.path("stop plan YAML file"))] = Field(
        default=PACKAGE_ROOT / "core" / "data" / "stops.yaml", validate_default=True, validation_alias="plan"
    )
    alert_hour: Annotated[int, _v(f.whole(minimum=0, maximum=23, above_maximum="an hour from 0 to 23"))] = 18


@dataclass(frozen=True, config=_STRICT)
class PrivacySection:
    """Retention and the privacy notice."""

    retention_days: Annotated[int, _v(f.whole(minimum=1))] = 90
    privacy_url: f.Text = "https://www.essen.de/datenschutz"
    controller: f.Text = "Stadt Essen, Bürgeramt"
    data_protection_contact: f.Text = (
        "Büro der Datenschutzbeauftragten der Stadt Essen, Rathaus, Porscheplatz, 45121 Essen, "
        "datenschutz@essen.de, Telefon 0201 88 11005"
    )


@dataclass(frozen=True, config=_STRICT)
class LimitsSection:
    """Flood control per citizen."""

    messages_per_minute: Annotated[int, _v(f.whole(minimum=1))] = 20
    tickets_per_day: Annotated[int, _v(f.whole(minimum=1))] = 10
    requests_per_day: Annotated[int, _v(f.whole(minimum=1))] = 5
    max_text_length: Annotated[
        int, _v(f.whole(minimum=50, maximum=4096, above_maximum="at most 4096 (Telegram's limit)"))
    ] = 4096
    max_file_mb: Annotated[int, _v(f.whole(minimum=1))] = 20


@dataclass(frozen=True, config=_STRICT)
class BotSection:
    """General behaviour."""

    default_language: Annotated[str, _v(f.choice("'de' or 'en'", "de", "en"))] = "de"
    log_level: Annotated[
        str, _v(f.choice("DEBUG, INFO, WARNING or ERROR", "DEBUG", "INFO", "WARNING", "ERROR", upper=True))
    ] = "INFO"
    persistence_interval_seconds: Annotated[float, _v(f.number(0.1))] = 2.0
    outbox_interval_seconds: Annotated[float, _v(f.number(0.1))] = 5.0


@dataclass(frozen=True, config=_STRICT)
class WebSection:
    """The bot's own web server: staff console, web chat, webhook (one port, one event loop)."""

    enabled: f.Flag = True
    host: f.Text = "127.0.0.1"
    port: Annotated[int, _v(f.whole(minimum=0, maximum=65535))] = 8080
    public_url: f.OptText = None
    secret_key: f.OptText = None
    session_minutes: Annotated[int, _v(f.whole(minimum=1, maximum=24 * 60))] = 30
    chat_embed_origins: f.Origins = ()
    """Sites that may show the web chat in a frame (the widget), e.g. https://www.essen.de."""
    trusted_proxies: f.Networks = ("127.0.0.1", "::1")
    """Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks)."""
    oidc: OidcSection | None = None
    """Sign-in to the staff console through the city's identity provider; None: passwords only."""

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise f.fail("an http:// or https:// address, e.g. 'https://bot.example.de'", value)
        return value.rstrip("/") if value else value

    @field_validator("secret_key")
    @classmethod
    def _secret_key(cls, value: str | None) -> str | None:
        if value and len(value) < 32:
            raise f.fail("at least 32 random characters (e.g. from `openssl rand -hex 32`)", _HIDDEN)
        return value

    @property
    def behind_tls(self) -> bool:
        """Whether the console is reached over https (then cookies are marked Secure)."""
        return bool(self.public_url and self.public_url.startswith("https://"))


@dataclass(frozen=True, config=_STRICT)
class Config:
    """The whole validated configuration; ``source`` is the file it came from (not a YAML key)."""

    telegram: TelegramSection = dataclasses.field(default_factory=TelegramSection)
    storage: StorageSection = dataclasses.field(default_factory=StorageSection)
    staff: StaffSection = dataclasses.field(default_factory=StaffSection)
    office_hours: OfficeHoursSection = dataclasses.field(default_factory=OfficeHoursSection)
    faq: FaqSection = dataclasses.field(default_factory=FaqSection)
    stops: StopsSection = dataclasses.field(default_factory=StopsSection)
    privacy: PrivacySection = dataclasses.field(default_factory=PrivacySection)
    limits: LimitsSection = dataclasses.field(default_factory=LimitsSection)
    bot: BotSection = dataclasses.field(default_factory=BotSection)
    web: WebSection = dataclasses.field(default_factory=WebSection)
    source: Path | None = None

    @property
    def has_token(self) -> bool:
        """Whether a Telegram token is configured."""
        return bool(self.telegram.token)
