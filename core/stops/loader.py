"""Read and validate the stop plan YAML file (and the import files it includes)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.places import exact_area, resolve_area
from core.stops.certainty import month_key
from core.stops.fields import (
    FieldError,
    check_wall_time,
    parse_date,
    parse_time,
    parse_weekday,
    parse_weeks,
)
from core.stops.model import (
    MAX_PLACE_ID_LENGTH,
    PLACE_ID_PATTERN,
    Cancellation,
    Event,
    Move,
    Place,
    PlanError,
    Rule,
    make_stop_id,
    slugify,
)
from core.stops.plan import StopPlan
from core.stops.yamlfile import Path_, YamlContext, load_yaml

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_PLAN_PATH",
    "ESSEN_LAT_RANGE",
    "ESSEN_LON_RANGE",
    "YamlContext",
    "load_plan",
    "load_yaml",
    "parse_event",
    "parse_place_fields",
    "parse_plan",
    "unique_place_id",
]

DEFAULT_PLAN_PATH = Path(__file__).resolve().parent.parent / "data" / "stops.yaml"
"""The plan shipped with the bot: core/data/stops.yaml."""

# Essen lies within these bounds (with a margin); catches swapped or mistyped coordinates.
ESSEN_LAT_RANGE = (51.30, 51.60)
ESSEN_LON_RANGE = (6.80, 7.20)


def _text(value: Any) -> str:
    """A non-empty single text value."""
    if isinstance(value, dict | list):
        raise FieldError("erwartet einen Text")
    text = str(value).strip()
    if not text:
        raise FieldError("darf nicht leer sein")
    return text


def _place_id(value: Any) -> str:
    text = str(value).strip()
    if not PLACE_ID_PATTERN.match(text):
        raise FieldError(
            f"'{text}' ist keine gültige Ort-ID (erwartet Kleinbuchstaben, Ziffern und '-', "
            "höchstens 24 Zeichen, z. B. borbeck)"
        )
    return text


def _district(value: Any) -> str:
    text = _text(value)
    if exact_area(text) is None:
        guess = resolve_area(text)
        hint = f" – meinten Sie '{guess.district}'?" if guess else ""
        raise FieldError(f"'{text}' ist kein Essener Stadtteil{hint}")
    return text


def _coordinate(bounds: tuple[float, float], label: str) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise FieldError(f"'{value}' ist keine Zahl")
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            raise FieldError(f"'{value}' ist keine Zahl") from None
        if not bounds[0] <= number <= bounds[1]:
            raise FieldError(f"{label} {number} liegt nicht in Essen (erwartet {bounds[0]} bis {bounds[1]})")
        return number

    return convert


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldError(f"'{value}' ist kein Wahrheitswert (erwartet true oder false)")


_PLACE_FIELDS = {"id", "district", "name", "address", "lat", "lon", "notes"}


def parse_place_fields(
    ctx: YamlContext, entry: dict[str, Any], path: Path_, place_id: str | None = None
) -> Place:
    """Build a Place from district/name/address/lat/lon/notes fields."""
    district = ctx.field(entry, path, "district", _district)
    name = ctx.field(entry, path, "name", _text)
    lat = ctx.optional(entry, path, "lat", _coordinate(ESSEN_LAT_RANGE, "Breitengrad"))
    lon = ctx.optional(entry, path, "lon", _coordinate(ESSEN_LON_RANGE, "Längengrad"))
    if (lat is None) != (lon is None):
        raise ctx.error(path, "lat und lon gehören zusammen: beide angeben oder keins")
    return Place(
        id=place_id or slugify(f"{district} {name}"),
        district=district,
        name=name,
        address=ctx.optional(entry, path, "address", _text),
        lat=lat,
        lon=lon,
        notes=ctx.optional(entry, path, "notes", _text),
    )


def _parse_places(ctx: YamlContext, raw: Any) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for index, item in enumerate(ctx.sequence(raw, ("places",))):
        path: Path_ = ("places", index)
        entry = ctx.mapping(item, path, _PLACE_FIELDS)
        place_id = ctx.field(entry, path, "id", _place_id)
        if place_id in places:
            raise ctx.error((*path, "id"), f"Ort-ID '{place_id}' ist schon vergeben")
        places[place_id] = parse_place_fields(ctx, entry, path, place_id)
    return places


def _known_place(
    ctx: YamlContext, places: dict[str, Place], path: Path_, key: str, entry: dict[str, Any]
) -> str:
    place_id = ctx.field(entry, path, key, _place_id)
    if place_id not in places:
        raise ctx.error((*path, key), f"Ort '{place_id}' ist unbekannt (nicht unter places)")
    return place_id


def _check_times(ctx: YamlContext, path: Path_, start: Any, end: Any) -> None:
    if end <= start:
        raise ctx.error(path, f"Ende {end:%H:%M} liegt nicht nach Beginn {start:%H:%M}")


_RULE_FIELDS = {"place", "weekday", "weeks", "start", "end", "title", "note", "valid_from", "valid_until"}


def _parse_rules(ctx: YamlContext, raw: Any, places: dict[str, Place]) -> list[Rule]:
    rules = []
    for index, item in enumerate(ctx.sequence(raw, ("rules",))):
        path: Path_ = ("rules", index)
        entry = ctx.mapping(item, path, _RULE_FIELDS)
        rule = Rule(
            place_id=_known_place(ctx, places, path, "place", entry),
            weekday=ctx.field(entry, path, "weekday", parse_weekday),
            weeks=ctx.field(entry, path, "weeks", parse_weeks),
            start=ctx.field(entry, path, "start", parse_time),
            end=ctx.field(entry, path, "end", parse_time),
            title=ctx.optional(entry, path, "title", _text),
            note=ctx.optional(entry, path, "note", _text),
            valid_from=ctx.optional(entry, path, "valid_from", parse_date),
            valid_until=ctx.optional(entry, path, "valid_until", parse_date),
        )
        _check_times(ctx, path, rule.start, rule.end)
        if rule.valid_from and rule.valid_until and rule.valid_until < rule.valid_from:
            raise ctx.error(path, "valid_until liegt vor valid_from")
        rules.append(rule)
    return rules


_EVENT_FIELDS = {"date", "start", "end", "place", "title", "note"} | _PLACE_FIELDS


def parse_event(ctx: YamlContext, item: Any, path: Path_, places: dict[str, Place]) -> Event:
    """One one-off stop: a known place id or an inline place."""
    entry = ctx.mapping(item, path, _EVENT_FIELDS)
    day = ctx.field(entry, path, "date", parse_date)
    start = ctx.field(entry, path, "start", parse_time)
    end = ctx.field(entry, path, "end", parse_time)
    _check_times(ctx, path, start, end)
    for key, clock in (("start", start), ("end", end)):
        try:
            check_wall_time(day, clock)
        except FieldError as exc:
            raise ctx.error((*path, key), str(exc)) from None
    if entry.get("place") is not None:
        extra = sorted(k for k in _PLACE_FIELDS if entry.get(k) is not None)
        if extra:
            raise ctx.error(
                path,
                f"entweder 'place' oder ein eigener Ort, nicht beides (auch angegeben: {', '.join(extra)})",
            )
        place = places[_known_place(ctx, places, path, "place", entry)]
    else:
        if entry.get("district") is None:
            raise ctx.error(path, "Ort fehlt: 'place' (Ort-ID) oder district und name angeben")
        own_id = ctx.optional(entry, path, "id", _place_id)
        place = parse_place_fields(ctx, entry, path, own_id)
        if place.id in places and places[place.id] != place:
            if own_id is not None:
                raise ctx.error((*path, "id"), f"Ort-ID '{place.id}' gehört schon zu einem anderen Ort")
            place = replace(place, id=unique_place_id(place.id, places))
    return Event(
        day,
        start,
        end,
        place,
        ctx.optional(entry, path, "title", _text),
        ctx.optional(entry, path, "note", _text),
    )


def unique_place_id(base: str, places: dict[str, Place]) -> str:
    """`base` with the smallest suffix -2, -3 … not used by a plan place."""
    for number in range(2, 100):
        suffix = f"-{number}"
        candidate = base[: MAX_PLACE_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in places:
            return candidate
    raise PlanError(f"no free place id for {base!r}")


_CANCEL_FIELDS = {"date", "place", "reason"}
_MOVE_FIELDS = {"date", "place", "new_date", "new_start", "new_end", "new_place", "reason"}


def _parse_changes(
    ctx: YamlContext, data: dict[str, Any], places: dict[str, Place]
) -> tuple[list[Cancellation], list[Move]]:
    cancellations = []
    for index, item in enumerate(ctx.sequence(data.get("cancellations"), ("cancellations",))):
        path: Path_ = ("cancellations", index)
        entry = ctx.mapping(item, path, _CANCEL_FIELDS)
        place_id = None
        if entry.get("place") is not None:
            place_id = _known_place(ctx, places, path, "place", entry)
        cancellations.append(
            Cancellation(
                ctx.field(entry, path, "date", parse_date),
                place_id,
                ctx.optional(entry, path, "reason", _text),
            )
        )
    moves = []
    for index, item in enumerate(ctx.sequence(data.get("moves"), ("moves",))):
        path = ("moves", index)
        entry = ctx.mapping(item, path, _MOVE_FIELDS)
        move = Move(
            day=ctx.field(entry, path, "date", parse_date),
            place_id=_known_place(ctx, places, path, "place", entry),
            new_day=ctx.optional(entry, path, "new_date", parse_date),
            new_start=ctx.optional(entry, path, "new_start", parse_time),
            new_end=ctx.optional(entry, path, "new_end", parse_time),
            new_place_id=(
                _known_place(ctx, places, path, "new_place", entry)
                if entry.get("new_place") is not None
                else None
            ),
            reason=ctx.optional(entry, path, "reason", _text),
        )
        if not (move.new_day or move.new_start or move.new_end or move.new_place_id):
            raise ctx.error(path, "nichts verlegt: new_date, new_start, new_end oder new_place angeben")
        moves.append(move)
    return cancellations, moves


_TOP_FIELDS = {"version", "include", "skip_holidays", "places", "rules", "events", "cancellations", "moves"}
_INCLUDE_FIELDS = {"version", "events", "cancellations", "moves"}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PlanError(f"{path}: Datei kann nicht gelesen werden: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PlanError(f"{path}: Datei ist nicht UTF-8-kodiert") from None


def parse_plan(text: str, source: str = "<plan>", base_dir: Path | None = None) -> StopPlan:
    """Parse and validate plan YAML text; `base_dir` resolves `include` patterns."""
    data, lines = load_yaml(text, source)
    ctx = YamlContext(source, lines)
    data = ctx.mapping(data if data is not None else {}, (), _TOP_FIELDS)
    version = data.get("version", 1)
    if version != 1:
        raise ctx.error(("version",), f"Version {version!r} wird nicht unterstützt (erwartet 1)")
    places = _parse_places(ctx, data.get("places"))
    rules = _parse_rules(ctx, data.get("rules"), places)
    events = [
        parse_event(ctx, item, ("events", i), places)
        for i, item in enumerate(ctx.sequence(data.get("events"), ("events",)))
    ]
    cancellations, moves = _parse_changes(ctx, data, places)
    origins = _Origins([(ctx, i) for i in range(len(cancellations))], [(ctx, i) for i in range(len(moves))])
    skip = ctx.optional(data, (), "skip_holidays", _bool)
    patterns = ctx.sequence(data.get("include"), ("include",))
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, str) or Path(pattern).is_absolute() or ".." in pattern:
            raise ctx.error(("include", index), "erwartet ein relatives Dateimuster wie imports/*.yaml")
        if base_dir is None:
            continue
        for file in sorted(base_dir.glob(pattern)):
            sub_ctx, sub_events, sub_cancellations, sub_moves = _parse_include(file, places)
            events.extend(sub_events)
            origins.cancellations.extend((sub_ctx, i) for i in range(len(sub_cancellations)))
            origins.moves.extend((sub_ctx, i) for i in range(len(sub_moves)))
            cancellations.extend(sub_cancellations)
            moves.extend(sub_moves)
    plan = StopPlan(
        place_index=places,
        rules=tuple(rules),
        events=tuple(events),
        cancellations=tuple(cancellations),
        moves=tuple(moves),
        skip_holidays=True if skip is None else skip,
        source=source,
        includes=tuple(patterns),
        base_dir=base_dir,
    )
    _check_changes_hit(plan, origins)
    return plan


class _Origins:
    """Which file and entry each cancellation and move came from."""

    def __init__(
        self, cancellations: list[tuple[YamlContext, int]], moves: list[tuple[YamlContext, int]]
    ) -> None:
        self.cancellations = cancellations
        self.moves = moves


def _parse_include(
    file: Path, places: dict[str, Place]
) -> tuple[YamlContext, list[Event], list[Cancellation], list[Move]]:
    """An included file: a list of events, or a mapping with events/cancellations/moves."""
    data, lines = load_yaml(_read(file), str(file))
    ctx = YamlContext(str(file), lines)
    if isinstance(data, list):
        data = {"events": data}
    data = ctx.mapping(data if data is not None else {}, (), _INCLUDE_FIELDS)
    events = [
        replace(parse_event(ctx, item, ("events", i), places), origin=str(file))
        for i, item in enumerate(ctx.sequence(data.get("events"), ("events",)))
    ]
    cancellations, moves = _parse_changes(ctx, data, places)
    return ctx, events, cancellations, moves


def _check_changes_hit(plan: StopPlan, origins: _Origins) -> None:
    """Every cancellation with a place and every move must refer to a planned stop."""
    for cancel, (ctx, index) in zip(plan.cancellations, origins.cancellations, strict=True):
        if cancel.place_id is None or month_key(cancel.day) in plan.imported_months:
            continue  # an imported month replaced the rule stop this change was about
        stop_id = make_stop_id(cancel.day, cancel.place_id)
        if all(s.stop_id != stop_id for s in plan._base_stops(cancel.day)):
            message = f"am {cancel.day:%d.%m.%Y} ist in '{cancel.place_id}' kein Halt geplant"
            raise ctx.error(("cancellations", index), message)
    for move, (ctx, index) in zip(plan.moves, origins.moves, strict=True):
        stop = plan.find_stop(make_stop_id(move.day, move.place_id))
        if stop is None and month_key(move.day) in plan.imported_months:
            continue
        if stop is None:
            raise ctx.error(
                ("moves", index), f"am {move.day:%d.%m.%Y} ist in '{move.place_id}' kein Halt geplant"
            )
        if stop.end <= stop.start:
            raise ctx.error(
                ("moves", index), f"Ende {stop.end:%H:%M} liegt nicht nach Beginn {stop.start:%H:%M}"
            )


def load_plan(path: str | Path = DEFAULT_PLAN_PATH) -> StopPlan:
    """Load and validate a plan file and its includes (raises PlanError)."""
    file = Path(path)
    plan = parse_plan(_read(file), str(file), file.parent)
    logger.info(
        "stop plan %s: %s places, %s rules, %s events",
        file,
        len(plan.places),
        len(plan.rules),
        len(plan.events),
    )
    return plan
