"""Vor-Ort-Service appointment requests and their state changes (appointment_events)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import aiosqlite

from storage.appointment_options import OptionRepository, ProposalOption
from storage.citizens import channel_of
from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = [
    "MIGRATIONS",
    "Applicant",
    "Appointment",
    "AppointmentEvent",
    "AppointmentRepository",
    "RequestDetails",
    "appointment_of",
    "reference_of",
]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "appointments_0001_requests_events",
        """
        CREATE TABLE appointments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER,
            chat_id INTEGER,
            language TEXT NOT NULL DEFAULT 'de',
            status TEXT NOT NULL CHECK (status IN ('neu', 'in_bearbeitung', 'termin_vorgeschlagen',
                'bestaetigt', 'erledigt', 'abgesagt', 'abgelehnt')),
            relationship TEXT NOT NULL CHECK (relationship IN ('self', 'relative', 'care_staff')),
            reason TEXT NOT NULL,
            reason_text TEXT,
            services TEXT NOT NULL DEFAULT '[]',
            service_text TEXT,
            place_kind TEXT NOT NULL,
            place TEXT,
            district TEXT,
            postal_code TEXT,
            applicants TEXT NOT NULL DEFAULT '[]',
            persons INTEGER NOT NULL DEFAULT 1,
            contact_name TEXT,
            phone TEXT,
            preferred_time TEXT NOT NULL,
            staff_chat_id INTEGER,
            claimed_by INTEGER,
            claimed_by_name TEXT,
            visit_start TEXT,
            visit_end TEXT,
            proposal_seq INTEGER NOT NULL DEFAULT 0,
            citizen_wish TEXT,
            reject_reason TEXT,
            consent_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            confirmed_at TEXT,
            finished_at TEXT,
            reminded_at TEXT,
            anonymised_at TEXT
        );
        CREATE INDEX appointments_user ON appointments (user_id, created_at);
        CREATE INDEX appointments_visit ON appointments (status, visit_start);
        CREATE INDEX appointments_finished ON appointments (status, finished_at);
        CREATE TABLE appointment_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            appointment_id INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            actor_id INTEGER,
            actor_name TEXT,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            note TEXT
        );
        CREATE INDEX appointment_events_appointment ON appointment_events (appointment_id, id)
        """,
    ),
)
"""This feature's migrations; appended to storage.schema.ALL."""

FINISHED_STATES = ("erledigt", "abgesagt", "abgelehnt")
_PROPOSED = "termin_vorgeschlagen"

# Columns a caller may set with `update` (never the id or the creation time).
_UPDATABLE = frozenset(
    {
        "status",
        "staff_chat_id",
        "claimed_by",
        "claimed_by_name",
        "visit_start",
        "visit_end",
        "proposal_seq",
        "citizen_wish",
        "reject_reason",
        "confirmed_at",
        "finished_at",
        "reminded_at",
    }
)


def reference_of(appointment_id: int) -> str:
    """The number citizens and staff see: 'VO-12'."""
    return f"VO-{appointment_id}"


@dataclass(frozen=True)
class Applicant:
    """A person the visit is for: name and year of birth, nothing more."""

    name: str
    year: int | None


@dataclass(frozen=True)
class RequestDetails:
    """What a new request asks for, as the citizen gave it (checked and complete)."""

    relationship: str
    reason: str
    reason_text: str | None
    services: tuple[str, ...]
    service_text: str | None
    place_kind: str
    place: str
    district: str
    postal_code: str | None
    applicants: tuple[Applicant, ...]
    contact_name: str | None
    phone: str
    preferred_time: str


@dataclass(frozen=True)
class Appointment:
    """One Vor-Ort-Service request."""

    id: int
    user_id: int | None
    chat_id: int | None
    language: str
    status: str
    relationship: str
    reason: str
    reason_text: str | None
    services: tuple[str, ...]
    service_text: str | None
    place_kind: str
    place: str | None
    district: str | None
    postal_code: str | None
    applicants: tuple[Applicant, ...]
    persons: int
    contact_name: str | None
    phone: str | None
    preferred_time: str
    staff_chat_id: int | None
    claimed_by: int | None
    claimed_by_name: str | None
    visit_start: datetime | None
    visit_end: datetime | None
    proposal_seq: int
    citizen_wish: str | None
    reject_reason: str | None
    consent_at: datetime | None
    created_at: datetime
    updated_at: datetime
    confirmed_at: datetime | None
    finished_at: datetime | None
    reminded_at: datetime | None
    anonymised_at: datetime | None
    options: tuple[ProposalOption, ...] = ()
    """The dates of the current proposal (read with the request while it is proposed)."""
    option_index: int | None = None
    """Set on a copy that stands for one of several proposed dates (calendar, feeds, the guard)."""

    @property
    def reference(self) -> str:
        """The number citizens and staff see: 'VO-12'."""
        return reference_of(self.id)

    @property
    def is_open(self) -> bool:
        """Not done, cancelled or rejected."""
        return self.status not in FINISHED_STATES


