"""The life cycle of a ticket the citizen can see: open -> answered -> closed, follow-ups, reopening.

After a staff answer the citizen has a window (`staff.followup_days`) to ask back: the
"Rückfrage" attaches to the ticket and opens it again for staff. "Danke, erledigt" closes it,
and an answered ticket without a reply closes by itself after `staff.close_after_days`. After
closing, a new message is a new question. Staff may reopen a closed ticket; closing one that
never got an answer needs a reason, which the citizen is told politely.
`TicketService` (core/tickets.py) inherits these methods.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import aiosqlite

from core.clock import Clock
from core.messages import Button, Buttons
from core.outbox import Outbox, message_payload
from core.staff import StaffActor
from core.texts import t
from core.ticket_media import Media, media_payload
from core.ticket_reads import REF, TicketError, TicketReads
from core.ticket_states import ANSWERED, CLOSED, OPEN, WAITING, can_move
from core.ticket_texts import ticket_keyboard
from storage import AuditRepository, Ticket

__all__ = ["ReasonNeeded", "TicketLifecycle", "answer_buttons", "closed_notice_key", "file_row", "with_media"]

logger = logging.getLogger(__name__)


class ReasonNeeded(TicketError):
    """A ticket without an answer is closed only with a reason (telefonisch geklärt, Dublette, …)."""


def answer_buttons(ticket_id: int, language: str) -> Buttons:
    """The citizen's buttons under a staff answer: done, or one more question."""
    return (
        (Button(t("btn.ticket_done", language), f"tk:done:{ticket_id}"),),
        (Button(t("btn.ticket_more", language), f"tk:more:{ticket_id}"),),
    )


def with_media(text: str, media: Media | None) -> str:
    """The stored text of a message with a file: its label, then the caption (if any)."""
    if media is None:
        return text
    return f"{media.label()}\n{text}".strip() if text else media.label()


def file_row(media: Media | None) -> tuple[str, str, str | None, int | None] | None:
    """The file columns of a thread message."""
    return (media.kind, media.file_id, media.file_unique_id, media.size) if media is not None else None


def closed_notice_key(reason: str) -> str:
    """The text key that tells the citizen why their ticket was closed."""
    return "ticket.closed_notice" if reason == "answered" else f"ticket.closed.{reason}"


