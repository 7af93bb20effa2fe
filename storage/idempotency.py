"""Idempotency keys: a replayed update or a retried press never creates a second ticket.

A ticket made from a button press stores the press's callback query id (unique at Telegram,
and the same when Telegram delivers the update again after a crash); the unique index
turns a second insert into a lookup of the first. A Vor-Ort request stores the random key of
its draft: a draft that comes back after a crash (sessions are flushed every 2 s) and is sent
again finds the request it already became. A staff answer made by a press (an FAQ entry
from the card) stores that press's callback query id on its thread message.
"""

from __future__ import annotations

from storage.migration import Migration

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "idempotency_0001_ticket_press",
        """
        ALTER TABLE tickets ADD COLUMN press_key TEXT;
        CREATE UNIQUE INDEX tickets_press_key ON tickets (press_key) WHERE press_key IS NOT NULL
        """,
    ),
    Migration(
        "idempotency_0002_request_draft",
        """
        ALTER TABLE appointments ADD COLUMN draft_key TEXT;
        CREATE UNIQUE INDEX appointments_draft_key ON appointments (draft_key) WHERE draft_key IS NOT NULL
        """,
    ),
    Migration(
        "idempotency_0003_answer_press",
        """
        ALTER TABLE ticket_messages ADD COLUMN press_key TEXT;
        CREATE UNIQUE INDEX ticket_messages_press_key ON ticket_messages (press_key)
            WHERE press_key IS NOT NULL
        """,
    ),
)
"""Appended to storage.schema.ALL."""
