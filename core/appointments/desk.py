"""The web console's view of requests: lists by tab, the history, staff confirmation, the calendar.

Reads for the console and the one action the Telegram group has no button for: staff confirm
a proposed date (the citizen agreed on the phone); the citizen then gets exactly what a "Passt"
sends (confirmation with checklist and calendar file).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.appointments.conflicts import PLANNED
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


def already_proposed(a: Appointment, slot: Slot) -> bool:
    """Whether this exact slot is the request's current proposal (a second press of the same button)."""
    return a.status == PROPOSED and (a.visit_start, a.visit_end) == (slot.start, slot.end)


class StaffDesk(ServiceCore):
    """What the console reads and the staff confirmation."""

    @property
    def reads(self) -> AppointmentReads:
        """The console's read queries."""
        return AppointmentReads(self.db)

    async def listing(self, tab: str, limit: int = 200) -> list[Appointment]:
        """The requests of a tab: waiting ones oldest first, finished ones newest first."""
        states = TABS.get(tab, TABS["new"])
        return await self.reads.in_states(states, limit, oldest_first=tab in _OLDEST_FIRST)

    async def tab_counts(self) -> dict[str, int]:
        """How many requests each tab holds."""
        by_state = await self.repo.counts_by_status()
        return {tab: sum(by_state.get(state, 0) for state in states) for tab, states in TABS.items()}

    async def history(self, appointment_id: int) -> list[AppointmentEvent]:
        """Every stored change of a request, oldest first."""
        return await self.repo.events(appointment_id)

    async def planned_between(self, start: datetime, end: datetime) -> list[Appointment]:
        """Proposed and confirmed visits starting in [start, end), by time."""
        return await self.repo.visits_between(start, end, PLANNED)

    async def confirm(self, appointment_id: int, actor: StaffActor) -> Appointment:
        """Staff confirm the current proposal (agreed on the phone); the citizen gets the confirmation."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if a.status != PROPOSED:
                raise AppointmentError("wrong_state", a)
            if a.chat_id is None:
                raise AppointmentError("deleted", a)
            now = self.clock.now()
            await self._move(
                conn, a, CONFIRMED, actor.user_id, actor.name, "confirmed", confirmed_at=now, reminded_at=None
            )
            await self._tell_citizen_confirmed(conn, a)
            await self._note(
                conn,
                a,
                t("vo.staff.web_confirmed", reference=a.reference, name=actor.name, when=Raw(self.when(a))),
            )
            return await self._read(conn, a.id)

    def buffer_minutes(self) -> int:
        """The travel buffer in whole minutes."""
        return int(self.travel_buffer / timedelta(minutes=1))
