"""Configuration: YAML file (plus BOT_TOKEN from the environment) into frozen, validated dataclasses."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

__all__ = [
    "BotSection",
    "Config",
    "ConfigError",
    "FaqSection",
    "LimitsSection",
    "OfficeHoursSection",
    "PrivacySection",
    "StaffSection",
    "StopsSection",
    "StorageSection",
    "TelegramSection",
    "load_config",
]

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names file, key and expectation."""


@dataclass(frozen=True)
class TelegramSection:
    """How to reach the Bot API."""

    token: str | None = None
    base_url: str | None = None
    base_file_url: str | None = None
    mode: str = "polling"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    rate_limit: bool = True


@dataclass(frozen=True)
class StorageSection:
    """Where the SQLite database lives."""

    database: Path = PACKAGE_ROOT / "data" / "buergermobil.sqlite3"


@dataclass(frozen=True)
class StaffSection:
    """The staff group chat and who counts as staff."""

    chat_id: int | None = None
    user_ids: tuple[int, ...] = ()
    routes: Mapping[str, int] = field(default_factory=dict)
    membership_cache_seconds: int = 300
    reminder_after_hours: float = 4.0


@dataclass(frozen=True)
class OfficeHoursSection:
    """When the team works; used to say when an answer can be expected."""

    timezone: str = "Europe/Berlin"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    opens: time = time(7, 30)
    closes: time = time(18, 0)
    phone: str = "0201 88-0"
    email: str | None = None
    answer_within_hours: float = 8.0

    @property
    def tz(self) -> ZoneInfo:
        """The timezone as an object."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class FaqSection:
    """The FAQ content and matcher thresholds."""

    path: Path = PACKAGE_ROOT / "faq" / "essen.yaml"
    synonyms_path: Path = PACKAGE_ROOT / "faq" / "synonyms.yaml"
    answer_threshold: float | None = None
    suggest_threshold: float | None = None


@dataclass(frozen=True)
class StopsSection:
    """The Bürgermobil stop plan."""

    plan_path: Path = PACKAGE_ROOT / "core" / "data" / "stops.yaml"
    alert_hour: int = 18


@dataclass(frozen=True)
class PrivacySection:
    """Retention and the privacy notice."""

    retention_days: int = 90
    privacy_url: str = "https://www.essen.de/datenschutz"
    controller: str = "Stadt Essen, Bürgeramt"


@dataclass(frozen=True)
class LimitsSection:
    """Flood control per citizen."""

    messages_per_minute: int = 20
    tickets_per_day: int = 10
    requests_per_day: int = 5
    max_text_length: int = 2000


@dataclass(frozen=True)
class BotSection:
    """General behaviour."""

    default_language: str = "de"
    log_level: str = "INFO"
    persistence_interval_seconds: float = 2.0
    outbox_interval_seconds: float = 5.0


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    telegram: TelegramSection = field(default_factory=TelegramSection)
    storage: StorageSection = field(default_factory=StorageSection)
    staff: StaffSection = field(default_factory=StaffSection)
    office_hours: OfficeHoursSection = field(default_factory=OfficeHoursSection)
    faq: FaqSection = field(default_factory=FaqSection)
    stops: StopsSection = field(default_factory=StopsSection)
    privacy: PrivacySection = field(default_factory=PrivacySection)
    limits: LimitsSection = field(default_factory=LimitsSection)
    bot: BotSection = field(default_factory=BotSection)
    source: Path | None = None

    @property
    def has_token(self) -> bool:
        """Whether a Telegram token is configured."""
        return bool(self.telegram.token)


class _Reader:
    """Reads typed values from a mapping and raises ConfigError naming file and key."""

    def __init__(self, source: str, data: Mapping[str, Any], prefix: str) -> None:
        self.source = source
        self.data = data
        self.prefix = prefix
        self.used: set[str] = set()

    def fail(self, key: str, expected: str, value: object) -> ConfigError:
        """Build the error for one key."""
        return ConfigError(f"{self.source}: key '{self.prefix}{key}': expected {expected}, got {value!r}")

    def has(self, key: str) -> bool:
        """Whether the key is present and not null."""
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        """The raw value (marks the key as known)."""
        self.used.add(key)
        return self.data.get(key)

    def string(self, key: str, default: str | None) -> str | None:
        """A non-empty string."""
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
            raise self.fail(key, "a non-empty text", value)
        return str(value).strip()

    def integer(self, key: str, default: int, minimum: int | None = None) -> int:
        """An integer, optionally with a lower bound."""
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "a whole number", value)
        if minimum is not None and value < minimum:
            raise self.fail(key, f"a whole number >= {minimum}", value)
        return value

    def number(self, key: str, default: float, minimum: float = 0.0) -> float:
        """A number >= minimum."""
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(key, f"a number >= {minimum:g}", value)
        return float(value)

    def optional_number(self, key: str, low: float, high: float) -> float | None:
        """A number between low and high, or None."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise self.fail(key, f"a number from {low:g} to {high:g}", value)
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        """true or false."""
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def path(self, key: str, default: Path, base: Path) -> Path:
        """A file path, relative paths resolved against the config file's folder."""
        value = self.string(key, None)
        if value is None:
            return default
        candidate = Path(value).expanduser()
        return candidate if candidate.is_absolute() else (base / candidate).resolve()

    def clock(self, key: str, default: time) -> time:
        """A time of day written HH:MM."""
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads 07:30 unquoted as a sexagesimal number of minutes.
            value = f"{value // 60:02d}:{value % 60:02d}"
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value).strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise self.fail(key, 'a time of day like "07:30"', value)
        return time(int(match[1]), int(match[2]))

    def section(self, key: str) -> _Reader:
        """A nested mapping as its own reader."""
        value = self.raw(key)
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            raise self.fail(key, "a mapping of keys", value)
        return _Reader(self.source, value, f"{self.prefix}{key}.")

    def check_unknown(self) -> None:
        """Refuse keys the bot does not know (typos would otherwise be silently ignored)."""
        unknown = sorted(set(map(str, self.data)) - self.used)
        if unknown:
            raise ConfigError(
                f"{self.source}: unknown key '{self.prefix}{unknown[0]}': "
                "expected one of " + ", ".join(f"'{self.prefix}{k}'" for k in sorted(self.used))
            )


