"""Fast bulk data for the storage benchmark: two years of a busy citizen service, in steady state.

Plain `sqlite3.executemany` in one transaction on the migrated database file. The values are
deterministic (no random module), so every run measures the same database. "Steady state":
the daily retention purge has run every day until `due_days` before the cut-off, so what is
older is already anonymised or deleted, and each of the last `due_days` days left one day's
worth of work for the purge.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.common import STAFF_CHAT, STAFF_ID

__all__ = ["SeedPlan", "seed"]

HISTORY = timedelta(days=730)
FIRST_USER = 20_000_000


@dataclass(frozen=True)
class SeedPlan:
    """How much data, ending at `now`."""

    now: datetime
    tickets: int = 100_000
    requests: int = 20_000
    retention_days: int = 90
    due_days: int = 6
    events_per_ticket: int = 5
    users: int = 60_000
    sessions: int = 30_000

    @property
    def cutoff(self) -> datetime:
        """The retention cut-off of a purge run at `now`."""
        return self.now - timedelta(days=self.retention_days)

    @property
    def purged_before(self) -> datetime:
        """Everything finished before this moment was purged by earlier runs."""
        return self.cutoff - timedelta(days=self.due_days)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _spread(k: int, low: float, high: float) -> float:
    """A deterministic value between low and high for k (a cheap hash)."""
    return low + ((k * 2654435761) % 1000) / 1000.0 * (high - low)


@dataclass(frozen=True)
class _Case:
    id: int
    user: int
    status: str
    created: datetime
    answered: datetime | None
    finished: datetime | None
    anonymised: datetime | None


def _state(age: timedelta, cycle: int, fresh: tuple[str, ...], recent: tuple[str, ...], done: str) -> str:
    if age < timedelta(days=2):
        return fresh[cycle % len(fresh)]
    if age < timedelta(days=14):
        return recent[cycle % len(recent)]
    return done


def _cases(plan: SeedPlan, count: int, kind: str) -> Iterator[_Case]:
    step = HISTORY / count
    start = plan.now - HISTORY
    for k in range(1, count + 1):
        created = start + step * k
        age = plan.now - created
        cycle = k % 10
        if kind == "ticket":
            status = _state(
                age,
                cycle,
                ("open",) * 3 + ("claimed",) * 2 + ("answered",) * 5,
                ("answered",) * 3 + ("closed",) * 7,
                "closed",
            )
            finished_states: tuple[str, ...] = ("closed",)
        else:
            done = ("erledigt", "erledigt", "erledigt", "abgesagt", "abgelehnt")[k % 5]
            status = _state(
                age,
                cycle,
                ("neu",) * 5 + ("in_bearbeitung",) * 3 + ("termin_vorgeschlagen",) * 2,
                ("bestaetigt",) * 4 + ("erledigt",) * 6,
                done,
            )
            finished_states = ("erledigt", "abgesagt", "abgelehnt")
        answered = (
            created + timedelta(hours=_spread(k, 0.3, 10.0))
            if status not in ("open", "claimed", "neu", "in_bearbeitung") and cycle != 7
            else None
        )
        finished = (
            min(created + timedelta(hours=_spread(k + 1, 12.0, 72.0)), plan.now - timedelta(minutes=5))
            if status in finished_states
            else None
        )
        anonymised = (
            finished + timedelta(days=plan.retention_days, hours=3)
            if finished and finished < plan.purged_before
            else None
        )
        yield _Case(k, FIRST_USER + k % plan.users, status, created, answered, finished, anonymised)


def seed(path: Path, plan: SeedPlan) -> dict[str, int]:
    """Fill the migrated database at path; returns the row counts per table."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        tickets = list(_cases(plan, plan.tickets, "ticket"))
        _insert_tickets(conn, tickets)
        _insert_messages(conn, tickets)
        _insert_audit(conn, tickets)
        _insert_outbox(conn, plan, tickets)
        _insert_events(conn, plan)
        _insert_users(conn, plan)
        _insert_sessions(conn, plan)
        tables = [
            "tickets",
            "ticket_messages",
            "audit_log",
            "outbox",
            "staff_messages",
            "faq_events",
            "users",
            "persistence",
        ]
        if _has_table(conn, "appointments") and plan.requests:
            _insert_requests(conn, plan, list(_cases(plan, plan.requests, "request")))
            tables += ["appointments", "appointment_events"]
        conn.execute("COMMIT")
        return {table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]) for table in tables}
    finally:
        conn.close()


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def _insert_tickets(conn: sqlite3.Connection, tickets: list[_Case]) -> None:
    rows = (
        (
            t.id,
            None if t.anonymised else t.user,
            None if t.anonymised else t.user,
            "de" if t.id % 9 else "en",
            t.status,
            "anmeldung" if t.id % 3 else None,
            STAFF_CHAT,
            STAFF_ID if t.status != "open" else None,
            "Sam Team" if t.status != "open" else None,
            _iso(t.created),
            _iso(t.finished or t.answered or t.created),
            _iso(t.answered) if t.answered else None,
            _iso(t.finished) if t.finished else None,
            _iso(t.anonymised) if t.anonymised else None,
        )
        for t in tickets
    )
    conn.executemany(
        "INSERT INTO tickets (id, user_id, chat_id, language, status, topic, staff_chat_id, claimed_by,"
        " claimed_by_name, created_at, updated_at, first_answer_at, closed_at, anonymised_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _insert_messages(conn: sqlite3.Connection, tickets: list[_Case]) -> None:
    def rows() -> Iterator[tuple[object, ...]]:
        for t in tickets:
            question = None if t.anonymised else f"Darf ich im Garten ein Baumhaus bauen? Frage {t.id}"
            yield (t.id, "citizen", None, None, question, _iso(t.created), None)
            if t.answered is not None:
                answer = None if t.anonymised else f"Dafür brauchen Sie eine Genehmigung ({t.id})."
                yield (t.id, "staff", STAFF_ID, "Sam Team", answer, _iso(t.answered), "sent")

    conn.executemany(
        "INSERT INTO ticket_messages (ticket_id, author, staff_user_id, staff_name, text, created_at,"
        " delivery) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )


def _insert_audit(conn: sqlite3.Connection, tickets: list[_Case]) -> None:
    def rows() -> Iterator[tuple[object, ...]]:
        for t in tickets:
            yield (_iso(t.created), None, "citizen", "ticket_created", "ticket", t.id)
            if t.answered is not None:
                yield (_iso(t.answered), STAFF_ID, "Sam Team", "ticket_answered", "ticket", t.id)
            if t.finished is not None:
                yield (_iso(t.finished), STAFF_ID, "Sam Team", "ticket_closed", "ticket", t.id)

    conn.executemany(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, ref_type, ref_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows(),
    )


def _insert_outbox(conn: sqlite3.Connection, plan: SeedPlan, tickets: list[_Case]) -> None:
    """Ticket cards and answers; delivery records older than the purged period are gone."""
    card = json.dumps({"text": "🆕 Anfrage"})
    answer = json.dumps({"text": "💬 Antwort"})
    links = []

    def rows() -> Iterator[tuple[object, ...]]:
        for t in tickets:
            message_id = 1_000_000 + t.id
            links.append((STAFF_CHAT, message_id, "ticket", t.id))
            if t.created < plan.purged_before:
                continue
            stamp = _iso(t.created)
            yield (STAFF_CHAT, card, "ticket_card", "ticket", t.id, stamp, message_id, stamp, stamp)
            if t.answered is not None:
                later = _iso(t.answered)
                yield (t.user, answer, "ticket_answer", "ticket_message", t.id, later, None, later, later)

    conn.executemany(
        "INSERT INTO outbox (chat_id, payload, purpose, ref_type, ref_id, status, attempts, next_attempt_at,"
        " message_id, created_at, sent_at) VALUES (?, ?, ?, ?, ?, 'sent', 1, ?, ?, ?, ?)",
        rows(),
    )
    conn.executemany(
        "INSERT INTO staff_messages (chat_id, message_id, ref_type, ref_id) VALUES (?, ?, ?, ?)", links
    )


def _insert_events(conn: sqlite3.Connection, plan: SeedPlan) -> None:
    count = plan.tickets * plan.events_per_ticket
    step = HISTORY / count
    start = plan.now - HISTORY
    decisions = ("answer", "answer", "answer", "answer", "suggest", "none")
    entries = ("anmeldung", "personalausweis", "reisepass", "buergermobil-haltestellen", "fuehrungszeugnis")

    def rows() -> Iterator[tuple[object, ...]]:
        for k in range(count):
            decision = decisions[k % len(decisions)]
            entry = entries[k % len(entries)] if decision != "none" else None
            yield (_iso(start + step * k), decision, entry)

    conn.executemany("INSERT INTO faq_events (at, decision, entry_id) VALUES (?, ?, ?)", rows())


def _last_seen(plan: SeedPlan, k: int, count: int) -> datetime:
    """Spread over the kept period: the oldest ones are due for the purge."""
    kept = plan.now - plan.purged_before
    return plan.purged_before + kept * (k + 0.5) / count


def _insert_users(conn: sqlite3.Connection, plan: SeedPlan) -> None:
    def rows() -> Iterator[tuple[object, ...]]:
        for k in range(plan.users):
            seen = _iso(_last_seen(plan, k, plan.users))
            yield (FIRST_USER + k, FIRST_USER + k, seen, seen)

    conn.executemany(
        "INSERT INTO users (user_id, chat_id, language, first_seen, last_seen) VALUES (?, ?, 'de', ?, ?)",
        rows(),
    )


def _insert_sessions(conn: sqlite3.Connection, plan: SeedPlan) -> None:
    """PTB user_data rows: a language choice or a pending question, with the day last seen."""

    def rows() -> Iterator[tuple[object, ...]]:
        for k in range(plan.sessions):
            seen = _last_seen(plan, k, plan.sessions).date().isoformat()
            data = {"lang": "de", "seen": seen}
            if k % 3 == 0:
                data["pending_question"] = f"Wo kann ich meinen Hund anmelden? ({k})"
            yield ("user", str(FIRST_USER + k * 2), json.dumps(data, ensure_ascii=False))

    conn.executemany("INSERT INTO persistence (kind, key, data) VALUES (?, ?, ?)", rows())


def _insert_requests(conn: sqlite3.Connection, plan: SeedPlan, requests: list[_Case]) -> None:
    """Vor-Ort-Service requests with three events each."""
    reasons = ("care_home", "mobility", "hospital", "other")
    places = ("care_home", "home", "hospital", "home")
    conn.executemany(
        "INSERT INTO appointments (id, user_id, chat_id, language, status, relationship, reason, reason_text,"
        " services, place_kind, place, district, postal_code, applicants, persons, contact_name, phone,"
        " preferred_time, staff_chat_id, visit_start, visit_end, consent_at, created_at, updated_at,"
        " confirmed_at, finished_at, anonymised_at)"
        " VALUES (?, ?, ?, 'de', ?, ?, ?, NULL, ?, ?, ?, 'Rüttenscheid', '45130', ?, 1, ?, ?, 'vormittags',"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                r.id,
                None if r.anonymised else r.user,
                None if r.anonymised else r.user,
                r.status,
                ("self", "relative", "care_staff")[r.id % 3],
                reasons[r.id % 4],
                json.dumps(["personalausweis"]),
                places[r.id % 4],
                None if r.anonymised else f"Musterstraße {r.id % 200}",
                "[]" if r.anonymised else json.dumps([{"name": "Erika Muster", "year": 1938}]),
                None if r.anonymised else "Max Muster",
                None if r.anonymised else "0201 1234567",
                STAFF_CHAT,
                _iso(r.answered + timedelta(days=7)) if r.answered else None,
                _iso(r.answered + timedelta(days=7, hours=1)) if r.answered else None,
                _iso(r.created),
                _iso(r.created),
                _iso(r.finished or r.answered or r.created),
                _iso(r.answered) if r.answered else None,
                _iso(r.finished) if r.finished else None,
                _iso(r.anonymised) if r.anonymised else None,
            )
            for r in requests
        ),
    )

    def events() -> Iterator[tuple[object, ...]]:
        for r in requests:
            yield (r.id, _iso(r.created), None, "citizen", "created", None, "neu")
            if r.answered is not None:
                yield (
                    r.id,
                    _iso(r.answered),
                    STAFF_ID,
                    "Sam Team",
                    "proposed",
                    "neu",
                    "termin_vorgeschlagen",
                )
            if r.finished is not None:
                yield (r.id, _iso(r.finished), STAFF_ID, "Sam Team", "finished", "bestaetigt", r.status)

    conn.executemany(
        "INSERT INTO appointment_events (appointment_id, at, actor_id, actor_name, action, from_status,"
        " to_status) VALUES (?, ?, ?, ?, ?, ?, ?)",
        events(),
    )
