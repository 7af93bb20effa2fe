"""The texts and buttons of tickets: the staff card, the thread, the citizen's expectation.

Kept apart from `core/tickets.py` (the state changes); `TicketService` inherits them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.citizens import TELEGRAM, channel_label
from core.clock import Clock
from core.messages import Button, Buttons, rows
from core.officehours import OfficeHours
from core.texts import t
from core.ticket_reads import TicketReads
from core.ticket_states import STAFF_CLOSE_REASONS
from faq import Faq

__all__ = ["TicketTexts", "close_reason_keyboard", "format_age", "ticket_keyboard"]


def format_age(delta: timedelta) -> str:
    """A short German age: '5 Min.', '3 Std.', '2 Tage'."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} Min."
    if minutes < 48 * 60:
        return f"{minutes // 60} Std."
    return f"{minutes // (24 * 60)} Tage"


def ticket_keyboard(ticket_id: int, status: str) -> Buttons:
    """The buttons under a ticket card in the staff group (only "Wieder öffnen" once it is closed)."""
    if status == "closed":
        return ((Button(t("staff.btn.reopen"), f"t:reopen:{ticket_id}"),),)
    row = []
    if status == "open":
        row.append(Button(t("staff.btn.claim"), f"t:claim:{ticket_id}"))
    row.append(Button(t("staff.btn.close"), f"t:close:{ticket_id}"))
    return rows([row, [Button(t("staff.btn.faq"), f"t:faq:{ticket_id}")]])


def close_reason_keyboard(ticket_id: int) -> Buttons:
    """The reasons asked before closing a ticket that never got an answer, and "Zurück"."""
    reasons = [[Button(t(f"staff.btn.reason.{r}"), f"t:why:{ticket_id}:{r}")] for r in STAFF_CLOSE_REASONS]
    return rows([*reasons, [Button(t("staff.btn.back"), f"t:back:{ticket_id}")]])


class TicketTexts(TicketReads):
    """What tickets look like to citizens and staff."""

    clock: Clock
    faq: Faq
    office_hours: OfficeHours

    def expectation(self, language: str) -> str:
        """When the citizen can expect an answer, from the office hours."""
        now = self.clock.now()
        tz = self.office_hours.tz
        if self.office_hours.is_open(now):
            deadline = self.office_hours.add_working_time(
                now, self.office_hours.section.answer_within_hours
            ).astimezone(tz)
            return t("ticket.expect_open", language, deadline=_when(deadline, now.astimezone(tz), language))
        back = self.office_hours.next_opening(now).astimezone(tz)
        return t("ticket.expect_closed", language, back=_when(back, now.astimezone(tz), language))

    def render_card(
        self,
        ticket_id: int,
        language: str,
        created: datetime,
        status: str,
        question: str,
        guesses: tuple[str, ...],
        channel: str = TELEGRAM,
    ) -> str:
        """The ticket card shown in the staff group (with the channel the citizen asked in)."""
        titles = [
            f"{entry.title} ({entry.id})" for entry in (self.faq.get(g) for g in guesses) if entry is not None
        ]
        local = created.astimezone(self.office_hours.tz)
        return t(
            "staff.card",
            number=ticket_id,
            language="Deutsch" if language == "de" else "Englisch",
            channel=channel_label(channel),
            created=f"{local:%d.%m.%Y %H:%M}",
            status=t(f"status.{status}"),
            question=question,
            guesses=", ".join(titles) if titles else t("staff.no_guesses"),
        )

    async def render_thread(self, ticket_id: int) -> str:
        """The whole thread of a ticket for /ticket N."""
        ticket = await self._get(ticket_id)
        tz = self.office_hours.tz
        lines = [
            t(
                "staff.thread_header",
                number=ticket.id,
                status=t(f"status.{ticket.status}"),
                language=ticket.language,
                created=f"{ticket.created_at.astimezone(tz):%d.%m. %H:%M}",
            )
        ]
        for message in await self.repo.messages(ticket_id):
            who = (
                message.staff_name or "Team"
                if message.author == "staff"
                else t(f"staff.who.{message.author}")
            )
            text = message.text if message.text is not None else t("staff.anonymised")
            if message.delivery == "failed":
                text += " ⚠️"
            lines.append(
                t(
                    "staff.thread_line",
                    who=who,
                    when=f"{message.created_at.astimezone(tz):%d.%m. %H:%M}",
                    text=text,
                )
            )
        return "\n\n".join(lines)


_DAY_NAMES = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _when(moment: datetime, now: datetime, language: str) -> str:
    """'heute 14:30 Uhr', 'morgen 07:30 Uhr', 'Montag, 3.12., 07:30 Uhr'."""
    clock = f"{moment:%H:%M}" + (" Uhr" if language == "de" else "")
    days = (moment.date() - now.date()).days
    if days == 0:
        return ("heute " if language == "de" else "today ") + clock
    if days == 1:
        return ("morgen " if language == "de" else "tomorrow ") + clock
    name = _DAY_NAMES.get(language, _DAY_NAMES["de"])[moment.weekday()]
    return f"{name}, {moment:%d.%m.}, {clock}"
