"""A web citizen's own requests ("Meine Anfragen"): their tickets and Vor-Ort requests, and what they may do.

The same core calls as the Telegram channel: `AppointmentService.accept / decline / cancel /
citizen_reply` and `TicketService.citizen_done` (each checks that the request is the citizen's
own and in a state that allows it). Afterwards the outbox is sent (the staff note) and the
request's staff cards are redrawn through the channel router, as the Telegram handlers do
after a press (`handlers/telegram/appointments/shared.py`'s `refresh_cards`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.appointments import Appointment, AppointmentError, AppointmentService, InputError
from core.appointments.model import PROPOSED
from core.appointments.notices import has_date
from core.appointments.options import has_options, option_label
from core.appointments.render import format_when, render_mine_line
from core.appointments.validation import clean
from core.channels import ChannelRouter
from core.sender import Sent
from core.texts import Raw, t
from core.ticket_reads import TicketError
from core.tickets import TicketService

__all__ = ["MAX_NOTE", "MyRequest", "MyTicket", "WebRequests", "check_note", "problem_text"]

logger = logging.getLogger(__name__)

MAX_NOTE = 500
"""The longest reason, wish or reply a citizen types on these pages."""


@dataclass(frozen=True)
class MyTicket:
    """One of the citizen's tickets as the page lists it."""

    id: int
    line: str
    """HTML: number, state, date, the first question."""
    done_possible: bool
    """Answered and still open for a follow-up: "Erledigt" closes it."""


@dataclass(frozen=True)
class MyRequest:
    """One of the citizen's Vor-Ort requests as the page lists it."""

    appointment: Appointment
    line: str
    """HTML: reference, state, date, services, district, the visit time."""
    choices: tuple[tuple[int, str], ...] = ()
    """A proposal with several dates: (index, button label) of each ('Di 8.12., 10:00 passt')."""

    @property
    def proposed(self) -> bool:
        """A date waits for the citizen's answer."""
        return self.appointment.status == PROPOSED

    @property
    def may_cancel(self) -> bool:
        """Still open: the citizen may cancel it."""
        return self.appointment.is_open


def check_note(text: str | None, *, required: bool = False) -> str | None:
    """A typed reason, wish or reply: cleaned; None when empty (InputError when required or too long)."""
    value = clean(text)
    if not value:
        if required:
            raise InputError("empty")
        return None
    if len(value) > MAX_NOTE:
        raise InputError("too_long", limit=MAX_NOTE)
    return value


def problem_text(error: AppointmentError, lang: str) -> str:
    """Why an action on a request is not possible (the Telegram channel's wording, without its commands)."""
    a = error.appointment
    if error.code == "already_confirmed":
        return t("web.vo.already_confirmed", lang)
    if error.code in ("stale", "wrong_state"):
        return t("web.vo.options_gone" if a is not None and a.options else "web.vo.proposal_gone", lang)
    if error.code == "not_open" and a is not None:
        return t("vo.not_open", lang, reference=a.reference, status=t(f"vo.state.{a.status}", lang))
    return t("web.mine.not_found", lang)


