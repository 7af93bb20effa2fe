"""What the staff web console reads and adds beside the ticket service: inbox, notes, canned answers.

Ticket actions (claim, answer, close, hand over) stay in `TicketService`, shared with the staff
group; this module adds the console's views and the two things only the console has: internal
notes (never sent to the citizen) and canned answers (kept by admins, with placeholders).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from core.clock import Clock
from core.outbox import Outbox, message_payload
from core.staff import StaffActor
from core.texts import t
from core.ticket_reads import REF, TicketError
from core.ticket_states import CLAIMED, OPEN
from storage import AuditEntry, AuditRepository, Database, Ticket, TicketMessage, TicketRepository
from storage.inbox import InboxRepository, InboxRow
from storage.staff_accounts import CannedAnswer, StaffAccountRepository, TicketNote

__all__ = [
    "PLACEHOLDERS",
    "CannedAnswer",
    "InboxRow",
    "StaffConsole",
    "TicketNote",
    "TicketView",
    "fill_placeholders",
    "sla_level",
]

PLACEHOLDERS = ("{name}", "{ticket}")
_PLACEHOLDER = re.compile(r"\{(name|ticket)\}")
MAX_NOTE = 4000


@dataclass(frozen=True)
class TicketView:
    """Everything the ticket page shows."""

    ticket: Ticket
    messages: list[TicketMessage]
    notes: list[TicketNote]
    earlier: list[Ticket]
    history: list[AuditEntry]


def fill_placeholders(body: str, *, name: str, ticket_id: int) -> str:
    """A canned answer with {name} (the staff member) and {ticket} (the number) filled in."""
    values = {"name": name, "ticket": f"#{ticket_id}"}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], body)


def sla_level(age: timedelta, promise_hours: float) -> str:
    """'ok' in the first half of the promised time, 'warn' until it is reached, then 'late'."""
    hours = age.total_seconds() / 3600
    if hours < promise_hours / 2:
        return "ok"
    return "warn" if hours < promise_hours else "late"


class StaffConsole:
    """The console's reads and its own writes (notes, canned answers), each with an audit entry."""

    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.inbox_repo = InboxRepository(db)
        self.tickets = TicketRepository(db)
        self.repo = StaffAccountRepository(db)
        self.audit = AuditRepository(db)

    async def inbox(
        self,
        *,
        states: Sequence[str] = (),
        staff_chat_id: int | None = None,
        claimed_by: int | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InboxRow]:
        """Tickets for the list, newest first."""
        return await self.inbox_repo.search(
            states=states,
            staff_chat_id=staff_chat_id,
            claimed_by=claimed_by,
            text=(text or "").strip()[:100] or None,
            limit=limit,
            offset=offset,
        )

    async def counts(self) -> dict[str, int]:
        """Tickets per state."""
        return await self.inbox_repo.counts()

    async def version(self) -> str:
        """Changes whenever any ticket changes (for the live refresh)."""
        return await self.inbox_repo.latest_change() or "-"

    async def view(self, ticket_id: int) -> TicketView:
        """The ticket page; earlier tickets only while the citizen's data exists."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            raise TicketError(f"ticket {ticket_id} does not exist")
        earlier: list[Ticket] = []
        if ticket.user_id is not None:
            earlier = [t for t in await self.tickets.for_user(ticket.user_id, limit=20) if t.id != ticket.id]
        history = await self.audit.entries(REF, ticket_id)
        return TicketView(
            ticket=ticket,
            messages=await self.tickets.messages(ticket_id),
            notes=await self.repo.notes(ticket_id),
            earlier=earlier,
            history=list(reversed(history)),
        )

    async def add_note(self, ticket_id: int, actor: StaffActor, text: str) -> int:
        """An internal note: stored and audited, never sent anywhere."""
        text = text.strip()
        if not text:
            raise TicketError("empty note")
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            raise TicketError(f"ticket {ticket_id} does not exist")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            note_id = await self.repo.add_note(
                conn, ticket_id, actor.user_id, actor.name, text[:MAX_NOTE], now
            )
            await self.audit.record(
                conn,
                now=now,
                actor_id=actor.user_id,
                actor_name=actor.name,
                action="ticket_note_added",
                ref_type=REF,
                ref_id=ticket_id,
            )
        return note_id

    async def announce(self, ticket_id: int, key: str, **values: object) -> None:
        """Tell the ticket's staff chat what was done in the console (a reply to it reaches the ticket)."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or ticket.staff_chat_id is None:
            return
        text = t(key, "de", number=ticket_id, **values)
        async with self.db.transaction() as conn:
            await self.outbox.add(
                conn,
                ticket.staff_chat_id,
                message_payload(text),
                "ticket_staff_note",
                ref_type=REF,
                ref_id=ticket_id,
            )

    async def release(self, ticket_id: int, actor: StaffActor) -> bool:
        """Give a claimed ticket back to the queue (open, nobody); False when it was not claimed."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            raise TicketError(f"ticket {ticket_id} does not exist")
        if ticket.status != CLAIMED:
            return False
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await self.inbox_repo.release(conn, ticket_id, now, claimed=CLAIMED, back_to=OPEN):
                return False
            await self.audit.record(
                conn,
                now=now,
                actor_id=actor.user_id,
                actor_name=actor.name,
                action="ticket_released",
                ref_type=REF,
                ref_id=ticket_id,
            )
        return True

    async def canned(self) -> list[CannedAnswer]:
        """Every canned answer, by title."""
        return await self.repo.canned()

    async def save_canned(self, title: str, body: str, actor: StaffActor) -> None:
        """Add or replace a canned answer (admins)."""
        title, body = title.strip()[:80], body.strip()[:4000]
        if not title or not body:
            raise TicketError("a canned answer needs a title and a text")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await self.repo.save_canned(conn, title, body, actor.name, now)
            await self.audit.record(
                conn,
                now=now,
                actor_id=actor.user_id,
                actor_name=actor.name,
                action="canned_answer_saved",
                detail=title,
            )

    async def delete_canned(self, canned_id: int, actor: StaffActor) -> bool:
        """Remove a canned answer (admins)."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            removed = await self.repo.delete_canned(conn, canned_id)
            if removed:
                await self.audit.record(
                    conn,
                    now=now,
                    actor_id=actor.user_id,
                    actor_name=actor.name,
                    action="canned_answer_deleted",
                    detail=str(canned_id),
                )
        return bool(removed)
