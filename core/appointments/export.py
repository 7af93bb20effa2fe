"""Exports of requests: an .ics calendar of visits for the team, a CSV for reporting."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from core.appointments.render import services_text
from core.ics import IcsEvent, make_ics
from storage.appointments import Appointment

__all__ = ["CSV_COLUMNS", "requests_csv", "visit_uid", "visits_ics"]

CSV_COLUMNS = (
    "nummer",
    "status",
    "erstellt",
    "termin_beginn",
    "termin_ende",
    "stadtteil",
    "plz",
    "ort_art",
    "anliegen",
    "personen",
    "fuer_wen",
    "grund",
    "wunschzeit",
    "bearbeitet_von",
    "abgeschlossen",
)
"""Reporting columns: no names, phone numbers, addresses or free texts."""


def visit_uid(appointment_id: int, option: int | None = None) -> str:
    """The calendar UID of a request's visit (the same in the team's and the citizen's calendar).

    The first date of a proposal with several has the visit's UID, the others one of their own.
    """
    suffix = f"-{option + 1}" if option else ""
    return f"vor-ort-{appointment_id}{suffix}@buergermobil.essen.de"


def _option_mark(a: Appointment) -> str:
    """' (Vorschlag 2)' for a date of a proposal with several; else ''."""
    return f" (Vorschlag {a.option_index + 1})" if a.option_index is not None else ""


def _local(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def visits_ics(appointments: Sequence[Appointment], now: datetime) -> bytes:
    """The team's calendar: one event per visit, with place, persons and the phone number.

    A proposed visit the citizen has not accepted yet is STATUS:TENTATIVE, so the day's
    calendar shows every time the team has offered.
    """
    events = []
    for a in appointments:
        if a.visit_start is None or a.visit_end is None:
            continue
        people = ", ".join(f"{p.name} ({p.year or '?'})" for p in a.applicants) or "(gelöscht)"
        description = "\n".join(
            [
                f"{a.reference} · {a.status}",
                f"Anliegen: {services_text(a.services, a.service_text)}",
                f"Person(en): {people}",
                f"Ansprechperson: {a.contact_name or '–'} · Tel. {a.phone or '–'}",
            ]
        )
        events.append(
            IcsEvent(
                uid=visit_uid(a.id, a.option_index),
                start=a.visit_start,
                end=a.visit_end,
                summary=(
                    f"{a.reference}{_option_mark(a)} Vor-Ort-Besuch · {a.district or '–'} · {a.persons} P."
                ),
                location=a.place or a.district,
                description=description,
                sequence=a.proposal_seq,
                cancelled=a.status in ("abgesagt", "abgelehnt"),
                tentative=a.status == "termin_vorgeschlagen",
            )
        )
    return make_ics(events, now=now, calendar_name="Vor-Ort-Service")


def requests_csv(appointments: Sequence[Appointment], tz: ZoneInfo) -> str:
    """A CSV (semicolon-separated, for German spreadsheets) of the requests for reporting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in appointments:
        writer.writerow(
            [
                a.reference,
                a.status,
                _local(a.created_at, tz),
                _local(a.visit_start, tz),
                _local(a.visit_end, tz),
                a.district or "",
                a.postal_code or "",
                a.place_kind,
                ",".join(a.services),
                a.persons,
                a.relationship,
                a.reason,
                a.preferred_time,
                a.claimed_by_name or "",
                _local(a.finished_at, tz),
            ]
        )
    return buffer.getvalue()
