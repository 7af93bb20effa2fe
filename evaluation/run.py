"""Run engines over the case files and print right / wrong / abstain per tag, side by side."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from evaluation.cases import TAGS, Case
from evaluation.engines import Engine
from evaluation.scoring import ABSTAIN, Outcome, Report, Tally, score, verdict

__all__ = ["Run", "format_misses", "format_table", "run"]


@dataclass(frozen=True)
class Run:
    """One engine over one split: the outcomes, their report and the reply times (ms)."""

    engine: str
    cases: tuple[Case, ...]
    outcomes: tuple[Outcome, ...]
    report: Report
    millis: tuple[float, ...]

    @property
    def p50(self) -> float:
        """Median reply time in milliseconds."""
        return statistics.median(self.millis) if self.millis else 0.0


def run(engine: Engine, cases: Sequence[Case]) -> Run:
    """Ask the engine every case and score the replies."""
    outcomes: list[Outcome] = []
    millis: list[float] = []
    for case in cases:
        start = time.perf_counter()
        reply = engine.reply(case.question)
        millis.append((time.perf_counter() - start) * 1000.0)
        language_ok = reply.lang is None or reply.lang == case.language
        outcomes.append(Outcome(case.tags, case.expected, reply.given, language_ok))
    return Run(engine.name, tuple(cases), tuple(outcomes), score(outcomes), tuple(millis))


def _cell(tally: Tally) -> str:
    return (
        f"{100 * tally.share('right'):5.1f} {100 * tally.share('wrong'):5.1f}"
        f" {100 * tally.share('abstain'):5.1f}"
    )


def _unanswerable(one: Run) -> Tally:
    """Cases the FAQ cannot answer (expected: abstain)."""
    tally = Tally()
    for outcome in one.outcomes:
        if ABSTAIN in outcome.expected:
            tally.add(verdict(outcome))
    return tally


def format_table(title: str, runs: Sequence[Run]) -> str:
    """A table: one row per tag, per engine right / wrong / abstain in percent."""
    header = f"{'':16} {'n':>4}" + "".join(f" | {r.engine:^17}" for r in runs)
    sub = f"{'':16} {'':>4}" + " | right wrong abst." * len(runs)
    lines = [f"== {title} ==", header, sub, "-" * len(sub)]
    first = runs[0].report
    for tag in sorted(TAGS):
        if tag not in first.by_tag:
            continue
        row = f"{tag:16} {first.by_tag[tag].total:4}"
        lines.append(row + "".join(f" | {_cell(r.report.by_tag[tag])}" for r in runs))
    lines.append("-" * len(sub))
    unanswerable = [_unanswerable(r) for r in runs]
    lines.append(
        f"{'(unanswerable)':16} {unanswerable[0].total:4}"
        + "".join(f" | {_cell(t)}" for t in unanswerable)
    )
    lines.append(
        f"{'OVERALL':16} {first.overall.total:4}" + "".join(f" | {_cell(r.report.overall)}" for r in runs)
    )
    lines.append(f"{'p50 ms':16} {'':4}" + "".join(f" | {r.p50:17.2f}" for r in runs))
    return "\n".join(lines)


def format_misses(one: Run) -> str:
    """Every case the engine did not get right, with what it gave."""
    lines = []
    for case, outcome in zip(one.cases, one.outcomes, strict=True):
        result = verdict(outcome)
        if result != "right":
            lang = "" if outcome.language_ok else " (wrong language)"
            lines.append(
                f"{result:7} {','.join(case.tags):22} expected {'|'.join(case.expected):28}"
                f" got {outcome.given}{lang}: {case.question}"
            )
    return "\n".join(lines)
