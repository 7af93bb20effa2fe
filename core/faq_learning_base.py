"""What the parts of the FAQ review loop share: dependencies, the error, the overlay change, the audit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from core.clock import Clock
from core.faq_learning_reload import FaqChangeRefused, FaqLibrary, FaqReloadError, Verify
from core.staff import StaffActor
from core.ticket_reads import TicketReads
from faq import Faq, FaqMatcher
from storage import AuditRepository, Database
from storage.faq_reviews import FaqReviewRepository

__all__ = ["REF", "LearningBase", "LearningError"]

logger = logging.getLogger(__name__)

REF = "faq_review"
"""The audit entries' ref_type (ref_id: the review item or the draft)."""


class LearningError(Exception):
    """A review action cannot be done; `key` and `values` make the staff's sentence (texts/learning.py)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(key)


class LearningBase:
    """The dependencies of the review loop and the steps its parts share."""

    def __init__(
        self,
        *,
        db: Database,
        repo: FaqReviewRepository,
        clock: Clock,
        audit: AuditRepository,
        tickets: TicketReads,
        library: FaqLibrary,
        current: Callable[[], tuple[Faq, FaqMatcher]],
        today: Callable[[], date],
    ) -> None:
        self.db = db
        self.repo = repo
        self.clock = clock
        self.audit = audit
        self.tickets = tickets
        self.library = library
        self.current = current
        self.today = today

    async def _change(
        self, edit: Callable[[dict[str, Any]], object], verify: Verify | None = None
    ) -> None:
        """Change the overlay and run on it; LearningError('learn.broken') naming file and key,
        or ('learn.refused') when `verify` finds problems with the change itself."""
        try:
            await self.library.change(edit, verify)
        except FaqReloadError as exc:
            logger.warning("FAQ change refused: %d problems", len(exc.problems))
            key = "learn.refused" if isinstance(exc, FaqChangeRefused) else "learn.broken"
            raise LearningError(key, problems="\n".join(exc.problems[:10])) from exc

    async def _audit(self, who: StaffActor, action: str, ref_id: int | None, detail: str | None) -> None:
        async with self.db.transaction() as conn:
            await self.audit.record(
                conn, now=self.clock.now(), actor_id=who.user_id, actor_name=who.name, action=action,
                ref_type=REF if ref_id is not None else None, ref_id=ref_id, detail=detail,
            )
