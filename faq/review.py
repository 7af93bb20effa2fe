"""Which FAQ entries and facts are due for review, and the literal facts an answer must not hold."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from faq.facts import FactBook
from faq.model import Faq, FaqEntry

__all__ = [
    "EURO_RE",
    "STALE_AFTER_MONTHS",
    "ReviewItem",
    "due_for_review",
    "entry_review_by",
    "literal_euro_amounts",
    "literal_fact_numbers",
    "months_after",
]

STALE_AFTER_MONTHS = 12
"""An entry without `review_by` is due this many months after `reviewed`."""

_AMOUNT = r"\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?"
EURO_RE = re.compile(
    rf"(?<![\w.,]){_AMOUNT}\s*(?:€|EUR\b|Euros?\b|euros?\b)|(?:€|\bEUR)\s*{_AMOUNT}"
)
"""An amount of money in euro written out: '46,00 Euro', '6 euros', '€ 13', '100.000 EUR'."""

_PHONE_RE = re.compile(r"(?<![\w+])(?:\+?\d[\d ./-]*\d|\d)(?![\w])")


@dataclass(frozen=True)
class ReviewItem:
    """An entry or a fact whose review date has come."""

    kind: str  # "entry" or "fact"
    id: str
    title: str
    review_by: datetime.date

    def overdue_days(self, day: datetime.date) -> int:
        """Days since the review date (0 on the day itself)."""
        return (day - self.review_by).days


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months later (clamped to the month's length; negative: earlier)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def entry_review_by(entry: FaqEntry) -> datetime.date:
    """The entry's `review_by`, or `reviewed` plus twelve months when it has none."""
    return entry.review_by or months_after(entry.reviewed, STALE_AFTER_MONTHS)


def due_for_review(faq: Faq, day: datetime.date) -> list[ReviewItem]:
    """Entries and facts whose review date is `day` or earlier, most overdue first, facts before entries."""
    items = [
        ReviewItem("entry", entry.id, entry.title, entry_review_by(entry))
        for entry in faq.entries
        if entry_review_by(entry) <= day
    ]
    items += [
        ReviewItem("fact", fact.id, fact.value.de, fact.review_by)
        for fact in faq.facts
        if fact.review_by <= day
    ]
    # most overdue first; on the same day facts (fees, deadlines) before entries
    return sorted(items, key=lambda item: (item.review_by, item.kind != "fact", item.id))


def literal_euro_amounts(text: str) -> list[str]:
    """The euro amounts written literally in `text` (placeholders are not literal)."""
    return [match.group(0).strip() for match in EURO_RE.finditer(text)]


def literal_fact_numbers(text: str, facts: FactBook) -> list[tuple[str, str]]:
    """Phone numbers in `text` that equal a phone fact: (as written, fact id)."""
    by_digits: dict[str, str] = {}
    for fact in facts:
        if fact.kind != "phone":
            continue
        for wording in fact.texts():
            for value in (wording.de, wording.en):
                by_digits.setdefault(_digits(value), fact.id)
    found: list[tuple[str, str]] = []
    for match in _PHONE_RE.finditer(text):
        fact_id = by_digits.get(_digits(match.group(0)))
        if fact_id is not None:
            found.append((match.group(0), fact_id))
    return found


def _digits(text: str) -> str:
    """Only the digits of a number as written."""
    return re.sub(r"\D", "", text)
