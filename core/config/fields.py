"""Value checks for the config schema: each names, in plain words, what it expects.

Every check is a pydantic ``PlainValidator`` that raises ``PydanticCustomError`` of type
``config`` with the expectation in its context; `errors.py` turns those into messages.
Values that are already typed (a ``time``, a ``Path``, a tuple of ints) pass unchanged,
so ``dataclasses.replace`` on a loaded config re-validates cleanly.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import PlainValidator, ValidationInfo
from pydantic_core import PydanticCustomError

__all__ = [
    "WEEKDAYS",
    "Clock",
    "Flag",
    "Networks",
    "OptChatId",
    "OptText",
    "Origins",
    "Text",
    "UserIds",
    "Weekdays",
    "choice",
    "fail",
    "number",
    "optional_number",
    "path",
    "routes",
    "text",
    "timezone",
    "whole",
]

WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
_CHAT_ID = "a Telegram chat id (a whole number, groups start with -100)"


def fail(expected: str, got: object, key: str | None = None) -> PydanticCustomError:
    """The error for one value: what was expected and what was found (and a sub-key, if any)."""
    context: dict[str, Any] = {"expected": expected, "got": got}
    if key is not None:
        context["key"] = key
    return PydanticCustomError("config", "expected {expected}", context)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def text(value: Any) -> str:
    """A non-empty text (a number is taken as its digits), stripped."""
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise fail("a non-empty text", value)
    return str(value).strip()


def _optional_text(value: Any) -> str | None:
    return None if value is None else text(value)


def whole(
    minimum: int | None = None, maximum: int | None = None, above_maximum: str | None = None
) -> Callable[[Any], int]:
    """A whole number, optionally within bounds (above_maximum: the wording when too large)."""

    def check(value: Any) -> int:
        if not _is_int(value):
            raise fail("a whole number", value)
        if minimum is not None and value < minimum:
            raise fail(f"a whole number >= {minimum}", value)
        if maximum is not None and value > maximum:
            raise fail(above_maximum or f"a whole number <= {maximum}", value)
        result: int = value
        return result

    return check


def number(minimum: float) -> Callable[[Any], float]:
    """A number (whole or decimal) >= minimum."""

    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise fail(f"a number >= {minimum:g}", value)
        return float(value)

    return check


def optional_number(low: float, high: float) -> Callable[[Any], float | None]:
    """A number from low to high, or nothing."""

    def check(value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise fail(f"a number from {low:g} to {high:g}", value)
        return float(value)

    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail("true or false", value)
    return value


def choice(expected: str, *options: str, upper: bool = False) -> Callable[[Any], str]:
    """One of a few fixed words (upper-cased first if upper)."""

    def check(value: Any) -> str:
        word = text(value)
        word = word.upper() if upper else word
        if word not in options:
            raise fail(expected, word)
        return word

    return check


def _chat_id(value: Any, key: str | None = None) -> int:
    if not _is_int(value):
        raise fail(_CHAT_ID, value, key)
    result: int = value
    return result


def _optional_chat_id(value: Any) -> int | None:
    return None if value is None else _chat_id(value)


def _user_ids(value: Any) -> tuple[int, ...]:
    value = value or []
    if not isinstance(value, list | tuple):
        raise fail("a list of Telegram user ids", value)
    return tuple(_chat_id(item) for item in value)


def routes(value: Any) -> dict[str, int]:
    """Department name to staff chat id."""
    value = value or {}
    if not isinstance(value, Mapping):
        raise fail("a mapping of department name to chat id", value)
    return {str(name): _chat_id(chat, f"routes.{name}") for name, chat in value.items()}


def timezone(value: Any) -> str:
    """An IANA timezone name that zoneinfo knows."""
    name = text(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise fail("a timezone name like 'Europe/Berlin'", name) from exc
    return name


def _weekdays(value: Any) -> tuple[int, ...]:
    if isinstance(value, tuple) and all(_is_int(d) and 0 <= d <= 6 for d in value):
        return value  # already checked (dataclasses.replace on a loaded config)
    if not isinstance(value, list) or not value:
        raise fail(f"a list of weekdays from {', '.join(WEEKDAYS)}", value)
    try:
        return tuple(sorted({WEEKDAYS.index(str(day).lower()[:2]) for day in value}))
    except ValueError as exc:
        raise fail(f"weekdays from {', '.join(WEEKDAYS)}", value) from exc


def _clock(value: Any) -> time:
    if isinstance(value, time):
        return value
    if _is_int(value):
        # YAML 1.1 reads 07:30 unquoted as a sexagesimal number of minutes.
        value = f"{value // 60:02d}:{value % 60:02d}"
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value).strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise fail('a time of day like "07:30"', value)
    return time(int(match[1]), int(match[2]))


def path(must_exist: str | None = None) -> Callable[[Any, ValidationInfo], Path]:
    """A file path; relative paths count from the config file's folder (context ``base``).

    With must_exist, the file has to be there; must_exist is what to call it in the error.
    """

    def check(value: Any, info: ValidationInfo) -> Path:
        candidate = value if isinstance(value, Path) else Path(text(value)).expanduser()
        if not candidate.is_absolute():
            base = (info.context or {}).get("base") or Path.cwd()
            candidate = (Path(base) / candidate).resolve()
        if must_exist and not candidate.is_file():
            raise fail(f"the path of an existing {must_exist}", str(candidate))
        return candidate

    return check


def optional_path() -> Callable[[Any, ValidationInfo], Path | None]:
    """A path like `path()`, or None (null: the default)."""
    inner = path()

    def check(value: Any, info: ValidationInfo) -> Path | None:
        return None if value is None else inner(value, info)

    return check


Text = Annotated[str, PlainValidator(text)]
OptText = Annotated[str | None, PlainValidator(_optional_text)]
Flag = Annotated[bool, PlainValidator(_flag)]
OptChatId = Annotated[int | None, PlainValidator(_optional_chat_id)]
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")


def _origins(value: Any) -> tuple[str, ...]:
    value = value or []
    if not isinstance(value, list | tuple):
        raise fail("a list of web addresses like 'https://www.essen.de'", value)
    found = []
    for item in value:
        if not isinstance(item, str) or not _ORIGIN.fullmatch(item.rstrip("/")):
            raise fail("a web address without a path, like 'https://www.essen.de'", item)
        found.append(item.rstrip("/"))
    return tuple(found)


def _networks(value: Any) -> tuple[str, ...]:
    """IP addresses or networks ("127.0.0.1", "10.0.0.0/8", "::1"), in canonical form."""
    value = value or []
    if not isinstance(value, list | tuple):
        raise fail("a list of IP addresses or networks like '127.0.0.1' or '10.0.0.0/8'", value)
    found = []
    for item in value:
        try:
            network = ipaddress.ip_network(item.strip(), strict=False) if isinstance(item, str) else None
        except ValueError:
            network = None
        if network is None:
            raise fail("an IP address or network like '127.0.0.1' or '10.0.0.0/8' (no names, no '*')", item)
        single = network.num_addresses == 1
        found.append(str(network.network_address) if single else str(network))
    return tuple(found)


UserIds = Annotated[tuple[int, ...], PlainValidator(_user_ids)]
Networks = Annotated[tuple[str, ...], PlainValidator(_networks)]
Origins = Annotated[tuple[str, ...], PlainValidator(_origins)]
Weekdays = Annotated[tuple[int, ...], PlainValidator(_weekdays)]
Clock = Annotated[time, PlainValidator(_clock)]
