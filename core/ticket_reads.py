"""The read side of `TicketService` and the staff-chat message links: what the channels show.

Kept apart from `core/tickets.py` (the state changes) so handlers never reach into the
repositories: they ask the service, the service asks storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core.texts import t
from storage import Database, StaffMessageRepository, Ticket, TicketRepository
from storage.staff_lists import StaffListRepository

__all__ = ["REF", "TicketError", "TicketReads"]

REF = "ticket"
"""The reference type of tickets in the audit log, the outbox and `staff_messages`."""


class TicketError(Exception):
    """A ticket action is not possible (unknown ticket, wrong state)."""


class TicketReads:
    """Queries over tickets, and the links between staff-chat messages and tickets."""

    db: Database
    repo: TicketRepository
    links: StaffMessageRepository
    lists: StaffListRepository

    async def get(self, ticket_id: int) -> Ticket | None:
        """The ticket, or None when there is none with that number."""
        return await self.repo.get(ticket_id)

    async def question_of(self, ticket_id: int) -> str | None:
        """The citizen's first message (None when anonymised or missing)."""
        return await self.repo.first_citizen_text(ticket_id)

    async def open_for_user(self, user_id: int) -> list[Ticket]:
        """The citizen's tickets that are not closed, newest first."""
        return await self.repo.open_for_user(user_id)

    async def created_since(self, user_id: int, since: datetime) -> int:
        """How many tickets the citizen opened since `since`."""
        return await self.repo.created_since(user_id, since)

    async def mine(self, user_id: int) -> list[tuple[Ticket, str | None]]:
        """The citizen's tickets (/meineanfragen), each with its first question."""
        return [(ticket, await self.question_of(ticket.id)) for ticket in await self.repo.for_user(user_id)]

    async def unanswered(self, limit: int = 30) -> list[tuple[Ticket, str | None]]:
        """Open and claimed tickets (/offen), oldest first, each with its first question."""
        return [(ticket, await self.question_of(ticket.id)) for ticket in await self.repo.unanswered(limit)]

    async def count_unanswered(self) -> int:
        """How many tickets wait for an answer."""
        return await self.repo.count_unanswered()

    async def ticket_for_message(self, chat_id: int, message_id: int) -> int | None:
        """The ticket a staff-chat message belongs to (card, note, thread, staff reply), if any."""
        link = await self.links.lookup(chat_id, message_id)
        return link[1] if link is not None and link[0] == REF else None

    async def latest_message(self, chat_id: int, ticket_id: int) -> int | None:
        """The newest staff-chat message of a ticket (card, note, thread); a reply to it reaches it."""
        return await self.links.latest(chat_id, REF, ticket_id)

    async def link_message(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        """Remember that a staff-chat message shows a ticket, so replies to it reach the ticket."""
        async with self.db.transaction() as conn:
            await self.links.link(conn, chat_id, message_id, REF, ticket_id)

    async def remember_list(self, chat_id: int, message_id: int, ticket_ids: Iterable[int]) -> None:
        """Remember the tickets a list message (/offen) quotes, to blank it on deletion."""
        await self.lists.link(chat_id, message_id, ticket_ids)

    async def lists_quoting(self, user_id: int) -> list[tuple[int, int]]:
        """(chat id, message id) of every list message quoting one of the citizen's tickets."""
        return await self.lists.quoting_user(user_id)

    async def forget_lists(self, messages: Iterable[tuple[int, int]]) -> None:
        """Drop the links of blanked list messages."""
        await self.lists.forget(messages)

    async def _get(self, ticket_id: int) -> Ticket:
        ticket = await self.repo.get(ticket_id)
        if ticket is None:
            raise TicketError(t("staff.no_ticket", number=ticket_id))
        return ticket
