"""The registry of all schema migrations, in order. Add a feature's migrations at the end."""

from __future__ import annotations

from storage.appointment_feeds import MIGRATIONS as APPOINTMENT_FEEDS
from storage.appointment_options import MIGRATIONS as APPOINTMENT_OPTIONS
from storage.appointments import MIGRATIONS as APPOINTMENTS
from storage.audit import MIGRATIONS as STATS
from storage.citizens import MIGRATIONS as CITIZENS
from storage.faq_reviews import MIGRATIONS as FAQ_REVIEWS
from storage.idempotency import MIGRATIONS as IDEMPOTENCY
from storage.indexes import MIGRATIONS as INDEXES
from storage.migration import Migration
from storage.staff_accounts import MIGRATIONS as STAFF_ACCOUNTS
from storage.staff_lists import MIGRATIONS as STAFF_LISTS
from storage.statistics import MIGRATIONS as STATISTICS
from storage.stop_drafts import MIGRATIONS as STOP_DRAFTS
from storage.stops import MIGRATIONS as STOPS
from storage.tickets import MIGRATIONS as TICKETS
from storage.webchat import MIGRATIONS as WEBCHAT

__all__ = ["ALL", "CORE"]

CORE: tuple[Migration, ...] = (
    Migration(
        "0001_users_tickets",
        """
        CREATE TABLE users (
            user_id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            language TEXT NOT NULL DEFAULT 'de',
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            blocked_at TEXT
        );
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER,
            chat_id INTEGER,
            language TEXT NOT NULL DEFAULT 'de',
            status TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'answered', 'closed')),
            topic TEXT,
            staff_chat_id INTEGER,
            claimed_by INTEGER,
            claimed_by_name TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            first_answer_at TEXT,
            closed_at TEXT,
            reminded_at TEXT,
            anonymised_at TEXT
        );
        CREATE INDEX tickets_status_created ON tickets (status, created_at);
        CREATE INDEX tickets_user ON tickets (user_id, status);
        CREATE INDEX tickets_created ON tickets (created_at);
        CREATE TABLE ticket_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
            author TEXT NOT NULL CHECK (author IN ('citizen', 'staff', 'faq', 'system')),
            staff_user_id INTEGER,
            staff_name TEXT,
            text TEXT,
            created_at TEXT NOT NULL,
            delivery TEXT
        );
        CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);
        CREATE TABLE staff_messages (
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            ref_type TEXT NOT NULL,
            ref_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, message_id)
        );
        CREATE INDEX staff_messages_ref ON staff_messages (ref_type, ref_id)
        """,
    ),
    Migration(
        "0002_outbox_audit_stats",
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id INTEGER NOT NULL,
            payload TEXT NOT NULL,
            purpose TEXT NOT NULL,
            ref_type TEXT,
            ref_id INTEGER,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            message_id INTEGER,
            created_at TEXT NOT NULL,
            sent_at TEXT
        );
        CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
        CREATE INDEX outbox_ref ON outbox (ref_type, ref_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor_id INTEGER,
            actor_name TEXT,
            action TEXT NOT NULL,
            ref_type TEXT,
            ref_id INTEGER,
            detail TEXT
        );
        CREATE INDEX audit_ref ON audit_log (ref_type, ref_id);
        CREATE INDEX audit_at ON audit_log (at);
        CREATE TABLE faq_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            decision TEXT NOT NULL,
            entry_id TEXT
        );
        CREATE INDEX faq_events_at ON faq_events (at);
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            helpful INTEGER NOT NULL CHECK (helpful IN (0, 1))
        );
        CREATE INDEX feedback_entry ON feedback (entry_id);
        CREATE TABLE persistence (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        )
        """,
    ),
)

ALL: tuple[Migration, ...] = (
    *CORE,
    *APPOINTMENTS,
    *STOPS,
    *INDEXES,
    *IDEMPOTENCY,
    *STAFF_LISTS,
    *TICKETS,
    *CITIZENS,
    *WEBCHAT,
    *STATS,
    *STAFF_ACCOUNTS,
    *APPOINTMENT_FEEDS,
    *FAQ_REVIEWS,
    *STATISTICS,
    *APPOINTMENT_OPTIONS,
    *STOP_DRAFTS,
)
