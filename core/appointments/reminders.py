"""Reminders the day before a visit, and what the outbox reports back about request messages."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

import aiosqlite

from core.appointments.core import CARD, CITIZEN, REF, STAFF_NOTE, ServiceCore
from core.appointments.notices import staff_reminder, visit_notice
from core.outbox import delivery_reason
from core.sender import Failed
from core.texts import t
from storage import OutboxItem

__all__ = ["REMIND_FROM", "REMIND_UNTIL", "Reminders"]

logger = logging.getLogger(__name__)

REMIND_FROM = time(9, 0)
REMIND_UNTIL = time(21, 0)
"""Reminders go out the day before the visit, between these local times (no messages at night)."""


class Reminders(ServiceCore):
    """Day-before reminders (from the database, so they survive restarts); outbox delivery hooks."""

    def _install_hooks(self) -> None:
        super()._install_hooks()
        self.outbox.on_sent(CARD, self._link_staff_message)
        self.outbox.on_sent(STAFF_NOTE, self._link_staff_message)
        self.outbox.on_failed(CITIZEN, self._citizen_failed)

    async def send_reminders(self) -> int:
        """Queue reminders for tomorrow's confirmed visits (once each, marked in the same transaction)."""
        now = self.clock.now()
        local = now.astimezone(self.tz)
        if not REMIND_FROM <= local.time() < REMIND_UNTIL:
            return 0
        tomorrow = local.date() + timedelta(days=1)
        start = datetime.combine(tomorrow, time(0), self.tz)
        end = datetime.combine(tomorrow + timedelta(days=1), time(0), self.tz)
        async with self.db.transaction() as conn:
            due = await self.repo.due_reminders(conn, start, end)
            for a in due:
                await self.repo.update(conn, a.id, now, reminded_at=now)
                await self._event(conn, a, None, "system", "reminded", None)
                await self._tell_citizen(conn, a, visit_notice("vo.notice.reminder", a, self.tz, self.phone))
                await self._note(conn, a, staff_reminder(a, self.tz))
        if due:
            logger.info("queued %s appointment reminders", len(due))
        return len(due)

    async def _link_staff_message(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: Failed | None
    ) -> None:
        """A card or note reached the staff chat: a reply to it belongs to the request."""
        if message_id is not None and item.ref_id is not None:
            await self.links.link(conn, item.chat_id, message_id, REF, item.ref_id)

    async def _citizen_failed(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: Failed | None
    ) -> None:
        """A message to the citizen failed for good: the team is told to phone instead."""
        if item.ref_id is None:
            return
        a = await self.repo.read(conn, item.ref_id)
        if a is None:
            return
        text = t(
            "vo.staff.delivery_failed",
            reference=a.reference,
            reason=delivery_reason(error),
            phone=a.phone or "–",
        )
        await self._note(conn, a, text)
