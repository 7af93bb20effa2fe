"""Staff and the stop plan: /ausfall and /verlegen, typed or guided by buttons and a reply.

The import of a month's plan is in handlers/stops_import.py; reading stop references and
move details is `core/stops/query.py` (pure).

Callback data (staff only; the stop is looked up again on every press):
  sx:c:<stop id>          cancel this stop: the bot asks for the reason (reply to its message)
  sx:m:<stop id>          move this stop: the bot asks for the new time (reply to its message)
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import filters

from core.staff import StaffActor
from core.stops import Stop
from core.stops.html import when_where
from core.stops.query import MoveSpec, parse_move, resolve_stop
from core.stops.render import format_day
from core.stops.service import ChangeResult, Confirmation, StopActionError, change_confirmation
from core.texts import Raw, t
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
        lambda who, result: change_confirmation(result, who.name),
    )


async def _move(update: Update, context: BotContext, stop: Stop, spec: MoveSpec) -> None:
    await _change(
        update,
        context,
        lambda who, confirm: context.services.stops.move(
            stop.stop_id, spec.start, spec.end, spec.reason, who, new_place_id=spec.place_id, confirm=confirm
        ),
        lambda who, result: change_confirmation(result, who.name),
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
    service = context.services.stops
    stop, rest, error = resolve_stop(args, service.plan, service.today())
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
    stop, rest, error = resolve_stop(args, service.plan, service.today())
    if stop is None:
        await reply(update, error or t("stops.staff.unknown_stop", stop_id=" ".join(args[:2])))
        return
    spec, error = parse_move(rest, stop, service.plan, service.today())
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
    spec, error = parse_move(text.split(), stop, service.plan, service.today())
    if spec is None:
        data[PENDING] = pending  # let them try again with another reply
        await reply(update, error or t("stops.staff.need_times"))
        return
    await _move(update, context, stop, spec)
