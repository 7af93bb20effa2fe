"""Which stops are sure: dates from a rule are expected, dates from a published plan confirmed.

A rule ("every 2nd Tuesday") only guesses a date; the monthly plan the team publishes is the
truth. So a stop derived from a rule is "voraussichtlich" / "expected" and points to the city's
plan page. A one-off event (from the plan file or an imported monthly plan) is "bestätigt" /
"confirmed". An imported month replaces every rule date of that month (see `imported_months`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from core.stops.model import Event, Stop

__all__ = [
    "PLAN_URL",
    "certainty_label",
    "certainty_sentence",
    "imported_months",
    "list_legend",
    "month_key",
]

PLAN_URL = "https://www.essen.de/b%C3%BCrgermobil"
"""The city's page with the current stop plan (table and map), as its press releases name it."""

_LABELS = {
    ("de", True): "bestätigt",
    ("de", False): "voraussichtlich",
    ("en", True): "confirmed",
    ("en", False): "expected",
}


def month_key(day: date) -> str:
    """The month of a date as "2027-01" (the name of its import file)."""
    return f"{day:%Y-%m}"


def imported_months(events: Iterable[Event]) -> frozenset[str]:
    """The months ("2027-01") for which an included import file holds stops.

    An imported monthly plan is the truth for its month: its rule dates are dropped.
    Events written in the plan file itself (no origin) add to the rules instead.
    """
    return frozenset(month_key(event.day) for event in events if event.origin is not None)


def certainty_label(stop: Stop, lang: Literal["de", "en"] = "de") -> str:
    """ "bestätigt" / "confirmed", or "voraussichtlich" / "expected" for a date from a rule."""
    return _LABELS[("en" if lang == "en" else "de", stop.confirmed)]


def certainty_sentence(stop: Stop, lang: Literal["de", "en"] = "de") -> str:
    """A short sentence for details and calendar entries; an expected date links the city's plan."""
    if lang == "en":
        if stop.confirmed:
            return "Confirmed date."
        return f"Expected date, worked out from the usual rota. Please check the city's plan: {PLAN_URL}"
    if stop.confirmed:
        return "Bestätigter Termin."
    return (
        "Voraussichtlicher Termin, nach dem üblichen Rhythmus berechnet. "
        f"Bitte im Plan der Stadt prüfen: {PLAN_URL}"
    )


def list_legend(lang: Literal["de", "en"] = "de") -> str:
    """The note under a staff list that contains expected dates (`stops list`)."""
    if lang == "en":
        return (
            "expected = worked out from a rule, not confirmed. confirmed = one-off date, "
            "imported monthly plan or staff change.\n"
            "Import the month's plan to confirm it: python -m bot stops import <file>. "
            f"The city's plan: {PLAN_URL}"
        )
    return (
        "voraussichtlich = aus einer Regel berechnet, nicht bestätigt. bestätigt = Einzeltermin, "
        "importierter Monatsplan oder Änderung durch das Team.\n"
        "Zum Bestätigen den Monatsplan importieren: python -m bot stops import <Datei>. "
        f"Plan der Stadt: {PLAN_URL}"
    )