class TicketLifecycle(TicketReads):
    """Follow-ups within the window, the citizen's "erledigt", reopening, closing by itself."""

    audit: AuditRepository
    outbox: Outbox
    clock: Clock
    followup_window: timedelta
    close_after: timedelta

    # -- reads --------------------------------------------------------------------------------
    def followup_until(self, ticket: Ticket) -> datetime | None:
        """Until when an answered ticket takes a follow-up (None unless answered)."""
        return ticket.updated_at + self.followup_window if ticket.status == ANSWERED else None

    def takes_followup(self, ticket: Ticket) -> bool:
        """Whether a citizen's message may still attach to the ticket (waiting, or answered in the window)."""
        if ticket.status in WAITING:
            return True
        until = self.followup_until(ticket)
        return until is not None and self.clock.now() <= until

    async def attachable(self, user_id: int) -> list[Ticket]:
        """The citizen's tickets a new message may belong to, newest first."""
        return [ticket for ticket in await self.open_for_user(user_id) if self.takes_followup(ticket)]

    async def awaiting_followup(self, limit: int = 50) -> list[Ticket]:
        """Answered tickets still in their follow-up window (what /offen shows below the open ones)."""
        return [ticket for ticket in await self.repo.answered_since(limit) if self.takes_followup(ticket)]

    async def _own(self, ticket_id: int, user_id: int) -> Ticket:
        ticket = await self.repo.get(ticket_id)
        if ticket is None or ticket.user_id != user_id:
            raise TicketError(f"ticket {ticket_id} is not this user's")
        return ticket

    # -- citizen side -------------------------------------------------------------------------
    async def queue_media(
        self, conn: aiosqlite.Connection, chat_id: int, ticket_id: int, media: Media
    ) -> None:
        """Queue the citizen's file for a staff chat, right after its card or note (linked to the ticket)."""
        caption = t("staff.media_caption", number=ticket_id, label=media.label())
        await self.outbox.add(
            conn, chat_id, media_payload(caption, media), "ticket_card", ref_type=REF, ref_id=ticket_id
        )

    async def add_citizen_message(
        self,
        ticket_id: int,
        user_id: int,
        text: str,
        media: Media | None = None,
        *,
        key: str | None = None,
    ) -> Ticket:
        """Append a citizen's message: a "Nachtrag" while waiting, a "Rückfrage" that reopens an answer.

        `key` (the citizen's message or press id): the same again (a replayed update) adds nothing.
        """
        text = with_media(text, media)
        ticket = await self._own(ticket_id, user_id)
        if not self.takes_followup(ticket):
            raise TicketError(f"ticket {ticket_id} takes no follow-up any more")
        now = self.clock.now()
        followup = ticket.status == ANSWERED
        async with self.db.transaction() as conn:
            if key is not None and await self.repo.message_by_press(conn, key) is not None:
                return ticket
            await self.repo.add_message(
                conn,
                ticket_id=ticket_id,
                author="citizen",
                text=text,
                now=now,
                press_key=key,
                file=file_row(media),
            )
            if followup:
                await self.repo.set_status(conn, ticket_id, OPEN, now)
                await self._record(conn, None, "ticket_followup", ticket_id)
            if ticket.staff_chat_id is not None:
                key = "staff.followup_question" if followup else "staff.followup"
                note = t(key, number=ticket_id, text=text)
                buttons = ticket_keyboard(ticket_id, OPEN) if followup else None
                await self.outbox.add(
                    conn,
                    ticket.staff_chat_id,
                    message_payload(note, buttons),
                    "ticket_staff_note",
                    ref_type=REF,
                    ref_id=ticket_id,
                )
                if media is not None:
                    await self.queue_media(conn, ticket.staff_chat_id, ticket_id, media)
        return await self._get(ticket_id)

    async def check_followup(self, ticket_id: int, user_id: int) -> Ticket:
        """ "Ich habe noch eine Frage": the ticket, if it still takes one (else TicketError)."""
        ticket = await self._own(ticket_id, user_id)
        if not self.takes_followup(ticket):
            raise TicketError(f"ticket {ticket_id} takes no follow-up any more")
        return ticket

    async def citizen_done(self, ticket_id: int, user_id: int) -> tuple[Ticket, bool]:
        """ "Danke, erledigt": close the ticket; returns (ticket, whether this call closed it)."""
        ticket = await self._own(ticket_id, user_id)
        if ticket.status == CLOSED:
            return ticket, False
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await self.repo.set_status(conn, ticket_id, CLOSED, now, close_reason="citizen")
            await self._record(conn, None, "ticket_closed_by_citizen", ticket_id)
            if ticket.staff_chat_id is not None:
                await self.outbox.add(
                    conn,
                    ticket.staff_chat_id,
                    message_payload(t("staff.closed_by_citizen", number=ticket_id)),
                    "ticket_staff_note",
                    ref_type=REF,
                    ref_id=ticket_id,
                )
        return await self._get(ticket_id), True

    # -- staff side ---------------------------------------------------------------------------
    async def reopen(self, ticket_id: int, actor: StaffActor) -> tuple[Ticket, bool]:
        """Open a closed ticket again and tell the citizen; returns (ticket, whether it was reopened)."""
        ticket = await self._get(ticket_id)
        if ticket.status != CLOSED or not can_move(ticket.status, OPEN):
            return ticket, False
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await self.repo.set_status(conn, ticket_id, OPEN, now)
            await self._record(conn, actor, "ticket_reopened", ticket_id)
            if ticket.chat_id is not None:
                notice = t("ticket.reopened", ticket.language, number=ticket_id)
                await self.outbox.add(
                    conn,
                    ticket.chat_id,
                    message_payload(notice),
                    "ticket_reopened",
                    ref_type=REF,
                    ref_id=ticket_id,
                )
        return await self._get(ticket_id), True

    async def close_stale(self) -> int:
        """Close answered tickets that got no reply within `close_after`; tell each citizen."""
        now = self.clock.now()
        closed = 0
        for ticket in await self.repo.answered_before(now - self.close_after):
            async with self.db.transaction() as conn:
                await self.repo.set_status(conn, ticket.id, CLOSED, now, close_reason="auto")
                await self._record(conn, None, "ticket_closed_auto", ticket.id)
                if ticket.chat_id is not None:
                    notice = t("ticket.closed.auto", ticket.language, number=ticket.id)
                    await self.outbox.add(
                        conn,
                        ticket.chat_id,
                        message_payload(notice),
                        "ticket_closed",
                        ref_type=REF,
                        ref_id=ticket.id,
                    )
            closed += 1
        if closed:
            logger.info("%s answered tickets closed by themselves", closed)
        return closed

    async def _record(
        self, conn: aiosqlite.Connection, actor: StaffActor | None, action: str, ticket_id: int
    ) -> None:
        await self.audit.record(
            conn,
            now=self.clock.now(),
            actor_id=actor.user_id if actor else None,
            actor_name=actor.name if actor else ("system" if action == "ticket_closed_auto" else "citizen"),
            action=action,
            ref_type=REF,
            ref_id=ticket_id,
        )
