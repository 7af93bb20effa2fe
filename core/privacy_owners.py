"""The core data owners: users, tickets (with their messages) and the outbox.

Each one exports, deletes and purges its tables' personal data (the statements are in
`storage/owners.py`); `core/privacy.py` registers them beside the owners of other features.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from core.clock import Clock
from core.outbox import Outbox, message_payload
from core.texts import t
from storage import AuditRepository
from storage.owners import PersonalDataRepository

__all__ = ["PURGE_BATCH", "OutboxOwner", "TicketsOwner", "UsersOwner"]

PURGE_BATCH = 200
"""Tickets anonymised in one transaction of the daily purge (some 10 ms at 1,000,000 tickets)."""


class UsersOwner:
    """The users table: id, chat, language, first/last seen, blocked."""

    name = "users"

    def __init__(self, data: PersonalDataRepository) -> None:
        self.data = data

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's row."""
        return await self.data.user_row(user_id)

    async def delete(self, user_id: int) -> int:
        """Remove the row."""
        return await self.data.delete_user(user_id)

    async def purge(self, finished_before: datetime) -> int:
        """Forget users inactive since the moment who have no open ticket."""
        return await self.data.purge_users(finished_before)


class TicketsOwner:
    """Tickets and their messages: texts are removed, status, dates and topic stay (statistics)."""

    name = "tickets"

    def __init__(
        self, data: PersonalDataRepository, audit: AuditRepository, outbox: Outbox, clock: Clock
    ) -> None:
        self.data = data
        self.audit = audit
        self.outbox = outbox
        self.clock = clock

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's tickets with their threads (staff names left out)."""
        result = []
        for ticket in await self.data.tickets_of(user_id):
            messages = await self.data.thread(int(ticket["id"]))
            result.append(
                {
                    "number": ticket["id"],
                    "status": ticket["status"],
                    "language": ticket["language"],
                    "topic": ticket["topic"],
                    "created_at": ticket["created_at"],
                    "closed_at": ticket["closed_at"],
                    "messages": [
                        {
                            "from": m["author"],
                            "at": m["created_at"],
                            "text": m["text"],
                            "delivery": m["delivery"],
                            **({"file": m["file_kind"], "file_id": m["file_id"]} if m["file_kind"] else {}),
                        }
                        for m in messages
                    ],
                }
            )
        return {"tickets": result} if result else {}

    async def delete(self, user_id: int) -> int:
        """Anonymise all of the user's tickets; open ones are closed and their staff chat told."""
        rows = await self.data.tickets_of(user_id)
        if not rows:
            return 0
        now = self.clock.now()
        async with self.data.db.transaction() as conn:
            await self.data.anonymise_tickets(conn, [int(r["id"]) for r in rows], now)
            for row in rows:
                if row["status"] == "closed":
                    continue
                ticket_id = int(row["id"])
                await self.data.close_ticket(conn, ticket_id, now)
                await self.audit.record(
                    conn,
                    now=now,
                    actor_id=None,
                    actor_name="system",
                    action="ticket_anonymised",
                    ref_type="ticket",
                    ref_id=ticket_id,
                    detail="Löschung auf Wunsch",
                )
                if row["staff_chat_id"] is not None:
                    await self.outbox.add(
                        conn,
                        int(row["staff_chat_id"]),
                        message_payload(t("staff.ticket_deleted_by_user", number=ticket_id)),
                        "ticket_staff_note",
                        ref_type="ticket",
                        ref_id=ticket_id,
                    )
        return len(rows)

    async def purge(self, finished_before: datetime) -> int:
        """Anonymise tickets closed before the moment, PURGE_BATCH per transaction.

        Each transaction selects the next batch and anonymises it (texts, search documents, notes,
        outbox payloads, the citizen's id in the audit entries); between two batches the write
        lock is free, so a citizen's answer or a staff action waits for one batch at most, not for
        the whole purge (after a long pause: many days). Interrupted, the next run takes what is
        left.
        """
        total = 0
        while True:
            async with self.data.db.transaction() as conn:
                ids = await self.data.next_closed_tickets(conn, finished_before, PURGE_BATCH)
                if ids:
                    await self.data.anonymise_tickets(conn, ids, self.clock.now())
            total += len(ids)
            if len(ids) < PURGE_BATCH:
                return total
            await asyncio.sleep(0)  # let the writers waiting for the lock go first


class OutboxOwner:
    """Messages stored for sending: those to the user's chat, and old delivery records."""

    name = "outbox"

    def __init__(self, data: PersonalDataRepository) -> None:
        self.data = data

    async def export(self, user_id: int) -> dict[str, Any]:
        """Messages to the user's private chat."""
        messages = await self.data.messages_to(await self.data.private_chats(user_id))
        return {"messages": messages} if messages else {}

    async def delete(self, user_id: int) -> int:
        """Remove every message to the user's chat, sent or not."""
        return await self.data.delete_messages_to(await self.data.private_chats(user_id))

    async def purge(self, finished_before: datetime) -> int:
        """Remove delivery records (sent or failed) created before the moment; pending ones stay."""
        return await self.data.purge_deliveries(finished_before)
