"""Score engine outcomes against expected answers: right / wrong / none per tag."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outcome:
    """One case: its tags, the expected entry id (None: must abstain), the given one."""

    tags: tuple[str, ...]
    expected: str | None
    given: str | None


def verdict(outcome: Outcome) -> str:
    """Return "right", "wrong" or "none" for one case.

    An answer to a case that must abstain is wrong; abstaining on such a case is right.
    """
    if outcome.given is None:
        return "right" if outcome.expected is None else "none"
    return "right" if outcome.given == outcome.expected else "wrong"


@dataclass
class Tally:
    """Counts of right, wrong and none answers."""

    right: int = 0
    wrong: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        """Number of cases counted."""
        return self.right + self.wrong + self.none

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
