"""Storage: the aiosqlite database, migrations and one repository per aggregate."""

from storage.audit import AuditEntry, AuditRepository, StatsRepository
from storage.db import Database, from_iso, to_iso, utcnow
from storage.migrations import Migration, MigrationError, all_migrations, apply_migrations
from storage.outbox import OutboxItem, OutboxRepository
from storage.staff_messages import StaffMessageRepository
from storage.tickets import OPEN_STATES, Ticket, TicketMessage, TicketRepository
from storage.users import User, UserRepository

__all__ = [
    "OPEN_STATES",
    "AuditEntry",
    "AuditRepository",
    "Database",
    "Migration",
    "MigrationError",
    "OutboxItem",
    "OutboxRepository",
    "StaffMessageRepository",
    "StatsRepository",
    "Ticket",
    "TicketMessage",
    "TicketRepository",
    "User",
    "UserRepository",
    "all_migrations",
    "apply_migrations",
    "from_iso",
    "to_iso",
    "utcnow",
]
