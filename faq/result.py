"""The outcome of matching a question: the decision and the best candidates."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["GUESS_FLOOR", "MAX_SUGGESTIONS", "SUGGEST_SPREAD", "Candidate", "Decision", "MatchResult"]

GUESS_FLOOR = 20.0
MAX_SUGGESTIONS = 3
SUGGEST_SPREAD = 25.0
"""A suggestion more than this below the best candidate is not offered."""


class Decision(enum.Enum):
    """What the bot should do with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    NONE = "none"


@dataclass(frozen=True)
class Candidate:
    """An FAQ entry and its score (0..100) for a question."""

    entry_id: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    """The decision for a question and the best candidates, best first (up to five)."""

    query: str
    decision: Decision
    candidates: tuple[Candidate, ...]
    lang: str = "de"
    """The language of the question ('de' or 'en'): the language to answer in."""

    @property
    def best(self) -> Candidate | None:
        """The best candidate, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def answer_id(self) -> str | None:
        """The id to answer with when the decision is ANSWER."""
        if self.decision is Decision.ANSWER and self.candidates:
            return self.candidates[0].entry_id
        return None

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Up to three ids to offer ("Meinten Sie …?") when the decision is SUGGEST."""
        if self.decision is not Decision.SUGGEST or not self.candidates:
            return ()
        floor = self.candidates[0].score - SUGGEST_SPREAD
        return tuple(
            c.entry_id for c in self.candidates[:MAX_SUGGESTIONS] if c.score >= floor
        )

    @property
    def guesses(self) -> tuple[str, ...]:
        """The top three ids above a low floor, whatever the decision (for staff)."""
        return tuple(
            c.entry_id for c in self.candidates[:MAX_SUGGESTIONS] if c.score >= GUESS_FLOOR
        )
