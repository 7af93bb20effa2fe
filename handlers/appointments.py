"""The citizen's Vor-Ort-Service request: a persistent ConversationHandler, and the request buttons.

Callback data (never trusted; every press is checked against the draft or the database):
  vo:start                      start a request (button under the FAQ answer)
  vo:who|why|svc|where|more|time|consent:<key>, vo:ok, vo:edit:<item>, vo:send
  vo:back  vo:cancel  vo:resume  vo:new
  vc:yes:<id>:<seq> / vc:no:<id>:<seq>   'Passt' / 'Passt nicht' on proposal number <seq>
  vc:nowish:<id>                'Passt nicht' without a wish
  vc:ans:<id>                   answer a question of the team
  vc:cancel:<id> / vc:cancelok:<id> / vc:keep:<id>   cancel one's own request
"""

from __future__ import annotations

import contextlib
import functools
import logging
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.appointments import flow
from bot.appointments.flow import Draft
from bot.appointments.model import PLACE_KINDS, REASONS, RELATIONSHIPS, SERVICES, TIMES
from bot.appointments.prompts import prompt, services_keyboard
from bot.appointments.render import render_mine_line, services_text
from bot.appointments.request import NewRequest
from bot.appointments.service import AppointmentError
from bot.appointments.validation import (
    InputError,
    check_name,
    check_place,
    check_text,
    check_year,
    normalise_phone,
    split_name_year,
)
from bot.context import BotContext
from bot.texts import t
from handlers.appointments_staff import refresh_cards
from handlers.common import end_button_press, is_private, language, main_menu, menu_pattern, reply

__all__ = [
    "CITIZEN_BUTTONS",
    "CONVERSATION_TIMEOUT",
    "MAX_PERSONS",
    "build_conversation",
    "citizen_button",
    "list_requests",
    "offer_request",
    "stale_button",
]

logger = logging.getLogger(__name__)

CONVERSATION_TIMEOUT = 2 * 60 * 60
"""Seconds without an answer after which the conversation ends with a polite note."""
MAX_PERSONS = 12
"""Most residents listed for one group visit."""
MAX_ID_DIGITS = 15
"""Longer numbers in callback data are forged (SQLite integers end at 19 digits)."""
"""Most residents listed for one group visit."""
REPLY_KEY = "vo_reply"
CITIZEN_BUTTONS = r"^vc:(yes|cancel|cancelok|keep):"
"""Request buttons handled outside the conversation by citizen_button."""
END = ConversationHandler.END

State = str | int
StepHandler = Callable[[Update, BotContext, Draft, str], Awaitable[State | None]]
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, State | None]]


# -- small helpers -----------------------------------------------------------------------------------
def _data(context: BotContext) -> dict[str, Any]:
    return context.user_data if context.user_data is not None else {}


def _draft(context: BotContext) -> Draft | None:
    draft = _data(context).get(flow.DRAFT_KEY)
    return draft if isinstance(draft, dict) else None


def _drop_draft(context: BotContext) -> None:
    _data(context).pop(flow.DRAFT_KEY, None)


def _text(update: Update) -> str | None:
    message = update.effective_message
    return message.text if message is not None else None


async def _ack(update: Update) -> None:
    """Answer a button press and take the buttons off its message."""
    if update.callback_query is not None:
        await end_button_press(update.callback_query)


def _choice(update: Update) -> str:
    """The last part of the pressed button's callback data."""
    query = update.callback_query
    return (query.data or "").rsplit(":", 1)[-1] if query else ""


def _input_error(error: InputError, lang: str, context: BotContext) -> str:
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
    text, markup = prompt(step, draft, lang, retention_days=services.config.privacy.retention_days)
    await reply(update, (prefix + "\n\n" if prefix else "") + text, markup)
    return step


async def _ask_again(update: Update, context: BotContext, draft: Draft, lang: str, problem: str) -> None:
    """Say what is wrong and show the current step's buttons again (the state stays)."""
    step = str(draft.get("step") or flow.FOR_WHOM)
    services = context.services
    _, markup = prompt(step, draft, lang, retention_days=services.config.privacy.retention_days)
    await reply(update, problem, markup)


