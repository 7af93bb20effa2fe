"""The states of a ticket and the moves between them, in one table."""

from __future__ import annotations

__all__ = [
    "ANSWERED",
    "CLAIMED",
    "CLOSED",
    "CLOSE_REASONS",
    "OPEN",
    "STAFF_CLOSE_REASONS",
    "STATES",
    "TRANSITIONS",
    "WAITING",
    "can_move",
]

OPEN = "open"
CLAIMED = "claimed"
ANSWERED = "answered"
CLOSED = "closed"

STATES = (OPEN, CLAIMED, ANSWERED, CLOSED)
WAITING = (OPEN, CLAIMED)
"""The states in which a ticket waits for staff (what /offen lists)."""

STAFF_CLOSE_REASONS = ("phone", "duplicate", "other")
"""Why staff close a ticket that never got an answer (asked before closing)."""
CLOSE_REASONS = ("answered", "citizen", "auto", *STAFF_CLOSE_REASONS)
"""Every reason a ticket is closed: after an answer, by the citizen, by itself, or by staff."""

TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({CLAIMED, ANSWERED, CLOSED}),
    CLAIMED: frozenset({ANSWERED, CLOSED}),
    # a follow-up ("Rückfrage") in the window opens it again; staff may answer once more;
    # the citizen's "Danke, erledigt", staff or the auto-close close it
    ANSWERED: frozenset({OPEN, ANSWERED, CLOSED}),
    # a staff reply to the card of a closed ticket still reaches the citizen; staff may reopen
    CLOSED: frozenset({ANSWERED, OPEN}),
}
"""From each state, the states a ticket may move to."""


def can_move(current: str, wanted: str) -> bool:
    """Whether a ticket in `current` may move to `wanted`."""
    return wanted in TRANSITIONS.get(current, frozenset())
