"""Helpers of the request conversation: the draft in user_data, asking a step, checked answers."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ConversationHandler

from core.appointments import flow
from core.appointments.flow import Draft
from core.appointments.prompts import prompt
from core.appointments.service import AppointmentError
from core.appointments.validation import InputError
from core.texts import t
from handlers.telegram.common import end_button_press, language, main_menu, reply
from handlers.telegram.context import BotContext
from handlers.telegram.keyboards import markup

__all__ = [
    "CONVERSATION",
    "END",
    "REPLY_KEY",
    "Callback",
    "State",
    "ack",
    "ask_again",
    "checked",
    "choice",
    "draft_of",
    "drop_draft",
    "error_reply",
    "goto",
    "input_error",
    "message_text",
    "over_limit",
    "picked",
    "pressed",
    "step_handler",
    "user_data",
]

CONVERSATION = "vor_ort_request"
"""The persistent name of the request conversation."""
REPLY_KEY = "vo_reply"
"""user_data key of a pending answer to the team ('Passt nicht' with a wish, a reply to a question)."""
END = ConversationHandler.END

State = str | int
StepHandler = Callable[[Update, BotContext, Draft, str], Awaitable[State | None]]
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, State | None]]
T = TypeVar("T")


def user_data(context: BotContext) -> dict[str, Any]:
    """The user's data (an empty dict where PTB has none)."""
    return context.user_data if context.user_data is not None else {}


def draft_of(context: BotContext) -> Draft | None:
    """The request being filled in, if any."""
    draft = user_data(context).get(flow.DRAFT_KEY)
    return draft if isinstance(draft, dict) else None


def drop_draft(context: BotContext) -> None:
    """Forget the request being filled in."""
    user_data(context).pop(flow.DRAFT_KEY, None)


def message_text(update: Update) -> str | None:
    """The text of the update's message."""
    message = update.effective_message
    return message.text if message is not None else None


async def ack(update: Update) -> None:
    """Answer a button press and take the buttons off its message."""
    if update.callback_query is not None:
        await end_button_press(update.callback_query)


def choice(update: Update) -> str:
    """The last part of the pressed button's callback data."""
    query = update.callback_query
    return (query.data or "").rsplit(":", 1)[-1] if query else ""


def picked(lang: str, label_key: str) -> str:
    """'Sie haben gewählt: …' for the label of the chosen button."""
    return t("vo.picked", lang, choice=t(label_key, lang))


def input_error(error: InputError, lang: str, context: BotContext) -> str:
    """What is wrong with an answer, in the citizen's language."""
    values: dict[str, object] = {"phone": context.services.config.office_hours.phone, **error.details}
    return t(f"vo.err.{error.code}", lang, **values)


async def goto(
    update: Update, context: BotContext, draft: Draft, step: str, lang: str, prefix: str = ""
) -> str:
    """Move the draft to a step and ask its question (after an optional note)."""
    services = context.services
    if step == flow.APPLICANT and draft.get("step") not in (flow.MORE, flow.APPLICANT_YEAR, flow.APPLICANT):
        draft["applicants_reset"] = True
    flow.touch(draft, step, services.clock.now())
    text, buttons = prompt(step, draft, lang, retention_days=services.config.privacy.retention_days)
    await reply(update, (prefix + "\n\n" if prefix else "") + text, markup(buttons))
    return step


async def ask_again(update: Update, context: BotContext, draft: Draft, lang: str, problem: str) -> None:
    """Say what is wrong and show the current step's buttons again (the state stays)."""
    step = str(draft.get("step") or flow.FOR_WHOM)
    services = context.services
    _, buttons = prompt(step, draft, lang, retention_days=services.config.privacy.retention_days)
    await reply(update, problem, markup(buttons))


async def checked(
    update: Update, context: BotContext, draft: Draft, lang: str, check: Callable[[str | None], T]
) -> T | None:
    """The message text as `check` returns it; None (after explaining the problem) when it fails."""
    try:
        return check(message_text(update))
    except InputError as error:
        await ask_again(update, context, draft, lang, input_error(error, lang, context))
        return None


async def pressed(
    update: Update, context: BotContext, draft: Draft, lang: str, step: str, options: Iterable[str]
) -> str | None:
    """The chosen option of a button step; None (after asking the step again) for anything else."""
    value = choice(update)
    await ack(update)
    if value in options:
        return value
    await goto(update, context, draft, step, lang)
    return None


def step_handler(handler: StepHandler) -> Callback:
    """Give a step its draft and language; a missing or outdated draft ends the conversation."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: BotContext) -> State | None:
        lang = language(update, context)
        draft = draft_of(context)
        if draft is None or flow.is_stale(draft, context.services.clock.now()):
            await ack(update)
            drop_draft(context)
            await reply(update, t("vo.err.gone" if draft is None else "vo.timeout", lang), main_menu(lang))
            return END
        return await handler(update, context, draft, lang)

    return wrapper


async def over_limit(update: Update, context: BotContext, user_id: int, lang: str) -> bool:
    """True (after saying so) when the citizen already sent as many requests today as allowed."""
    services = context.services
    limit = services.config.limits.requests_per_day
    if await services.appointments.sent_today(user_id) < limit:
        return False
    phone = services.config.office_hours.phone
    await reply(update, t("vo.err.limit", lang, count=limit, phone=phone), main_menu(lang))
    return True


async def error_reply(update: Update, lang: str, error: AppointmentError) -> None:
    """Why an action on a request is not possible (it is gone, finished, or the proposal is old)."""
    a = error.appointment
    if error.code in ("stale", "wrong_state"):
        text = t("vo.proposal_gone", lang)
    elif error.code == "not_open" and a is not None:
        text = t("vo.not_open", lang, reference=a.reference, status=t(f"vo.state.{a.status}", lang))
    else:
        text = t("vo.not_found", lang)
    await reply(update, text, main_menu(lang))
