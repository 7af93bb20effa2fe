"""How requests look: the staff card and its buttons, the citizen's summary and list lines, dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from core.appointments.model import (
    CONFIRMED,
    DONE,
    FINISHED,
    IN_PROGRESS,
    NEW,
    PROPOSED,
    REASONS,
    REJECTED,
    TIMES,
)
from core.messages import Button, Buttons
from core.texts import Raw, t
from storage.appointment_options import ProposalOption
from storage.appointments import Applicant, Appointment

__all__ = [
    "DAY_SHORT",
    "format_day",
    "format_when",
    "options_text",
    "people_text",
    "render_card",
    "render_mine_line",
    "render_summary",
    "services_text",
    "staff_keyboard",
]

DAY_SHORT = {
    "de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def format_day(moment: datetime, tz: ZoneInfo, lang: str = "de") -> str:
    """'Do, 03.12.2026'."""
    local = moment.astimezone(tz)
    return f"{DAY_SHORT.get(lang, DAY_SHORT['de'])[local.weekday()]}, {local:%d.%m.%Y}"


def format_when(start: datetime, end: datetime, tz: ZoneInfo, lang: str = "de") -> str:
    """'Do, 03.12.2026, 10:00–11:00 Uhr' (HTML-escaped)."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    return t(
        "vo.when",
        lang,
        day=DAY_SHORT.get(lang, DAY_SHORT["de"])[local_start.weekday()],
        date=f"{local_start:%d.%m.%Y}",
        start=f"{local_start:%H:%M}",
        end=f"{local_end:%H:%M}",
    )


def options_text(options: Sequence[ProposalOption], tz: ZoneInfo, lang: str = "de") -> str:
    """The dates of a proposal one per line, numbered: '1. Di, 08.12.2026, 10:00–11:00 Uhr' (HTML)."""
    return "\n".join(
        t("vo.option_line", lang, number=o.index + 1, when=Raw(format_when(o.start, o.end, tz, lang)))
        for o in options
    )


def services_text(services: Iterable[str], service_text: str | None, lang: str = "de") -> str:
    """'Personalausweis, Etwas anderes: Lebensbescheinigung' (plain, not escaped)."""
    labels = []
    for key in services:
        label = t(f"vo.svc.{key}", lang)
        if key == "other" and service_text:
            label = f"{label}: {service_text}"
        labels.append(label)
    return ", ".join(labels) or "–"


def _year(value: Any) -> str:
    return str(value) if isinstance(value, int) else "?"


def people_text(applicants: Sequence[Applicant] | Sequence[dict[str, Any]], lang: str = "de") -> str:
    """One person per line: '• Erna Muster (geb. 1938)' (HTML-escaped)."""
    lines = []
    for person in applicants:
        if isinstance(person, Applicant):
            name, year = person.name, person.year
        else:
            name, year = str(person.get("name", "")), person.get("year")
        lines.append("• " + t("vo.person", lang, name=name, year=_year(year)))
    return "\n".join(lines) or "–"


def _line(label_key: str, value: str, lang: str) -> str:
    return t("vo.summary.line", lang, label=t(label_key, lang), value=Raw(value))


def render_summary(draft: dict[str, Any], lang: str) -> str:
    """The citizen's summary of a draft before sending (HTML)."""
    who = draft.get("for_whom") or "self"
    lines = [_line("vo.item.who", escape(t(f"vo.who.{who}", lang)), lang)]
    if who != "care_staff":
        reason = t(f"vo.why.{draft.get('reason') or 'other'}", lang)
        if draft.get("reason") == "other" and draft.get("reason_text"):
            reason += f": {draft['reason_text']}"
        lines.append(_line("vo.item.why", escape(reason), lang))
    chosen = services_text(draft.get("services") or [], draft.get("service_text"), lang)
    lines.append(_line("vo.item.svc", escape(chosen), lang))
    kind = t(f"vo.where.{draft.get('place_kind') or 'home'}", lang)
    place = f"{kind}: {draft.get('place') or '–'} ({draft.get('district') or '–'})"
    lines.append(_line("vo.item.where", escape(place), lang))
    lines.append(_line("vo.item.persons", "\n" + people_text(draft.get("applicants") or [], lang), lang))
    if who != "self":
        lines.append(_line("vo.item.contact", escape(str(draft.get("contact_name") or "–")), lang))
    lines.append(_line("vo.item.phone", escape(str(draft.get("phone") or "–")), lang))
    lines.append(_line("vo.item.times", escape(t(f"vo.time.{draft.get('times') or 'any'}", lang)), lang))
    return "\n".join(lines)


