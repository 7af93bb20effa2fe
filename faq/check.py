"""`faq check`: validate an FAQ file and report what an editor has to fix."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from faq.matcher import Decision, FaqMatcher
from faq.model import FaqError, read_yaml, validate_faq
from faq.normalize import clauses
from faq.synonyms import DEFAULT_SYNONYMS_PATH, Synonyms, load_synonyms

__all__ = ["CheckReport", "check_faq"]

STALE_AFTER_MONTHS = 12


@dataclass
class CheckReport:
    """Errors (the file must be fixed) and warnings (should be looked at) for one FAQ file."""

    path: Path
    entries: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    def format(self) -> str:
        """Render the report as readable text."""
        lines = [f"{self.path}: {self.entries} entries checked"]
        for title, items in (("Errors", self.errors), ("Warnings", self.warnings)):
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  - {item}" for item in items)
        verdict = "OK" if self.ok else "FAILED"
        lines.append(
            f"Result: {verdict} ({len(self.errors)} errors, {len(self.warnings)} warnings)"
        )
        return "\n".join(lines)


def check_faq(
    path: Path | str,
    synonyms_path: Path | str | None = DEFAULT_SYNONYMS_PATH,
    *,
    today: datetime.date | None = None,
) -> CheckReport:
    """Check schema, duplicates, links, review dates and question conflicts of an FAQ file."""
    source = Path(path)
    report = CheckReport(source)
    try:
        data = read_yaml(source)
    except FaqError as exc:
        report.errors.extend(exc.problems)
        return report
    faq, problems = validate_faq(data, source)
    report.entries = len(data["entries"]) if _has_entry_list(data) else 0
    report.errors.extend(problems)
    synonyms: Synonyms | None = None
    if synonyms_path is not None:
        try:
            synonyms = load_synonyms(synonyms_path)
        except FaqError as exc:
            report.errors.extend(exc.problems)

    seen: dict[str, str] = {}
    for entry in faq.entries:
        own: set[str] = set()
        for question in entry.questions:
            key = _normalised(question)
            if key in own:
                report.errors.append(
                    f"entry '{entry.id}': question '{question}' appears twice in this entry"
                )
            elif key in seen:
                report.errors.append(
                    f"entry '{entry.id}': question '{question}' duplicates a question of"
                    f" entry '{seen[key]}'"
                )
            own.add(key)
        for key in own:
            seen.setdefault(key, entry.id)

    today = today or datetime.date.today()
    limit = _months_before(today, STALE_AFTER_MONTHS)
    for entry in faq.entries:
        if entry.reviewed < limit:
            report.warnings.append(
                f"entry '{entry.id}': reviewed {entry.reviewed.isoformat()}, more than"
                f" {STALE_AFTER_MONTHS} months ago: check fees, rules and links"
            )
        if entry.reviewed > today:
            report.warnings.append(
                f"entry '{entry.id}': reviewed date {entry.reviewed.isoformat()} is in the future"
            )

    if faq.entries:
        _check_conflicts(FaqMatcher(faq, synonyms), report)
    return report


def _check_conflicts(matcher: FaqMatcher, report: CheckReport) -> None:
    """Report example questions that the matcher gives to another entry.

    Each question is matched twice: as listed (it must find its own entry), and
    with itself left out of the index, as a citizen's own wording of it would be.
    A conflict (error) is a question that goes to another entry as listed, or that
    once left out would be answered with another entry while its own entry would
    not even be suggested. Otherwise finding another entry first is a warning:
    a likely overlap ("answered with X") or a weak question ("finds X first").
    """
    for entry in matcher.faq.entries:
        for question in entry.questions:
            best = matcher.match(question).best
            if best is None or best.entry_id != entry.id:
                where = f"'{best.entry_id}' ({best.score:.1f})" if best else "no entry"
                report.errors.append(
                    f"conflict: entry '{entry.id}' question '{question}' is matched to {where}"
                )
                continue
            if len(entry.questions) < 2:
                continue
            result = matcher.without_question(entry.id, question).match(question)
            other = result.best
            if other is None or other.entry_id == entry.id:
                continue
            own = next((c for c in result.candidates if c.entry_id == entry.id), None)
            own_text = f"{own.score:.1f}" if own else "not in the top five"
            in_other_words = (
                f"entry '{entry.id}' question '{question}' is matched to '{other.entry_id}'"
                f" ({other.score:.1f}) when asked in other words (own entry {own_text})"
            )
            if result.decision is not Decision.ANSWER:
                report.warnings.append(
                    f"weak question: {in_other_words}: add keywords or example questions"
                )
            elif own is None or own.score < matcher.suggest_threshold:
                report.errors.append(
                    f"conflict: {in_other_words}: make the questions of both entries distinct"
                )
            else:
                report.warnings.append(
                    f"overlap: {in_other_words} and the bot would answer with"
                    f" '{other.entry_id}': make the questions of both entries distinct"
                )


def _normalised(question: str) -> str:
    """A question folded for comparison: case, umlauts, ß and punctuation ignored."""
    return " ".join(word for clause in clauses(question) for word, _ in clause)


def _has_entry_list(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("entries"), list)


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (clamped to the month's length)."""
    year, month = divmod(day.month - 1 - months, 12)
    year += day.year
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
