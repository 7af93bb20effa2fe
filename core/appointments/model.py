"""The request's states and allowed transitions, and the answer options of the conversation."""

from __future__ import annotations

__all__ = [
    "CANCELLED",
    "CONFIRMED",
    "DONE",
    "FINISHED",
    "IN_PROGRESS",
    "NEW",
    "OPEN",
    "PLACE_KINDS",
    "PROPOSED",
    "REASONS",
    "REJECTED",
    "RELATIONSHIPS",
    "SERVICES",
    "STATES",
    "TIMES",
    "TRANSITIONS",
    "TransitionError",
    "can_move",
    "check_move",
]

NEW = "neu"
IN_PROGRESS = "in_bearbeitung"
PROPOSED = "termin_vorgeschlagen"
CONFIRMED = "bestaetigt"
DONE = "erledigt"
CANCELLED = "abgesagt"
REJECTED = "abgelehnt"

STATES = (NEW, IN_PROGRESS, PROPOSED, CONFIRMED, DONE, CANCELLED, REJECTED)
OPEN = (NEW, IN_PROGRESS, PROPOSED, CONFIRMED)
FINISHED = (DONE, CANCELLED, REJECTED)

TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({IN_PROGRESS, PROPOSED, DONE, CANCELLED, REJECTED}),
    IN_PROGRESS: frozenset({PROPOSED, DONE, CANCELLED, REJECTED}),
    # a new proposal replaces the old one; "Passt nicht" goes back to in_bearbeitung
    PROPOSED: frozenset({PROPOSED, CONFIRMED, IN_PROGRESS, DONE, CANCELLED, REJECTED}),
    # a confirmed visit can be moved (new proposal), done, cancelled or rejected
    CONFIRMED: frozenset({PROPOSED, DONE, CANCELLED, REJECTED}),
    DONE: frozenset(),
    CANCELLED: frozenset(),
    REJECTED: frozenset(),
}
"""From each state, the states a request may move to."""

RELATIONSHIPS = ("self", "relative", "care_staff")
"""For whom: myself, a relative or someone I care for, a resident of the care home where I work."""

REASONS = ("care_home", "mobility", "hospital", "other")
"""Why the office cannot be visited."""

SERVICES = ("address", "id_card", "passport", "certificate", "other")
"""What is needed: (re-)registration, ID card, passport, certificate of registration, other."""

PLACE_KINDS = ("home", "care_home", "hospital")
"""Where the visit takes place."""

TIMES = ("morning", "afternoon", "any")
"""Preferred times: weekday mornings, weekday afternoons, any time."""


class TransitionError(Exception):
    """A request cannot move from its state to the wanted one."""

    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"{current} -> {wanted} is not allowed")
        self.current = current
        self.wanted = wanted


def can_move(current: str, wanted: str) -> bool:
    """Whether a request in `current` may move to `wanted`."""
    return wanted in TRANSITIONS.get(current, frozenset())


def check_move(current: str, wanted: str) -> None:
    """Raise TransitionError unless the move is allowed."""
    if not can_move(current, wanted):
        raise TransitionError(current, wanted)