class WebRequests:
    """The "Meine Anfragen" page's reads and actions for one citizen at a time."""

    def __init__(
        self,
        *,
        appointments: AppointmentService,
        tickets: TicketService,
        channels: ChannelRouter,
        kick_outbox: Callable[[], None],
        say: Callable[[int, str], Awaitable[int]],
    ) -> None:
        self.appointments = appointments
        self.tickets = tickets
        self.channels = channels
        self.kick_outbox = kick_outbox
        self.say = say
        """Store a bot message in the citizen's chat (the page's actions leave a trace there too)."""

    # -- reads -----------------------------------------------------------------------------------
    async def tickets_of(self, citizen_id: int, lang: str) -> list[MyTicket]:
        """The citizen's tickets, newest first, with state and (when possible) until when to ask more."""
        tz = self.appointments.tz
        found = []
        for ticket, first in await self.tickets.mine(citizen_id):
            status = t(f"status.{ticket.status}", lang)
            until = self.tickets.followup_until(ticket)
            open_more = until is not None and self.tickets.takes_followup(ticket)
            if open_more and until is not None:
                status += " · " + t("mytickets.until", lang, until=f"{until.astimezone(tz):%d.%m.%Y}")
            line = t(
                "mytickets.line",
                lang,
                number=ticket.id,
                status=status,
                date=f"{ticket.created_at.astimezone(tz):%d.%m.%Y}",
                question=(first or "…")[:120],
            )
            found.append(MyTicket(ticket.id, line, open_more))
        return found

    async def requests_of(self, citizen_id: int, lang: str) -> list[MyRequest]:
        """The citizen's Vor-Ort requests, newest first."""
        tz = self.appointments.tz
        return [
            MyRequest(a, render_mine_line(a, tz, lang), self.choices(a, lang))
            for a in await self.appointments.for_user(citizen_id)
        ]

    def choices(self, a: Appointment, lang: str) -> tuple[tuple[int, str], ...]:
        """(index, label) of each date of a proposal with several; () for a single date."""
        if not has_options(a):
            return ()
        return tuple((o.index, option_label(o, self.appointments.tz, lang)) for o in a.options)

    def option_whens(self, a: Appointment, lang: str) -> tuple[tuple[int, str], ...]:
        """(index, 'Di, 08.12.2026, 10:00–11:00 Uhr') of each date of a proposal with several."""
        if not has_options(a):
            return ()
        tz = self.appointments.tz
        return tuple((o.index, format_when(o.start, o.end, tz, lang)) for o in a.options)

    async def request(self, citizen_id: int, appointment_id: int) -> Appointment:
        """One of the citizen's requests (AppointmentError 'not_found' for anyone else's)."""
        return await self.appointments.get_own(appointment_id, citizen_id)

    def cancel_question(self, a: Appointment, lang: str) -> str:
        """ "Really cancel?" with the date when a visit was planned."""
        if has_date(a):
            return t(
                "vo.cancel_ask_visit", lang, reference=a.reference, when=Raw(self.appointments.when(a, lang))
            )
        return t("vo.cancel_ask", lang, reference=a.reference)

    def when(self, a: Appointment, lang: str) -> str:
        """The proposed or confirmed visit time as text."""
        return self.appointments.when(a, lang)

    # -- actions ---------------------------------------------------------------------------------
    async def cancel(
        self, citizen_id: int, appointment_id: int, reason: str | None, lang: str
    ) -> Appointment:
        """Cancel an open request; the reason goes to its history and the staff note."""
        a = await self.appointments.cancel(appointment_id, citizen_id, reason)
        await self._changed(a.id)
        await self.say(citizen_id, t("vo.cancel_done", lang, reference=a.reference))
        return a

    async def accept(
        self, citizen_id: int, appointment_id: int, seq: int, lang: str, option: int | None = None
    ) -> Appointment:
        """'Passt' for proposal number `seq` (`option`: the chosen date of a proposal with several)."""
        a = await self.appointments.accept(appointment_id, citizen_id, seq, option)
        await self._changed(a.id)
        await self.say(citizen_id, t("vo.accepted", lang))
        return a

    async def decline(
        self, citizen_id: int, appointment_id: int, seq: int, wish: str | None, lang: str
    ) -> Appointment:
        """'Passt nicht' for proposal number `seq`, with the citizen's wish for another date."""
        a = await self.appointments.decline(appointment_id, citizen_id, seq, wish)
        await self._changed(a.id)
        await self.say(citizen_id, t("web.vo.declined", lang))
        return a

    async def reply(self, citizen_id: int, appointment_id: int, text: str, lang: str) -> Appointment:
        """The citizen's answer to a question of the team about the request."""
        a = await self.appointments.citizen_reply(appointment_id, citizen_id, text)
        self.kick_outbox()
        await self.say(citizen_id, t("vo.answer_sent", lang, reference=a.reference))
        return a

    async def done(self, citizen_id: int, ticket_id: int, lang: str) -> bool:
        """ "Erledigt": close an answered ticket; False when it was closed already."""
        try:
            ticket, closed = await self.tickets.citizen_done(ticket_id, citizen_id)
        except TicketError:
            await self.say(citizen_id, t("stale_button", lang))
            return False
        key = "ticket.done_thanks" if closed else "ticket.already_closed"
        await self.say(citizen_id, t(key, lang, number=ticket.id))
        if closed:
            self.kick_outbox()
        return closed

    async def _changed(self, appointment_id: int) -> None:
        """Send the staff note, then show the current state on every staff card (best effort)."""
        self.kick_outbox()
        try:
            a = await self.appointments.get(appointment_id)
        except AppointmentError:
            return
        text, buttons = self.appointments.card(a)
        for chat_id, message_id in await self.appointments.card_messages(appointment_id):
            outcome = await self.channels.edit(chat_id, message_id, text, buttons)
            if not isinstance(outcome, Sent):
                logger.info("card of appointment %s not redrawn: %s", appointment_id, type(outcome).__name__)
