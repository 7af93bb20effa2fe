"""The Bürgermobil's stop plan: places, recurring and one-off stops, changes, queries."""

from bot.stops.dates import DayQuery, parse_day_query
from bot.stops.loader import DEFAULT_PLAN_PATH, load_plan, parse_plan
from bot.stops.model import (
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
from bot.stops.plan import HORIZON_DAYS, StopPlan

__all__ = [
    "BERLIN",
    "DEFAULT_PLAN_PATH",
    "HORIZON_DAYS",
    "Cancellation",
    "DayQuery",
    "Event",
    "Move",
    "Override",
    "Place",
    "PlanError",
    "Rule",
    "Stop",
    "StopPlan",
    "UnknownStopError",
    "load_plan",
    "parse_day_query",
    "parse_plan",
]
