"""The team's side of a request: claim, propose a date, ask, reject, finish; guided-input prompts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

import aiosqlite

from core.appointments.conflicts import Conflict, conflicts
from core.appointments.core import REF, AppointmentError, ConflictError, ServiceCore
from core.appointments.model import DONE, IN_PROGRESS, NEW, PROPOSED, REJECTED
from core.appointments.notices import place_text
from core.appointments.options import option_buttons
from core.appointments.render import format_when, options_text
from core.appointments.validation import Slot
from core.messages import Button, Buttons
from core.staff import StaffActor
from core.texts import Raw, t
from storage.appointment_options import MAX_OPTIONS, OptionRepository
from storage.appointments import Appointment

__all__ = ["PROMPT_KINDS", "StaffActions"]

PROMPT_KINDS = ("propose", "reject", "ask")
"""Guided staff input: a reply to such a prompt is a date, a reason, or a question."""


class StaffActions(ServiceCore):
    """Staff actions; each carries the StaffActor who did it."""

    async def upcoming(self, days: int = 30) -> list[Appointment]:
        """Planned visits (confirmed and proposed) from the start of today (local) for `days` days."""
        today = self.clock.now().astimezone(self.tz).date()
        start = datetime.combine(today, time(0), self.tz)
        return await self.planned_visits(start, start + timedelta(days=days))  # each open date

    async def claim(self, appointment_id: int, actor: StaffActor) -> tuple[Appointment, bool]:
        """Übernehmen: neu -> in_bearbeitung; returns (request, whether this call claimed it)."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if a.status != NEW:
                return a, False
            await self._move(
                conn,
                a,
                IN_PROGRESS,
                actor.user_id,
                actor.name,
                "claimed",
                claimed_by=actor.user_id,
                claimed_by_name=actor.name,
            )
            await self._tell_citizen(conn, a, t("vo.notice.claimed", a.language, reference=a.reference))
            return await self._read(conn, a.id), True

    async def waiting(self, limit: int = 20) -> list[Appointment]:
        """Requests waiting for a date (new, in progress) or the citizen's answer (proposed), oldest first."""
        return await self.repo.in_states((NEW, IN_PROGRESS, PROPOSED), limit)

    async def figures(self, since: datetime) -> dict[str, float | int | None]:
        """Vor-Ort figures for /statistik since a moment (requests, moves, days to a date)."""
        return await self.repo.figures(since)

    async def conflicts_for(self, slot: Slot, exclude: int | None = None) -> list[Conflict]:
        """The planned visits a slot collides with (the travel buffer on both sides included).

        Every open date of another request's proposal holds its time too.
        """
        margin = self.travel_buffer + timedelta(days=1)
        nearby = await self.planned_visits(slot.start - margin, slot.end + margin)
        return conflicts(slot.start, slot.end, nearby, self.travel_buffer, exclude=exclude)

    async def propose(
        self, appointment_id: int, actor: StaffActor, slot: Slot, *, override: bool = False
    ) -> Appointment:
        """Termin vorschlagen: the citizen gets the date with 'Passt' / 'Passt nicht'.

        A slot that collides with a planned visit raises `ConflictError` unless `override`
        (staff saw the conflict and chose to propose anyway; the note says so).
        """
        return await self.propose_options(appointment_id, actor, [slot], override=override)

    async def propose_options(
        self, appointment_id: int, actor: StaffActor, slots: Sequence[Slot], *, override: bool = False
    ) -> Appointment:
        """Propose one to three dates; the citizen picks one ('Di 8.12., 10:00 passt') or 'Keiner passt'.

        One date is the single proposal of before ('Passt' / 'Passt nicht'). Each date meets the
        double-booking guard; any collision raises `ConflictError` (with the collisions of each
        date) unless `override`. A new proposal replaces the old one's dates and buttons.
        """
        if not 1 <= len(slots) <= MAX_OPTIONS:
            raise AppointmentError("too_many_options")
        if len({(s.start, s.end) for s in slots}) != len(slots):
            raise AppointmentError("duplicate_option")
        by_option = {}
        for index, slot in enumerate(slots):
            found = await self.conflicts_for(slot, exclude=appointment_id)
            if found:
                by_option[index] = found
        clashes = [c for found in by_option.values() for c in found]
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if a.chat_id is None:
                raise AppointmentError("deleted", a)
            if clashes and not override:
                raise ConflictError(a, clashes, by_option)
            seq = a.proposal_seq + 1
            first = slots[0]
            fields: dict[str, Any] = {
                "visit_start": first.start,
                "visit_end": first.end,
                "proposal_seq": seq,
                "citizen_wish": None,
                "reminded_at": None,
            }
            if a.claimed_by is None:
                fields.update(claimed_by=actor.user_id, claimed_by_name=actor.name)
            overridden = ", ".join(dict.fromkeys(c.appointment.reference for c in clashes))
            whens_de = " / ".join(format_when(s.start, s.end, self.tz) for s in slots)
            note = f"{whens_de} (trotz {overridden})" if clashes else whens_de
            await self._move(conn, a, PROPOSED, actor.user_id, actor.name, "proposed", note=note, **fields)
            await OptionRepository.replace(conn, a.id, seq, [(s.start, s.end) for s in slots])
            updated = await self._read(conn, a.id)
            if len(slots) == 1:
                await self._tell_single(conn, a, first, seq, actor)
            else:
                await self._tell_options(conn, updated, seq, actor)
            if clashes:
                await self._note(
                    conn, a, t("vo.staff.conflict_overridden", reference=a.reference, others=overridden)
                )
            return updated

    async def _tell_single(
        self, conn: aiosqlite.Connection, a: Appointment, slot: Slot, seq: int, actor: StaffActor
    ) -> None:
        """One date: the citizen's 'Passt' / 'Passt nicht' message and the staff note."""
        when_de = format_when(slot.start, slot.end, self.tz)
        when = format_when(slot.start, slot.end, self.tz, a.language)
        text = t("vo.notice.proposal", a.language, reference=a.reference, when=Raw(when), place=place_text(a))
        await self._tell_citizen(conn, a, text, _proposal_buttons(a, seq))
        await self._note(
            conn, a, t("vo.staff.proposed", reference=a.reference, when=Raw(when_de), name=actor.name)
        )

    async def _tell_options(
        self, conn: aiosqlite.Connection, a: Appointment, seq: int, actor: StaffActor
    ) -> None:
        """Several dates: one button per date and 'Keiner passt'; the staff note lists them."""
        listed = options_text(a.options, self.tz, a.language)
        text = t(
            "vo.notice.proposals", a.language, reference=a.reference, options=Raw(listed), place=place_text(a)
        )
        await self._tell_citizen(conn, a, text, option_buttons(a, seq, a.options, self.tz))
        note = t(
            "vo.staff.proposed_options",
            count=len(a.options),
            reference=a.reference,
            name=actor.name,
            options=Raw(options_text(a.options, self.tz)),
        )
        await self._note(conn, a, note)

    async def reject(self, appointment_id: int, actor: StaffActor, reason: str) -> Appointment:
        """Ablehnen with a reason the citizen reads."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            await self._move(
                conn,
                a,
                REJECTED,
                actor.user_id,
                actor.name,
                "rejected",
                note=reason,
                reject_reason=reason,
                finished_at=self.clock.now(),
            )
            text = t("vo.notice.rejected", a.language, reference=a.reference, reason=reason, phone=self.phone)
            await self._tell_citizen(conn, a, text)
            await self._note(
                conn, a, t("vo.staff.rejected", reference=a.reference, name=actor.name, reason=reason)
            )
            return await self._read(conn, a.id)

    async def finish(self, appointment_id: int, actor: StaffActor) -> Appointment:
        """Erledigt."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            await self._move(conn, a, DONE, actor.user_id, actor.name, "done", finished_at=self.clock.now())
            await self._tell_citizen(conn, a, t("vo.notice.done", a.language, reference=a.reference))
            await self._note(conn, a, t("vo.staff.done", reference=a.reference, name=actor.name))
            return await self._read(conn, a.id)

    async def ask(self, appointment_id: int, actor: StaffActor, question: str) -> Appointment:
        """Rückfrage: a question relayed to the citizen, who can answer with a button."""
        async with self.db.transaction() as conn:
            a = await self._read(conn, appointment_id)
            if not a.is_open:
                raise AppointmentError("not_open", a)
            if a.chat_id is None:
                raise AppointmentError("deleted", a)
            await self._event(conn, a, actor.user_id, actor.name, "question", question)
            text = t("vo.notice.question", a.language, reference=a.reference, text=question, phone=self.phone)
            answer = ((Button(t("vo.btn.answer", a.language), f"vc:ans:{a.id}"),),)
            await self._tell_citizen(conn, a, text, answer)
            await self._note(conn, a, t("vo.staff.question_sent", reference=a.reference))
            return a

    async def link_prompt(self, chat_id: int, message_id: int, kind: str, appointment_id: int) -> None:
        """Remember that a staff-chat message is a prompt for guided input (or a note of a request)."""
        ref_type = REF if kind == "note" else f"{REF}:{kind}"
        async with self.db.transaction() as conn:
            await self.links.link(conn, chat_id, message_id, ref_type, appointment_id)

    async def lookup(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        """('note' | 'propose' | 'reject' | 'ask', request id) for a staff-chat message, if it is ours."""
        link = await self.links.lookup(chat_id, message_id)
        if link is None:
            return None
        ref_type, ref_id = link
        if ref_type == REF:
            return "note", ref_id
        if ref_type.startswith(REF + ":") and ref_type[len(REF) + 1 :] in PROMPT_KINDS:
            return ref_type[len(REF) + 1 :], ref_id
        return None


def _proposal_buttons(a: Appointment, seq: int) -> Buttons:
    """'Passt' / 'Passt nicht' for proposal number `seq`."""
    return (
        (
            Button(t("vo.btn.yes", a.language), f"vc:yes:{a.id}:{seq}"),
            Button(t("vo.btn.no", a.language), f"vc:no:{a.id}:{seq}"),
        ),
    )
