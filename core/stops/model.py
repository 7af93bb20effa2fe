"""Data types of the stop plan: places, rules, one-off events, stops and overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

__all__ = [
    "BERLIN",
    "MAX_PLACE_ID_LENGTH",
    "PLACE_ID_PATTERN",
    "Cancellation",
    "Event",
    "Move",
    "Override",
    "Place",
    "PlanError",
    "Rule",
    "Stop",
    "UnknownStopError",
    "berlin_datetime",
    "make_stop_id",
    "slugify",
]

BERLIN = ZoneInfo("Europe/Berlin")
MAX_PLACE_ID_LENGTH = 24
PLACE_ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$")
"""Place ids: lower-case letters, digits and hyphens, at most 24 characters."""

_SLUG_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class PlanError(ValueError):
    """The stop plan file is invalid; the message names file, entry, field and expectation."""


class UnknownStopError(KeyError):
    """No stop with this stop id exists in the plan."""


def slugify(text: str, max_length: int = MAX_PLACE_ID_LENGTH) -> str:
    """Turn a name into a place id: "Altenessen Stadtteilfest" -> "altenessen-stadtteilfest"."""
    words = [w for w in re.split(r"[^a-z0-9]+", text.casefold().translate(_SLUG_FOLD)) if w]
    slug = ""
    for word in words:  # whole words while they fit, then as much of the next as fits
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            rest = max_length - len(slug) - 1
            if not slug:
                slug = word[:max_length]
            elif rest >= 3:
                slug = f"{slug}-{word[:rest]}"
            break
        slug = candidate
    return slug or "ort"


def berlin_datetime(day: date, clock: time) -> datetime:
    """Combine a date and a wall-clock time in Europe/Berlin."""
    return datetime.combine(day, clock, tzinfo=BERLIN)


def make_stop_id(day: date, place_id: str, index: int = 1) -> str:
    """Build the stable stop id, e.g. "2026-12-08-borbeck" (a second stop that day: "-2")."""
    base = f"{day.isoformat()}-{place_id}"
    return base if index == 1 else f"{base}-{index}"


@dataclass(frozen=True)
class Place:
    """A place where the Bürgermobil stops."""

    id: str
    district: str
    """The district as people say it ("Borbeck", "Altenessen"); an Essen district or alias."""
    name: str
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    notes: str | None = None
    """E.g. accessibility ("ebenerdig") or the nearest public-transport stop."""

    @property
    def label(self) -> str:
        """District and place name, e.g. "Borbeck, Neuer Markt"."""
        return f"{self.district}, {self.name}"


@dataclass(frozen=True)
class Rule:
    """A recurring stop: a weekday in some weeks of each month."""

    place_id: str
    weekday: int
    """0 = Monday … 6 = Sunday."""
    weeks: tuple[int, ...]
    """Weeks of the month 1..5, -1 for the last; all five for every week."""
    start: time
    end: time
    title: str | None = None
    note: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    def applies(self, day: date) -> bool:
        """Tell whether this rule puts a stop on `day` (public holidays aside)."""
        if day.weekday() != self.weekday:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        nth = (day.day - 1) // 7 + 1
        is_last = (day + timedelta(days=7)).month != day.month
        return nth in self.weeks or (is_last and -1 in self.weeks)


@dataclass(frozen=True)
class Event:
    """A one-off dated stop (also the unit of a staff import)."""

    day: date
    start: time
    end: time
    place: Place
    title: str | None = None
    note: str | None = None
    origin: str | None = field(default=None, compare=False)
    """The included file the event came from (None: the plan file or in memory)."""

    def to_dict(self, known_place: bool) -> dict[str, Any]:
        """Serialise for a plan or import YAML file (inline place unless `known_place`)."""
        data: dict[str, Any] = {
            "date": self.day.isoformat(),
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }
        if known_place:
            data["place"] = self.place.id
        else:
            data["id"] = self.place.id
            data["district"] = self.place.district
            data["name"] = self.place.name
            for key in ("address", "lat", "lon", "notes"):
                value = getattr(self.place, key)
                if value is not None:
                    data[key] = value
        if self.title:
            data["title"] = self.title
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Cancellation:
    """A stop that does not take place; without place id every stop of that day."""

    day: date
    place_id: str | None
    reason: str | None = None


@dataclass(frozen=True)
class Move:
    """A stop moved to another date, time and/or place."""

    day: date
    place_id: str
    new_day: date | None = None
    new_start: time | None = None
    new_end: time | None = None
    new_place_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Stop:
    """One concrete stop of the Bürgermobil."""

    stop_id: str
    """Stable id from the original date and place, e.g. "2026-12-08-borbeck" (≤ 40 chars)."""
    place: Place
    start: datetime
    """Aware, Europe/Berlin."""
    end: datetime
    title: str | None = None
    note: str | None = None
    cancelled: bool = False
    cancel_reason: str | None = None
    moved_from: Stop | None = None
    """The stop as originally planned, if it was moved."""
    move_reason: str | None = None
    confirmed: bool = True
    """False for a date derived from a rule (shown as "voraussichtlich" / "expected")."""

    @property
    def day(self) -> date:
        """The local date of the stop."""
        return self.start.date()

    @property
    def duration(self) -> timedelta:
        """Real elapsed time, correct across a daylight-saving change."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    def is_running(self, now: datetime) -> bool:
        """Tell whether the stop is going on at `now`."""
        return not self.cancelled and self.start <= now < self.end


_OVERRIDE_KINDS = ("cancel", "move")


@dataclass(frozen=True)
class Override:
    """A staff change to one stop (stored by the bot and re-applied to the plan)."""

    stop_id: str
    kind: Literal["cancel", "move"]
    new_start: datetime | None = None
    new_end: datetime | None = None
    reason: str | None = None
    new_place_id: str | None = None
    created_at: datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in _OVERRIDE_KINDS:
            raise ValueError(f"override kind must be 'cancel' or 'move', not {self.kind!r}")
        if self.kind == "move":
            if self.new_start is None or self.new_end is None:
                raise ValueError("a move needs new_start and new_end")
            if self.new_start.tzinfo is None or self.new_end.tzinfo is None:
                raise ValueError("new_start and new_end must be timezone-aware")
            if self.new_end <= self.new_start:
                raise ValueError("new_end must be after new_start")

    def to_dict(self) -> dict[str, str | None]:
        """Serialise to JSON-friendly values (times as ISO 8601 in UTC)."""

        def iso(value: datetime | None) -> str | None:
            return None if value is None else value.astimezone(UTC).isoformat()

        return {
            "stop_id": self.stop_id,
            "kind": self.kind,
            "new_start": iso(self.new_start),
            "new_end": iso(self.new_end),
            "reason": self.reason,
            "new_place_id": self.new_place_id,
            "created_at": iso(self.created_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Override:
        """Rebuild an Override from `to_dict` output."""

        def parse(value: Any) -> datetime | None:
            return None if value in (None, "") else datetime.fromisoformat(str(value))

        kind = data["kind"]
        if kind not in _OVERRIDE_KINDS:
            raise ValueError(f"override kind must be 'cancel' or 'move', not {kind!r}")
        return cls(
            stop_id=str(data["stop_id"]),
            kind=kind,
            new_start=parse(data.get("new_start")),
            new_end=parse(data.get("new_end")),
            reason=data.get("reason"),
            new_place_id=data.get("new_place_id"),
            created_at=parse(data.get("created_at")),
        )
