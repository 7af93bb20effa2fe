"""The states of a ticket and the moves between them, in one table."""

from __future__ import annotations

__all__ = ["ANSWERED", "CLAIMED", "CLOSED", "OPEN", "STATES", "TRANSITIONS", "can_move"]

OPEN = "open"
CLAIMED = "claimed"
ANSWERED = "answered"
CLOSED = "closed"

STATES = (OPEN, CLAIMED, ANSWERED, CLOSED)

TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({CLAIMED, ANSWERED, CLOSED}),
    CLAIMED: frozenset({ANSWERED, CLOSED}),
    # the citizen writes again: the ticket is open again; staff may answer once more
    ANSWERED: frozenset({OPEN, ANSWERED, CLOSED}),
    # a staff reply to the card of a closed ticket still reaches the citizen
    CLOSED: frozenset({ANSWERED}),
}
"""From each state, the states a ticket may move to."""


def can_move(current: str, wanted: str) -> bool:
    """Whether a ticket in `current` may move to `wanted`."""
    return wanted in TRANSITIONS.get(current, frozenset())
