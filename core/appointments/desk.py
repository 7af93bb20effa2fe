"""The web console's view of requests: lists by tab, the history, staff confirmation, the calendar.

Reads for the console and the one action the Telegram group has no button for: staff confirm
a proposed date (the citizen agreed on the phone); the citizen then gets exactly what a "Passt"
sends (confirmation with checklist and calendar file).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from core.appointments.core import AppointmentError, ServiceCore
from core.appointments.model import CANCELLED, CONFIRMED, DONE, IN_PROGRESS, NEW, PROPOSED, REJECTED
from core.appointments.validation import Slot
from core.staff import StaffActor
from core.texts import Raw, t
from storage.appointment_reads import AppointmentReads
from storage.appointments import Appointment, AppointmentEvent

__all__ = ["TABS", "StaffDesk", "already_proposed"]

TABS: dict[str, tuple[str, ...]] = {
    "new": (NEW, IN_PROGRESS),
    "proposed": (PROPOSED,),
    "confirmed": (CONFIRMED,),
    "done": (DONE,),
    "cancelled": (CANCELLED, REJECTED),
}
"""The console's tabs and the states each one shows."""

_OLDEST_FIRST = frozenset({"new", "proposed", "confirmed"})


def already_proposed(a: Appointment, slot: Slot | Sequence[Slot]) -> bool:
    """Whether exactly these dates are the request's current proposal (a second press of the same button)."""
    slots = [slot] if isinstance(slot, Slot) else list(slot)
    if a.status != PROPOSED:
        return False
    if len(slots) == 1 and len(a.options) <= 1:
        return (a.visit_start, a.visit_end) == (slots[0].start, slots[0].end)
    return [(o.start, o.end) for o in a.options] == [(s.start, s.end) for s in slots]


class StaffDesk(ServiceCore):
    """What the console reads and the staff confirmation."""

    @property
    def reads(self) -> AppointmentReads:
        """The console's read queries."""
        return AppointmentReads(self.db)

    async def listing(self, tab: str, limit: int = 200) -> list[Appointment]:
        """The requests of a tab: waiting ones oldest first, finished ones newest first."""
        states = TABS.get(tab, TABS["new"])
        found = await self.reads.in_states(states, limit, oldest_first=tab in _OLDEST_FIRST)
        return await self.repo.with_options(found) if PROPOSED in states else found

    async def tab_counts(self) -> dict[str, int]:
        """How many requests each tab holds."""
        by_state = await self.repo.counts_by_status()
        return {tab: sum(by_state.get(state, 0) for state in states) for tab, states in TABS.items()}

    async def history(self, appointment_id: int) -> list[AppointmentEvent]:
        """Every stored change of a request, oldest first."""
        return await self.repo.events(appointment_id)

    async def planned_between(self, start: datetime, end: datetime) -> list[Appointment]:
        """Proposed and confirmed visits starting in [start, end), by time (each open date of a proposal)."""
        return await self.planned_visits(start, end)

    async def confirm(self, appointment_id: int, actor: StaffActor, option: int | None = None) -> Appointment:
        """Staff confirm the current proposal (agreed on the phone); the citizen gets the confirmation.

        A proposal with several dates needs the chosen one (`option`, its index): else
        AppointmentError('choose_option').
        """
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if a.status != PROPOSED:
                raise AppointmentError("wrong_state", a)
            if a.chat_id is None:
                raise AppointmentError("deleted", a)
            fields: dict[str, Any] = {}
            if len(a.options) > 1:
                chosen = next((o for o in a.options if o.index == option), None)
                if chosen is None:
                    raise AppointmentError("choose_option", a)
                fields.update(visit_start=chosen.start, visit_end=chosen.end)
            now = self.clock.now()
            fields.update(confirmed_at=now, reminded_at=None)
            await self._move(conn, a, CONFIRMED, actor.user_id, actor.name, "confirmed", **fields)
            confirmed = await self._read(conn, a.id)
            await self._tell_citizen_confirmed(conn, confirmed)
            when = Raw(self.when(confirmed))
            await self._note(
                conn, a, t("vo.staff.web_confirmed", reference=a.reference, name=actor.name, when=when)
            )
            return confirmed

    def buffer_minutes(self) -> int:
        """The travel buffer in whole minutes."""
        return int(self.travel_buffer / timedelta(minutes=1))
