"""The Bürgermobil's stop plan: places, recurring and one-off stops, changes, queries."""

from core.stops.dates import DayQuery, parse_day_query
from core.stops.importer import ImportRejectedError, ImportResult, validate_import, write_import
from core.stops.loader import DEFAULT_PLAN_PATH, load_plan, parse_plan
from core.stops.model import (
    BERLIN,
    Cancellation,
    Event,
    Move,
    Override,
    Place,
    PlanError,
    Rule,
    Stop,
    UnknownStopError,
)
from core.stops.plan import HORIZON_DAYS, StopPlan
from core.stops.render import (
    format_day,
    format_stop,
    format_stop_details,
    format_stops,
    format_time_range,
    stop_ics_event,
)

__all__ = [
    "BERLIN",
    "DEFAULT_PLAN_PATH",
    "HORIZON_DAYS",
    "Cancellation",
    "DayQuery",
    "Event",
    "ImportRejectedError",
    "ImportResult",
    "Move",
    "Override",
    "Place",
    "PlanError",
    "Rule",
    "Stop",
    "StopPlan",
    "UnknownStopError",
    "format_day",
    "format_stop",
    "format_stop_details",
    "format_stops",
    "format_time_range",
    "load_plan",
    "parse_day_query",
    "parse_plan",
    "stop_ics_event",
    "validate_import",
    "write_import",
]
