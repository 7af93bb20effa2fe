"""Indexes found with the storage benchmark (benchmarks/bench_storage.py, see its query plans).

Each one serves a query that otherwise walks a table that grows with the years:
- tickets_unanswered: /offen and the overdue reminders (open and claimed tickets, oldest
  first) stay on the small set of unanswered tickets, whatever plan SQLite picks;
- tickets_retention, appointments_retention: the daily purge finds what finished before the
  cut-off and is not anonymised yet without reading every closed ticket or finished request;
- users_last_seen: the purge of inactive users;
- outbox_created: the purge of old delivery records.
"""

from __future__ import annotations

from storage.migrations import Migration

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
)
"""Appended to storage.schema.ALL after the tables they index."""
