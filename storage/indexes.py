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
  carry an id, so neither walks audit_log or appointment_events;
- tickets_updated, ticket_search: the staff console (benchmarks/bench_console.py): the live
  refresh asks for the newest change; the text search asks an FTS5 trigram index with one
  document per ticket (rowid = ticket id: its texts joined), so a substring (as LIKE '%…%'
  found it) comes back newest ticket first without reading every message. Triggers rebuild a
  ticket's document on every insert, change and deletion of one of its texts (an anonymised
  text leaves the index at once; `StaffConsole`'s data owner compacts the index after a
  deletion and the daily purge, so no fragment of a deleted text stays in its old segments);
  ticket_counts: the tickets per state for the inbox's tabs, kept by triggers (a GROUP BY
  would count every ticket on every page);
- ticket_search_update (again): an anonymised ticket's texts leave the index in one statement
  (`storage/owners.py` deletes its document, then blanks the texts); the trigger rebuilt the
  document after each blanked text, two to four times per ticket, most of the purge's time;
- persistence_seen: the daily purge of stale sessions (`SqlitePersistence.purge_stale`)
  asks for the users' sessions whose day stamp (`$.seen` in the stored JSON) lies before the
  cut-off, or that have none, instead of reading every stored session's JSON (300,000 of
  them: 170 ms on the writer's thread);
- outbox_chat_pending: the outbox keeps each chat's order across flushes: a due row waits while
  an earlier row of its chat waits for a retry (`OutboxRepository.due`); the partial index holds
  only the pending rows, so that check is a look-up of the chat's few pending rows.
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
    Migration(
        "indexes_0004_console_search",
        """
        CREATE INDEX tickets_updated ON tickets (updated_at);
        CREATE VIRTUAL TABLE ticket_search USING fts5(text, tokenize = 'trigram');
        CREATE TRIGGER ticket_search_insert AFTER INSERT ON ticket_messages WHEN new.text IS NOT NULL BEGIN
            DELETE FROM ticket_search WHERE rowid = new.ticket_id;
            INSERT INTO ticket_search (rowid, text)
                SELECT new.ticket_id, group_concat(text, char(10)) FROM ticket_messages
                WHERE ticket_id = new.ticket_id AND text IS NOT NULL;
        END;
        CREATE TRIGGER ticket_search_update AFTER UPDATE OF text ON ticket_messages BEGIN
            DELETE FROM ticket_search WHERE rowid = new.ticket_id;
            INSERT INTO ticket_search (rowid, text)
                SELECT ticket_id, group_concat(text, char(10)) FROM ticket_messages
                WHERE ticket_id = new.ticket_id AND text IS NOT NULL GROUP BY ticket_id;
        END;
        CREATE TRIGGER ticket_search_delete AFTER DELETE ON ticket_messages WHEN old.text IS NOT NULL BEGIN
            DELETE FROM ticket_search WHERE rowid = old.ticket_id;
            INSERT INTO ticket_search (rowid, text)
                SELECT ticket_id, group_concat(text, char(10)) FROM ticket_messages
                WHERE ticket_id = old.ticket_id AND text IS NOT NULL GROUP BY ticket_id;
        END;
        INSERT INTO ticket_search (rowid, text)
            SELECT ticket_id, group_concat(text, char(10)) FROM ticket_messages
            WHERE text IS NOT NULL GROUP BY ticket_id;
        CREATE TABLE ticket_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN
            INSERT INTO ticket_counts (status, n) VALUES (new.status, 1)
                ON CONFLICT (status) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets BEGIN
            UPDATE ticket_counts SET n = n - 1 WHERE status = old.status;
        END;
        CREATE TRIGGER ticket_counts_update AFTER UPDATE OF status ON tickets
            WHEN old.status IS NOT new.status BEGIN
            UPDATE ticket_counts SET n = n - 1 WHERE status = old.status;
            INSERT INTO ticket_counts (status, n) VALUES (new.status, 1)
                ON CONFLICT (status) DO UPDATE SET n = n + 1;
        END;
        INSERT INTO ticket_counts (status, n) SELECT status, COUNT(*) FROM tickets GROUP BY status
        """,
    ),
    Migration(
        "indexes_0005_purge_batches",
        """
        CREATE INDEX persistence_seen ON persistence (kind, json_extract(data, '$.seen'));
        DROP TRIGGER ticket_search_update;
        CREATE TRIGGER ticket_search_update AFTER UPDATE OF text ON ticket_messages
            WHEN (SELECT anonymised_at FROM tickets WHERE id = new.ticket_id) IS NULL BEGIN
            DELETE FROM ticket_search WHERE rowid = new.ticket_id;
            INSERT INTO ticket_search (rowid, text)
                SELECT ticket_id, group_concat(text, char(10)) FROM ticket_messages
                WHERE ticket_id = new.ticket_id AND text IS NOT NULL GROUP BY ticket_id;
        END
        """,
    ),
    Migration(
        "indexes_0006_outbox_chat_pending",
        """
        CREATE INDEX outbox_chat_pending ON outbox (chat_id, id) WHERE status = 'pending'
        """,
    ),
)
"""Appended to storage.schema.ALL after the tables they index."""
