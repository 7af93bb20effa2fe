"""What the service tells citizen and staff about a visit: texts and the citizen's calendar file."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from core.appointments.checklist import render_checklist
from core.appointments.export import visit_uid
from core.appointments.model import CONFIRMED, PROPOSED
from core.appointments.render import format_when, services_text
from core.ics import IcsEvent, make_ics
from core.texts import Raw, t
from storage.appointments import Appointment

__all__ = [
    "checklist_of",
    "citizen_ics",
    "has_date",
    "place_text",
    "staff_reminder",
    "visit_notice",
    "when_text",
]


def place_text(a: Appointment) -> str:
    """Where the visit takes place: the place with its district, or only the district."""
    if a.place is None:
        return a.district or "–"
    return a.place if not a.district or a.district in a.place else f"{a.place} ({a.district})"


def has_date(a: Appointment) -> bool:
    """Whether an open request has a visit date the team may drive to (proposed or confirmed)."""
    return a.status in (PROPOSED, CONFIRMED) and a.visit_start is not None and a.visit_end is not None


def when_text(a: Appointment, tz: ZoneInfo, lang: str = "de") -> str:
    """The visit time as text ('–' when there is none); the dates of a proposal with several, by ' / '."""
    if a.status == PROPOSED and len(a.options) > 1:
        return " / ".join(format_when(o.start, o.end, tz, lang) for o in a.options)
    if a.visit_start is None or a.visit_end is None:
        return "–"
    return format_when(a.visit_start, a.visit_end, tz, lang)


def checklist_of(a: Appointment) -> str:
    """The checklist (HTML) for the request's services, in the citizen's language."""
    return render_checklist(a.services, a.relationship, a.language, a.persons)


def visit_notice(key: str, a: Appointment, tz: ZoneInfo, phone: str) -> str:
    """The citizen's confirmation or reminder (`key`): date, place, checklist and phone number."""
    return t(
        key,
        a.language,
        reference=a.reference,
        when=Raw(when_text(a, tz, a.language)),
        place=place_text(a),
        checklist=Raw(checklist_of(a)),
        phone=phone,
    )


def staff_reminder(a: Appointment, tz: ZoneInfo) -> str:
    """The staff chat's note the day before a visit."""
    return t(
        "vo.staff.reminder",
        reference=a.reference,
        when=Raw(when_text(a, tz)),
        place=a.place or t("vo.staff.anonymised"),
        district=a.district or "–",
        persons=a.persons,
        services=services_text(a.services, a.service_text),
        phone=a.phone or "–",
    )


def citizen_ics(a: Appointment, phone: str, now: datetime) -> bytes:
    """The calendar file of a confirmed visit for the citizen."""
    assert a.visit_start is not None and a.visit_end is not None
    summary = (
        "Besuch vom Bürgeramt (Vor-Ort-Service)"
        if a.language == "de"
        else "Visit of the Bürgeramt (Vor-Ort-Service)"
    )
    event = IcsEvent(
        uid=visit_uid(a.id),
        start=a.visit_start,
        end=a.visit_end,
        summary=summary,
        location=place_text(a),
        description=f"{a.reference}\n{html.unescape(checklist_of(a))}\n{phone}",
        sequence=a.proposal_seq,
    )
    return make_ics([event], now=now)
