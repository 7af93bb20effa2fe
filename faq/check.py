"""`faq check`: validate an FAQ file and report what an editor has to fix."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faq.facts import FactBook, load_facts, placeholders
from faq.matcher import Decision, FaqMatcher
from faq.model import Faq, FaqError, facts_path_for, read_yaml, validate_faq
from faq.overlay import apply_overlay, overlay_path_for, read_overlay
from faq.question_rules import duplicate_problems, evaluation_case_problems, listed_conflict
from faq.review import (
    STALE_AFTER_MONTHS,
    entry_review_by,
    literal_euro_amounts,
    literal_fact_numbers,
)
from faq.synonyms import DEFAULT_SYNONYMS_PATH, Synonyms, load_synonyms

__all__ = ["CheckReport", "check_faq"]

_TEXT_FIELDS = ("title", "title_en", "answer", "answer_en")


@dataclass
class CheckReport:
    """Errors (the file must be fixed) and warnings (should be looked at) for one FAQ file."""

    path: Path
    entries: int = 0
    facts: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    overlay: Path | None = None
    """The overlay checked with the file (staff additions), when there is one."""

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    def format(self) -> str:
        """Render the report as readable text."""
        lines = [f"{self.path}: {self.entries} entries and {self.facts} facts checked"]
        if self.overlay is not None:
            lines.append(f"with the overlay {self.overlay}")
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
    facts_path: Path | str | None = None,
    texts: Iterable[tuple[str, str]] = (),
    overlay_path: Path | str | None = None,
) -> CheckReport:
    """Check an FAQ file and its facts: schema, sources, placeholders, literal facts in answers,
    duplicates, review dates and question conflicts.

    The facts come from `facts_path`, else from `facts.yaml` next to the FAQ when it exists.
    `texts` are further (name, template) pairs that may name facts (the bot's own texts): an
    unknown placeholder there is an error too. The overlay (`overlay_path`, else
    `<name>.local.yaml` beside the file when it exists) is merged in and checked with it.
    """
    source = Path(path)
    report = CheckReport(source)
    today = today or datetime.date.today()
    facts = _load_facts(source, facts_path, report)
    report.facts = len(facts)
    try:
        data = read_yaml(source)
    except FaqError as exc:
        report.errors.extend(exc.problems)
        return report
    faq, problems = validate_faq(data, source, facts)
    report.entries = len(data["entries"]) if _has_entry_list(data) else 0
    report.errors.extend(problems)
    overlay = Path(overlay_path) if overlay_path is not None else overlay_path_for(source)
    if overlay_path is not None or overlay.exists():
        report.overlay = overlay
        try:
            faq, problems = apply_overlay(faq, read_overlay(overlay), overlay)
        except FaqError as exc:
            problems = list(exc.problems)
        report.errors.extend(problems)
        report.entries = len(faq)
    synonyms: Synonyms | None = None
    if synonyms_path is not None:
        try:
            synonyms = load_synonyms(synonyms_path)
        except FaqError as exc:
            report.errors.extend(exc.problems)

    report.errors.extend(duplicate_problems(faq))
    report.errors.extend(evaluation_case_problems(faq))

    _check_literal_facts(faq, report)
    _check_facts(faq, today, report, list(texts))
    for entry in faq.entries:
        due = entry_review_by(entry)
        if due <= today and entry.review_by is None:
            report.warnings.append(
                f"entry '{entry.id}': reviewed {entry.reviewed.isoformat()}, more than"
                f" {STALE_AFTER_MONTHS} months ago: check fees, rules and links"
            )
        elif due <= today:
            report.warnings.append(
                f"entry '{entry.id}': review_by {due.isoformat()} has passed:"
                " check fees, rules and links, then set reviewed and review_by"
            )
        if entry.reviewed > today:
            report.warnings.append(
                f"entry '{entry.id}': reviewed date {entry.reviewed.isoformat()} is in the future"
            )

    if faq.entries:
        _check_conflicts(FaqMatcher(faq, synonyms), report)
    return report


def _load_facts(source: Path, facts_path: Path | str | None, report: CheckReport) -> FactBook:
    """The facts of the FAQ (empty when there is no facts file); problems become errors."""
    path = Path(facts_path) if facts_path is not None else facts_path_for(source)
    if facts_path is None and not path.exists():
        return FactBook()
    try:
        return load_facts(path)
    except FaqError as exc:
        report.errors.extend(exc.problems)
        return FactBook()


def _check_literal_facts(faq: Faq, report: CheckReport) -> None:
    """Fail on euro amounts and fact phone numbers written into a text instead of a placeholder.

    The rule is general: every amount of money in an answer comes from a fact, so an answer
    can never state a fee that differs from its fact; a phone number that is a fact is named
    by its placeholder, so a changed number changes everywhere.
    """
    for entry in faq.entries:
        for name in _TEXT_FIELDS:
            text = getattr(entry, name) or ""
            for amount in literal_euro_amounts(text):
                report.errors.append(
                    f"entry '{entry.id}', field '{name}': the amount '{amount}' is written"
                    " literally: put it into faq/facts.yaml (with its source) and write"
                    " {fact:<id>} instead" + _topic_hint(faq.facts, entry.id, "fee", "amount")
                )
            for written, fact_id in literal_fact_numbers(text, faq.facts):
                report.errors.append(
                    f"entry '{entry.id}', field '{name}': the number '{written}' is the fact"
                    f" '{fact_id}': write {{fact:{fact_id}}} instead"
                )


def _topic_hint(facts: FactBook, entry_id: str, *kinds: str) -> str:
    ids = [fact.id for fact in facts if entry_id in fact.topics and fact.kind in kinds]
    return f" (facts of this topic: {', '.join(ids)})" if ids else ""


def _check_facts(
    faq: Faq, today: datetime.date, report: CheckReport, texts: list[tuple[str, str]]
) -> None:
    """Facts: a value for today, known topics, used somewhere, review date not passed."""
    used: set[str] = set()
    for entry in faq.entries:
        for name in _TEXT_FIELDS:
            used.update(placeholders(getattr(entry, name) or ""))
    for label, text in texts:
        used.update(placeholders(text))
        for fact_id in faq.facts.unknown(text):
            report.errors.append(f"text '{label}': unknown fact placeholder {{fact:{fact_id}}}")
    for fact in faq.facts:
        if fact.value_on(today) is None:
            report.errors.append(
                f"fact '{fact.id}': no value on {today.isoformat()}"
                + (
                    f" (valid_from {fact.valid_from.isoformat()})"
                    if fact.valid_from is not None and today < fact.valid_from
                    else f" (valid_until {fact.valid_until} passed): add `then:` or a new value"
                )
            )
        for topic in fact.topics:
            if faq.get(topic) is None:
                report.errors.append(f"fact '{fact.id}', field 'topic': no FAQ entry '{topic}'")
        if fact.review_by <= today:
            report.warnings.append(
                f"fact '{fact.id}': review_by {fact.review_by.isoformat()} has passed:"
                f" check it against {fact.sources[0]}, then set reviewed and review_by"
            )
        if fact.id not in used:
            report.warnings.append(f"fact '{fact.id}': not used by any FAQ entry")


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
            conflict = listed_conflict(matcher, entry.id, question)
            if conflict is not None:
                report.errors.append(conflict)
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


def _has_entry_list(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("entries"), list)
