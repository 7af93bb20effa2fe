"""The stop plan: expands rules and events into concrete stops and answers queries."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import holidays

from core.places import AreaMatch, haversine_km
from core.stops.certainty import imported_months, month_key
from core.stops.filters import day_of_stop_id, stop_filter
from core.stops.model import (
    BERLIN,
    Cancellation,
    Event,
    Move,
    Override,
    Place,
    Rule,
    Stop,
    UnknownStopError,
    berlin_datetime,
    make_stop_id,
)

logger = logging.getLogger(__name__)

__all__ = ["HORIZON_DAYS", "StopPlan"]

HORIZON_DAYS = 400
"""How far ahead next_stops() and nearest() look."""
_WINDOW_DAYS = 45
_CACHE_DAYS = 2000


def _utc(moment: datetime) -> datetime:
    """Convert an aware datetime to UTC; reject naive ones."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware (e.g. Europe/Berlin)")
    return moment.astimezone(UTC)


def _sort_key(stop: Stop) -> tuple[datetime, str]:
    return (_utc(stop.start), stop.stop_id)


@dataclass(frozen=True, eq=False)
class StopPlan:
    """A loaded stop plan; immutable, every change returns a new plan."""

    place_index: Mapping[str, Place]
    rules: tuple[Rule, ...] = ()
    events: tuple[Event, ...] = ()
    cancellations: tuple[Cancellation, ...] = ()
    moves: tuple[Move, ...] = ()
    overrides: tuple[Override, ...] = ()
    skip_holidays: bool = True
    source: str | None = None
    includes: tuple[str, ...] = ()
    """The plan file's include patterns, relative to `base_dir`."""
    base_dir: Path | None = None
    _cache: dict[date, tuple[Stop, ...]] = field(default_factory=dict, repr=False)

    # ---- places and calendar ----------------------------------------------------------

    @property
    def places(self) -> tuple[Place, ...]:
        """The plan's regular places in file order (without inline event places)."""
        return tuple(self.place_index.values())

    def place(self, place_id: str) -> Place | None:
        """Return a place by id, including inline places of one-off events."""
        return self.place_index.get(place_id) or self._event_places.get(place_id)

    @cached_property
    def _event_places(self) -> dict[str, Place]:
        return {event.place.id: event.place for event in self.events}

    @cached_property
    def _holidays(self) -> Any:
        return holidays.country_holidays("DE", subdiv="NW", language="de")

    def holiday(self, day: date) -> str | None:
        """The name of the NRW public holiday on `day`, if any."""
        name = self._holidays.get(day)
        return None if name is None else str(name)

    def districts(self) -> tuple[str, ...]:
        """District names of the regular places, sorted, for menus."""
        return tuple(sorted({place.district for place in self.place_index.values()}))

    # ---- expansion ----------------------------------------------------------------------

    @cached_property
    def _events_by_day(self) -> dict[date, list[Event]]:
        result: dict[date, list[Event]] = defaultdict(list)
        for event in self.events:
            result[event.day].append(event)
        return result

    @cached_property
    def _overrides_by_id(self) -> dict[str, list[Override]]:
        result: dict[str, list[Override]] = defaultdict(list)
        for override in self.overrides:
            result[override.stop_id].append(override)
        return result

    def _base_stops(self, day: date) -> list[Stop]:
        """Stops planned for `day` by rules and events, with their ids, before any change."""
        items: list[tuple[datetime, datetime, Place, str | None, str | None, bool]] = []
        if self._rules_apply(day):
            for rule in self.rules:
                if rule.applies(day):
                    place = self.place_index[rule.place_id]
                    items.append(
                        (
                            berlin_datetime(day, rule.start),
                            berlin_datetime(day, rule.end),
                            place,
                            rule.title,
                            rule.note,
                            False,
                        )
                    )
        for event in self._events_by_day.get(day, ()):
            items.append(
                (
                    berlin_datetime(day, event.start),
                    berlin_datetime(day, event.end),
                    event.place,
                    event.title,
                    event.note,
                    True,
                )
            )
        items.sort(key=lambda item: (item[0], item[2].id))
        counts: dict[str, int] = defaultdict(int)
        stops = []
        for start, end, place, title, note, confirmed in items:
            counts[place.id] += 1
            stop_id = make_stop_id(day, place.id, counts[place.id])
            stops.append(Stop(stop_id, place, start, end, title, note, confirmed=confirmed))
        return stops

    @cached_property
    def imported_months(self) -> frozenset[str]:
        """Months ("2027-01") with an imported plan; it replaces their rule dates."""
        return imported_months(self.events)

    def _rules_apply(self, day: date) -> bool:
        """Rules give dates except on public holidays and in months with an imported plan."""
        if self.skip_holidays and self.holiday(day):
            return False
        return month_key(day) not in self.imported_months

    def _planned_stops(self, day: date) -> tuple[Stop, ...]:
        """Stops whose original date is `day`, with file changes and overrides applied."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        stops = []
        for stop in self._base_stops(day):
            stop = self._apply_file_changes(stop, day)
            for override in self._overrides_by_id.get(stop.stop_id, ()):
                stop = self._apply_override(stop, override)
            stops.append(stop)
        result = tuple(stops)
        if len(self._cache) >= _CACHE_DAYS:
            self._cache.clear()
        self._cache[day] = result
        return result

    def _apply_file_changes(self, stop: Stop, day: date) -> Stop:
        """Apply the plan file's cancellations and moves to one stop."""
        for cancellation in self.cancellations:
            if cancellation.day == day and cancellation.place_id in (None, stop.place.id):
                stop = replace(stop, cancelled=True, cancel_reason=cancellation.reason)
        for move in self.moves:
            if make_stop_id(move.day, move.place_id) != stop.stop_id:
                continue
            new_day = move.new_day or day
            new_start = berlin_datetime(new_day, move.new_start or stop.start.timetz())
            new_end = berlin_datetime(new_day, move.new_end or stop.end.timetz())
            place = self.place(move.new_place_id) if move.new_place_id else stop.place
            stop = self._moved(stop, new_start, new_end, place or stop.place, move.reason)
        return stop

    def _apply_override(self, stop: Stop, override: Override) -> Stop:
        """Apply one staff override to a stop."""
        if override.kind == "cancel":
            return replace(stop, cancelled=True, cancel_reason=override.reason)
        assert override.new_start is not None and override.new_end is not None
        place = stop.place
        if override.new_place_id:
            new_place = self.place(override.new_place_id)
            if new_place is None:
                logger.warning("override %s: unknown place %s", override.stop_id, override.new_place_id)
            else:
                place = new_place
        new_start = override.new_start.astimezone(BERLIN)
        new_end = override.new_end.astimezone(BERLIN)
        return self._moved(stop, new_start, new_end, place, override.reason)

    @staticmethod
    def _moved(stop: Stop, start: datetime, end: datetime, place: Place, reason: str | None) -> Stop:
        """Return `stop` at a new time/place, remembering the original and un-cancelling it."""
        original = stop.moved_from or stop
        return replace(
            stop,
            start=start,
            end=end,
            place=place,
            cancelled=False,
            cancel_reason=None,
            moved_from=original,
            move_reason=reason,
            confirmed=True,
        )

    def _extra_days(self, start: date, end: date) -> set[date]:
        """Original dates outside [start, end] of stops that may have been moved into it."""
        days: set[date] = set()
        for move in self.moves:
            if move.new_day is not None and start <= move.new_day <= end:
                days.add(move.day)
        for override in self.overrides:
            if override.kind == "move" and override.new_start is not None:
                new_day = override.new_start.astimezone(BERLIN).date()
                original = day_of_stop_id(override.stop_id)
                if original is not None and start <= new_day <= end:
                    days.add(original)
        return {day for day in days if not start <= day <= end}

    # ---- queries ------------------------------------------------------------------------

    def stops_between(
        self,
        start: date,
        end: date,
        include_cancelled: bool = False,
        district: str | AreaMatch | None = None,
        place_id: str | None = None,
    ) -> list[Stop]:
        """All stops from `start` to `end` (inclusive, local dates), sorted by time."""
        if district is not None or place_id is not None:
            keep = stop_filter(district, place_id)
            return [s for s in self.stops_between(start, end, include_cancelled) if keep(s)]
        if end < start:
            return []
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        days.extend(sorted(self._extra_days(start, end)))
        stops = [
            stop
            for day in days
            for stop in self._planned_stops(day)
            if start <= stop.start.date() <= end and (include_cancelled or not stop.cancelled)
        ]
        return sorted(stops, key=_sort_key)

    def stops_on(self, day: date, include_cancelled: bool = False) -> list[Stop]:
        """All stops on one local date."""
        return self.stops_between(day, day, include_cancelled)

    def _upcoming(self, now: datetime, include_cancelled: bool, days: int = HORIZON_DAYS) -> Iterable[Stop]:
        """Stops not yet over at `now`, in time order, up to `days` days ahead."""
        now_utc = _utc(now)
        first = now_utc.astimezone(BERLIN).date()
        for offset in range(0, days, _WINDOW_DAYS):
            window_start = first + timedelta(days=offset)
            window_end = first + timedelta(days=min(offset + _WINDOW_DAYS, days) - 1)
            for stop in self.stops_between(window_start, window_end, include_cancelled):
                if _utc(stop.end) > now_utc:
                    yield stop

    def next_stops(
        self,
        now: datetime,
        limit: int = 5,
        district: str | AreaMatch | None = None,
        place_id: str | None = None,
        include_cancelled: bool = False,
    ) -> list[Stop]:
        """The next stops from `now` on (a stop still running counts), optionally filtered.

        `district` may be a name, alias or postal code ("Borbeck", "Altenessen", "45355")
        or an AreaMatch; an unknown district gives an empty list.
        """
        keep = stop_filter(district, place_id)
        result: list[Stop] = []
        if limit <= 0:
            return result
        for stop in self._upcoming(now, include_cancelled):
            if not keep(stop):
                continue
            result.append(stop)
            if len(result) >= limit:
                break
        return result

    def find_stop(self, stop_id: str) -> Stop | None:
        """Return the stop with this id (also when cancelled or moved), or None."""
        day = day_of_stop_id(stop_id)
        if day is None:
            return None
        return next((s for s in self._planned_stops(day) if s.stop_id == stop_id), None)

    def nearest(
        self,
        lat: float,
        lon: float,
        now: datetime,
        limit: int = 3,
        within_days: int = HORIZON_DAYS,
    ) -> list[tuple[Stop, float]]:
        """The next stop at each of the nearest places, as (stop, km), by distance then time.

        Places without coordinates are left out; `within_days` ignores places whose next
        stop is further ahead (e.g. 31 to leave out one-off events next year).
        """
        seen: set[str] = set()
        found: list[tuple[Stop, float]] = []
        for stop in self._upcoming(now, include_cancelled=False, days=within_days):
            place = stop.place
            if place.id in seen or place.lat is None or place.lon is None:
                continue
            seen.add(place.id)
            found.append((stop, haversine_km(lat, lon, place.lat, place.lon)))
        found.sort(key=lambda pair: (round(pair[1], 3), _utc(pair[0].start)))
        return found[: max(limit, 0)]

    # ---- changes ------------------------------------------------------------------------

    def _copy(self, **changes: Any) -> StopPlan:
        """A new plan with some fields replaced and an empty cache."""
        changes.setdefault("_cache", {})
        return replace(self, **changes)

    def with_events(self, events: Sequence[Event]) -> StopPlan:
        """A new plan with additional one-off stops (e.g. from a staff import)."""
        return self._copy(events=self.events + tuple(events))

    def with_import(self, events: Sequence[Event], months: Iterable[str]) -> StopPlan:
        """The plan once an import of these months is written: earlier imports of them replaced."""
        replaced = set(months)
        kept = tuple(e for e in self.events if e.origin is None or Path(e.origin).stem not in replaced)
        return self._copy(events=kept + tuple(events))

    def with_overrides(self, overrides: Iterable[Override]) -> StopPlan:
        """A new plan with staff overrides applied in order; unknown stop ids are skipped."""
        kept = list(self.overrides)
        for override in overrides:
            probe = self._copy(overrides=(*kept, override))
            if probe.find_stop(override.stop_id) is None:
                logger.warning("override for unknown stop %s skipped", override.stop_id)
                continue
            kept.append(override)
        return self._copy(overrides=tuple(kept))

    def with_cancellation(self, stop_id: str, reason: str | None = None) -> StopPlan:
        """A new plan in which one stop is cancelled (raises UnknownStopError)."""
        if self.find_stop(stop_id) is None:
            raise UnknownStopError(stop_id)
        return self._copy(overrides=(*self.overrides, Override(stop_id, "cancel", reason=reason)))

    def with_move(
        self,
        stop_id: str,
        new_start: datetime,
        new_end: datetime,
        reason: str | None = None,
        new_place_id: str | None = None,
    ) -> StopPlan:
        """A new plan in which one stop is moved (raises UnknownStopError, ValueError)."""
        if self.find_stop(stop_id) is None:
            raise UnknownStopError(stop_id)
        if new_place_id is not None and self.place(new_place_id) is None:
            raise ValueError(f"unknown place id {new_place_id!r}")
        override = Override(stop_id, "move", new_start, new_end, reason, new_place_id)
        return self._copy(overrides=(*self.overrides, override))
