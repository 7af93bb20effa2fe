"""/lernen and /entwurf in the staff group: the FAQ review list (`core.faq_learning`).

/lernen [N]          the N-th group of questions the bot could not answer (most frequent first)
/entwurf             the open draft entries
/entwurf N           one draft, with "Freigeben"
/entwurf N FELD TEXT complete a draft (titel, frage, antwort, link, id)

Callback data (staff rights and the item's state are checked again on every press):
  lr:g:<pos>            show the group at that position
  lr:q:<item>           which entry the group's question belongs to (the matcher's best candidates)
  lr:a:<item>:<entry>   add it as an example question of the entry
  lr:x:<item>           dismiss the group
  lr:d:<ticket>         a draft entry from the staff answer to the ticket
  lr:v:<draft>          show a draft
  lr:ok:<draft>         approve a draft
  lr:r                  reload the FAQ and its overlay (after a change by hand)
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.faq_learning import FaqLearning, LearningError, ReviewGroup
from core.ids import parse_id
from core.texts import Raw, t
from handlers.telegram.common import actor, reply, require_staff
from handlers.telegram.context import BotContext

__all__ = ["draft_command", "learn_button", "learn_command"]

MAX_DATA = 64
"""Telegram's limit for callback data in bytes."""


def _learning(context: BotContext) -> FaqLearning:
    learning = context.services.learning
    assert learning is not None, "create_services sets the review loop"
    return learning


def _button(label: str, data: str) -> InlineKeyboardButton | None:
    return InlineKeyboardButton(label, callback_data=data) if len(data.encode()) <= MAX_DATA else None


def _rows(*rows: list[InlineKeyboardButton | None]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[b for b in row if b is not None] for row in rows if any(row)])


def group_text(group: ReviewGroup, position: int, total: int, items: int) -> str:
    """A group of the review list as HTML for the staff chat."""
    kinds = " · ".join(t(f"learn.kind.{kind}", count=count) for kind, count in sorted(group.kinds.items()))
    lines = [
        t("learn.header", position=position + 1, groups=total, items=items),
        t("learn.group", text=group.text, count=group.count, kinds=Raw(html.escape(kinds, quote=False))),
    ]
    if group.variants:
        lines.append(t("learn.variants", variants=" | ".join(group.variants[:3])))
    if group.entries:
        lines.append(t("learn.entries", entries=", ".join(group.entries[:3])))
    if group.ticket_ids:
        lines.append(t("learn.tickets", tickets=", ".join(f"#{n}" for n in group.ticket_ids[:5])))
    return "\n".join(lines)


async def _show_group(update: Update, context: BotContext, position: int) -> None:
    learning = _learning(context)
    groups = await learning.groups()
    drafts = await learning.drafts()
    waiting = t("learn.drafts_waiting", count=len(drafts)) if drafts else ""
    if not groups:
        await reply(update, "\n\n".join(filter(None, [t("learn.empty"), waiting])), _rows(
            [_button(t("learn.btn.reload"), "lr:r")]
        ))
        return
    position = min(max(position, 0), len(groups) - 1)
    group = groups[position]
    items = sum(g.count for g in groups)
    answered = await learning.answered_tickets(group)
    keyboard = _rows(
        [_button(t("learn.btn.example"), f"lr:q:{group.key}")],
        *[[_button(t("learn.btn.draft", number=n), f"lr:d:{n}")] for n in answered[:2]],
        [
            _button(t("learn.btn.dismiss"), f"lr:x:{group.key}"),
            _button(t("learn.btn.next"), f"lr:g:{(position + 1) % len(groups)}") if len(groups) > 1 else None,
        ],
    )
    text = group_text(group, position, len(groups), items)
    await reply(update, "\n\n".join(filter(None, [text, waiting])), keyboard)


async def _show_draft(update: Update, context: BotContext, draft_id: int) -> None:
    draft = await _learning(context).draft(draft_id)
    missing = t("learn.missing")
    text = t(
        "learn.draft",
        number=draft.id,
        ticket=draft.ticket_id if draft.ticket_id is not None else "–",
        entry=draft.entry_id,
        title=draft.title,
        question=draft.question or missing,
        link=draft.link or missing,
        answer=draft.answer,
    )
    await reply(update, text, _rows([_button(t("learn.btn.approve"), f"lr:ok:{draft.id}")]))


async def learn_command(update: Update, context: BotContext) -> None:
    """/lernen [N]: a group of the review list with its buttons."""
    if not await require_staff(update, context):
        return
    number = parse_id(context.args[0], max_digits=4) if context.args else None
    await _show_group(update, context, (number or 1) - 1)


async def draft_command(update: Update, context: BotContext) -> None:
    """/entwurf [N [FELD TEXT]]: list, show or complete draft entries."""
    if not await require_staff(update, context):
        return
    args = context.args or []
    learning = _learning(context)
    try:
        if not args:
            drafts = await learning.drafts()
            if not drafts:
                await reply(update, t("learn.no_drafts"))
                return
            rows = [[_button(f"{d.id}: {d.title[:50]}", f"lr:v:{d.id}")] for d in drafts[:10]]
            await reply(update, t("learn.drafts"), _rows(*rows))
            return
        draft_id = parse_id(args[0], max_digits=9)
        if draft_id is None or len(args) == 2:
            await reply(update, t("learn.usage_draft"))
            return
        if len(args) > 2:
            assert update.effective_user is not None
            text = (update.effective_message.text or "") if update.effective_message else ""
            value = text.split(None, 3)[3] if len(text.split(None, 3)) == 4 else " ".join(args[2:])
            await learning.edit_draft(draft_id, args[1], value, actor(update.effective_user))
        await _show_draft(update, context, draft_id)
    except LearningError as exc:
        await reply(update, t(exc.key, **exc.values))


async def learn_button(update: Update, context: BotContext) -> None:
    """A button of /lernen or /entwurf."""
    query = update.callback_query
    assert query is not None
    if not await require_staff(update, context):
        return
    await query.answer()
    parts = (query.data or "").split(":")
    action = parts[1] if len(parts) > 1 else ""
    number = parse_id(parts[2], max_digits=12) if len(parts) > 2 else None
    learning = _learning(context)
    who = actor(query.from_user)
    try:
        if action == "g" and number is not None:
            await _show_group(update, context, number)
        elif action == "q" and number is not None:
            group = await learning.group_of(number)
            entries = learning.candidates(group)
            rows = [[_button(f"{e.title} ({e.id})", f"lr:a:{number}:{e.id}")] for e in entries]
            key = "learn.pick_entry" if entries else "learn.no_candidates"
            await reply(update, t(key, text=group.text), _rows(*rows))
        elif action == "a" and number is not None and len(parts) == 4:
            group, entry = await learning.add_example(number, parts[3], who)
            await reply(update, t("learn.added", text=group.text, title=entry.title, entry=entry.id))
        elif action == "x" and number is not None:
            group = await learning.dismiss(number, who)
            await reply(update, t("learn.dismissed", text=group.text))
        elif action == "d" and number is not None:
            draft, _ = await learning.draft_from_ticket(number, who)
            await _show_draft(update, context, draft.id)
        elif action == "v" and number is not None:
            await _show_draft(update, context, number)
        elif action == "ok" and number is not None:
            entry_id = await learning.approve(number, who)
            await reply(update, t("learn.approved", number=number, entry=entry_id))
        elif action == "r":
            faq = await learning.reload(who)
            await reply(update, t("learn.reloaded", count=len(faq)))
        else:
            await reply(update, t("stale_button"))
    except LearningError as exc:
        await reply(update, t(exc.key, **exc.values))
