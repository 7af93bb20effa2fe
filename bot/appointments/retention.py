"""Personal data of requests: anonymised on the citizen's wish or after the retention period."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import aiosqlite
from telegram.error import TelegramError

from bot.appointments.core import REF, ServiceCore
from bot.appointments.model import CANCELLED
from bot.texts import t

__all__ = ["Retention"]

logger = logging.getLogger(__name__)


class Retention(ServiceCore):
    """Deleting a citizen's data, the scheduled purge, and blanking the staff chat's messages."""

    async def delete_user(self, user_id: int) -> list[int]:
        """Cancel a citizen's open requests and anonymise all of them; returns their ids."""
        ids = await self.repo.ids_for_user(user_id)
        now = self.clock.now()
        for appointment_id in ids:
            async with self.db.transaction() as conn:
                a = await self._read(conn, appointment_id)
                if a.is_open:
                    await self._move(conn, a, CANCELLED, None, "system", "data_deleted", finished_at=now)
                    await self._note(conn, a, t("vo.staff.data_deleted", reference=a.reference))
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
        bot = self.outbox.bot
        edited = 0
        if bot is None:
            return 0
        for appointment_id in appointment_ids:
            a = await self.repo.get(appointment_id)
            if a is None:
                continue
            cards = set(await self.card_messages(appointment_id))
            rows = await self.db.fetchall(
                "SELECT chat_id, message_id FROM staff_messages WHERE ref_id = ?"
                " AND (ref_type = ? OR ref_type LIKE ?) ORDER BY message_id",
                (appointment_id, REF, REF + ":%"),
            )
            for row in rows:
                where = (int(row["chat_id"]), int(row["message_id"]))
                if where in cards:
                    text, markup = self.card(a)
                else:
                    text, markup = t("vo.staff.blanked", reference=a.reference), None
                try:
                    await bot.edit_message_text(
                        text, chat_id=where[0], message_id=where[1], reply_markup=markup
                    )
                    edited += 1
                except TelegramError as exc:
                    logger.debug("staff message of %s not blanked: %s", a.reference, exc)
        return edited

    async def _anonymise(
        self, conn: aiosqlite.Connection, appointment_id: int, now: datetime, why: str
    ) -> None:
        await self.repo.anonymise(conn, appointment_id, now)
        await self._audit(conn, None, "system", "anonymised", appointment_id, why)
