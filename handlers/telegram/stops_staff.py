"""Staff and the stop plan: /ausfall and /verlegen, typed or guided by buttons and a reply.

The import of a month's plan is in handlers/stops_import.py.

Callback data (staff only; the stop is looked up again on every press):
  sx:c:<stop id>          cancel this stop: the bot asks for the reason (reply to its message)
  sx:m:<stop id>          move this stop: the bot asks for the new time (reply to its message)
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import filters

from core.places import exact_area, fold, resolve_area
from core.stops import Stop, parse_day_query
from core.stops.fields import FieldError, check_wall_time, parse_date
from core.stops.html import when_where
from core.stops.model import berlin_datetime
from core.stops.render import format_day
from core.stops.service import ChangeResult, Confirmation, StopActionError, StopService
from core.texts import Raw, t
from core.tickets import StaffActor
from handlers.telegram.common import actor, clean_text, end_button_press, reply, require_staff
from handlers.telegram.context import BotApplication, BotContext

__all__ = [
    "PENDING",
    "MoveSpec",
    "cancel_command",
    "move_command",
    "parse_move",
    "pending_reply",
    "pending_reply_filter",
    "resolve_stop",
    "staff_stop_button",
]

logger = logging.getLogger(__name__)

PENDING = "stops_pending"
"""user_data: the guided cancel/move waiting for the staff member's reply (JSON)."""
PENDING_SECONDS = 60 * 60
_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
_STOP_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+$")
_TIME_RANGE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?-(\d{1,2})(?:[:.](\d{2}))?(?:uhr)?$", re.IGNORECASE)
_DASHES = re.compile(r"(\d)\s*(?:-|–|—|bis)\s*(\d)")


@dataclass(frozen=True)
class MoveSpec:
    """Where a stop moves to: new start and end (Europe/Berlin), maybe a place, a reason."""

    start: datetime
    end: datetime
    place_id: str | None
    reason: str | None


# -- reading stop references and move details ----------------------------------------------------------


def _day_token(token: str, today: date, near: date | None = None) -> date | None:
    """A single day from '8.12.', '2026-12-08', '08.12.2026', 'heute', 'Freitag'.

    A date without a year is the one nearest to `near` (default today): staff mean the
    stop around that time, not the same date next year.
    """
    short = _DAY_MONTH.match(token)
    if short:
        day, month = int(short.group(1)), int(short.group(2))
        reference = near or today
        candidates = []
        for year in (reference.year - 1, reference.year, reference.year + 1):
            with contextlib.suppress(ValueError):
                candidates.append(date(year, month, day))
        return min(candidates, key=lambda d: abs(d - reference)) if candidates else None
    try:
        return parse_date(token)
    except FieldError:
        query = parse_day_query(token, today)
        return query.start if query is not None and query.single_day else None


def _place_matches(stop: Stop, phrase: str) -> bool:
    key = fold(phrase)
    if not key:
        return False
    place = stop.place
    if key in (fold(place.id), fold(place.district), fold(place.name)) or key in fold(place.label):
        return True
    area = exact_area(phrase) or (resolve_area(phrase) if len(key) >= 4 else None)
    own = exact_area(place.district) or resolve_area(place.district)
    return area is not None and own is not None and bool(set(area.districts) & set(own.districts))


def _stop_list(stops: list[Stop]) -> str:
    return "; ".join(f"{when_where(s)} [{s.stop_id}]" for s in stops) or "keine"


def resolve_stop(tokens: list[str], service: StopService) -> tuple[Stop | None, list[str], str | None]:
    """The stop named by '<stop id>' or '<day> <place>' at the start; (stop, rest, error)."""
    if not tokens:
        return None, [], t("stops.staff.unknown_stop", stop_id="")
    first = tokens[0].strip().lower()
    if _STOP_ID.match(first):
        stop = service.find(first)
        if stop is None:
            return None, [], t("stops.staff.unknown_stop", stop_id=first)
        return stop, tokens[1:], None
    rest = tokens[1:] if first in ("am", "an") and len(tokens) > 1 else tokens
    day = _day_token(rest[0], service.today())
    if day is None:
        return None, [], t("stops.staff.bad_day", text=rest[0])
    candidates = service.plan.stops_between(day, day, include_cancelled=True)
    rest = rest[1:]
    if not rest:
        return None, [], t("stops.staff.need_place", day=f"{day:%d.%m.%Y}", stops=_stop_list(candidates))
    for size in (3, 2, 1):
        if len(rest) < size:
            continue
        hits = [s for s in candidates if _place_matches(s, " ".join(rest[:size]))]
        if len(hits) > 1:
            return None, [], t("stops.staff.several", stops=_stop_list(hits))
        if hits:
            return hits[0], rest[size:], None
    return (
        None,
        [],
        t("stops.staff.no_stop_that_day", day=f"{day:%d.%m.%Y}", place=rest[0], stops=_stop_list(candidates)),
    )


