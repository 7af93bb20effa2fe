"""The base of the appointment service: reading requests, state changes with events and audit, messages.

Every change is one transaction: the new state, an appointment_events row, an audit-log
entry and the outbox messages that report it. The service's parts (request lifecycle, staff
actions, reminders, retention) build on ServiceCore.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from core.appointments.conflicts import PLANNED, Conflict
from core.appointments.model import PROPOSED, TransitionError, check_move
from core.appointments.notices import citizen_ics, has_date, visit_notice, when_text
from core.appointments.options import merge_planned
from core.appointments.render import render_card, staff_keyboard
from core.clock import Clock
from core.messages import Buttons
from core.outbox import Outbox, message_payload
from core.texts import Raw, t
from storage import AuditRepository, Database, StaffMessageRepository
from storage.appointment_options import OptionRepository
from storage.appointment_reads import AppointmentReads
from storage.appointments import Appointment, AppointmentRepository

__all__ = [
    "CARD",
    "CARD_EDIT",
    "CITIZEN",
    "REF",
    "STAFF_NOTE",
    "AppointmentError",
    "ConflictError",
    "ServiceCore",
]

logger = logging.getLogger(__name__)

REF = "appointment"
"""The ref_type of a request in the outbox, the audit log and staff_messages."""
CITIZEN = "appointment_citizen"
STAFF_NOTE = "appointment_staff_note"
CARD = "appointment_card"
CARD_EDIT = "appointment_card_edit"
"""An edit of a sent card to the request's current state (after an action in the web console)."""