def step_handler(handler: StepHandler) -> Callback:
    """Give a step its draft and language; a missing or outdated draft ends the conversation."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: BotContext) -> State | None:
        lang = language(update, context)
        draft = _draft(context)
        if draft is None or flow.is_stale(draft, context.services.clock.now()):
            await _ack(update)
            _drop_draft(context)
            await reply(update, t("vo.err.gone" if draft is None else "vo.timeout", lang), main_menu(lang))
            return END
        return await handler(update, context, draft, lang)

    return wrapper


# -- entry, resume, leave ------------------------------------------------------------------------------
async def start_request(update: Update, context: BotContext) -> State | None:
    """/termin, the menu button or the FAQ button: start (or offer to resume) a request."""
    if not is_private(update):
        return END
    await _ack(update)
    _data(context).pop(REPLY_KEY, None)
    lang = language(update, context)
    services = context.services
    user = update.effective_user
    assert user is not None
    limit = services.config.limits.requests_per_day
    if await services.appointments.sent_today(user.id) >= limit:
        await reply(
            update,
            t("vo.err.limit", lang, count=limit, phone=services.config.office_hours.phone),
            main_menu(lang),
        )
        return END
    draft = _draft(context)
    now = services.clock.now()
    if draft is not None and not flow.is_stale(draft, now) and draft.get("step") != flow.FOR_WHOM:
        text, markup = prompt(flow.RESUME, draft, lang, retention_days=services.config.privacy.retention_days)
        await reply(update, text, markup)
        return flow.RESUME
    draft = flow.new_draft(now)
    _data(context)[flow.DRAFT_KEY] = draft
    return await goto(update, context, draft, flow.FOR_WHOM, lang, prefix=t("vo.intro", lang))


@step_handler
async def on_resume(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """'Weitermachen' shows the step where the citizen left; 'Neu beginnen' starts afresh."""
    await _ack(update)
    if update.callback_query and update.callback_query.data == "vo:new":
        fresh = flow.new_draft(context.services.clock.now())
        _data(context)[flow.DRAFT_KEY] = fresh
        return await goto(update, context, fresh, flow.FOR_WHOM, lang)
    step = str(draft.get("step") or flow.FOR_WHOM)
    if step not in flow.MAIN and step not in flow.STEP_NUMBER:
        step = flow.missing(draft) or flow.SUMMARY
    return await goto(update, context, draft, step, lang)


async def on_cancel(update: Update, context: BotContext) -> State | None:
    """'Abbrechen' or /abbrechen: nothing is sent, the draft is forgotten."""
    await _ack(update)
    lang = language(update, context)
    if _data(context).pop(REPLY_KEY, None) is not None:
        await reply(update, t("vo.reply_cancelled", lang), main_menu(lang))
        return END
    _drop_draft(context)
    await reply(update, t("vo.cancelled", lang), main_menu(lang))
    return END


async def on_menu(update: Update, context: BotContext) -> State | None:
    """Another main-menu button inside the conversation: pause (the draft stays for /termin)."""
    lang = language(update, context)
    if _data(context).pop(REPLY_KEY, None) is not None:
        await reply(update, t("vo.reply_cancelled", lang), main_menu(lang))
        return END
    await reply(update, t("vo.paused", lang), main_menu(lang))
    return END


async def on_timeout(update: Update, context: BotContext) -> None:
    """No answer for CONVERSATION_TIMEOUT: end politely and forget the draft."""
    lang = language(update, context)
    had_draft = _draft(context) is not None or REPLY_KEY in _data(context)
    _drop_draft(context)
    _data(context).pop(REPLY_KEY, None)
    if had_draft:
        with contextlib.suppress(TelegramError):
            await reply(update, t("vo.timeout", lang), main_menu(lang))


async def on_back(update: Update, context: BotContext) -> State | None:
    """'Zurück': the step before (in edit mode: the summary); in a reply to the team: cancel it."""
    if REPLY_KEY in _data(context):
        return await on_cancel(update, context)
    return await _back(update, context)


@step_handler
async def _back(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    await _ack(update)
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
    if REPLY_KEY in _data(context):
        await _ack(update)
        lang = language(update, context)
        await reply(update, t("vo.err.stale_button", lang))
        return None
    return await _old_button(update, context)


@step_handler
async def _old_button(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    await _ack(update)
    step = str(draft.get("step") or flow.FOR_WHOM)
    return await goto(update, context, draft, step, lang, prefix=t("vo.err.old_button", lang))


async def on_unexpected(update: Update, context: BotContext) -> State | None:
    """Text where a button is expected, or a photo, sticker …: explain, keep the state."""
    if REPLY_KEY in _data(context):
        await reply(update, t("vo.err.text_only", language(update, context)))
        return None
    return await _unexpected(update, context)


@step_handler
async def _unexpected(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    text_step = draft.get("step") in flow.TEXT_STEPS
    problem = t("vo.err.text_only" if text_step else "vo.err.use_buttons", lang)
    await _ask_again(update, context, draft, lang, problem)
    return None


# -- the steps -----------------------------------------------------------------------------------------
@step_handler
async def on_for_whom(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 1: for me / a relative / a resident of the care home where I work."""
    choice = _choice(update)
    await _ack(update)
    if choice not in RELATIONSHIPS:
        return await goto(update, context, draft, flow.FOR_WHOM, lang)
    if draft.get("for_whom") != choice:
        draft["checklist_seen"] = False  # the checklist depends on who acts for whom
    draft["for_whom"] = choice
    if choice == "care_staff":
        draft["reason"], draft["reason_text"] = "care_home", None
    picked = t("vo.picked", lang, choice=t(f"vo.who.{choice}", lang))
    return await goto(update, context, draft, flow.after(draft, flow.FOR_WHOM), lang, prefix=picked)


