"""The weekly list for the staff group: FAQ entries and facts whose review date has come."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from core.clock import Clock
from core.outbox import Outbox, message_payload
from core.texts import Raw, t
from faq import Faq
from faq.review import ReviewItem, due_for_review
from storage import Database

if TYPE_CHECKING:
    from core.services import Services

__all__ = ["PURPOSE", "REF", "REVIEW_HOUR", "queue_review_digest", "review_digest", "send_review_digest"]

PURPOSE = "faq_review"
REF = "faq_review_week"
REVIEW_HOUR = datetime.time(8, 0)
"""Mondays at this local time the staff group gets the list (handlers/telegram/app.py)."""
MAX_LINES = 40
"""More items than this are counted, not listed (one Telegram message)."""


def review_digest(faq: Faq, day: datetime.date) -> str | None:
    """The staff message listing what is due for review on `day`, or None when nothing is."""
    items = due_for_review(faq, day)
    if not items:
        return None
    lines = [_line(item) for item in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        lines.append(t("review.more", count=len(items) - MAX_LINES))
    return t("review.digest", count=len(items), lines=Raw("\n".join(lines)))


def _line(item: ReviewItem) -> str:
    key = "review.line.entry" if item.kind == "entry" else "review.line.fact"
    return t(key, id=item.id, title=item.title, due=f"{item.review_by:%d.%m.%Y}")


async def send_review_digest(services: Services) -> bool:
    """Queue this week's review list for the configured staff group (the Monday job)."""
    return await queue_review_digest(
        services.db,
        services.outbox,
        services.clock,
        services.faq,
        services.config.staff.chat_id,
        services.office_hours.tz,
    )


async def queue_review_digest(
    db: Database, outbox: Outbox, clock: Clock, faq: Faq, chat_id: int | None, tz: datetime.tzinfo
) -> bool:
    """Queue this week's review list for the staff group, once per ISO week; True when queued."""
    if chat_id is None:
        return False
    day = clock.now().astimezone(tz).date()
    text = review_digest(faq, day)
    if text is None:
        return False
    year, week, _ = day.isocalendar()
    ref_id = year * 100 + week
    async with db.transaction() as conn:
        if await outbox.repo.has_ref(conn, PURPOSE, REF, ref_id):
            return False
        await outbox.add(conn, chat_id, message_payload(text), PURPOSE, ref_type=REF, ref_id=ref_id)
    return True
