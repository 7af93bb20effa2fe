"""The staff group: ticket card buttons, replies to cards, /offen, /ticket, /schliessen, /statistik, /weiter.

Replies reach `ticket_reply` through the one staff-reply dispatcher (`staff_replies.py`).

Callback data (checked against the database and the staff list on every press):
  t:claim:<id>  t:close:<id>  t:faq:<id>  t:send:<id>:<entry>  t:back:<id>
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from core.audit import record_staff_action
from core.htmlsplit import split_blocks
from core.ids import callback_id, parse_id
from core.questions import QuestionDesk
from core.staff import StaffActor
from core.texts import t
from core.tickets import TicketError, format_age, ticket_keyboard
from handlers.telegram.common import actor, clean_text, reply, require_staff
from handlers.telegram.context import BotContext
from handlers.telegram.keyboards import markup

__all__ = [
    "close_command",
    "handover_command",
    "open_tickets",
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
    if number is None or ticket is None or parts[1] not in ("claim", "close", "faq", "send", "back"):
        await reply(update, t("stale_button"))
        return
    ticket_id = number
    action = parts[1]
    if action == "claim":
        ticket, claimed = await services.tickets.claim(ticket_id, who)
        await _edit_keyboard(update, markup(ticket_keyboard(ticket_id, ticket.status)))
        if claimed:
            await reply(update, t("staff.claimed", number=ticket_id, name=who.name))
        else:
            name = ticket.claimed_by_name or t("staff.nobody")
            await reply(update, t("staff.already_claimed", number=ticket_id, name=name))
    elif action == "close":
        await services.tickets.close(ticket_id, who)
        await _edit_keyboard(update, markup(ticket_keyboard(ticket_id, "closed")))
        await reply(update, t("staff.closed", number=ticket_id, name=who.name))
        services.kick_outbox()
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


async def _send_faq(
    update: Update, context: BotContext, ticket_id: int, who: StaffActor, entry_id: str
) -> None:
    """t:send:<id>:<entry>: answer the ticket with that FAQ entry."""
    services = context.services
    try:
        entry = await services.tickets.answer_with_faq(ticket_id, who, entry_id)
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
    if not tickets:
        await reply(update, t("staff.open_none"))
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
    services = context.services
    user = update.effective_user
    assert user is not None
    who = actor(user)
    try:
        await services.tickets.close(number, who)
    except TicketError as exc:
        await reply(update, str(exc))
        return
    await reply(update, t("staff.closed", number=number, name=who.name))
    services.kick_outbox()


async def stats_command(update: Update, context: BotContext) -> None:
    """/statistik: figures of the last seven days."""
    if not await require_staff(update, context):
        return
    services = context.services
    summary = await services.stats.summary(services.clock.now() - timedelta(days=7))
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
        ),
    )


async def handover_command(update: Update, context: BotContext) -> None:
    """/weiter N ZIEL: hand a ticket with its history to another staff chat (staff.routes)."""
    if not await require_staff(update, context):
        return
    services = context.services
    routes = dict(services.config.staff.routes)
    targets = ", ".join(sorted(routes)) or "–"
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
