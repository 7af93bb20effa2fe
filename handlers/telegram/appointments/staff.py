"""The staff side of Vor-Ort-Service requests: card buttons, guided replies, /vorschlag, /termine.

Callback data (checked against the staff list and the database on every press):
  va:claim:<id>  va:propose:<id>  va:ask:<id>  va:reject:<id>  va:done:<id>
  va:force:<id>:<start>:<end>   propose despite a conflict (start, end: UTC minutes since 1970)

Staff-chat messages are mapped to requests in `staff_messages`: a reply to a card or a note
is a question (Rückfrage) for the citizen; a reply to a "Termin vorschlagen" or "Ablehnen"
prompt is parsed as a date or taken as the reason. Such replies arrive at `request_reply`
from the one staff-reply dispatcher (`handlers/telegram/staff_replies.py`).
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from core.appointments import reference_of
from core.appointments.desk import already_proposed
from core.appointments.model import FINISHED, PROPOSED
from core.appointments.render import format_day, format_when, services_text
from core.appointments.service import AppointmentError, ConflictError
from core.appointments.validation import TEXT_MAX, InputError, Slot, check_text, parse_slot
from core.htmlsplit import split_blocks
from core.texts import Raw, t
from core.tickets import format_age
from handlers.telegram.appointments.shared import changed, id_at, parse_number, refresh_cards
from handlers.telegram.common import actor, clean_text, reply, require_staff
from handlers.telegram.context import BotContext

__all__ = [
    "UPCOMING_DAYS",
    "card_button",
    "force_button",
    "propose_command",
    "remind_job",
    "request_reply",
    "upcoming_command",
]

logger = logging.getLogger(__name__)

UPCOMING_DAYS = 30
"""How far /termine looks ahead."""
WAITING_SHOWN = 20
"""How many waiting requests /termine lists (oldest first)."""
WAITING_BUTTONS = 10
"""How many of them get a "Termin vorschlagen" button."""

_ACTIONS = ("claim", "propose", "ask", "reject", "done")


async def _say(update: Update, text: str) -> Message | None:
    """A direct message in the staff chat; a failure is logged, never raised (staff can try again).

    What must arrive (the notes of every state change, the citizen's messages) goes through
    the outbox in the service's transaction; these are only answers, prompts and lists.
    """
    try:
        return await reply(update, text)
    except TelegramError as exc:
        logger.warning("staff chat message not sent: %s", exc)
        return None


async def _problem(update: Update, error: AppointmentError, number: int) -> None:
    a = error.appointment
    if error.code == "not_found":
        await _say(update, t("vo.staff.no_request", reference=reference_of(number)))
    elif a is not None:
        await _say(
            update, t("vo.staff.not_possible", reference=a.reference, status=t(f"vo.staff.state.{a.status}"))
        )
    else:
        await _say(update, t("stale_button"))


async def card_button(update: Update, context: BotContext) -> None:
    """A button on a request's card in the staff group."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None
    if not await require_staff(update, context):
        return
    with contextlib.suppress(TelegramError):
        await query.answer()
    parts = (query.data or "").split(":")
    number = id_at(query.data) if len(parts) == 3 else None
    if number is None or parts[1] not in _ACTIONS or chat is None:
        await _say(update, t("stale_button"))
        return
    services = context.services
    who = actor(query.from_user)
    action = parts[1]
    try:
        appointment = await services.appointments.get(number)
        if action == "claim":
            appointment, claimed = await services.appointments.claim(number, who)
            if claimed:
                await _say(update, t("vo.staff.claimed", reference=appointment.reference, name=who.name))
            else:
                name = appointment.claimed_by_name or t("staff.nobody")
                await _say(update, t("vo.staff.already_claimed", reference=appointment.reference, name=name))
        elif action == "done":
            await services.appointments.finish(number, who)
        else:
            if appointment.status in FINISHED:
                raise AppointmentError("wrong_state", appointment)
            times = t(f"vo.time.{appointment.preferred_time}")
            text = t(f"vo.staff.prompt.{action}", reference=appointment.reference, number=number, times=times)
            sent = await _say(update, text)
            if sent is not None:
                await services.appointments.link_prompt(chat.id, sent.message_id, action, number)
            return
    except AppointmentError as error:
        await _problem(update, error, number)
        await refresh_cards(context, number)
        return
    await changed(context, number)


async def request_reply(update: Update, context: BotContext, link: tuple[str, int]) -> None:
    """A staff reply to a request's message (`link`: its kind and request number)."""
    message = update.effective_message
    if message is None or not await require_staff(update, context) or message.from_user is None:
        return
    services = context.services
    kind, number = link
    who = actor(message.from_user)
    text = clean_text(message.text)
    try:
        if kind == "propose":
            await _propose(update, context, number, text, retry_hint=True)
            return
        if kind == "reject":
            try:
                reason = check_text(text, TEXT_MAX)
            except InputError:
                await _say(update, t("vo.staff.reason_missing", limit=TEXT_MAX))
                return
            await services.appointments.reject(number, who, reason)
        else:
            try:
                question = check_text(text, services.config.limits.max_text_length)
            except InputError:
                return
            await services.appointments.ask(number, who, question)
    except AppointmentError as error:
        await _problem(update, error, number)
        return
    await changed(context, number)


async def _propose(update: Update, context: BotContext, number: int, text: str, *, retry_hint: bool) -> None:
    """Parse, check and send a date proposal; problems are explained to staff."""
    services = context.services
    user = update.effective_user
    assert user is not None
    try:
        slot = parse_slot(text, services.clock.now(), services.office_hours.tz)
    except InputError as error:
        problem = t(f"vo.staff.slot.{error.code}")
        await _say(update, t("vo.staff.slot.retry", problem=problem) if retry_hint else problem)
        return
    await _send_proposal(update, context, number, slot, override=False)


async def _send_proposal(
    update: Update, context: BotContext, number: int, slot: Slot, *, override: bool
) -> None:
    """Propose the slot; a conflict with a planned visit is shown with "Trotzdem vorschlagen"."""
    services = context.services
    user = update.effective_user
    assert user is not None
    try:
        await services.appointments.propose(number, actor(user), slot, override=override)
    except ConflictError as error:
        await _show_conflict(update, context, number, slot, error)
        return
    except AppointmentError as error:
        await _problem(update, error, number)
        return
    await changed(context, number)


def _minutes(moment: datetime) -> int:
    return int(moment.timestamp() // 60)


async def _show_conflict(
    update: Update, context: BotContext, number: int, slot: Slot, error: ConflictError
) -> None:
    services = context.services
    tz = services.office_hours.tz
    lines = []
    for conflict in error.conflicts:
        other = conflict.appointment
        gap = (
            t("vo.staff.conflict_overlap")
            if conflict.gap <= timedelta(0)
            else t("vo.staff.conflict_gap", minutes=int(conflict.gap.total_seconds() // 60))
        )
        lines.append(
            t(
                "vo.staff.conflict_line",
                other=other.reference,
                when=Raw(services.appointments.when(other)),
                district=other.district or "–",
                status=t(f"vo.staff.state.{other.status}"),
                gap=gap,
            )
        )
    text = t(
        "vo.staff.conflict",
        reference=reference_of(number),
        when=Raw(format_when(slot.start, slot.end, tz)),
        buffer=int(services.appointments.travel_buffer.total_seconds() // 60),
        lines=Raw("\n".join(lines)),
    )
    force = f"va:force:{number}:{_minutes(slot.start)}:{_minutes(slot.end)}"
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(t("vo.staff.btn.force"), callback_data=force)]])
    try:
        await reply(update, text, keyboard)
    except TelegramError as exc:
        logger.warning("staff chat message not sent: %s", exc)


async def force_button(update: Update, context: BotContext) -> None:
    """va:force:<id>:<start>:<end>: propose the slot although it collides (staff saw the conflict)."""
    query = update.callback_query
    assert query is not None
    if not await require_staff(update, context):
        return
    with contextlib.suppress(TelegramError):
        await query.answer()
    parts = (query.data or "").split(":")
    number = id_at(query.data)
    start, end = (id_at(query.data, 3), id_at(query.data, 4)) if len(parts) == 5 else (None, None)
    now = context.services.clock.now()
    if number is None or start is None or end is None or not now.timestamp() // 60 < start < end:
        await _say(update, t("stale_button"))
        return
    slot = Slot(datetime.fromtimestamp(start * 60, UTC), datetime.fromtimestamp(end * 60, UTC))
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(reply_markup=None)
    try:
        current = await context.services.appointments.get(number)
    except AppointmentError as error:
        await _problem(update, error, number)
        return
    if already_proposed(current, slot):
        await _say(update, t("vo.staff.already_proposed", reference=current.reference))  # a second press
        return
    await _send_proposal(update, context, number, slot, override=True)


async def propose_command(update: Update, context: BotContext) -> None:
    """/vorschlag 12 3.12.2026 10:00-11:00."""
    if not await require_staff(update, context):
        return
    args = context.args or []
    number = parse_number(args[0]) if args else None
    if number is None or len(args) < 2:
        await _say(update, t("vo.staff.usage_propose"))
        return
    await _propose(update, context, number, " ".join(args[1:]), retry_hint=False)


async def upcoming_command(update: Update, context: BotContext) -> None:
    """/termine: the coming planned visits by day, then the requests waiting for a date or an answer."""
    if not await require_staff(update, context):
        return
    services = context.services
    tz = services.office_hours.tz
    visits = await services.appointments.upcoming(UPCOMING_DAYS)
    by_day: dict[date, list[str]] = defaultdict(list)
    heads: dict[date, str] = {}
    for a in visits:
        assert a.visit_start is not None and a.visit_end is not None
        day = a.visit_start.astimezone(tz).date()
        heads[day] = format_day(a.visit_start, tz)
        by_day[day].append(
            t(
                "vo.staff.upcoming_line",
                start=f"{a.visit_start.astimezone(tz):%H:%M}",
                end=f"{a.visit_end.astimezone(tz):%H:%M}",
                reference=a.reference,
                district=a.district or "–",
                persons=a.persons,
                services=services_text(a.services, a.service_text),
            )
            + (t("vo.staff.upcoming_proposed") if a.status == PROPOSED else "")
        )
    blocks = [t("vo.staff.upcoming_header") if visits else t("vo.staff.upcoming_none", days=UPCOMING_DAYS)]
    for day in sorted(by_day):
        blocks.append("\n".join([t("vo.staff.upcoming_day", day=heads[day]), *by_day[day]]))
    waiting = await services.appointments.waiting(WAITING_SHOWN)
    rows: list[list[InlineKeyboardButton]] = []
    if waiting:
        now = services.clock.now()
        lines = [t("vo.staff.waiting_header", count=len(waiting))]
        for a in waiting:
            lines.append(
                t(
                    "vo.staff.waiting_line",
                    reference=a.reference,
                    state=t(f"vo.staff.state.{a.status}"),
                    age=format_age(now - a.created_at),
                    district=a.district or "–",
                    persons=a.persons,
                )
            )
            if a.status != PROPOSED:  # a proposal waits for the citizen, not for the team
                label = t("vo.staff.btn.propose_for", reference=a.reference)
                rows.append([InlineKeyboardButton(label, callback_data=f"va:propose:{a.id}")])
        blocks.append("\n".join(lines))
    parts = split_blocks(blocks, separator="\n")
    for index, part in enumerate(parts):
        keyboard = InlineKeyboardMarkup(rows[:WAITING_BUTTONS]) if rows and index == len(parts) - 1 else None
        try:
            await reply(update, part, keyboard)
        except TelegramError as exc:
            logger.warning("staff chat message not sent: %s", exc)


async def remind_job(context: BotContext) -> None:
    """Repeating job: queue the day-before reminders and send them."""
    if await context.services.appointments.send_reminders():
        await context.services.outbox.flush()