@dataclass(frozen=True)
class AppointmentEvent:
    """One stored change: who, when, from which state to which, and a note."""

    id: int
    appointment_id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    from_status: str | None
    to_status: str
    note: str | None


def _applicants(text: str | None) -> tuple[Applicant, ...]:
    data = json.loads(text or "[]")
    result = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            year = item.get("year")
            result.append(Applicant(item["name"], int(year) if isinstance(year, int) else None))
    return tuple(result)


def _appointment(row: sqlite3.Row) -> Appointment:
    services = json.loads(row["services"] or "[]")
    return Appointment(
        id=row["id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        language=row["language"],
        status=row["status"],
        relationship=row["relationship"],
        reason=row["reason"],
        reason_text=row["reason_text"],
        services=tuple(str(s) for s in services) if isinstance(services, list) else (),
        service_text=row["service_text"],
        place_kind=row["place_kind"],
        place=row["place"],
        district=row["district"],
        postal_code=row["postal_code"],
        applicants=_applicants(row["applicants"]),
        persons=row["persons"],
        contact_name=row["contact_name"],
        phone=row["phone"],
        preferred_time=row["preferred_time"],
        staff_chat_id=row["staff_chat_id"],
        claimed_by=row["claimed_by"],
        claimed_by_name=row["claimed_by_name"],
        visit_start=from_iso(row["visit_start"]),
        visit_end=from_iso(row["visit_end"]),
        proposal_seq=row["proposal_seq"],
        citizen_wish=row["citizen_wish"],
        reject_reason=row["reject_reason"],
        consent_at=from_iso(row["consent_at"]),
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
        updated_at=from_iso(row["updated_at"]),  # type: ignore[arg-type]
        confirmed_at=from_iso(row["confirmed_at"]),
        finished_at=from_iso(row["finished_at"]),
        reminded_at=from_iso(row["reminded_at"]),
        anonymised_at=from_iso(row["anonymised_at"]),
    )


appointment_of = _appointment
"""A stored row as an Appointment (for the other appointment query modules)."""


def _event(row: sqlite3.Row) -> AppointmentEvent:
    return AppointmentEvent(
        id=row["id"],
        appointment_id=row["appointment_id"],
        at=from_iso(row["at"]),  # type: ignore[arg-type]
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        action=row["action"],
        from_status=row["from_status"],
        to_status=row["to_status"],
        note=row["note"],
    )


def _value(value: Any) -> Any:
    return to_iso(value) if isinstance(value, datetime) else value


class AppointmentRepository:
    """SQL for appointment requests; write methods take the caller's transaction connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        conn: aiosqlite.Connection,
        details: RequestDetails,
        *,
        user_id: int,
        chat_id: int,
        language: str,
        staff_chat_id: int | None,
        now: datetime,
        draft_key: str | None = None,
    ) -> int:
        """Insert a new request in state 'neu'; returns its id."""
        stamp = to_iso(now)
        d = details
        people = [{"name": a.name, "year": a.year} for a in d.applicants]
        async with conn.execute(
            "INSERT INTO appointments (user_id, chat_id, language, status, relationship, reason,"
            " reason_text, services, service_text, place_kind, place, district, postal_code,"
            " applicants, persons, contact_name, phone, preferred_time, staff_chat_id, consent_at,"
            " created_at, updated_at, draft_key, channel)"
            " VALUES (?, ?, ?, 'neu', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                chat_id,
                language,
                d.relationship,
                d.reason,
                d.reason_text,
                json.dumps(list(d.services)),
                d.service_text,
                d.place_kind,
                d.place,
                d.district,
                d.postal_code,
                json.dumps(people, ensure_ascii=False),
                max(len(people), 1),
                d.contact_name,
                d.phone,
                d.preferred_time,
                staff_chat_id,
                stamp,
                stamp,
                stamp,
                draft_key,
                channel_of(user_id),
            ),
        ) as cursor:
            appointment_id = cursor.lastrowid
        assert appointment_id is not None
        return appointment_id

    async def by_draft(self, conn: aiosqlite.Connection, draft_key: str) -> int | None:
        """The request a draft already became, if any."""
        async with conn.execute("SELECT id FROM appointments WHERE draft_key = ?", (draft_key,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def update(
        self, conn: aiosqlite.Connection, appointment_id: int, now: datetime, **fields: Any
    ) -> None:
        """Set columns of one request (only the updatable ones) and stamp updated_at."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {', '.join(sorted(unknown))}")
        names = [*fields, "updated_at"]
        values = [_value(v) for v in fields.values()] + [to_iso(now)]
        assignments = ", ".join(f"{name} = ?" for name in names)
        await conn.execute(
            f"UPDATE appointments SET {assignments} WHERE id = ?",
            (*values, appointment_id),
        )

    async def add_event(
        self,
        conn: aiosqlite.Connection,
        *,
        appointment_id: int,
        now: datetime,
        actor_id: int | None,
        actor_name: str | None,
        action: str,
        from_status: str | None,
        to_status: str,
        note: str | None = None,
    ) -> None:
        """Store one change of a request."""
        await conn.execute(
            "INSERT INTO appointment_events (appointment_id, at, actor_id, actor_name, action,"
            " from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (appointment_id, to_iso(now), actor_id, actor_name, action, from_status, to_status, note),
        )

    async def read(self, conn: aiosqlite.Connection, appointment_id: int) -> Appointment | None:
        """One request, read inside the caller's transaction."""
        async with conn.execute("SELECT * FROM appointments WHERE id = ?", (appointment_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        a = _appointment(row)
        if a.status != _PROPOSED:
            return a
        found = await OptionRepository.current_in(conn, [a.id])
        return replace(a, options=found.get(a.id, ()))

    async def get(self, appointment_id: int) -> Appointment | None:
        """One request by id."""
        row = await self.db.fetchone("SELECT * FROM appointments WHERE id = ?", (appointment_id,))
        return (await self.with_options([_appointment(row)]))[0] if row else None

    async def with_options(self, appointments: list[Appointment]) -> list[Appointment]:
        """The requests with the dates of their current proposal filled in (the proposed ones)."""
        proposed = [a.id for a in appointments if a.status == _PROPOSED]
        found = await OptionRepository(self.db).current(proposed)
        return [replace(a, options=found[a.id]) if a.id in found else a for a in appointments]

    async def events(self, appointment_id: int) -> list[AppointmentEvent]:
        """The changes of one request, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM appointment_events WHERE appointment_id = ? ORDER BY id", (appointment_id,)
        )
        return [_event(r) for r in rows]

    async def for_user(self, user_id: int, limit: int = 10) -> list[Appointment]:
        """A citizen's requests, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM appointments WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        )
        return await self.with_options([_appointment(r) for r in rows])

    async def created_since(self, user_id: int, since: datetime) -> int:
        """How many requests a citizen sent since a moment (the daily limit)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM appointments WHERE user_id = ? AND created_at >= ?",
            (user_id, to_iso(since)),
        )
        return int(row["n"]) if row else 0

    async def visits_between(
        self, start: datetime, end: datetime, states: Iterable[str] = ("bestaetigt",)
    ) -> list[Appointment]:
        """Requests in the given states whose visit starts in [start, end), by visit time."""
        chosen = tuple(states)
        marks = ", ".join("?" for _ in chosen)
        rows = await self.db.fetchall(
            f"SELECT * FROM appointments WHERE status IN ({marks})"
            " AND visit_start >= ? AND visit_start < ? ORDER BY visit_start, id",
            (*chosen, to_iso(start), to_iso(end)),
        )
        return [_appointment(r) for r in rows]

    async def created_between(self, start: datetime | None, end: datetime | None) -> list[Appointment]:
        """Requests created in [start, end) (open ends allowed), oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM appointments WHERE (? IS NULL OR created_at >= ?)"
            " AND (? IS NULL OR created_at < ?) ORDER BY id",
            (to_iso(start), to_iso(start), to_iso(end), to_iso(end)),
        )
        return [_appointment(r) for r in rows]

    async def due_reminders(
        self, conn: aiosqlite.Connection, start: datetime, end: datetime
    ) -> list[Appointment]:
        """Confirmed visits starting in [start, end) whose reminder was not sent (in a transaction)."""
        async with conn.execute(
            "SELECT * FROM appointments WHERE status = 'bestaetigt' AND reminded_at IS NULL"
            " AND visit_start >= ? AND visit_start < ? ORDER BY visit_start, id",
            (to_iso(start), to_iso(end)),
        ) as cursor:
            rows = await cursor.fetchall()
        return [_appointment(r) for r in rows]

    async def ids_for_user(self, user_id: int) -> list[int]:
        """Ids of every request a citizen sent."""
        rows = await self.db.fetchall("SELECT id FROM appointments WHERE user_id = ? ORDER BY id", (user_id,))
        return [int(r["id"]) for r in rows]

    async def finished_before(self, before: datetime) -> list[int]:
        """Ids of finished requests (done, cancelled, rejected) not yet anonymised, finished before."""
        rows = await self.db.fetchall(
            "SELECT id FROM appointments WHERE status IN ('erledigt', 'abgesagt', 'abgelehnt')"
            " AND anonymised_at IS NULL AND finished_at IS NOT NULL AND finished_at < ? ORDER BY id",
            (to_iso(before),),
        )
        return [int(r["id"]) for r in rows]

    async def anonymise(self, conn: aiosqlite.Connection, appointment_id: int, now: datetime) -> None:
        """Remove names, phone, address and free texts; keep states, dates, district and counts."""
        await conn.execute(
            "UPDATE appointments SET user_id = NULL, chat_id = NULL, reason_text = NULL,"
            " service_text = NULL, place = NULL, applicants = '[]', contact_name = NULL, phone = NULL,"
            " citizen_wish = NULL, reject_reason = NULL, anonymised_at = ?"
            " WHERE id = ?",
            (to_iso(now), appointment_id),
        )
        await conn.execute(
            "UPDATE appointment_events SET note = NULL WHERE appointment_id = ?",
            (appointment_id,),
        )
        await OptionRepository.drop(conn, appointment_id)
        await conn.execute(
            "UPDATE outbox SET payload = '{}' WHERE ref_type = 'appointment' AND ref_id = ?"
            " AND status != 'pending'",
            (appointment_id,),
        )

    async def in_states(self, states: Iterable[str], limit: int = 20) -> list[Appointment]:
        """Requests in the given states, oldest first (what waits for the team)."""
        chosen = tuple(states)
        marks = ", ".join("?" for _ in chosen)
        rows = await self.db.fetchall(
            f"SELECT * FROM appointments WHERE status IN ({marks}) ORDER BY created_at, id LIMIT ?",
            (*chosen, limit),
        )
        return [_appointment(r) for r in rows]

    async def figures(self, since: datetime) -> dict[str, float | int | None]:
        """/statistik: requests created since `since`, moves into each state since then, days to a date."""
        stamp = to_iso(since)
        created = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM appointments WHERE created_at >= ?", (stamp,)
        )
        moves = await self.db.fetchall(
            "SELECT to_status, COUNT(DISTINCT appointment_id) AS n FROM appointment_events"
            " WHERE at >= ? AND to_status IS NOT NULL GROUP BY to_status",
            (stamp,),
        )
        by_state = {str(r["to_status"]): int(r["n"]) for r in moves}
        days = await self.db.fetchone(
            "SELECT AVG(julianday(e.first_at) - julianday(a.created_at)) AS d FROM appointments a"
            " JOIN (SELECT appointment_id, MIN(at) AS first_at FROM appointment_events"
            "       WHERE to_status = 'termin_vorgeschlagen' GROUP BY appointment_id) e"
            " ON e.appointment_id = a.id WHERE e.first_at >= ?",
            (stamp,),
        )
        mean = days["d"] if days is not None else None
        return {
            "requests": int(created["n"]) if created else 0,
            "confirmed": by_state.get("bestaetigt", 0),
            "done": by_state.get("erledigt", 0),
            "cancelled": by_state.get("abgesagt", 0),
            "mean_days_to_date": float(mean) if mean is not None else None,
        }

    async def counts_by_status(self) -> dict[str, int]:
        """How many requests are in each state."""
        rows = await self.db.fetchall("SELECT status, COUNT(*) AS n FROM appointments GROUP BY status")
        return {str(r["status"]): int(r["n"]) for r in rows}
