"""The staff group: ticket card buttons, replies to cards and the ticket commands.

Commands: /offen, /ticket, /schliessen, /oeffnen, /statistik, /weiter.

Replies reach `ticket_reply` through the one staff-reply dispatcher (`staff_replies.py`).

Callback data (checked against the database and the staff list on every press):
  t:claim:<id>  t:close:<id>  t:faq:<id>  t:send:<id>:<entry>  t:back:<id>
  t:why:<id>:<reason>   close a ticket that never got an answer, with a reason
  t:reopen:<id>         open a closed ticket again
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from core.audit import record_staff_action
from core.htmlsplit import split_blocks
from core.ids import callback_id, parse_id
from core.questions import QuestionDesk
from core.staff import StaffActor
from core.texts import Raw, t
from core.ticket_states import CLOSED, STAFF_CLOSE_REASONS
from core.tickets import ReasonNeeded, TicketError, close_reason_keyboard, format_age, ticket_keyboard
from handlers.telegram.common import actor, clean_text, reply, require_staff
from handlers.telegram.context import BotContext
from handlers.telegram.keyboards import markup

__all__ = [
    "close_command",
    "handover_command",
    "open_tickets",
    "reopen_command",
    "stats_command",
    "ticket_button",
    "ticket_command",
    "ticket_reply",
]

logger = logging.getLogger(__name__)


def _ticket_number(args: list[str] | None) -> int | None:
    if not args:
        return None
    return parse_id(args[0].removeprefix("#"), max_digits=9)


async def _edit_keyboard(update: Update, keyboard: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_reply_markup(reply_markup=keyboard)
    except BadRequest as exc:
        logger.debug("card keyboard not edited: %s", exc)


async def ticket_button(update: Update, context: BotContext) -> None:
    """A button on a ticket card."""
    query = update.callback_query
    assert query is not None
    if not await require_staff(update, context):
        return
    await query.answer()
    parts = (query.data or "").split(":")
    services = context.services
    who = actor(query.from_user)
    number = callback_id(query.data)
    ticket = await services.tickets.get(number) if number is not None else None
    actions = ("claim", "close", "why", "reopen", "faq", "send", "back")
    if number is None or ticket is None or parts[1] not in actions:
        await reply(update, t("stale_button"))
        return
    ticket_id = number
    action = parts[1]
    if action == "claim":
        ticket, claimed = await services.tickets.claim(ticket_id, who)
        await _edit_keyboard(update, markup(ticket_keyboard(ticket_id, ticket.status)))
        if claimed:
            await reply(update, t("staff.claimed", number=ticket_id, name=who.name))
        elif ticket.claimed_by_name:
            await reply(update, t("staff.already_claimed", number=ticket_id, name=ticket.claimed_by_name))
        else:  # answered or closed without being claimed: nothing to take over
            await reply(update, t("staff.claim_past", number=ticket_id, status=t(f"status.{ticket.status}")))
    elif action in ("close", "why"):
        reason = parts[3] if action == "why" and len(parts) > 3 else None
        await _close(update, context, ticket_id, who, reason)
    elif action == "reopen":
        await _reopen(update, context, ticket_id, who)
    elif action == "faq":
        entries = QuestionDesk.of(services).entries_for(await services.tickets.question_of(ticket_id))
        rows = [
            [InlineKeyboardButton(entry.title, callback_data=f"t:send:{ticket_id}:{entry.id}")]
            for entry in entries
        ]
        rows.append([InlineKeyboardButton(t("staff.btn.back"), callback_data=f"t:back:{ticket_id}")])
        await _edit_keyboard(update, InlineKeyboardMarkup(rows))
        await reply(update, t("staff.pick_faq", number=ticket_id))
    elif action == "back":
        await _edit_keyboard(update, markup(ticket_keyboard(ticket_id, ticket.status)))
    else:
        await _send_faq(update, context, ticket_id, who, parts[3] if len(parts) > 3 else "")


async def _close(
    update: Update, context: BotContext, ticket_id: int, who: StaffActor, reason: str | None
) -> None:
    """Close a ticket; one that never got an answer asks for the reason first (buttons)."""
    services = context.services
    before = await services.tickets.get(ticket_id)
    try:
        ticket = await services.tickets.close(ticket_id, who, reason)
    except ReasonNeeded as exc:
        keyboard = markup(close_reason_keyboard(ticket_id))
        if update.callback_query is not None:
            await _edit_keyboard(update, keyboard)
            await reply(update, str(exc))
        else:
            await reply(update, str(exc), keyboard)
        return
    await _edit_keyboard(update, markup(ticket_keyboard(ticket_id, ticket.status)))
    if before is not None and before.status == CLOSED:  # a second press: nothing changed
        await reply(update, t("staff.already_closed", number=ticket_id))
        return
    if ticket.close_reason in STAFF_CLOSE_REASONS:
        why = t(f"staff.reason.{ticket.close_reason}")
        await reply(update, t("staff.closed_reason", number=ticket_id, name=who.name, reason=why))
    else:
        await reply(update, t("staff.closed", number=ticket_id, name=who.name))
    services.kick_outbox()


async def _reopen(update: Update, context: BotContext, ticket_id: int, who: StaffActor) -> None:
    services = context.services
    ticket, reopened = await services.tickets.reopen(ticket_id, who)
    await _edit_keyboard(update, markup(ticket_keyboard(ticket_id, ticket.status)))
    if not reopened:
        await reply(update, t("staff.not_closed", number=ticket_id, status=t(f"status.{ticket.status}")))
        return
    await reply(update, t("staff.reopened", number=ticket_id, name=who.name))
    services.kick_outbox()


async def _send_faq(
    update: Update, context: BotContext, ticket_id: int, who: StaffActor, entry_id: str
) -> None:
    """t:send:<id>:<entry>: answer the ticket with that FAQ entry."""
    services = context.services
    try:
        press = update.callback_query.id if update.callback_query else None
        entry = await services.tickets.answer_with_faq(ticket_id, who, entry_id, press_key=press)
    except TicketError as exc:
        await reply(update, str(exc))
        return
    await _edit_keyboard(update, markup(ticket_keyboard(ticket_id, "answered")))
    await reply(update, t("staff.faq_sent", number=ticket_id, title=entry.title))
    services.kick_outbox()


async def ticket_reply(update: Update, context: BotContext, ticket_id: int) -> None:
    """A staff reply to a ticket's message: relay it to the citizen (one transaction with its link)."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not await require_staff(update, context):
        return
    text = clean_text(message.text)
    if not text:
        return
    who = actor(message.from_user) if message.from_user else None
    if who is None:
        return
    services = context.services
    try:
        await services.tickets.answer(ticket_id, who, text, reply_link=(chat.id, message.message_id))
    except TicketError as exc:
        await reply(update, str(exc))
        return
    services.kick_outbox()


