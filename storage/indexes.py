"""Indexes found with the storage benchmark (benchmarks/bench_storage.py, see its query plans).

Each one serves a query that otherwise walks a table that grows with the years:
- tickets_unanswered: /offen and the overdue reminders (open and claimed tickets, oldest
  first) stay on the small set of unanswered tickets, whatever plan SQLite picks;
- tickets_retention, appointments_retention: the daily purge finds what finished before the
  cut-off and is not anonymised yet without reading every closed ticket or finished request;
- users_last_seen: the purge of inactive users;
- outbox_created: the purge of old delivery records;
- staff_messages_ref_id: the staff-chat messages of one request (the requests' purge asks
  by ref_id with `ref_type = ? OR ref_type LIKE ?`, which the (ref_type, ref_id) index
  cannot serve);
- users_chat, users_blocked: marking a chat that blocked the bot (on every failed send of
  a broadcast) and the subscriptions of blocked users;
- audit_citizen_ids, appointment_events_citizen_ids: deletion and purge null citizens' ids in
  the history (core/history_privacy.py); partial indexes hold only the citizen rows that still
  carry an id, so neither walks audit_log or appointment_events.
"""

from __future__ import annotations

from storage.migration import Migration

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "indexes_0001_backlog_retention",
        """
        CREATE INDEX tickets_unanswered ON tickets (created_at) WHERE status IN ('open', 'claimed');
        CREATE INDEX tickets_retention ON tickets (status, anonymised_at, closed_at);
        CREATE INDEX users_last_seen ON users (last_seen);
        CREATE INDEX outbox_created ON outbox (created_at);
        CREATE INDEX appointments_retention ON appointments (status, anonymised_at, finished_at)
        """,
    ),
    Migration(
        "indexes_0002_staff_messages_blocked_users",
        """
        CREATE INDEX staff_messages_ref_id ON staff_messages (ref_id);
        CREATE INDEX users_chat ON users (chat_id);
        CREATE INDEX users_blocked ON users (blocked_at) WHERE blocked_at IS NOT NULL
        """,
    ),
    Migration(
        "indexes_0003_citizen_history_ids",
        """
        CREATE INDEX audit_citizen_ids ON audit_log (actor_id)
            WHERE actor_id IS NOT NULL AND actor_name = 'citizen';
        CREATE INDEX appointment_events_citizen_ids ON appointment_events (actor_id)
            WHERE actor_id IS NOT NULL AND actor_name = 'citizen'
        """,
    ),
)
"""Appended to storage.schema.ALL after the tables they index."""