@step_handler
async def on_reason(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 2: why the office cannot be visited."""
    choice = _choice(update)
    await _ack(update)
    if choice not in REASONS:
        return await goto(update, context, draft, flow.REASON, lang)
    draft["reason"] = choice
    picked = t("vo.picked", lang, choice=t(f"vo.why.{choice}", lang))
    if choice == "other":
        return await goto(update, context, draft, flow.REASON_TEXT, lang, prefix=picked)
    draft["reason_text"] = None
    return await goto(update, context, draft, flow.after(draft, flow.REASON), lang, prefix=picked)


@step_handler
async def on_reason_text(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 2b: the other reason in the citizen's words (the Bürgermobil hint, never a refusal)."""
    try:
        draft["reason_text"] = check_text(_text(update))
    except InputError as error:
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return None
    next_step = flow.after(draft, flow.REASON_TEXT)
    return await goto(update, context, draft, next_step, lang, prefix=t("vo.hint.stop", lang))


@step_handler
async def on_service(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 3: tick services (several allowed), then 'Weiter'."""
    query = update.callback_query
    assert query is not None
    choice = _choice(update)
    chosen: list[str] = [s for s in draft.get("services") or [] if s in SERVICES]
    if choice == "done":
        if not chosen:
            with contextlib.suppress(TelegramError):
                await query.answer()
            await reply(update, t("vo.err.services_none", lang), services_keyboard(draft, lang))
            return None
        await _ack(update)
        if "other" in chosen and not draft.get("service_text"):
            return await goto(update, context, draft, flow.SERVICE_TEXT, lang)
        picked = t("vo.picked", lang, choice=services_text(chosen, draft.get("service_text"), lang))
        return await goto(update, context, draft, flow.after(draft, flow.SERVICES_STEP), lang, prefix=picked)
    if choice not in SERVICES:
        await _ack(update)
        return await goto(update, context, draft, flow.SERVICES_STEP, lang)
    if choice in chosen:
        chosen.remove(choice)
        if choice == "other":
            draft["service_text"] = None
    else:
        chosen.append(choice)
    draft["services"] = [s for s in SERVICES if s in chosen]
    draft["checklist_seen"] = False  # the checklist depends on the services
    flow.touch(draft, flow.SERVICES_STEP, context.services.clock.now())
    if choice == "other" and choice in chosen:
        await _ack(update)
        return await goto(update, context, draft, flow.SERVICE_TEXT, lang)
    with contextlib.suppress(TelegramError):
        await query.answer()
    try:
        await query.edit_message_reply_markup(reply_markup=services_keyboard(draft, lang))
    except TelegramError:
        await goto(update, context, draft, flow.SERVICES_STEP, lang)
    return None


@step_handler
async def on_service_text(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 3b: what 'something else' means."""
    try:
        draft["service_text"] = check_text(_text(update))
    except InputError as error:
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return None
    chosen = services_text(draft.get("services") or [], draft["service_text"], lang)
    note = t("vo.ask.services_chosen", lang, chosen=chosen)
    return await goto(update, context, draft, flow.SERVICES_STEP, lang, prefix=note)


@step_handler
async def on_place_kind(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 4a: at home, in a care home, in hospital."""
    choice = _choice(update)
    await _ack(update)
    if choice not in PLACE_KINDS:
        return await goto(update, context, draft, flow.PLACE_KIND, lang)
    draft["place_kind"] = choice
    if choice != "care_home" and len(draft.get("applicants") or []) > 1:
        draft["applicants"] = draft["applicants"][:1]
    picked = t("vo.picked", lang, choice=t(f"vo.where.{choice}", lang))
    return await goto(update, context, draft, flow.after(draft, flow.PLACE_KIND), lang, prefix=picked)


@step_handler
async def on_place(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 4b: the care home, hospital or address; must be in Essen."""
    try:
        place = check_place(_text(update))
    except InputError as error:
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return None
    draft["place"], draft["district"], draft["postal_code"] = place.text, place.district, place.postal_code
    found = t("vo.place.found", lang, district=place.district)
    return await goto(update, context, draft, flow.after(draft, flow.PLACE), lang, prefix=found)


async def _person_added(
    update: Update, context: BotContext, draft: Draft, lang: str, name: str, year: int
) -> str:
    if draft.get("applicants_reset"):
        draft["applicants"] = []
        draft["applicants_reset"] = False
    draft["applicants"] = [*(draft.get("applicants") or []), {"name": name, "year": year}]
    draft["pending_name"] = None
    if flow.group_allowed(draft) and len(draft["applicants"]) < MAX_PERSONS:
        return await goto(update, context, draft, flow.MORE, lang)
    return await goto(update, context, draft, flow.after(draft, flow.APPLICANT), lang)


@step_handler
async def on_applicant(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5a: the applicant's name (and year of birth, if given in the same message)."""
    raw_name, raw_year = split_name_year(_text(update))
    try:
        name = check_name(raw_name if raw_year else _text(update))
    except InputError as error:
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return None
    draft["pending_name"] = name
    if raw_year is None:
        return await goto(update, context, draft, flow.APPLICANT_YEAR, lang)
    try:
        year = check_year(raw_year, context.services.clock.now().date())
    except InputError as error:
        flow.touch(draft, flow.APPLICANT_YEAR, context.services.clock.now())
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return flow.APPLICANT_YEAR
    return await _person_added(update, context, draft, lang, name, year)


@step_handler
async def on_applicant_year(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5b: the year of birth."""
    name = draft.get("pending_name")
    if not isinstance(name, str) or not name:
        return await goto(update, context, draft, flow.APPLICANT, lang)
    try:
        year = check_year(_text(update), context.services.clock.now().date())
    except InputError as error:
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return None
    return await _person_added(update, context, draft, lang, name, year)


@step_handler
async def on_more(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5c (care homes): another resident for the same visit, or go on."""
    choice = _choice(update)
    await _ack(update)
    if choice == "yes" and len(draft.get("applicants") or []) < MAX_PERSONS:
        draft["applicants_reset"] = False
        return await goto(update, context, draft, flow.APPLICANT, lang)
    return await goto(update, context, draft, flow.after(draft, flow.MORE), lang)


@step_handler
async def on_contact(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5d: the name of the person who submits (the contact for the call back)."""
    try:
        draft["contact_name"] = check_name(_text(update))
    except InputError as error:
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return None
    return await goto(update, context, draft, flow.after(draft, flow.CONTACT), lang)


@step_handler
async def on_phone(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5e: a German phone number, stored as +49…."""
    try:
        draft["phone"] = normalise_phone(_text(update))
    except InputError as error:
        await _ask_again(update, context, draft, lang, _input_error(error, lang, context))
        return None
    return await goto(update, context, draft, flow.after(draft, flow.PHONE), lang)


@step_handler
async def on_times(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5f: preferred times."""
    choice = _choice(update)
    await _ack(update)
    if choice not in TIMES:
        return await goto(update, context, draft, flow.TIMES_STEP, lang)
    draft["times"] = choice
    picked = t("vo.picked", lang, choice=t(f"vo.time.{choice}", lang))
    return await goto(update, context, draft, flow.after(draft, flow.TIMES_STEP), lang, prefix=picked)


@step_handler
async def on_checklist(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 6: the checklist was read."""
    await _ack(update)
    draft["checklist_seen"] = True
    return await goto(update, context, draft, flow.after(draft, flow.CHECKLIST), lang)


@step_handler
async def on_consent(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 7: consent to store the details; without it nothing is kept."""
    choice = _choice(update)
    await _ack(update)
    if choice != "yes":
        _drop_draft(context)
        phone = context.services.config.office_hours.phone
        await reply(update, t("vo.consent_declined", lang, phone=phone), main_menu(lang))
        return END
    draft["consent"] = True
    return await goto(update, context, draft, flow.after(draft, flow.CONSENT), lang)


@step_handler
async def on_edit(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 8: 'Ändern' opens one item; afterwards the summary comes back."""
    await _ack(update)
    target = flow.start_edit(draft, _choice(update))
    if target is None:
        return await goto(update, context, draft, flow.SUMMARY, lang)
    return await goto(update, context, draft, target, lang)


@step_handler
async def on_send(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 8: send the request."""
    await _ack(update)
    services = context.services
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    limit = services.config.limits.requests_per_day
    if await services.appointments.sent_today(user.id) >= limit:
        phone = services.config.office_hours.phone
        await reply(update, t("vo.err.limit", lang, count=limit, phone=phone), main_menu(lang))
        return END
    try:
        request = NewRequest.from_draft(draft)
    except ValueError:
        return await goto(update, context, draft, flow.missing(draft) or flow.SUMMARY, lang)
    await services.users.touch(user.id, chat.id, lang, services.clock.now())
    appointment = await services.appointments.create(
        user_id=user.id, chat_id=chat.id, language=lang, request=request
    )
    _drop_draft(context)
    services.kick_outbox(context.bot)
    phone = services.config.office_hours.phone
    await reply(update, t("vo.created", lang, reference=appointment.reference, phone=phone), main_menu(lang))
    return END


# -- answers to the team: 'Passt nicht' with a wish, a reply to a question ------------------------------
def _request_id(data: str | None, index: int = 2) -> int | None:
    parts = (data or "").split(":")
    value = parts[index] if len(parts) > index else ""
    return int(value) if value.isdigit() and len(value) <= MAX_ID_DIGITS else None


async def _error_reply(update: Update, lang: str, error: AppointmentError) -> None:
    a = error.appointment
    if error.code == "stale":
        text = t("vo.proposal_gone", lang)
    elif error.code == "not_open" and a is not None:
        text = t("vo.not_open", lang, reference=a.reference, status=t(f"vo.state.{a.status}", lang))
    elif error.code == "wrong_state":
        text = t("vo.proposal_gone", lang)
    else:
        text = t("vo.not_found", lang)
    await reply(update, text, main_menu(lang))


async def start_wish(update: Update, context: BotContext) -> State | None:
    """'Passt nicht': ask for a wish (the proposal stays valid until the answer is sent)."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    with contextlib.suppress(TelegramError):
        await query.answer()
    lang = language(update, context)
    parts = (query.data or "").split(":")
    appointment_id, seq = _request_id(query.data), _request_id(query.data, 3)
    services = context.services
    try:
        if appointment_id is None or seq is None or len(parts) != 4:
            raise AppointmentError("not_found")
        a = await services.appointments.get_own(appointment_id, user.id)
        if a.status != "termin_vorgeschlagen" or a.proposal_seq != seq:
            raise AppointmentError("stale", a)
    except AppointmentError as error:
        await _error_reply(update, lang, error)
        return END
    message = query.message
    _data(context)[REPLY_KEY] = {
        "kind": "wish",
        "id": appointment_id,
        "seq": seq,
        "message_id": message.message_id if message else None,
    }
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t("vo.btn.no_wish", lang), callback_data=f"vc:nowish:{appointment_id}")],
            [InlineKeyboardButton(t("vo.btn.cancel", lang), callback_data="vo:cancel")],
        ]
    )
    await reply(update, t("vo.ask.wish", lang), markup)
    return flow.WISH


async def _finish_wish(update: Update, context: BotContext, wish: str | None) -> State | None:
    lang = language(update, context)
    pending = _data(context).pop(REPLY_KEY, None)
    user = update.effective_user
    if not isinstance(pending, dict) or pending.get("kind") != "wish" or user is None:
        await reply(update, t("vo.err.stale_button", lang), main_menu(lang))
        return END
    services = context.services
    try:
        await services.appointments.decline(int(pending["id"]), user.id, int(pending["seq"]), wish)
    except AppointmentError as error:
        await _error_reply(update, lang, error)
        return END
    chat = update.effective_chat
    if pending.get("message_id") and chat is not None:
        with contextlib.suppress(TelegramError):
            await context.bot.edit_message_reply_markup(
                chat.id, int(pending["message_id"]), reply_markup=None
            )
    services.kick_outbox(context.bot)
    await refresh_cards(context, int(pending["id"]))
    await reply(update, t("vo.notice.declined", lang), main_menu(lang))
    return END


async def on_wish_text(update: Update, context: BotContext) -> State | None:
    """The wish after 'Passt nicht'."""
    lang = language(update, context)
    try:
        wish = check_text(_text(update))
    except InputError as error:
        await reply(update, _input_error(error, lang, context))
        return None
    return await _finish_wish(update, context, wish)


async def on_wish_none(update: Update, context: BotContext) -> State | None:
    """'Ohne Wunsch senden'."""
    await _ack(update)
    return await _finish_wish(update, context, None)


async def start_answer(update: Update, context: BotContext) -> State | None:
    """'Antworten' under a question of the team: the next text goes to the team."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    await _ack(update)
    lang = language(update, context)
    appointment_id = _request_id(query.data)
    try:
        if appointment_id is None:
            raise AppointmentError("not_found")
        a = await context.services.appointments.get_own(appointment_id, user.id)
        if not a.is_open:
            raise AppointmentError("not_open", a)
    except AppointmentError as error:
        await _error_reply(update, lang, error)
        return END
    _data(context)[REPLY_KEY] = {"kind": "answer", "id": appointment_id}
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t("vo.btn.cancel", lang), callback_data="vo:cancel")]]
    )
    await reply(update, t("vo.ask.answer", lang, reference=a.reference), markup)
    return flow.ANSWER


async def on_answer_text(update: Update, context: BotContext) -> State | None:
    """The citizen's answer to the team's question."""
    lang = language(update, context)
    user = update.effective_user
    pending = _data(context).get(REPLY_KEY)
    if not isinstance(pending, dict) or pending.get("kind") != "answer" or user is None:
        await reply(update, t("vo.err.stale_button", lang), main_menu(lang))
        return END
    try:
        text = check_text(_text(update), context.services.config.limits.max_text_length)
    except InputError as error:
        await reply(update, _input_error(error, lang, context))
        return None
    _data(context).pop(REPLY_KEY, None)
    services = context.services
    try:
        a = await services.appointments.citizen_reply(int(pending["id"]), user.id, text)
    except AppointmentError as error:
        await _error_reply(update, lang, error)
        return END
    services.kick_outbox(context.bot)
    await reply(update, t("vo.answer_sent", lang, reference=a.reference), main_menu(lang))
    return END


# -- the ConversationHandler ---------------------------------------------------------------------------
def build_conversation() -> ConversationHandler[BotContext]:
    """The persistent request conversation (register it before the free-text question handler)."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    other_menus = "|".join(menu_pattern(key) for key in ("btn.ask", "btn.stops", "btn.contact"))
    menu = filters.Regex(other_menus)
    text = private & filters.TEXT & ~filters.COMMAND & ~menu

    def button(callback: Callback, pattern: str) -> BaseHandler[Update, BotContext, object]:
        handler: CallbackQueryHandler[BotContext, object] = CallbackQueryHandler(callback, pattern=pattern)
        return handler

    states: dict[object, list[BaseHandler[Update, BotContext, Any]]] = {
        flow.FOR_WHOM: [button(on_for_whom, r"^vo:who:")],
        flow.REASON: [button(on_reason, r"^vo:why:")],
        flow.REASON_TEXT: [MessageHandler(text, on_reason_text)],
        flow.SERVICES_STEP: [button(on_service, r"^vo:svc:")],
        flow.SERVICE_TEXT: [MessageHandler(text, on_service_text)],
        flow.PLACE_KIND: [button(on_place_kind, r"^vo:where:")],
        flow.PLACE: [MessageHandler(text, on_place)],
        flow.APPLICANT: [MessageHandler(text, on_applicant)],
        flow.APPLICANT_YEAR: [MessageHandler(text, on_applicant_year)],
        flow.MORE: [button(on_more, r"^vo:more:")],
        flow.CONTACT: [MessageHandler(text, on_contact)],
        flow.PHONE: [MessageHandler(text, on_phone)],
        flow.TIMES_STEP: [button(on_times, r"^vo:time:")],
        flow.CHECKLIST: [button(on_checklist, r"^vo:ok$")],
        flow.CONSENT: [button(on_consent, r"^vo:consent:")],
        flow.SUMMARY: [button(on_edit, r"^vo:edit:"), button(on_send, r"^vo:send$")],
        flow.RESUME: [button(on_resume, r"^vo:(resume|new)$")],
        flow.WISH: [MessageHandler(text, on_wish_text), button(on_wish_none, r"^vc:nowish:\d+$")],
        flow.ANSWER: [MessageHandler(text, on_answer_text)],
        ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
    }
    with warnings.catch_warnings():  # per_message=False with button handlers is intended here
        warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
        return _conversation(states, button, private, menu)


def _conversation(
    states: dict[object, list[BaseHandler[Update, BotContext, Any]]],
    button: Callable[[Callback, str], BaseHandler[Update, BotContext, object]],
    private: filters.BaseFilter,
    menu: filters.BaseFilter,
) -> ConversationHandler[BotContext]:
    """The ConversationHandler itself: entry points, states, fallbacks, persistence, timeout."""
    return ConversationHandler(
        entry_points=[
            CommandHandler("termin", start_request, filters=filters.ChatType.PRIVATE),
            MessageHandler(private & filters.Regex(menu_pattern("btn.visit")), start_request),
            button(start_request, r"^vo:start$"),
            button(start_wish, r"^vc:no:\d+:\d+$"),
            button(start_answer, r"^vc:ans:\d+$"),
        ],
        states=states,
        fallbacks=[
            CommandHandler(["abbrechen", "cancel"], on_cancel, filters=filters.ChatType.PRIVATE),
            button(on_cancel, r"^vo:cancel$"),
            button(on_back, r"^vo:back$"),
            MessageHandler(private & menu, on_menu),
            button(on_old_button, r"^vo:"),
            MessageHandler(private & ~filters.COMMAND, on_unexpected),
        ],
        allow_reentry=True,
        per_message=False,
        conversation_timeout=CONVERSATION_TIMEOUT,
        name="vor_ort_request",
        persistent=True,
    )


# -- outside the conversation: request buttons, /meineanfragen, the FAQ offer ---------------------------
async def citizen_button(update: Update, context: BotContext) -> None:
    """'Passt', and cancelling one's own request (with a confirmation step)."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    await end_button_press(query)
    lang = language(update, context)
    parts = (query.data or "").split(":")
    services = context.services
    appointment_id = _request_id(query.data)
    action = parts[1] if len(parts) > 1 else ""
    try:
        if appointment_id is None or action not in ("yes", "cancel", "cancelok", "keep"):
            raise AppointmentError("not_found")
        if action == "yes":
            seq = _request_id(query.data, 3)
            if seq is None:
                raise AppointmentError("stale")
            await services.appointments.accept(appointment_id, user.id, seq)
            services.kick_outbox(context.bot)
            await refresh_cards(context, appointment_id)
            await reply(update, t("vo.accepted", lang), main_menu(lang))
            return
        a = await services.appointments.get_own(appointment_id, user.id)
        if action == "keep":
            await reply(update, t("vo.cancel_kept", lang, reference=a.reference), main_menu(lang))
            return
        if not a.is_open:
            raise AppointmentError("not_open", a)
        if action == "cancel":
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("vo.btn.cancel_confirm", lang), callback_data=f"vc:cancelok:{a.id}"
                        )
                    ],
                    [InlineKeyboardButton(t("vo.btn.keep", lang), callback_data=f"vc:keep:{a.id}")],
                ]
            )
            await reply(update, t("vo.cancel_ask", lang, reference=a.reference), markup)
            return
        await services.appointments.cancel(appointment_id, user.id)
    except AppointmentError as error:
        await _error_reply(update, lang, error)
        return
    services.kick_outbox(context.bot)
    await refresh_cards(context, appointment_id)
    await reply(update, t("vo.cancel_done", lang, reference=a.reference), main_menu(lang))


async def stale_button(update: Update, context: BotContext) -> None:
    """A 'vo:' or 'vc:' button outside the conversation (old message, restarted flow)."""
    query = update.callback_query
    assert query is not None
    await end_button_press(query)
    lang = language(update, context)
    await reply(update, t("vo.err.stale_button", lang), main_menu(lang))


async def list_requests(update: Update, context: BotContext, lang: str) -> bool:
    """/meineanfragen: the citizen's own requests with state, and a cancel button per open one."""
    user = update.effective_user
    if user is None:
        return False
    services = context.services
    requests = await services.appointments.for_user(user.id)
    if not requests:
        return False
    tz = services.office_hours.tz
    lines = [t("vo.mine.header", lang)]
    rows = []
    for a in requests:
        lines.append(render_mine_line(a, tz, lang))
        if a.is_open:
            label = t("vo.btn.cancel_request", lang, reference=a.reference)
            rows.append([InlineKeyboardButton(label, callback_data=f"vc:cancel:{a.id}")])
    await reply(update, "\n\n".join(lines), InlineKeyboardMarkup(rows) if rows else None)
    return True


async def offer_request(update: Update, context: BotContext, lang: str) -> None:
    """After the FAQ answer about the Vor-Ort-Service: a button to request a visit right here."""
    if not is_private(update):
        return
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(t("vo.btn.start", lang), callback_data="vo:start")]])
    await reply(update, t("vo.faq_offer", lang), markup)
