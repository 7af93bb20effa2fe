"""Entries and facts due for review, with their official sources, and "checked today".

The dates come from the FAQ (`review_by`, or `reviewed` plus twelve months) and the fact table;
"checked today" writes the new dates into the overlay (`reviewed:`), so the shipped files stay
as they are and the weekly digest (`core/faq_review.py`) no longer lists the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.faq_learning_base import LearningBase, LearningError
from core.staff import StaffActor
from faq.overlay import set_reviewed
from faq.review import STALE_AFTER_MONTHS, due_for_review, months_after

__all__ = ["AHEAD_DAYS", "DueDesk", "DueItem"]

AHEAD_DAYS = 30
"""Items due within this many days are listed too (marked as coming)."""
MIN_FACT_INTERVAL = timedelta(days=30)


@dataclass(frozen=True)
class DueItem:
    """An entry or a fact to check against its sources."""

    kind: str
    """'entry' or 'fact'."""
    id: str
    title: str
    review_by: date
    sources: tuple[str, ...]
    overdue: bool


class DueDesk(LearningBase):
    """What is due for review and the "checked today" action (a part of `FaqLearning`)."""

    def due(self) -> list[DueItem]:
        """Entries and facts due by today or within AHEAD_DAYS, most overdue first."""
        faq, _ = self.current()
        today = self.today()
        found = []
        for item in due_for_review(faq, today + timedelta(days=AHEAD_DAYS)):
            if item.kind == "entry":
                entry = faq.get(item.id)
                sources = entry.links if entry is not None else ()
            else:
                fact = faq.facts.get(item.id)
                sources = fact.sources if fact is not None else ()
            overdue = item.review_by <= today
            found.append(DueItem(item.kind, item.id, item.title, item.review_by, sources, overdue))
        return found

    async def mark_checked(self, kind: str, item_id: str, who: StaffActor) -> date:
        """Record that an entry or fact was checked today; returns its next review date."""
        faq, _ = self.current()
        today = self.today()
        if kind == "entry" and faq.get(item_id) is not None:
            review_by = months_after(today, STALE_AFTER_MONTHS)
        elif kind == "fact" and (fact := faq.facts.get(item_id)) is not None:
            review_by = today + max(fact.review_by - fact.reviewed, MIN_FACT_INTERVAL)
        else:
            raise LearningError("learn.no_entry", entry=item_id)
        await self._change(lambda data: set_reviewed(data, kind, item_id, today, review_by))
        await self._audit(who, "faq_checked", None, f"{kind} {item_id}")
        return review_by
