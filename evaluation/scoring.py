"""Score engine outcomes against expected answers: right / wrong / abstain per tag."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["ABSTAIN", "Outcome", "Report", "Tally", "score", "verdict"]

ABSTAIN = "abstain"
"""The expected value meaning "the bot must not answer from the FAQ"."""


@dataclass(frozen=True)
class Outcome:
    """One case: its tags, what counts as right, what the engine gave (None: it abstained).

    `expected` holds entry ids and intents; ``ABSTAIN`` among them means abstaining is
    right. `language_ok` is False when the reply was in the wrong language.
    """

    tags: tuple[str, ...]
    expected: tuple[str, ...]
    given: str | None
    language_ok: bool = True


def verdict(outcome: Outcome) -> str:
    """Return "right", "wrong" or "abstain" for one case.

    An answer to a case that must abstain is wrong; abstaining on such a case is right.
    An answer with the right entry in the wrong language is wrong.
    """
    if outcome.given is None:
        return "right" if ABSTAIN in outcome.expected else "abstain"
    if outcome.given in outcome.expected and outcome.language_ok:
        return "right"
    return "wrong"


@dataclass
class Tally:
    """Counts of right, wrong and abstained cases."""

    right: int = 0
    wrong: int = 0
    abstain: int = 0

    @property
    def total(self) -> int:
        """Number of cases counted."""
        return self.right + self.wrong + self.abstain

    def add(self, result: str) -> None:
        """Count one verdict."""
        setattr(self, result, getattr(self, result) + 1)

    def share(self, result: str) -> float:
        """Share (0..1) of one verdict; 0.0 when empty."""
        return getattr(self, result) / self.total if self.total else 0.0


@dataclass
class Report:
    """Tallies overall and per tag."""

    overall: Tally = field(default_factory=Tally)
    by_tag: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))


def score(outcomes: Iterable[Outcome]) -> Report:
    """Tally outcomes overall and under each of their tags."""
    report = Report()
    for outcome in outcomes:
        result = verdict(outcome)
        report.overall.add(result)
        for tag in outcome.tags:
            report.by_tag[tag].add(result)
    return report