async def open_tickets(update: Update, context: BotContext) -> None:
    """/offen: open and claimed tickets with age and owner."""
    if not await require_staff(update, context):
        return
    services = context.services
    tickets = await services.tickets.unanswered(limit=30)
    answered = await services.tickets.awaiting_followup()
    footer = (
        t("staff.open_answered", count=len(answered), numbers=", ".join(f"#{a.id}" for a in answered))
        if answered
        else None
    )
    if not tickets:
        await reply(update, "\n\n".join(filter(None, [t("staff.open_none"), footer])))
        return
    now = services.clock.now()
    total = await services.tickets.count_unanswered()
    lines = [t("staff.open_header", count=total)]
    for ticket, first in tickets:
        question = first or t("staff.anonymised")
        lines.append(
            t(
                "staff.open_line",
                number=ticket.id,
                age=format_age(now - ticket.created_at),
                who=ticket.claimed_by_name or t("staff.nobody"),
                question=question[:100],
            )
        )
    if footer:
        lines.append(footer)
    sent = await reply(update, "\n\n".join(lines))
    if sent is not None:  # linked, so a citizen's deletion blanks the quoted question
        quoted = [ticket.id for ticket, _ in tickets]
        await services.tickets.remember_list(sent.chat_id, sent.message_id, quoted)


async def ticket_command(update: Update, context: BotContext) -> None:
    """/ticket N: the whole thread."""
    if not await require_staff(update, context):
        return
    number = _ticket_number(context.args)
    if number is None:
        await reply(update, t("staff.usage_ticket"))
        return
    services = context.services
    try:
        thread = await services.tickets.render_thread(number)
    except TicketError as exc:
        await reply(update, str(exc))
        return
    ticket = await services.tickets.get(number)
    keyboard = markup(ticket_keyboard(number, ticket.status)) if ticket else None
    parts = split_blocks(thread.split("\n\n"))
    chat = update.effective_chat
    for index, part in enumerate(parts):
        sent = await reply(update, part, keyboard if index == len(parts) - 1 else None)
        if sent is not None and chat is not None:
            await services.tickets.link_message(chat.id, sent.message_id, number)
    if update.effective_user is not None:
        await record_staff_action(services, actor(update.effective_user), "ticket_viewed", number)


