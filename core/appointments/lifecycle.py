"""The citizen's side of a request: send it, answer a proposal, cancel it, answer the team."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiosqlite

from core.appointments.core import CARD, CITIZEN, REF, AppointmentError, ServiceCore
from core.appointments.model import CANCELLED, CONFIRMED, IN_PROGRESS, NEW, PROPOSED
from core.appointments.notices import has_date
from core.appointments.request import NewRequest
from core.outbox import message_payload
from core.texts import Raw, t
from storage.appointments import Appointment

__all__ = ["RequestLifecycle"]

logger = logging.getLogger(__name__)


class RequestLifecycle(ServiceCore):
    """Citizen actions; citizens are identified by their Telegram user id, checked on every action."""

    async def for_user(self, user_id: int) -> list[Appointment]:
        """A citizen's requests, newest first."""
        return await self.repo.for_user(user_id)

    async def dated_visits(self, user_id: int) -> list[Appointment]:
        """A citizen's open requests with a date (proposed or confirmed): what a deletion would cancel."""
        return [a for a in await self.repo.for_user(user_id, limit=1000) if has_date(a)]

    async def sent_today(self, user_id: int) -> int:
        """How many requests a citizen sent in the last 24 hours."""
        return await self.repo.created_since(user_id, self.clock.now() - timedelta(days=1))

    async def create(
        self,
        *,
        user_id: int,
        chat_id: int,
        language: str,
        request: NewRequest,
        draft_key: str | None = None,
        receipt: Callable[[Appointment], dict[str, Any]] | None = None,
        also: Callable[[aiosqlite.Connection], Awaitable[None]] | None = None,
    ) -> Appointment:
        """Store a new request, queue its card and the citizen's `receipt` at once.

        The same `draft_key` again returns the first request and queues nothing. `also` runs
        inside the same transaction (the channel ends the citizen's draft there), also when the
        draft was sent before: after a crash a sent request never comes back as a draft.
        """
        now = self.clock.now()
        async with self.db.transaction() as conn:
            existing = await self.repo.by_draft(conn, draft_key) if draft_key else None
            if existing is not None:
                logger.info("appointment %s: draft sent again, not created again", existing)
                if also is not None:
                    await also(conn)
                return await self._read(conn, existing)
            appointment_id = await self.repo.create(
                conn,
                request,
                user_id=user_id,
                chat_id=chat_id,
                language=language,
                staff_chat_id=self.staff_chat_id,
                now=now,
                draft_key=draft_key,
            )
            await self.repo.add_event(
                conn,
                appointment_id=appointment_id,
                now=now,
                actor_id=user_id,
                actor_name="citizen",
                action="created",
                from_status=None,
                to_status=NEW,
            )
            await self._audit(conn, None, "citizen", "created", appointment_id, f"->{NEW}")
            appointment = await self._read(conn, appointment_id)
            if receipt is not None:
                await self.outbox.add(
                    conn, chat_id, receipt(appointment), CITIZEN, ref_type=REF, ref_id=appointment_id
                )
            if self.staff_chat_id is not None:
                text, buttons = self.card(appointment)
                await self.outbox.add(
                    conn,
                    self.staff_chat_id,
                    message_payload(text, buttons),
                    CARD,
                    ref_type=REF,
                    ref_id=appointment_id,
                )
            else:
                logger.warning("appointment %s created but no staff chat is configured", appointment_id)
            if also is not None:
                await also(conn)
        logger.info("appointment %s created", appointment_id)
        return appointment

    async def accept(
        self, appointment_id: int, user_id: int, seq: int, option: int | None = None
    ) -> Appointment:
        """'Passt' (or one date of several): the citizen confirms; confirmation with checklist and .ics.

        `option` is the index of the chosen date of a proposal with several; the others are
        dropped. A second press (the same or another date of the accepted proposal) raises
        'already_confirmed' and sends nothing again.
        """
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            fields: dict[str, Any] = {}
            if option is not None:
                if a.status == CONFIRMED and a.proposal_seq == seq:
                    raise AppointmentError("already_confirmed", a)
                _check_proposal(a, seq)
                chosen = next((o for o in a.options if o.index == option), None)
                if chosen is None:
                    raise AppointmentError("stale", a)
                fields.update(visit_start=chosen.start, visit_end=chosen.end)
            else:
                _check_proposal(a, seq)
                if len(a.options) > 1:
                    raise AppointmentError("stale", a)  # 'Passt' is no answer to several dates
            now = self.clock.now()
            fields.update(confirmed_at=now, reminded_at=None)
            await self._move(conn, a, CONFIRMED, user_id, "citizen", "accepted", **fields)
            confirmed = await self._read(conn, a.id)
            await self._tell_citizen_confirmed(conn, confirmed)
            when = Raw(self.when(confirmed))
            await self._note(conn, a, t("vo.staff.confirmed", reference=a.reference, when=when))
            return confirmed

    async def decline(self, appointment_id: int, user_id: int, seq: int, wish: str | None) -> Appointment:
        """'Passt nicht': back to in_bearbeitung with the citizen's wish; the team proposes again."""
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            _check_proposal(a, seq)
            await self._move(
                conn,
                a,
                IN_PROGRESS,
                user_id,
                "citizen",
                "declined",
                note=wish,
                citizen_wish=wish,
                visit_start=None,
                visit_end=None,
            )
            text = t("vo.staff.declined", reference=a.reference, wish=wish or t("vo.staff.no_wish"))
            await self._note(conn, a, text)
            return await self._read(conn, a.id)

    async def cancel(self, appointment_id: int, user_id: int, reason: str | None = None) -> Appointment:
        """The citizen cancels their own open request; a reason is kept in its history and told the staff."""
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            if not a.is_open:
                raise AppointmentError("not_open", a)
            await self._move(
                conn, a, CANCELLED, user_id, "citizen", "cancelled", note=reason, finished_at=self.clock.now()
            )
            note = self.cancel_note(a, "vo.staff.cancelled", "vo.staff.cancelled_visit")
            if reason:
                note += "\n" + t("vo.staff.cancel_reason", reason=reason)
            await self._note(conn, a, note)
            return await self._read(conn, a.id)

    async def citizen_reply(self, appointment_id: int, user_id: int, text: str) -> Appointment:
        """The citizen's answer to a question of the team, relayed to the staff chat."""
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            if not a.is_open:
                raise AppointmentError("not_open", a)
            await self._event(conn, a, user_id, "citizen", "citizen_reply", text)
            await self._note(conn, a, t("vo.staff.citizen_answer", reference=a.reference, text=text))
            return a


def _check_proposal(a: Appointment, seq: int) -> None:
    """A 'Passt' / 'Passt nicht' counts only for the current proposal of a proposed request."""
    if a.status != PROPOSED or a.proposal_seq != seq:
        raise AppointmentError("stale", a)
