"""Personal data of requests: anonymised on the citizen's wish or after the retention period."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

import aiosqlite

from core.appointments.core import REF, ServiceCore
from core.appointments.model import CANCELLED
from core.sender import Sent
from core.texts import t
from storage import to_iso
from storage.appointments import FINISHED_STATES

__all__ = ["Retention"]

logger = logging.getLogger(__name__)

BLANKED = "staff_blanked"
"""The event noting that a request's staff-chat messages were blanked."""

BLANK_WITHIN = timedelta(days=30)
"""Requests anonymised longer ago are not blanked any more (a backlog this old is given up)."""


class Retention(ServiceCore):
    """Deleting a citizen's data, the scheduled purge, and blanking the staff chat's messages."""

    blank_edits_per_run = 20
    """Staff-chat edits one purge run may make (a group takes 20 messages a minute; the rest waits)."""

    async def delete_user(self, user_id: int) -> list[int]:
        """Cancel a citizen's open requests and anonymise all of them; returns their ids."""
        ids = await self.repo.ids_for_user(user_id)
        now = self.clock.now()
        for appointment_id in ids:
            async with self.db.transaction() as conn:
                a = await self._read(conn, appointment_id)
                if a.is_open:
                    await self._move(conn, a, CANCELLED, None, "system", "data_deleted", finished_at=now)
                    note = self.cancel_note(a, "vo.staff.data_deleted", "vo.staff.data_deleted_visit")
                    await self._note(conn, a, note)
                await self._anonymise(conn, appointment_id, now, "user request")
        return ids

    async def purge(self, finished_before: datetime) -> list[int]:
        """Anonymise requests finished (done, cancelled, rejected) before the moment; returns their ids."""
        ids = await self.repo.finished_before(finished_before)
        now = self.clock.now()
        for appointment_id in ids:
            async with self.db.transaction() as conn:
                await self._anonymise(conn, appointment_id, now, "retention")
        if ids:
            logger.info("anonymised %s finished appointment requests", len(ids))
        return ids

    async def blank_staff_messages(self, appointment_ids: Sequence[int]) -> int:
        """Replace the bot's staff-chat messages of anonymised requests (best effort); returns edits."""
        if self.outbox.sender is None:
            return 0
        edited = 0
        for appointment_id in appointment_ids:
            edited += await self._blank(appointment_id, await self._staff_messages(appointment_id))
        return edited

    async def blank_pending(self) -> int:
        """Blank the staff messages of anonymised requests not blanked yet, at most a run's share."""
        if self.outbox.sender is None:
            return 0
        since = self.clock.now() - BLANK_WITHIN
        rows = await self.db.fetchall(
            f"SELECT a.id FROM appointments a WHERE a.status IN ({', '.join('?' * len(FINISHED_STATES))})"
            " AND a.anonymised_at >= ? AND NOT EXISTS (SELECT 1 FROM appointment_events e"
            " WHERE e.appointment_id = a.id AND e.action = ?) ORDER BY a.anonymised_at, a.id",
            (*FINISHED_STATES, to_iso(since), BLANKED),
        )
        edited = 0
        for done, row in enumerate(rows):
            messages = await self._staff_messages(int(row["id"]))
            if edited and edited + len(messages) > self.blank_edits_per_run:
                left = len(rows) - done
                logger.info("staff messages of %s anonymised requests left for the next run", left)
                break
            edited += await self._blank(int(row["id"]), messages)
        return edited

    async def _staff_messages(self, appointment_id: int) -> list[tuple[int, int]]:
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id FROM staff_messages WHERE ref_id = ?"
            " AND (ref_type = ? OR ref_type LIKE ?) ORDER BY message_id",
            (appointment_id, REF, REF + ":%"),
        )
        return [(int(r["chat_id"]), int(r["message_id"])) for r in rows]

    async def _blank(self, appointment_id: int, messages: Sequence[tuple[int, int]]) -> int:
        """Edit the given staff messages of one request and note that it is done; returns edits."""
        sender = self.outbox.sender
        a = await self.repo.get(appointment_id)
        if sender is None or a is None:
            return 0
        cards = set(await self.card_messages(appointment_id))
        edited = 0
        for where in messages:
            if where in cards:
                text, buttons = self.card(a)
            else:
                text, buttons = t("vo.staff.blanked", reference=a.reference), None
            outcome = await sender.edit(where[0], where[1], text, buttons)
            if isinstance(outcome, Sent):
                edited += 1
            else:
                logger.debug("staff message of %s not blanked: %s", a.reference, outcome)
        async with self.db.transaction() as conn:
            await self.repo.add_event(
                conn,
                appointment_id=appointment_id,
                now=self.clock.now(),
                actor_id=None,
                actor_name="system",
                action=BLANKED,
                from_status=a.status,
                to_status=a.status,
            )
        return edited

    async def _anonymise(
        self, conn: aiosqlite.Connection, appointment_id: int, now: datetime, why: str
    ) -> None:
        await self.repo.anonymise(conn, appointment_id, now)
        await self._audit(conn, None, "system", "anonymised", appointment_id, why)
