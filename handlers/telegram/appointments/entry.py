"""Entering and leaving the request conversation: start, resume, back, cancel, pause, time-out."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError

from core.appointments import flow
from core.appointments.flow import Draft
from core.appointments.prompts import prompt
from core.texts import t
from handlers.telegram.appointments.draft import (
    END,
    REPLY_KEY,
    State,
    ack,
    ask_again,
    draft_of,
    drop_draft,
    goto,
    over_limit,
    step_handler,
    user_data,
)
from handlers.telegram.common import is_private, language, main_menu, reply
from handlers.telegram.context import BotContext
from handlers.telegram.keyboards import markup
from handlers.telegram.stops_view import AWAIT as STOPS_AWAIT

__all__ = [
    "nothing_to_cancel",
    "on_back",
    "on_cancel",
    "on_menu",
    "on_old_button",
    "on_resume",
    "on_timeout",
    "on_unexpected",
    "start_request",
]


async def start_request(update: Update, context: BotContext) -> State | None:
    """/termin, the menu button or the FAQ button: start (or offer to resume) a request."""
    if not is_private(update):
        return END
    await ack(update)
    user_data(context).pop(REPLY_KEY, None)
    lang = language(update, context)
    services = context.services
    user = update.effective_user
    assert user is not None
    if await over_limit(update, context, user.id, lang):
        return END
    draft = draft_of(context)
    now = services.clock.now()
    if draft is not None and not flow.is_stale(draft, now) and draft.get("step") != flow.FOR_WHOM:
        days = services.config.privacy.retention_days
        text, buttons = prompt(flow.RESUME, draft, lang, retention_days=days)
        await reply(update, text, markup(buttons))
        return flow.RESUME
    draft = flow.new_draft(now)
    user_data(context)[flow.DRAFT_KEY] = draft
    return await goto(update, context, draft, flow.FOR_WHOM, lang, prefix=t("vo.intro", lang))


@step_handler
async def on_resume(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """'Weitermachen' shows the step where the citizen left; 'Neu beginnen' starts afresh."""
    await ack(update)
    if update.callback_query and update.callback_query.data == "vo:new":
        fresh = flow.new_draft(context.services.clock.now())
        user_data(context)[flow.DRAFT_KEY] = fresh
        return await goto(update, context, fresh, flow.FOR_WHOM, lang)
    step = str(draft.get("step") or flow.FOR_WHOM)
    if step not in flow.MAIN and step not in flow.STEP_NUMBER:
        step = flow.missing(draft) or flow.SUMMARY
    return await goto(update, context, draft, step, lang)


async def _end_reply(update: Update, context: BotContext, lang: str) -> bool:
    """End a pending answer to the team, if there is one (nothing is sent)."""
    if user_data(context).pop(REPLY_KEY, None) is None:
        return False
    await reply(update, t("vo.reply_cancelled", lang), main_menu(lang))
    return True


async def on_cancel(update: Update, context: BotContext) -> State | None:
    """'Abbrechen' or /abbrechen: nothing is sent, the draft is forgotten."""
    await ack(update)
    lang = language(update, context)
    if await _end_reply(update, context, lang):
        return END
    drop_draft(context)
    await reply(update, t("vo.cancelled", lang), main_menu(lang))
    return END


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/abbrechen outside the conversation: a paused request or a stop lookup is forgotten."""
    lang = language(update, context)
    draft = draft_of(context)
    paused = draft is not None and not flow.is_stale(draft, context.services.clock.now())
    drop_draft(context)
    user_data(context).pop(REPLY_KEY, None)
    looking_up = user_data(context).pop(STOPS_AWAIT, None) is not None
    key = "vo.cancelled" if paused else "cancel.done" if looking_up else "vo.nothing_to_cancel"
    await reply(update, t(key, lang), main_menu(lang))


async def on_menu(update: Update, context: BotContext) -> State | None:
    """Another main-menu button inside the conversation: pause (the draft stays for /termin)."""
    lang = language(update, context)
    if await _end_reply(update, context, lang):
        return END
    await reply(update, t("vo.paused", lang), main_menu(lang))
    return END


async def on_timeout(update: Update, context: BotContext) -> None:
    """No answer for CONVERSATION_TIMEOUT: end politely and forget the draft."""
    lang = language(update, context)
    had_draft = draft_of(context) is not None or REPLY_KEY in user_data(context)
    drop_draft(context)
    user_data(context).pop(REPLY_KEY, None)
    if had_draft:
        with contextlib.suppress(TelegramError):
            await reply(update, t("vo.timeout", lang), main_menu(lang))


async def on_back(update: Update, context: BotContext) -> State | None:
    """'Zurück': the step before (in edit mode: the summary); in a reply to the team: cancel it."""
    if REPLY_KEY in user_data(context):
        return await on_cancel(update, context)
    return await _back(update, context)


@step_handler
async def _back(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    await ack(update)
    current = str(draft.get("step") or flow.FOR_WHOM)
    target = flow.back(draft, current)
    if target is None:
        return await goto(update, context, draft, flow.FOR_WHOM, lang)
    if target == flow.APPLICANT and current == flow.MORE:
        draft["step"] = flow.MORE  # adding again: keep the list
    elif (
        target == flow.APPLICANT
        and flow.group_allowed(draft)
        and draft.get("applicants")
        and current not in (flow.APPLICANT, flow.APPLICANT_YEAR)
    ):
        target = flow.MORE  # a group: show the list instead of asking all names again
    return await goto(update, context, draft, target, lang)


async def on_old_button(update: Update, context: BotContext) -> State | None:
    """A button of an earlier step: say so and show the current question."""
    if REPLY_KEY in user_data(context):
        await ack(update)
        lang = language(update, context)
        await reply(update, t("vo.err.stale_button", lang))
        return None
    return await _old_button(update, context)


@step_handler
async def _old_button(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    await ack(update)
    step = str(draft.get("step") or flow.FOR_WHOM)
    return await goto(update, context, draft, step, lang, prefix=t("vo.err.old_button", lang))


async def on_unexpected(update: Update, context: BotContext) -> State | None:
    """Text where a button is expected, or a photo, sticker …: explain, keep the state."""
    if REPLY_KEY in user_data(context):
        await reply(update, t("vo.err.text_only", language(update, context)))
        return None
    return await _unexpected(update, context)


@step_handler
async def _unexpected(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    text_step = draft.get("step") in flow.TEXT_STEPS
    problem = t("vo.err.text_only" if text_step else "vo.err.use_buttons", lang)
    await ask_again(update, context, draft, lang, problem)
    return None