def render_card(appointment: Appointment, tz: ZoneInfo) -> str:
    """The request's card in the staff group: every detail, escaped (German)."""
    gone = t("vo.staff.anonymised")
    a = appointment
    why = t(f"vo.why.{a.reason}") if a.reason in REASONS else a.reason
    if a.reason == "other":
        why += f": {a.reason_text or gone}"
    visit = ""
    if a.status == PROPOSED and len(a.options) > 1:
        visit = t("vo.staff.visit_options", options=Raw(options_text(a.options, tz)))
    elif a.visit_start and a.visit_end and a.status in (PROPOSED, CONFIRMED, DONE):
        visit = t("vo.staff.visit", when=Raw(format_when(a.visit_start, a.visit_end, tz)))
    extra = ""
    if a.citizen_wish and a.status == IN_PROGRESS:
        extra += t("vo.staff.wish", wish=a.citizen_wish)
    if a.status == REJECTED:
        extra += t("vo.staff.reject_reason", reason=a.reject_reason or gone)
    return t(
        "vo.staff.card",
        reference=a.reference,
        language="Deutsch" if a.language == "de" else "Englisch",
        created=f"{a.created_at.astimezone(tz):%d.%m.%Y %H:%M}",
        status=t(f"vo.staff.state.{a.status}"),
        claimed=Raw(t("vo.staff.claimed_by", name=a.claimed_by_name) if a.claimed_by_name else ""),
        who=t(f"vo.who.{a.relationship}"),
        why=why,
        services=services_text(a.services, a.service_text),
        place_kind=t(f"vo.where.{a.place_kind}"),
        place=a.place or gone,
        district=f"{a.district or '–'}" + (f" ({a.postal_code})" if a.postal_code else ""),
        persons=a.persons,
        people=Raw(people_text(a.applicants) if a.applicants else gone),
        contact=a.contact_name
        or (a.applicants[0].name if a.relationship == "self" and a.applicants else gone),
        phone=a.phone or gone,
        times=t(f"vo.time.{a.preferred_time}") if a.preferred_time in TIMES else "–",
        visit=Raw(visit),
        extra=Raw(extra),
    )


def staff_keyboard(appointment: Appointment) -> Buttons | None:
    """The buttons under a card: what staff can do in the request's state."""
    if appointment.status in FINISHED:
        return None
    number = appointment.id

    def button(action: str) -> Button:
        return Button(t(f"vo.staff.btn.{action}"), f"va:{action}:{number}")

    first = (button("claim"), button("propose")) if appointment.status == NEW else (button("propose"),)
    return (first, (button("ask"), button("reject")), (button("done"),))


def render_mine_line(appointment: Appointment, tz: ZoneInfo, lang: str) -> str:
    """One request in /meineanfragen (HTML)."""
    visit = ""
    a = appointment
    if a.status == PROPOSED and len(a.options) > 1:
        visit = t("vo.mine.options", lang, options=Raw(options_text(a.options, tz, lang)))
    elif a.visit_start and a.visit_end and a.status in (PROPOSED, CONFIRMED):
        visit = t("vo.mine.visit", lang, when=Raw(format_when(a.visit_start, a.visit_end, tz, lang)))
    return t(
        "vo.mine.line",
        lang,
        reference=a.reference,
        status=t(f"vo.state.{a.status}", lang),
        date=f"{a.created_at.astimezone(tz):%d.%m.%Y}",
        services=services_text(a.services, a.service_text, lang),
        district=a.district or "–",
        visit=Raw(visit),
    )
