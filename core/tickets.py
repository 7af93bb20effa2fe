"""Tickets: questions the FAQ could not answer, worked by staff in the staff group.

Every change is stored with who and when (audit log), and everything that must arrive
goes through the outbox in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import aiosqlite

from core.citizens import channel_of
from core.clock import Clock
from core.officehours import OfficeHours
from core.outbox import Outbox, delivery_reason, message_payload
from core.sender import Failed
from core.staff import StaffActor
from core.texts import t
from core.ticket_lifecycle import (
    ReasonNeeded,
    TicketLifecycle,
    answer_buttons,
    closed_notice_key,
    file_row,
    with_media,
)
from core.ticket_media import Media
from core.ticket_reads import REF, TicketError
from core.ticket_states import ANSWERED, CLAIMED, CLOSED, OPEN, STAFF_CLOSE_REASONS, can_move
from core.ticket_texts import TicketTexts, close_reason_keyboard, format_age, ticket_keyboard
from faq import Faq, FaqEntry
from storage import (
    AuditRepository,
    Database,
    OutboxItem,
    StaffMessageRepository,
    Ticket,
    TicketRepository,
)
from storage.staff_lists import StaffListRepository

__all__ = [
    "REF",
    "ReasonNeeded",
    "TicketError",
    "TicketService",
    "close_reason_keyboard",
    "format_age",
    "ticket_keyboard",
]

logger = logging.getLogger(__name__)


class TicketService(TicketLifecycle, TicketTexts):
    """Creates tickets, relays staff answers, keeps the staff group informed (reads and texts: mixins)."""

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        clock: Clock,
        faq: Faq,
        office_hours: OfficeHours,
        staff_chat_id: int | None,
        routes: dict[str, int] | None = None,
        reminder_hours: float = 4.0,
        followup_days: float = 7.0,
        close_after_days: float = 7.0,
    ) -> None:
        self.db = db
        self.repo = TicketRepository(db)
        self.links = StaffMessageRepository(db)
        self.lists = StaffListRepository(db)
        self.audit = AuditRepository(db)
        self.outbox = outbox
        self.clock = clock
        self.faq = faq
        self.office_hours = office_hours
        self.staff_chat_id = staff_chat_id
        self.routes = dict(routes or {})
        self.reminder_hours = reminder_hours
        self.followup_window = timedelta(days=followup_days)
        self.close_after = timedelta(days=close_after_days)
        outbox.on_sent("ticket_card", self._link_staff_message)
        outbox.on_sent("ticket_staff_note", self._link_staff_message)
        outbox.on_sent("ticket_answer", self._answer_delivered)
        outbox.on_failed("ticket_answer", self._answer_failed)

    # -- citizen side -------------------------------------------------------------------------
    def staff_chat_for(self, guesses: tuple[str, ...]) -> int | None:
        """The staff chat a new ticket goes to: a routed department or the main staff chat."""
        for entry_id in guesses[:1]:
            entry = self.faq.get(entry_id)
            if entry and entry.department and entry.department in self.routes:
                return self.routes[entry.department]
        return self.staff_chat_id

    async def create(
        self,
        *,
        user_id: int,
        chat_id: int,
        language: str,
        text: str,
        guesses: tuple[str, ...],
        press_key: str | None = None,
        receipt: Callable[[int], dict[str, Any]] | None = None,
        media: Media | None = None,
    ) -> int:
        """Open a ticket, queue its card and the citizen's `receipt` (given the number) in one transaction.

        The same `press_key` again returns the first ticket and queues nothing. A `media` file
        (voice note, photo, …) is stored by its Telegram file id and sent after the card.
        """
        text = with_media(text, media)
        now = self.clock.now()
        staff_chat = self.staff_chat_for(guesses)
        async with self.db.transaction() as conn:
            existing = await self.repo.by_press(conn, press_key) if press_key else None
            if existing is not None:
                logger.info("ticket %s: press replayed, not created again", existing)
                return existing
            ticket_id = await self.repo.create(
                conn,
                user_id=user_id,
                chat_id=chat_id,
                language=language,
                text=text,
                topic=guesses[0] if guesses else None,
                staff_chat_id=staff_chat,
                now=now,
                press_key=press_key,
                file=file_row(media),
            )
            await self.audit.record(
                conn,
                now=now,
                actor_id=None,
                actor_name="citizen",
                action="ticket_created",
                ref_type=REF,
                ref_id=ticket_id,
            )
            if receipt is not None:
                await self.outbox.add(
                    conn, chat_id, receipt(ticket_id), "ticket_receipt", ref_type=REF, ref_id=ticket_id
                )
            if staff_chat is not None:
                card = self.render_card(ticket_id, language, now, OPEN, text, guesses, channel_of(user_id))
                await self.outbox.add(
                    conn,
                    staff_chat,
                    message_payload(card, ticket_keyboard(ticket_id, OPEN)),
                    "ticket_card",
                    ref_type=REF,
                    ref_id=ticket_id,
                )
                if media is not None:
                    await self.queue_media(conn, staff_chat, ticket_id, media)
        logger.info("ticket %s created", ticket_id)
        return ticket_id

    # -- staff side ---------------------------------------------------------------------------
    async def claim(self, ticket_id: int, actor: StaffActor) -> tuple[Ticket, bool]:
        """Claim a ticket; returns (ticket, whether this call claimed it)."""
        ticket = await self._get(ticket_id)
        if not can_move(ticket.status, CLAIMED):
            return ticket, False
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await self.repo.set_status(
                conn, ticket_id, CLAIMED, now, claimed_by=actor.user_id, claimed_by_name=actor.name
            )
            await self._audit(conn, actor, "ticket_claimed", ticket_id)
        return await self._get(ticket_id), True

    async def close(self, ticket_id: int, actor: StaffActor, reason: str | None = None) -> Ticket:
        """Close a ticket and tell the citizen; one that never got an answer needs a `reason`.

        Raises `ReasonNeeded` for an unanswered ticket closed without one of `STAFF_CLOSE_REASONS`.
        """
        ticket = await self._get(ticket_id)
        if not can_move(ticket.status, CLOSED):
            return ticket
        given = reason if reason in STAFF_CLOSE_REASONS else None
        if ticket.first_answer_at is None and given is None:
            raise ReasonNeeded(t("staff.close_reason_needed", number=ticket_id))
        why = given or "answered"
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await self.repo.set_status(conn, ticket_id, CLOSED, now, close_reason=why)
            await self._audit(conn, actor, "ticket_closed", ticket_id, detail=why)
            if ticket.chat_id is not None:
                notice = t(closed_notice_key(why), ticket.language, number=ticket_id)
                await self.outbox.add(
                    conn,
                    ticket.chat_id,
                    message_payload(notice),
                    "ticket_closed",
                    ref_type=REF,
                    ref_id=ticket_id,
                )
        return await self._get(ticket_id)

    async def answer(
        self,
        ticket_id: int,
        actor: StaffActor,
        text: str,
        *,
        faq_entry: str | None = None,
        reply_link: tuple[int, int] | None = None,
        press_key: str | None = None,
    ) -> Ticket:
        """Store a staff answer and queue it for the citizen; the ticket becomes 'answered'.

        `reply_link` (chat id, message id): the staff reply itself, linked to the ticket in the
        same transaction, so a reply to the reply reaches the ticket too; a reply linked already
        (Telegram delivered the update again after a crash) is not answered twice.
        """
        ticket = await self._get(ticket_id)
        if ticket.chat_id is None:
            raise TicketError(t("staff.citizen_deleted", number=ticket_id))
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if reply_link is not None and await self.links.linked(conn, *reply_link):
                logger.info("ticket %s: staff reply %s seen before, not answered", ticket_id, reply_link)
                return ticket
            if press_key is not None and await self.repo.message_by_press(conn, press_key) is not None:
                logger.info("ticket %s: answer press seen before, not answered again", ticket_id)
                return ticket
            message_id = await self.repo.add_message(
                conn,
                ticket_id=ticket_id,
                author="staff",
                text=text,
                now=now,
                staff_user_id=actor.user_id,
                staff_name=actor.name,
                delivery="pending",
                press_key=press_key,
            )
            await self.repo.set_status(conn, ticket_id, ANSWERED, now)
            await self._audit(
                conn,
                actor,
                "ticket_answered",
                ticket_id,
                detail=f"faq:{faq_entry}" if faq_entry else None,
            )
            until = (now + self.followup_window).astimezone(self.office_hours.tz)
            body = t("ticket.answer", ticket.language, number=ticket_id, text=text, until=f"{until:%d.%m.%Y}")
            await self.outbox.add(
                conn,
                ticket.chat_id,
                message_payload(body, answer_buttons(ticket_id, ticket.language)),
                "ticket_answer",
                ref_type="ticket_message",
                ref_id=message_id,
            )
            if reply_link is not None:
                await self.links.link(conn, reply_link[0], reply_link[1], REF, ticket_id)
        return await self._get(ticket_id)

    async def answer_with_faq(
        self, ticket_id: int, actor: StaffActor, entry_id: str, *, press_key: str | None = None
    ) -> FaqEntry:
        """Answer with an FAQ entry (in the ticket's language, with its links); returns the entry.

        `press_key` (the press's id): the same press again (a replayed update) answers nothing.
        """
        entry = self.faq.get(entry_id)
        if entry is None:
            raise TicketError(t("stale_button"))
        ticket = await self._get(ticket_id)
        day = self.clock.now().astimezone(self.office_hours.tz).date()
        answer = self.faq.answer(entry, ticket.language, day)
        body = answer.strip() + "\n\n" + "\n".join(entry.links)
        await self.answer(ticket_id, actor, body, faq_entry=entry.id, press_key=press_key)
        return entry

    async def hand_over(self, ticket_id: int, target_chat: int, target_name: str, actor: StaffActor) -> None:
        """Send a ticket with its history to another staff chat."""
        ticket = await self._get(ticket_id)
        thread = await self.render_thread(ticket_id)
        async with self.db.transaction() as conn:
            await self.repo.set_staff_chat(conn, ticket_id, target_chat)
            await self._audit(conn, actor, "ticket_handed_over", ticket_id, detail=target_name)
            await self.outbox.add(
                conn,
                target_chat,
                message_payload(thread, ticket_keyboard(ticket_id, ticket.status)),
                "ticket_card",
                ref_type=REF,
                ref_id=ticket_id,
            )

    async def remind_overdue(self) -> int:
        """Remind the staff group once of tickets that waited too long (working time)."""
        now = self.clock.now()
        hours = self.reminder_hours
        reminded = 0
        for ticket in await self.repo.overdue(now - timedelta(hours=hours)):
            waited = self.office_hours.working_time_between(ticket.created_at, now)
            if waited < timedelta(hours=hours) or ticket.staff_chat_id is None:
                continue
            async with self.db.transaction() as conn:
                await self.repo.mark_reminded(conn, ticket.id, now)
                text = t("staff.reminder", number=ticket.id, age=format_age(now - ticket.created_at))
                await self.outbox.add(
                    conn,
                    ticket.staff_chat_id,
                    message_payload(text),
                    "ticket_staff_note",
                    ref_type=REF,
                    ref_id=ticket.id,
                )
            reminded += 1
        return reminded

    async def _audit(
        self,
        conn: aiosqlite.Connection,
        actor: StaffActor,
        action: str,
        ticket_id: int,
        detail: str | None = None,
    ) -> None:
        await self.audit.record(
            conn,
            now=self.clock.now(),
            actor_id=actor.user_id,
            actor_name=actor.name,
            action=action,
            ref_type=REF,
            ref_id=ticket_id,
            detail=detail,
        )

    # -- outbox hooks -------------------------------------------------------------------------
    async def _link_staff_message(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: Failed | None
    ) -> None:
        if message_id is not None and item.ref_id is not None:
            await self.links.link(conn, item.chat_id, message_id, REF, item.ref_id)

    async def _answer_delivered(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: Failed | None
    ) -> None:
        await self._answer_outcome(conn, item, "sent", None)

    async def _answer_failed(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: Failed | None
    ) -> None:
        await self._answer_outcome(conn, item, "failed", error)

    async def _answer_outcome(
        self, conn: aiosqlite.Connection, item: OutboxItem, outcome: str, error: Failed | None
    ) -> None:
        if item.ref_id is None:
            return
        await self.repo.set_delivery(conn, item.ref_id, outcome)
        async with conn.execute(
            "SELECT t.id, t.staff_chat_id FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id"
            " WHERE m.id = ?",
            (item.ref_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or row["staff_chat_id"] is None:
            return
        ticket_id = int(row["id"])
        if outcome == "sent":
            text = t("staff.delivered", number=ticket_id)
        else:
            text = t("staff.delivery_failed", number=ticket_id, reason=delivery_reason(error))
            await self.audit.record(
                conn,
                now=self.clock.now(),
                actor_id=None,
                actor_name="system",
                action="answer_delivery_failed",
                ref_type=REF,
                ref_id=ticket_id,
            )
        await self.outbox.add(
            conn,
            int(row["staff_chat_id"]),
            message_payload(text),
            "ticket_staff_note",
            ref_type=REF,
            ref_id=ticket_id,
        )
