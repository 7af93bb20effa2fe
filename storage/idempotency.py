"""Idempotency keys: a replayed update or a retried press never creates a second ticket.

A ticket made from a button press stores the press's callback query id (unique at Telegram,
and the same when Telegram delivers the update again after a crash); the unique index
turns a second insert into a lookup of the first.
"""

from __future__ import annotations

from storage.migrations import Migration

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "idempotency_0001_ticket_press",
        """
        ALTER TABLE tickets ADD COLUMN press_key TEXT;
        CREATE UNIQUE INDEX tickets_press_key ON tickets (press_key) WHERE press_key IS NOT NULL
        """,
    ),
)
"""Appended to storage.schema.ALL."""