def _chat_id(reader: _Reader, key: str, value: object) -> int:
    """A Telegram chat id (groups are negative numbers)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise reader.fail(key, "a Telegram chat id (a whole number, groups start with -100)", value)
    return value


def _telegram(reader: _Reader) -> TelegramSection:
    token = os.environ.get("BOT_TOKEN") or reader.string("token", None)
    reader.used.add("token")
    if token and not _TOKEN_RE.match(token):
        raise reader.fail("token", "a bot token from @BotFather like '123456:ABC-…'", "***")
    mode = reader.string("mode", "polling")
    if mode not in ("polling", "webhook"):
        raise reader.fail("mode", "'polling' or 'webhook'", mode)
    webhook_url = reader.string("webhook_url", None)
    secret = reader.string("webhook_secret", None)
    if mode == "webhook":
        if not webhook_url or not webhook_url.startswith("https://"):
            raise reader.fail("webhook_url", "an https:// address when mode is 'webhook'", webhook_url)
        if not secret or not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise reader.fail(
                "webhook_secret", "16 to 256 characters A-Z, a-z, 0-9, _ or - in webhook mode", "***"
            )
    base_url = reader.string("base_url", None)
    if base_url and not re.match(r"^https?://", base_url):
        raise reader.fail("base_url", "an http:// or https:// address of a Bot API server", base_url)
    result = TelegramSection(
        token=token,
        base_url=base_url,
        base_file_url=reader.string("base_file_url", None),
        mode=mode or "polling",
        webhook_url=webhook_url,
        webhook_listen=reader.string("webhook_listen", "127.0.0.1") or "127.0.0.1",
        webhook_port=reader.integer("webhook_port", 8443, minimum=1),
        webhook_secret=secret,
        rate_limit=reader.boolean("rate_limit", True),
    )
    reader.check_unknown()
    return result


def _staff(reader: _Reader) -> StaffSection:
    raw_chat = reader.raw("chat_id")
    chat_id = None if raw_chat is None else _chat_id(reader, "chat_id", raw_chat)
    raw_users = reader.raw("user_ids") or []
    if not isinstance(raw_users, list):
        raise reader.fail("user_ids", "a list of Telegram user ids", raw_users)
    user_ids = tuple(_chat_id(reader, "user_ids", u) for u in raw_users)
    raw_routes = reader.raw("routes") or {}
    if not isinstance(raw_routes, Mapping):
        raise reader.fail("routes", "a mapping of department name to chat id", raw_routes)
    routes = {str(k): _chat_id(reader, f"routes.{k}", v) for k, v in raw_routes.items()}
    result = StaffSection(
        chat_id=chat_id,
        user_ids=user_ids,
        routes=routes,
        membership_cache_seconds=reader.integer("membership_cache_seconds", 300, minimum=0),
        reminder_after_hours=reader.number("reminder_after_hours", 4.0, minimum=0.1),
    )
    reader.check_unknown()
    return result


def _office_hours(reader: _Reader) -> OfficeHoursSection:
    tz_name = reader.string("timezone", "Europe/Berlin") or "Europe/Berlin"
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise reader.fail("timezone", "a timezone name like 'Europe/Berlin'", tz_name) from exc
    raw_days = reader.raw("days")
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    if raw_days is not None:
        if not isinstance(raw_days, list) or not raw_days:
            raise reader.fail("days", f"a list of weekdays from {', '.join(WEEKDAYS)}", raw_days)
        try:
            days = tuple(sorted({WEEKDAYS.index(str(d).lower()[:2]) for d in raw_days}))
        except ValueError as exc:
            raise reader.fail("days", f"weekdays from {', '.join(WEEKDAYS)}", raw_days) from exc
    opens = reader.clock("opens", time(7, 30))
    closes = reader.clock("closes", time(18, 0))
    if closes <= opens:
        raise reader.fail("closes", f"a time after opens ({opens:%H:%M})", f"{closes:%H:%M}")
    result = OfficeHoursSection(
        timezone=tz_name,
        days=days,
        opens=opens,
        closes=closes,
        phone=reader.string("phone", "0201 88-0") or "0201 88-0",
        email=reader.string("email", None),
        answer_within_hours=reader.number("answer_within_hours", 8.0, minimum=0.5),
    )
    reader.check_unknown()
    return result


def _faq(reader: _Reader, base: Path) -> FaqSection:
    defaults = FaqSection()
    answer = reader.optional_number("answer_threshold", 0, 100)
    suggest = reader.optional_number("suggest_threshold", 0, 100)
    if answer is not None and suggest is not None and suggest > answer:
        raise reader.fail("suggest_threshold", f"a number not above answer_threshold ({answer:g})", suggest)
    result = FaqSection(
        path=reader.path("path", defaults.path, base),
        synonyms_path=reader.path("synonyms_path", defaults.synonyms_path, base),
        answer_threshold=answer,
        suggest_threshold=suggest,
    )
    for key, value in (("path", result.path), ("synonyms_path", result.synonyms_path)):
        if not value.is_file():
            raise reader.fail(key, "the path of an existing YAML file", str(value))
    reader.check_unknown()
    return result


_SECTIONS = ("telegram", "storage", "staff", "office_hours", "faq", "stops", "privacy", "limits", "bot")


def _build(source: str, data: Mapping[str, Any], base: Path, path: Path | None) -> Config:
    root = _Reader(source, data, "")
    root.used.update(_SECTIONS)
    root.check_unknown()
    telegram = _telegram(root.section("telegram"))
    storage_reader = root.section("storage")
    storage = StorageSection(database=storage_reader.path("database", StorageSection().database, base))
    storage_reader.check_unknown()
    staff = _staff(root.section("staff"))
    office_hours = _office_hours(root.section("office_hours"))
    faq = _faq(root.section("faq"), base)
    stops_reader = root.section("stops")
    plan_path = stops_reader.path("plan", StopsSection().plan_path, base)
    if not plan_path.is_file():
        raise stops_reader.fail("plan", "the path of an existing stop plan YAML file", str(plan_path))
    alert_hour = stops_reader.integer("alert_hour", 18, minimum=0)
    if alert_hour > 23:
        raise stops_reader.fail("alert_hour", "an hour from 0 to 23", alert_hour)
    stops = StopsSection(plan_path=plan_path, alert_hour=alert_hour)
    stops_reader.check_unknown()
    privacy_reader = root.section("privacy")
    privacy = PrivacySection(
        retention_days=privacy_reader.integer("retention_days", 90, minimum=1),
        privacy_url=privacy_reader.string("privacy_url", PrivacySection().privacy_url) or "",
        controller=privacy_reader.string("controller", PrivacySection().controller) or "",
    )
    privacy_reader.check_unknown()
    limits_reader = root.section("limits")
    limits = LimitsSection(
        messages_per_minute=limits_reader.integer("messages_per_minute", 20, minimum=1),
        tickets_per_day=limits_reader.integer("tickets_per_day", 10, minimum=1),
        requests_per_day=limits_reader.integer("requests_per_day", 5, minimum=1),
        max_text_length=limits_reader.integer("max_text_length", 2000, minimum=50),
    )
    limits_reader.check_unknown()
    bot_reader = root.section("bot")
    language = bot_reader.string("default_language", "de")
    if language not in ("de", "en"):
        raise bot_reader.fail("default_language", "'de' or 'en'", language)
    level = (bot_reader.string("log_level", "INFO") or "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise bot_reader.fail("log_level", "DEBUG, INFO, WARNING or ERROR", level)
    bot = BotSection(
        default_language=language or "de",
        log_level=level,
        persistence_interval_seconds=bot_reader.number("persistence_interval_seconds", 2.0, 0.1),
        outbox_interval_seconds=bot_reader.number("outbox_interval_seconds", 5.0, 0.1),
    )
    bot_reader.check_unknown()
    root.check_unknown()
    return Config(
        telegram=telegram,
        storage=storage,
        staff=staff,
        office_hours=office_hours,
        faq=faq,
        stops=stops,
        privacy=privacy,
        limits=limits,
        bot=bot,
        source=path,
    )


def load_config(path: Path | str | None = None, overrides: Mapping[str, Any] | None = None) -> Config:
    """Load and validate the config file; without a path, the embedded defaults."""
    if path is None:
        data: Mapping[str, Any] = dict(overrides or {})
        return _build("<defaults>", data, Path.cwd(), None)
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{file}: the config file does not exist") from exc
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the config file ({exc.strerror})") from exc
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ConfigError(f"{file}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, Mapping):
        raise ConfigError(f"{file}: expected a mapping of sections at the top level")
    merged = {**loaded, **(overrides or {})}
    return _build(str(file), merged, file.resolve().parent, file)
