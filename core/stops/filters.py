"""Filters over stops: by district or place, and the date encoded in a stop id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from core.places import AreaMatch, exact_area, resolve_area
from core.stops.model import Stop

__all__ = ["area_districts", "covers", "day_of_stop_id", "stop_filter"]


@lru_cache(maxsize=512)
def area_districts(district: str) -> frozenset[str]:
    """The official districts a district name, alias or postal code stands for."""
    area = exact_area(district) or resolve_area(district)
    return frozenset(area.districts) if area else frozenset()


def stop_filter(district: str | AreaMatch | None, place_id: str | None) -> Callable[[Stop], bool]:
    """A predicate for stops in a district (name, alias, postal code) and/or at a place."""
    wanted: frozenset[str] | None = None
    if district is not None:
        area = district if isinstance(district, AreaMatch) else resolve_area(district)
        wanted = frozenset(area.districts) if area else frozenset()

    def keep(stop: Stop) -> bool:
        if place_id is not None and stop.place.id != place_id:
            return False
        return wanted is None or bool(wanted & area_districts(stop.place.district))

    return keep


def day_of_stop_id(stop_id: str) -> date | None:
    """The original date encoded at the start of a stop id."""
    try:
        return date.fromisoformat(stop_id[:10])
    except ValueError:
        return None


def covers(kind: str, key: str, stop: Stop) -> bool:
    """Whether a subscription (kind "place" or "district", key) is about this stop."""
    if kind == "place":
        return stop.place.id == key
    return bool(area_districts(key) & area_districts(stop.place.district))