class AppointmentError(Exception):
    """An action on a request is not possible; `code` says why (not_found, not_open, stale, …)."""

    def __init__(self, code: str, appointment: Appointment | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.appointment = appointment


class ConflictError(AppointmentError):
    """A proposed slot collides with planned visits (travel buffer included); needs an override.

    `by_option` has the collisions of each proposed date (by its index, from 0; only dates
    that collide); `conflicts` all of them.
    """

    def __init__(
        self,
        appointment: Appointment,
        conflicts: list[Conflict],
        by_option: dict[int, list[Conflict]] | None = None,
    ) -> None:
        super().__init__("conflict", appointment)
        self.conflicts = conflicts
        self.by_option = by_option if by_option is not None else ({0: conflicts} if conflicts else {})


def _found(found: Appointment | None, user_id: int | None = None) -> Appointment:
    """The request if it exists (and is user_id's own, when given); else 'not_found'.

    Someone else's request is 'not_found' too: its existence is not revealed.
    """
    if found is None or (user_id is not None and found.user_id != user_id):
        raise AppointmentError("not_found")
    return found


class ServiceCore:
    """What the parts of the appointment service share: storage, outbox, clock, and helpers."""

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        clock: Clock,
        tz: ZoneInfo,
        staff_chat_id: int | None,
        phone: str,
        travel_buffer: timedelta = timedelta(minutes=30),
    ) -> None:
        self.db = db
        self.repo = AppointmentRepository(db)
        self.links = StaffMessageRepository(db)
        self.audit = AuditRepository(db)
        self.outbox = outbox
        self.clock = clock
        self.tz = tz
        self.staff_chat_id = staff_chat_id
        self.phone = phone
        self.travel_buffer = travel_buffer
        self._install_hooks()

    def _install_hooks(self) -> None:
        """Register outbox hooks; parts that need some extend this (and call super())."""

    # -- reading ---------------------------------------------------------------------------------
    async def get(self, appointment_id: int) -> Appointment:
        """One request; AppointmentError('not_found') when there is none."""
        return _found(await self.repo.get(appointment_id))

    async def get_own(self, appointment_id: int, user_id: int) -> Appointment:
        """A citizen's own request; someone else's is 'not_found' (its existence is not revealed)."""
        return _found(await self.repo.get(appointment_id), user_id)

    async def card_messages(self, appointment_id: int) -> list[tuple[int, int]]:
        """(chat id, message id) of the cards of a request that reached the staff chat."""
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id FROM outbox WHERE purpose = ? AND ref_type = ? AND ref_id = ?"
            " AND status = 'sent' AND message_id IS NOT NULL",
            (CARD, REF, appointment_id),
        )
        return [(int(r["chat_id"]), int(r["message_id"])) for r in rows]

    async def redraw_cards(self, appointment_id: int) -> int:
        """Queue an edit of every sent card of the request to its current state and buttons.

        For actions outside the staff chat (the web console): the outbox edits the card in place
        (`edit` = its message id), retried like a send; returns how many cards it will edit.
        """
        a = await self.get(appointment_id)
        cards = await self.card_messages(appointment_id)
        if not cards:
            return 0
        text, buttons = self.card(a)
        async with self.db.transaction() as conn:
            for chat_id, message_id in cards:
                payload = message_payload(text, buttons)
                payload["edit"] = message_id
                await self.outbox.add(conn, chat_id, payload, CARD_EDIT, ref_type=REF, ref_id=a.id)
        return len(cards)

    async def planned_visits(self, start: datetime, end: datetime) -> list[Appointment]:
        """Proposed and confirmed visits starting in [start, end): one per open date of a proposal."""
        dated = await self.repo.visits_between(start, end, PLANNED)
        return merge_planned(dated, await AppointmentReads(self.db).option_visits(start, end))

    def card(self, appointment: Appointment) -> tuple[str, Buttons | None]:
        """The card text and buttons for the staff chat."""
        return render_card(appointment, self.tz), staff_keyboard(appointment)

    def when(self, appointment: Appointment, lang: str = "de") -> str:
        """The visit time as text ('–' when there is none)."""
        return when_text(appointment, self.tz, lang)

    def cancel_note(self, a: Appointment, plain: str, dated: str) -> str:
        """The staff note of a cancelled request: with date and district when a visit was planned."""
        if not has_date(a):
            return t(plain, reference=a.reference)
        return t(dated, reference=a.reference, when=Raw(self.when(a)), district=a.district or "–")

    # -- inside a transaction --------------------------------------------------------------------
    async def _read(self, conn: aiosqlite.Connection, appointment_id: int) -> Appointment:
        return _found(await self.repo.read(conn, appointment_id))

    async def _own(self, conn: aiosqlite.Connection, appointment_id: int, user_id: int) -> Appointment:
        return _found(await self.repo.read(conn, appointment_id), user_id)

    async def _move(
        self,
        conn: aiosqlite.Connection,
        a: Appointment,
        to: str,
        actor_id: int | None,
        actor_name: str,
        action: str,
        note: str | None = None,
        **fields: Any,
    ) -> None:
        """Change the state (AppointmentError('wrong_state') when not allowed), with event and audit."""
        try:
            check_move(a.status, to)
        except TransitionError:
            raise AppointmentError("wrong_state", a) from None
        await self.repo.update(conn, a.id, self.clock.now(), status=to, **fields)
        if a.status == PROPOSED and to != PROPOSED:
            await OptionRepository.drop(conn, a.id)  # accepted, declined or ended: the other dates go
        await self._record(conn, a, actor_id, actor_name, action, to, note, f"{a.status}->{to}")

    async def _event(
        self,
        conn: aiosqlite.Connection,
        a: Appointment,
        actor_id: int | None,
        actor_name: str,
        action: str,
        note: str | None,
    ) -> None:
        """A stored event without a state change (question, answer, reminder)."""
        await self._record(conn, a, actor_id, actor_name, action, a.status, note, None)

    async def _record(
        self,
        conn: aiosqlite.Connection,
        a: Appointment,
        actor_id: int | None,
        actor_name: str,
        action: str,
        to: str,
        note: str | None,
        detail: str | None,
    ) -> None:
        await self.repo.add_event(
            conn,
            appointment_id=a.id,
            now=self.clock.now(),
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            from_status=a.status,
            to_status=to,
            note=note,
        )
        await self._audit(conn, actor_id, actor_name, action, a.id, detail)

    async def _audit(
        self,
        conn: aiosqlite.Connection,
        actor_id: int | None,
        actor_name: str,
        action: str,
        appointment_id: int,
        detail: str | None,
    ) -> None:
        await self.audit.record(
            conn,
            now=self.clock.now(),
            actor_id=actor_id,
            actor_name=actor_name,
            action=f"appointment_{action}",
            ref_type=REF,
            ref_id=appointment_id,
            detail=detail,
        )

    async def _tell_citizen(
        self,
        conn: aiosqlite.Connection,
        a: Appointment,
        text: str,
        buttons: Buttons | None = None,
        **document: Any,
    ) -> None:
        """Queue a message to the citizen (nothing when their data is deleted)."""
        if a.chat_id is None:
            return
        await self.outbox.add(
            conn, a.chat_id, message_payload(text, buttons, **document), CITIZEN, ref_type=REF, ref_id=a.id
        )

    async def _note(self, conn: aiosqlite.Connection, a: Appointment, text: str) -> None:
        """Queue a note to the request's staff chat."""
        chat = a.staff_chat_id if a.staff_chat_id is not None else self.staff_chat_id
        if chat is None:
            return
        await self.outbox.add(conn, chat, message_payload(text), STAFF_NOTE, ref_type=REF, ref_id=a.id)

    async def _tell_citizen_confirmed(self, conn: aiosqlite.Connection, a: Appointment) -> None:
        """The confirmation with checklist and the calendar file (after "Passt" or a staff confirmation)."""
        await self._tell_citizen(conn, a, visit_notice("vo.notice.confirmed", a, self.tz, self.phone))
        await self._tell_citizen(
            conn,
            a,
            t("vo.notice.ics", a.language, reference=a.reference),
            document=citizen_ics(a, self.phone, self.clock.now()),
            filename="termin.ics",
        )