def _find_place(service: StopService, text: str) -> str | None:
    """A place id from an id, a name or a district; None unless exactly one place fits."""
    if service.plan.place(text) is not None:
        return text
    key = fold(text)
    hits = [p.id for p in service.plan.places if key and (key == fold(p.id) or key in fold(p.label))]
    return hits[0] if len(hits) == 1 else None


def parse_move(tokens: list[str], stop: Stop, service: StopService) -> tuple[MoveSpec | None, str | None]:
    """Read '[day] <from-to> [ort:<place>] [reason]' after the stop; (spec, error)."""
    words = _DASHES.sub(r"\1-\2", " ".join(tokens)).split()
    new_day: date | None = None
    times: tuple[time, time] | None = None
    place_id: str | None = None
    index = 0
    while index < len(words):
        word = words[index]
        match = _TIME_RANGE.match(word)
        if match and times is None:
            h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
            if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
                return None, t("stops.staff.need_times")
            times = (time(h1, m1), time(h2, m2))
        elif word.lower().startswith("ort:") and place_id is None:
            place_id = _find_place(service, word[4:])
            if place_id is None:
                return None, t(
                    "stops.staff.unknown_place",
                    place=word[4:],
                    places=", ".join(p.id for p in service.plan.places),
                )
        elif new_day is None and times is None and (day := _day_token(word, service.today(), stop.day)):
            new_day = day
        else:
            break
        index += 1
    if times is None:
        return None, t("stops.staff.need_times")
    day = new_day or stop.day
    try:
        check_wall_time(day, times[0])
        check_wall_time(day, times[1])
    except FieldError as exc:
        return None, html.escape(str(exc))
    reason = " ".join(words[index:]).strip() or None
    start, end = berlin_datetime(day, times[0]), berlin_datetime(day, times[1])
    return MoveSpec(start, end, place_id, reason[:300] if reason else None), None


# -- commands ----------------------------------------------------------------------------------------


async def _change(
    update: Update,
    context: BotContext,
    change: Callable[[StaffActor, Confirmation], Awaitable[ChangeResult]],
    confirmation: Callable[[StaffActor, ChangeResult], str],
) -> None:
    """Run a staff change of a stop; notices and the confirmation leave through the outbox with it."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    who = actor(user)
    try:
        await change(who, (chat.id, lambda result: confirmation(who, result)))
    except StopActionError as exc:
        await reply(update, str(exc))
        return
    context.services.kick_outbox()


async def _cancel(update: Update, context: BotContext, stop_id: str, reason: str) -> None:
    await _change(
        update,
        context,
        lambda who, confirm: context.services.stops.cancel(stop_id, reason[:300], who, confirm=confirm),
        lambda who, result: t(
            "stops.staff.cancelled",
            name=who.name,
            stop=f"{when_where(result.before)} [{stop_id}]",
            reason=reason[:300],
            count=result.notified,
        ),
    )


async def _move(update: Update, context: BotContext, stop: Stop, spec: MoveSpec) -> None:
    await _change(
        update,
        context,
        lambda who, confirm: context.services.stops.move(
            stop.stop_id, spec.start, spec.end, spec.reason, who, new_place_id=spec.place_id, confirm=confirm
        ),
        lambda who, result: t(
            "stops.staff.moved",
            name=who.name,
            stop=f"{when_where(result.after)} [{stop.stop_id}]",
            before=when_where(result.before),
            count=result.notified,
        ),
    )


async def _guided(update: Update, context: BotContext, kind: str) -> None:
    """List the coming stops as buttons (kind 'c' cancel, 'm' move)."""
    upcoming = context.services.stops.upcoming(days=14, limit=10)
    key = "stops.staff.cancel_usage" if kind == "c" else "stops.staff.move_usage"
    example = upcoming[0].stop_id if upcoming else "2026-12-08-borbeck"
    if not upcoming:
        await reply(update, t(key, example=example) + "\n" + t("stops.staff.none_upcoming"))
        return
    rows = [
        [
            InlineKeyboardButton(
                f"{format_day(s.day)} {s.start:%H:%M} · {s.place.label}"[:60],
                callback_data=f"sx:{kind}:{s.stop_id}",
            )
        ]
        for s in upcoming
    ]
    await reply(update, t(key, example=example), InlineKeyboardMarkup(rows))


async def cancel_command(update: Update, context: BotContext) -> None:
    """/ausfall <stop id | day place> <reason>; without arguments: pick a stop."""
    if not await require_staff(update, context):
        return
    args = [a for a in (context.args or []) if a]
    if not args:
        await _guided(update, context, "c")
        return
    stop, rest, error = resolve_stop(args, context.services.stops)
    if stop is None:
        await reply(update, error or t("stops.staff.unknown_stop", stop_id=" ".join(args[:2])))
        return
    reason = clean_text(" ".join(rest))
    if not reason:
        await reply(update, t("stops.staff.need_reason", stop_id=stop.stop_id))
        return
    await _cancel(update, context, stop.stop_id, reason)


async def move_command(update: Update, context: BotContext) -> None:
    """/verlegen <stop id | day place> [day] <from-to> [ort:<place>] [reason]; without: pick a stop."""
    if not await require_staff(update, context):
        return
    args = [a for a in (context.args or []) if a]
    if not args:
        await _guided(update, context, "m")
        return
    service = context.services.stops
    stop, rest, error = resolve_stop(args, service)
    if stop is None:
        await reply(update, error or t("stops.staff.unknown_stop", stop_id=" ".join(args[:2])))
        return
    spec, error = parse_move(rest, stop, service)
    if spec is None:
        await reply(update, error or t("stops.staff.need_times"))
        return
    await _move(update, context, stop, spec)


# -- the guided variant: a stop button, then a reply with the reason or the new time ------------------------


class _PendingReply(filters.MessageFilter):
    """A reply to the bot's question of a guided cancel/move, by the staff member asked."""

    def __init__(self, app: BotApplication) -> None:
        super().__init__(name="StopPendingReply")
        self._app = app

    def filter(self, message: Message) -> bool:
        user, replied = message.from_user, message.reply_to_message
        if user is None or replied is None:
            return False
        data = self._app.user_data.get(user.id)
        pending = data.get(PENDING) if isinstance(data, dict) else None
        return (
            isinstance(pending, dict)
            and pending.get("message_id") == replied.message_id
            and pending.get("chat_id") == message.chat_id
        )


