"""Vor-Ort-Service requests: create, move through the states, tell citizen and staff, remind.

Every change is one transaction: the new state, an appointment_events row, an audit-log
entry and the outbox messages that report it. Citizens are identified by their Telegram user
id, which is checked on every action; staff actions carry a StaffActor.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.appointments.checklist import render_checklist
from bot.appointments.model import (
    CANCELLED,
    CONFIRMED,
    DONE,
    IN_PROGRESS,
    NEW,
    PROPOSED,
    REJECTED,
    TransitionError,
    check_move,
)
from bot.appointments.render import format_when, render_card, services_text, staff_keyboard
from bot.appointments.request import NewRequest, staff_chat_for
from bot.appointments.validation import Slot
from bot.clock import Clock
from bot.config import Config
from bot.ics import IcsEvent, make_ics
from bot.outbox import Outbox, message_payload
from bot.texts import Raw, t
from bot.tickets import StaffActor
from faq import Faq
from storage import AuditRepository, Database, OutboxItem, StaffMessageRepository
from storage.appointments import Appointment, AppointmentRepository

__all__ = [
    "PROMPT_KINDS",
    "REF",
    "REMIND_FROM",
    "REMIND_UNTIL",
    "AppointmentError",
    "AppointmentService",
]

logger = logging.getLogger(__name__)

REF = "appointment"
PROMPT_KINDS = ("propose", "reject", "ask")
"""Guided staff input: a reply to such a prompt is a date, a reason, or a question."""

REMIND_FROM = time(9, 0)
REMIND_UNTIL = time(21, 0)
"""Reminders go out the day before the visit, between these local times (no messages at night)."""

CITIZEN = "appointment_citizen"
STAFF_NOTE = "appointment_staff_note"
CARD = "appointment_card"


class AppointmentError(Exception):
    """An action on a request is not possible; `code` says why (not_found, not_open, stale, …)."""

    def __init__(self, code: str, appointment: Appointment | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.appointment = appointment


class AppointmentService:
    """The domain of Vor-Ort-Service requests."""

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        clock: Clock,
        tz: ZoneInfo,
        staff_chat_id: int | None,
        phone: str,
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
        outbox.on_sent(CARD, self._link_staff_message)
        outbox.on_sent(STAFF_NOTE, self._link_staff_message)
        outbox.on_failed(CITIZEN, self._citizen_failed)

    @classmethod
    def from_config(
        cls, config: Config, db: Database, outbox: Outbox, clock: Clock, faq: Faq
    ) -> AppointmentService:
        """Build the service from the bot's config."""
        return cls(
            db,
            outbox,
            clock,
            config.office_hours.tz,
            staff_chat_for(config, faq),
            config.office_hours.phone,
        )

    # -- reading ---------------------------------------------------------------------------------
    async def get(self, appointment_id: int) -> Appointment:
        """One request; AppointmentError('not_found') when there is none."""
        found = await self.repo.get(appointment_id)
        if found is None:
            raise AppointmentError("not_found")
        return found

    async def get_own(self, appointment_id: int, user_id: int) -> Appointment:
        """A citizen's own request; someone else's is 'not_found' (its existence is not revealed)."""
        found = await self.repo.get(appointment_id)
        if found is None or found.user_id is None or found.user_id != user_id:
            raise AppointmentError("not_found")
        return found

    async def for_user(self, user_id: int) -> list[Appointment]:
        """A citizen's requests, newest first."""
        return await self.repo.for_user(user_id)

    async def sent_today(self, user_id: int) -> int:
        """How many requests a citizen sent in the last 24 hours."""
        return await self.repo.created_since(user_id, self.clock.now() - timedelta(days=1))

    async def upcoming(self, days: int = 30) -> list[Appointment]:
        """Confirmed visits from the start of today (local) for `days` days."""
        today = self.clock.now().astimezone(self.tz).date()
        start = datetime.combine(today, time(0), self.tz)
        return await self.repo.visits_between(start, start + timedelta(days=days))

    async def card_messages(self, appointment_id: int) -> list[tuple[int, int]]:
        """(chat id, message id) of the cards of a request that reached the staff chat."""
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id FROM outbox WHERE purpose = ? AND ref_type = ? AND ref_id = ?"
            " AND status = 'sent' AND message_id IS NOT NULL",
            (CARD, REF, appointment_id),
        )
        return [(int(r["chat_id"]), int(r["message_id"])) for r in rows]

    def card(self, appointment: Appointment) -> tuple[str, InlineKeyboardMarkup | None]:
        """The card text and buttons for the staff chat."""
        return render_card(appointment, self.tz), staff_keyboard(appointment)

    def when(self, appointment: Appointment, lang: str = "de") -> str:
        """The visit time as text ('–' when there is none)."""
        if appointment.visit_start is None or appointment.visit_end is None:
            return "–"
        return format_when(appointment.visit_start, appointment.visit_end, self.tz, lang)

    # -- citizen actions -------------------------------------------------------------------------
    async def create(self, *, user_id: int, chat_id: int, language: str, request: NewRequest) -> Appointment:
        """Store a new request and queue its card for the staff group."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            appointment_id = await self.repo.create(
                conn,
                user_id=user_id,
                chat_id=chat_id,
                language=language,
                relationship=request.relationship,
                reason=request.reason,
                reason_text=request.reason_text,
                services=request.services,
                service_text=request.service_text,
                place_kind=request.place_kind,
                place=request.place,
                district=request.district,
                postal_code=request.postal_code,
                applicants=request.applicants,
                contact_name=request.contact_name,
                phone=request.phone,
                preferred_time=request.preferred_time,
                staff_chat_id=self.staff_chat_id,
                now=now,
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
            appointment = await self.repo.read(conn, appointment_id)
            assert appointment is not None
            if self.staff_chat_id is not None:
                text, markup = self.card(appointment)
                await self.outbox.add(
                    conn,
                    self.staff_chat_id,
                    message_payload(text, markup),
                    CARD,
                    ref_type=REF,
                    ref_id=appointment_id,
                )
            else:
                logger.warning("appointment %s created but no staff chat is configured", appointment_id)
        logger.info("appointment %s created", appointment_id)
        return appointment

    async def accept(self, appointment_id: int, user_id: int, seq: int) -> Appointment:
        """'Passt': the citizen confirms the current proposal; confirmation with checklist and .ics."""
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            self._check_proposal(a, seq)
            now = self.clock.now()
            await self._move(
                conn, a, CONFIRMED, user_id, "citizen", "accepted", confirmed_at=now, reminded_at=None
            )
            await self._tell_citizen_confirmed(conn, a)
            await self._note(conn, a, t("vo.staff.confirmed", reference=a.reference, when=Raw(self.when(a))))
            return await self._reread(conn, a.id)

    async def decline(self, appointment_id: int, user_id: int, seq: int, wish: str | None) -> Appointment:
        """'Passt nicht': back to in_bearbeitung with the citizen's wish; the team proposes again."""
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            self._check_proposal(a, seq)
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
            return await self._reread(conn, a.id)

    async def cancel(self, appointment_id: int, user_id: int) -> Appointment:
        """The citizen cancels their own open request."""
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            if not a.is_open:
                raise AppointmentError("not_open", a)
            await self._move(
                conn, a, CANCELLED, user_id, "citizen", "cancelled", finished_at=self.clock.now()
            )
            await self._note(conn, a, t("vo.staff.cancelled", reference=a.reference))
            return await self._reread(conn, a.id)

    async def citizen_reply(self, appointment_id: int, user_id: int, text: str) -> Appointment:
        """The citizen's answer to a question of the team, relayed to the staff chat."""
        async with self.db.transaction() as conn:
            a = await self._own(conn, appointment_id, user_id)
            if not a.is_open:
                raise AppointmentError("not_open", a)
            await self._event(conn, a, user_id, "citizen", "citizen_reply", text)
            await self._note(conn, a, t("vo.staff.citizen_answer", reference=a.reference, text=text))
            return a

    # -- staff actions ---------------------------------------------------------------------------
    async def claim(self, appointment_id: int, actor: StaffActor) -> tuple[Appointment, bool]:
        """Übernehmen: neu -> in_bearbeitung; returns (request, whether this call claimed it)."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if a.status != NEW:
                return a, False
            await self._move(
                conn,
                a,
                IN_PROGRESS,
                actor.user_id,
                actor.name,
                "claimed",
                claimed_by=actor.user_id,
                claimed_by_name=actor.name,
            )
            await self._tell_citizen(conn, a, t("vo.notice.claimed", a.language, reference=a.reference))
            return await self._reread(conn, a.id), True

    async def propose(self, appointment_id: int, actor: StaffActor, slot: Slot) -> Appointment:
        """Termin vorschlagen: the citizen gets the date with 'Passt' / 'Passt nicht'."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if a.chat_id is None:
                raise AppointmentError("deleted", a)
            seq = a.proposal_seq + 1
            fields: dict[str, Any] = {
                "visit_start": slot.start,
                "visit_end": slot.end,
                "proposal_seq": seq,
                "citizen_wish": None,
                "reminded_at": None,
            }
            if a.claimed_by is None:
                fields.update(claimed_by=actor.user_id, claimed_by_name=actor.name)
            when_de = format_when(slot.start, slot.end, self.tz)
            await self._move(conn, a, PROPOSED, actor.user_id, actor.name, "proposed", note=when_de, **fields)
            updated = await self._reread(conn, a.id)
            when = format_when(slot.start, slot.end, self.tz, a.language)
            text = t(
                "vo.notice.proposal", a.language, reference=a.reference, when=Raw(when), place=self._place(a)
            )
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("vo.btn.yes", a.language), callback_data=f"vc:yes:{a.id}:{seq}"
                        ),
                        InlineKeyboardButton(t("vo.btn.no", a.language), callback_data=f"vc:no:{a.id}:{seq}"),
                    ]
                ]
            )
            await self._tell_citizen(conn, a, text, markup)
            await self._note(
                conn, a, t("vo.staff.proposed", reference=a.reference, when=Raw(when_de), name=actor.name)
            )
            return updated

    async def reject(self, appointment_id: int, actor: StaffActor, reason: str) -> Appointment:
        """Ablehnen with a reason the citizen reads."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            await self._move(
                conn,
                a,
                REJECTED,
                actor.user_id,
                actor.name,
                "rejected",
                note=reason,
                reject_reason=reason,
                finished_at=self.clock.now(),
            )
            text = t("vo.notice.rejected", a.language, reference=a.reference, reason=reason, phone=self.phone)
            await self._tell_citizen(conn, a, text)
            await self._note(
                conn, a, t("vo.staff.rejected", reference=a.reference, name=actor.name, reason=reason)
            )
            return await self._reread(conn, a.id)

    async def finish(self, appointment_id: int, actor: StaffActor) -> Appointment:
        """Erledigt."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            await self._move(conn, a, DONE, actor.user_id, actor.name, "done", finished_at=self.clock.now())
            await self._tell_citizen(conn, a, t("vo.notice.done", a.language, reference=a.reference))
            await self._note(conn, a, t("vo.staff.done", reference=a.reference, name=actor.name))
            return await self._reread(conn, a.id)

    async def ask(self, appointment_id: int, actor: StaffActor, question: str) -> Appointment:
        """Rückfrage: a question relayed to the citizen, who can answer with a button."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if not a.is_open:
                raise AppointmentError("not_open", a)
            if a.chat_id is None:
                raise AppointmentError("deleted", a)
            await self._event(conn, a, actor.user_id, actor.name, "question", question)
            text = t("vo.notice.question", a.language, reference=a.reference, text=question, phone=self.phone)
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(t("vo.btn.answer", a.language), callback_data=f"vc:ans:{a.id}")]]
            )
            await self._tell_citizen(conn, a, text, markup)
            await self._note(conn, a, t("vo.staff.question_sent", reference=a.reference))
            return a

    async def link_prompt(self, chat_id: int, message_id: int, kind: str, appointment_id: int) -> None:
        """Remember that a staff-chat message is a prompt for guided input (or a note of a request)."""
        ref_type = REF if kind == "note" else f"{REF}:{kind}"
        async with self.db.transaction() as conn:
            await self.links.link(conn, chat_id, message_id, ref_type, appointment_id)

    async def lookup(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        """('note' | 'propose' | 'reject' | 'ask', request id) for a staff-chat message, if it is ours."""
        link = await self.links.lookup(chat_id, message_id)
        if link is None:
            return None
        ref_type, ref_id = link
        if ref_type == REF:
            return "note", ref_id
        if ref_type.startswith(REF + ":") and ref_type[len(REF) + 1 :] in PROMPT_KINDS:
            return ref_type[len(REF) + 1 :], ref_id
        return None

    # -- reminders -------------------------------------------------------------------------------
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
                checklist = render_checklist(a.services, a.relationship, a.language, a.persons)
                text = t(
                    "vo.notice.reminder",
                    a.language,
                    reference=a.reference,
                    when=Raw(self.when(a, a.language)),
                    place=self._place(a),
                    checklist=Raw(checklist),
                    phone=self.phone,
                )
                await self._tell_citizen(conn, a, text)
                staff_text = t(
                    "vo.staff.reminder",
                    reference=a.reference,
                    when=Raw(self.when(a)),
                    place=a.place or t("vo.staff.anonymised"),
                    district=a.district or "–",
                    persons=a.persons,
                    services=services_text(a.services, a.service_text),
                    phone=a.phone or "–",
                )
                await self._note(conn, a, staff_text)
        if due:
            logger.info("queued %s appointment reminders", len(due))
        return len(due)

    # -- privacy ---------------------------------------------------------------------------------
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
                await self.repo.anonymise(conn, appointment_id, now)
                await self._audit(conn, None, "system", "anonymised", appointment_id, "user request")
        return ids

    async def purge(self, finished_before: datetime) -> list[int]:
        """Anonymise requests finished (done, cancelled, rejected) before the moment; returns their ids."""
        ids = await self.repo.finished_before(finished_before)
        now = self.clock.now()
        for appointment_id in ids:
            async with self.db.transaction() as conn:
                await self.repo.anonymise(conn, appointment_id, now)
                await self._audit(conn, None, "system", "anonymised", appointment_id, "retention")
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

    # -- internals -------------------------------------------------------------------------------
    async def _read(self, conn: aiosqlite.Connection, appointment_id: int) -> Appointment:
        found = await self.repo.read(conn, appointment_id)
        if found is None:
            raise AppointmentError("not_found")
        return found

    async def _reread(self, conn: aiosqlite.Connection, appointment_id: int) -> Appointment:
        return await self._read(conn, appointment_id)

    async def _own(self, conn: aiosqlite.Connection, appointment_id: int, user_id: int) -> Appointment:
        found = await self.repo.read(conn, appointment_id)
        if found is None or found.user_id is None or found.user_id != user_id:
            raise AppointmentError("not_found")
        return found

    @staticmethod
    def _check_proposal(a: Appointment, seq: int) -> None:
        if a.status != PROPOSED or a.proposal_seq != seq:
            raise AppointmentError("stale", a)

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
        try:
            check_move(a.status, to)
        except TransitionError:
            raise AppointmentError("wrong_state", a) from None
        now = self.clock.now()
        await self.repo.update(conn, a.id, now, status=to, **fields)
        await self.repo.add_event(
            conn,
            appointment_id=a.id,
            now=now,
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            from_status=a.status,
            to_status=to,
            note=note,
        )
        await self._audit(conn, actor_id, actor_name, action, a.id, f"{a.status}->{to}")

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
        await self.repo.add_event(
            conn,
            appointment_id=a.id,
            now=self.clock.now(),
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            from_status=a.status,
            to_status=a.status,
            note=note,
        )
        await self._audit(conn, actor_id, actor_name, action, a.id, None)

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
        markup: InlineKeyboardMarkup | None = None,
        **document: Any,
    ) -> None:
        if a.chat_id is None:
            return
        await self.outbox.add(
            conn, a.chat_id, message_payload(text, markup, **document), CITIZEN, ref_type=REF, ref_id=a.id
        )

    async def _tell_citizen_confirmed(self, conn: aiosqlite.Connection, a: Appointment) -> None:
        lang = a.language
        checklist = render_checklist(a.services, a.relationship, lang, a.persons)
        text = t(
            "vo.notice.confirmed",
            lang,
            reference=a.reference,
            when=Raw(self.when(a, lang)),
            place=self._place(a),
            checklist=Raw(checklist),
            phone=self.phone,
        )
        await self._tell_citizen(conn, a, text)
        await self._tell_citizen(
            conn,
            a,
            t("vo.notice.ics", lang, reference=a.reference),
            document=self.ics_for_citizen(a, checklist),
            filename="termin.ics",
        )

    def ics_for_citizen(self, a: Appointment, checklist_html: str) -> bytes:
        """The calendar file of a confirmed visit for the citizen."""
        assert a.visit_start is not None and a.visit_end is not None
        lang = a.language
        summary = (
            "Besuch vom Bürgeramt (Vor-Ort-Service)"
            if lang == "de"
            else "Visit of the Bürgeramt (Vor-Ort-Service)"
        )
        description = f"{a.reference}\n{html.unescape(checklist_html)}\n{self.phone}"
        event = IcsEvent(
            uid=f"vor-ort-{a.id}@buergermobil.essen.de",
            start=a.visit_start,
            end=a.visit_end,
            summary=summary,
            location=self._place(a),
            description=description,
            sequence=a.proposal_seq,
        )
        return make_ics([event], now=self.clock.now())

    async def _note(self, conn: aiosqlite.Connection, a: Appointment, text: str) -> None:
        chat = a.staff_chat_id if a.staff_chat_id is not None else self.staff_chat_id
        if chat is None:
            return
        await self.outbox.add(conn, chat, message_payload(text), STAFF_NOTE, ref_type=REF, ref_id=a.id)

    @staticmethod
    def _place(a: Appointment) -> str:
        if a.place is None:
            return a.district or "–"
        return a.place if not a.district or a.district in a.place else f"{a.place} ({a.district})"

    # -- outbox hooks ----------------------------------------------------------------------------
    async def _link_staff_message(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: str | None
    ) -> None:
        if message_id is not None and item.ref_id is not None:
            await self.links.link(conn, item.chat_id, message_id, REF, item.ref_id)

    async def _citizen_failed(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: str | None
    ) -> None:
        if item.ref_id is None:
            return
        a = await self.repo.read(conn, item.ref_id)
        if a is None:
            return
        text = t(
            "vo.staff.delivery_failed", reference=a.reference, reason=_reason(error), phone=a.phone or "–"
        )
        await self._note(conn, a, text)


def _reason(error: str | None) -> str:
    text = (error or "").lower()
    if "blocked" in text or "forbidden" in text:
        return "die Person hat den Bot blockiert"
    if "chat not found" in text or "deactivated" in text:
        return "das Telegram-Konto gibt es nicht mehr"
    return "Telegram-Fehler, mehrfach versucht"
