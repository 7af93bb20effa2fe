"""What the staff web console reads and adds beside the ticket service: inbox, notes, canned answers.

Ticket actions (claim, answer, close, hand over) stay in `TicketService`, shared with the staff
group; this module adds the console's views and the two things only the console has: internal
notes (never sent to the citizen) and canned answers (kept by admins, with placeholders).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from core.clock import Clock
from core.outbox import Outbox, message_payload
from core.sender import Failed
from core.staff import StaffActor
from core.texts import t
from core.ticket_media import MAX_FETCH_BYTES, Attachment, FileSource, FileUnavailable, content_type
from core.ticket_reads import REF, TicketError
from core.ticket_states import CLAIMED, OPEN
from core.ticket_texts import ticket_keyboard
from storage import AuditEntry, AuditRepository, Database, OutboxItem, Ticket, TicketMessage, TicketRepository
from storage.inbox import InboxRepository, InboxRow
from storage.staff_accounts import CannedAnswer, StaffAccountRepository, TicketNote

__all__ = [
    "CARD_EDIT",
    "PLACEHOLDERS",
    "CannedAnswer",
    "InboxRow",
    "SearchIndexOwner",
    "StaffConsole",
    "TicketNote",
    "TicketView",
    "fill_placeholders",
    "sla_level",
]

CARD_EDIT = "ticket_card_edit"
"""Outbox purpose: the ticket's card in the staff chat edited in place after a console action."""
PLACEHOLDERS = ("{name}", "{ticket}")
_PLACEHOLDER = re.compile(r"\{(name|ticket)\}")
_STATUS_LINE = re.compile(r"^Status: .*$", re.MULTILINE)
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


def card_with_state(card: str, status: str, line: str) -> str:
    """The card's text with its status line showing the new state and what the console did.

    `card` is the card as first sent (HTML); its "Status: …" line (the first one, above the
    citizen's question) is replaced. A card without one (a hand-over's thread) gets the line at the end.
    """
    marked = f"Status: {status} · {line}"
    replaced, count = _STATUS_LINE.subn(lambda _: marked, card, count=1)
    return replaced if count else f"{card}\n\n{line}"


def sla_level(age: timedelta, promise_hours: float) -> str:
    """'ok' in the first half of the promised time, 'warn' until it is reached, then 'late'."""
    hours = age.total_seconds() / 3600
    if hours < promise_hours / 2:
        return "ok"
    return "warn" if hours < promise_hours else "late"


class SearchIndexOwner:
    """The console's search index as a data owner: after a deletion or purge it is compacted.

    The index holds no text of its own that the tickets' owner does not delete (triggers drop
    a ticket's document with its texts), but FTS5 keeps deleted terms in old segments until
    a merge; compacting after every deletion leaves nothing of them. Registered after the
    tickets' owner (`core/services.py`).
    """

    name = "ticket_search"

    def __init__(self, repo: InboxRepository) -> None:
        self.repo = repo

    async def export(self, user_id: int) -> dict[str, Any]:
        """Nothing of its own (the texts are in the tickets' export)."""
        return {}

    async def delete(self, user_id: int) -> int:
        """Compact the index after the tickets' owner deleted the texts."""
        await self.repo.compact_search()
        return 0

    async def purge(self, finished_before: datetime) -> int:
        """Compact the index after the day's anonymising."""
        await self.repo.compact_search()
        return 0


class StaffConsole:
    """The console's reads and its own writes (notes, canned answers), each with an audit entry."""

    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.inbox_repo = InboxRepository(db)
        self.search_owner = SearchIndexOwner(self.inbox_repo)
        self.files: dict[str, FileSource] = {}
        """Per channel, where its files come from (`Services.connect` adds a channel that can)."""
        outbox.on_failed(CARD_EDIT, self._card_edit_failed)
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

    async def ticket_version(self, ticket_id: int) -> str:
        """Changes whenever anything on the ticket's page changes (for the live refresh)."""
        return await self.inbox_repo.ticket_change(ticket_id)

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

    async def attachment(self, ticket_id: int, message_id: int) -> Attachment:
        """The file of one message of the ticket, fetched from the citizen's channel now.

        Raises `TicketError` when the ticket has no such file (never had one, or the citizen's
        data was deleted) and `FileUnavailable` when the channel cannot deliver it now.
        """
        ticket = await self.tickets.get(ticket_id)
        message = await self.tickets.message(message_id)
        if ticket is None or message is None or message.ticket_id != ticket_id:
            raise TicketError(f"ticket {ticket_id} has no message {message_id}")
        if message.file_kind is None or message.file_id is None or ticket.user_id is None:
            raise TicketError(f"message {message_id} has no file")
        source = self.files.get(ticket.channel)
        if source is None:
            raise FileUnavailable(f"the channel {ticket.channel} is not connected")
        content, path = await source.fetch_file(message.file_id, MAX_FETCH_BYTES)
        kind = message.file_kind
        name = path.rsplit("/", 1)[-1]  # Telegram's path ("photos/file_3.jpg", or a whole URL)
        shown, inline = content_type(kind, name)
        suffix = re.sub(r"[^a-z0-9]", "", name.rsplit(".", 1)[-1].lower())[:8] if "." in name else ""
        extension = f".{suffix}" if suffix else (mimetypes.guess_extension(shown) or "")
        if not inline and not suffix:
            extension = ".bin"
        return Attachment(kind, content, shown, f"anfrage-{ticket_id}-{message_id}{extension}", inline)

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
        """Show the ticket's staff chat what was done in the console: its card is edited in place.

        The card (as first sent) gets the new state and the console's line (`key`, e.g.
        "👤 #3 übernommen von anna (Web-Konsole).") in its status line and the buttons of the
        new state, through the outbox (an edit, retried like a send). Only when no sent card is
        known (still on its way, or long purged) or the edit finally fails is the line a new
        message (a reply to it reaches the ticket too).
        """
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or ticket.staff_chat_id is None:
            return
        line = t(key, "de", number=ticket_id, **values)
        card = await self.inbox_repo.sent_card(ticket_id, ticket.staff_chat_id)
        async with self.db.transaction() as conn:
            if card is None:
                await self._note(conn, ticket.staff_chat_id, ticket_id, line)
                return
            message_id, text = card
            edited = card_with_state(text, t(f"status.{ticket.status}"), line)
            payload = message_payload(edited, ticket_keyboard(ticket_id, ticket.status))
            payload.update(edit=message_id, fallback=line)
            await self.outbox.add(
                conn, ticket.staff_chat_id, payload, CARD_EDIT, ref_type=REF, ref_id=ticket_id
            )

    async def _note(self, conn: aiosqlite.Connection, chat_id: int, ticket_id: int, text: str) -> None:
        await self.outbox.add(
            conn, chat_id, message_payload(text), "ticket_staff_note", ref_type=REF, ref_id=ticket_id
        )

    async def _card_edit_failed(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: Failed | None
    ) -> None:
        """The card could not be edited (deleted in the group, …): the line as a new message instead."""
        line = item.payload.get("fallback")
        if isinstance(line, str) and item.ref_id is not None:
            await self._note(conn, item.chat_id, item.ref_id, line)

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