def pending_reply_filter(app: BotApplication) -> filters.MessageFilter:
    """A filter for replies to a guided cancel/move question."""
    return _PendingReply(app)


async def staff_stop_button(update: Update, context: BotContext) -> None:
    """A stop button of /ausfall or /verlegen: ask for the reason or the new time."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or not await require_staff(update, context):
        return
    await end_button_press(query)
    parts = (query.data or "").split(":", 2)
    service = context.services.stops
    stop = service.find(parts[2]) if len(parts) == 3 and parts[1] in ("c", "m") else None
    if stop is None:
        await reply(update, t("stale_button"))
        return
    if stop.end <= service.now() or (parts[1] == "c" and stop.cancelled):
        key = "stops.staff.stop_over" if stop.end <= service.now() else "stops.staff.already_cancelled"
        await reply(update, t(key, stop=when_where(stop)))
        return
    mention = Raw(f'<a href="tg://user?id={user.id}">{html.escape(actor(user).name)}</a>')
    key = "stops.staff.ask_reason" if parts[1] == "c" else "stops.staff.ask_move"
    placeholder = "Grund" if parts[1] == "c" else "10:00-14:00 Grund"
    chat = update.effective_chat
    if chat is None:
        return
    prompt = await chat.send_message(
        t(key, who=mention, stop=f"{when_where(stop)} [{stop.stop_id}]"),
        parse_mode=ParseMode.HTML,
        reply_markup=ForceReply(selective=True, input_field_placeholder=placeholder),
    )
    if context.user_data is not None:
        context.user_data[PENDING] = {
            "action": "cancel" if parts[1] == "c" else "move",
            "stop_id": stop.stop_id,
            "chat_id": prompt.chat_id,
            "message_id": prompt.message_id,
            "until": service.now().timestamp() + PENDING_SECONDS,
        }


async def pending_reply(update: Update, context: BotContext) -> None:
    """The staff member's reply to the guided question: cancel or move the stop."""
    message = update.effective_message
    if message is None or not await require_staff(update, context):
        return
    data = context.user_data if context.user_data is not None else {}
    pending = data.pop(PENDING, None)
    service = context.services.stops
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < service.now().timestamp():
        await reply(update, t("stops.staff.pending_gone"))
        return
    stop_id = str(pending.get("stop_id"))
    text = clean_text(message.text)
    if pending.get("action") == "cancel":
        if not text:
            await reply(update, t("stops.staff.need_reason", stop_id=stop_id))
            return
        await _cancel(update, context, stop_id, text)
        return
    stop = service.find(stop_id)
    if stop is None:
        await reply(update, t("stops.staff.unknown_stop", stop_id=stop_id))
        return
    spec, error = parse_move(text.split(), stop, service)
    if spec is None:
        data[PENDING] = pending  # let them try again with another reply
        await reply(update, error or t("stops.staff.need_times"))
        return
    await _move(update, context, stop, spec)