async def close_command(update: Update, context: BotContext) -> None:
    """/schliessen N."""
    if not await require_staff(update, context):
        return
    number = _ticket_number(context.args)
    if number is None:
        await reply(update, t("staff.usage_close"))
        return
    user = update.effective_user
    assert user is not None
    args = context.args or []
    reason = _REASON_WORDS.get(args[1].lower()) if len(args) > 1 else None
    try:
        await _close(update, context, number, actor(user), reason)
    except TicketError as exc:
        await reply(update, str(exc))


_REASON_WORDS = {
    "telefonisch": "phone",
    "telefon": "phone",
    "dublette": "duplicate",
    "doppelt": "duplicate",
    "anderes": "other",
    "sonstiges": "other",
}
"""/schliessen N GRUND: the words staff may type for a reason."""


async def reopen_command(update: Update, context: BotContext) -> None:
    """/oeffnen N: open a closed ticket again."""
    if not await require_staff(update, context):
        return
    number = _ticket_number(context.args)
    if number is None:
        await reply(update, t("staff.usage_reopen"))
        return
    user = update.effective_user
    assert user is not None
    try:
        await _reopen(update, context, number, actor(user))
    except TicketError as exc:
        await reply(update, str(exc))


async def stats_command(update: Update, context: BotContext) -> None:
    """/statistik: figures of the last seven days."""
    if not await require_staff(update, context):
        return
    services = context.services
    since = services.clock.now() - timedelta(days=7)
    summary = await services.stats.summary(since)
    questions = int(summary["questions"])  # type: ignore[call-overload]
    answered = int(summary["answered_by_faq"])  # type: ignore[call-overload]
    rate = f"{answered / questions:.0%}" if questions else "–"
    median = summary["median_first_answer_minutes"]
    median_text = format_age(timedelta(minutes=float(median))) if isinstance(median, float) else "–"
    top = summary["top_topics"]
    top_text = (
        ", ".join(f"{topic} ({count})" for topic, count in top) if isinstance(top, list) and top else "–"
    )
    await reply(
        update,
        t(
            "staff.stats",
            questions=questions,
            answered=answered,
            rate=rate,
            suggested=summary["suggested"],
            tickets=summary["tickets"],
            open=await services.tickets.count_unanswered(),
            median=median_text,
            top=top_text,
        )
        + await _visit_figures(context, since)
        + await _bot_share(context),
    )


SHARE_WEEKS = 4
"""/statistik shows the bot's share of the answers for this many weeks (the current one last)."""


async def _bot_share(context: BotContext) -> str:
    """The bot's share of the answers week by week (core/statistics.py, as on the console)."""
    lines = []
    for week in await context.services.statistics.weekly(SHARE_WEEKS):
        answered = week.bot_answers + week.staff_answers
        if week.bot_share is None:
            lines.append(t("staff.stats_share_none", week=week.iso_week))
            continue
        share = f"{round(week.bot_share * 100)} %"
        lines.append(
            t(
                "staff.stats_share_week",
                week=week.iso_week,
                share=share,
                bot=week.bot_answers,
                answered=answered,
            )
        )
    return t("staff.stats_share", weeks=Raw("\n".join(lines)))


async def _visit_figures(context: BotContext, since: datetime) -> str:
    """The Vor-Ort-Service and stop-alert part of /statistik."""
    services = context.services
    figures = await services.appointments.figures(since)
    mean = figures["mean_days_to_date"]
    days = f"{float(mean):.1f} Tage".replace(".", ",") if mean is not None else "–"
    people, subscriptions = await services.stops.subscriber_count()
    return t(
        "staff.stats_visits",
        requests=figures["requests"],
        confirmed=figures["confirmed"],
        done=figures["done"],
        cancelled=figures["cancelled"],
        days=days,
        waiting=len(await services.appointments.waiting(1000)),
        people=people,
        subscriptions=subscriptions,
    )


async def handover_command(update: Update, context: BotContext) -> None:
    """/weiter N ZIEL: hand a ticket with its history to another staff chat (staff.routes)."""
    if not await require_staff(update, context):
        return
    services = context.services
    routes = dict(services.config.staff.routes)
    if not routes:  # say why there is nothing to hand over to
        await reply(update, t("staff.no_routes"))
        return
    targets = ", ".join(sorted(routes))
    args = context.args or []
    number = _ticket_number(args)
    if number is None or len(args) < 2:
        await reply(update, t("staff.usage_handover", targets=targets))
        return
    target = args[1].lower()
    if target not in routes:
        await reply(update, t("staff.unknown_route", target=target, targets=targets))
        return
    user = update.effective_user
    assert user is not None
    who = actor(user)
    try:
        await services.tickets.hand_over(number, routes[target], target, who)
    except TicketError as exc:
        await reply(update, str(exc))
        return
    await reply(update, t("staff.handover", number=number, target=target, name=who.name))
    services.kick_outbox()
