"""The steps of the request: for whom, why, what, where, who, contact, times, checklist, consent."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from telegram import Update
from telegram.error import TelegramError

from core.appointments import flow
from core.appointments.corrections import answer_text, find_correction, replace_postal
from core.appointments.flow import Draft
from core.appointments.model import PLACE_KINDS, REASONS, RELATIONSHIPS, SERVICES, TIMES
from core.appointments.prompts import services_keyboard
from core.appointments.render import services_text
from core.appointments.validation import (
    InputError,
    check_name,
    check_place,
    check_text,
    check_year,
    normalise_phone,
    split_name_year,
)
from core.texts import t
from handlers.telegram.appointments.corrections import corrected
from handlers.telegram.appointments.draft import (
    END,
    State,
    ack,
    ask_again,
    checked,
    choice,
    drop_draft,
    goto,
    input_error,
    message_text,
    picked,
    pressed,
    step_handler,
)
from handlers.telegram.common import main_menu, reply
from handlers.telegram.context import BotContext
from handlers.telegram.keyboards import markup

__all__ = [
    "MAX_PERSONS",
    "on_applicant",
    "on_applicant_year",
    "on_checklist",
    "on_consent",
    "on_contact",
    "on_for_whom",
    "on_more",
    "on_phone",
    "on_place",
    "on_place_kind",
    "on_reason",
    "on_reason_text",
    "on_service",
    "on_service_text",
    "on_times",
]

MAX_PERSONS = 12
"""Most residents listed for one group visit."""

T = TypeVar("T")


def _without_marker(check: Callable[[str | None], T], step: str = "") -> Callable[[str | None], T]:
    """The check applied to the text after a leading "sorry, …" / "ich meinte …" and the step's label."""
    return lambda text: check(answer_text(text or "", step))


async def _store(
    update: Update,
    context: BotContext,
    draft: Draft,
    lang: str,
    step: str,
    key: str,
    check: Callable[[str | None], str],
    prefix: str = "",
) -> State | None:
    """A text step: check the answer, keep it under `key` and ask the next step."""
    if step in (flow.CONTACT, flow.PHONE) and await corrected(update, context, draft, lang, step):
        return None
    value = await checked(update, context, draft, lang, _without_marker(check, step))
    if value is None:
        return None
    draft[key] = value
    return await goto(update, context, draft, flow.after(draft, step), lang, prefix=prefix)


@step_handler
async def on_for_whom(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 1: for me / a relative / a resident of the care home where I work."""
    who = await pressed(update, context, draft, lang, flow.FOR_WHOM, RELATIONSHIPS)
    if who is None:
        return flow.FOR_WHOM
    if draft.get("for_whom") != who:
        draft["checklist_seen"] = False  # the checklist depends on who acts for whom
    draft["for_whom"] = who
    if who == "care_staff":
        draft["reason"], draft["reason_text"] = "care_home", None
    note = picked(lang, f"vo.who.{who}")
    return await goto(update, context, draft, flow.after(draft, flow.FOR_WHOM), lang, prefix=note)


@step_handler
async def on_reason(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 2: why the office cannot be visited."""
    reason = await pressed(update, context, draft, lang, flow.REASON, REASONS)
    if reason is None:
        return flow.REASON
    draft["reason"] = reason
    note = picked(lang, f"vo.why.{reason}")
    if reason == "other":
        return await goto(update, context, draft, flow.REASON_TEXT, lang, prefix=note)
    draft["reason_text"] = None
    return await goto(update, context, draft, flow.after(draft, flow.REASON), lang, prefix=note)


@step_handler
async def on_reason_text(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 2b: the other reason in the citizen's words (the Bürgermobil hint, never a refusal)."""
    hint = t("vo.hint.stop", lang)
    return await _store(update, context, draft, lang, flow.REASON_TEXT, "reason_text", check_text, hint)


@step_handler
async def on_service(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 3: tick services (several allowed), then 'Weiter'."""
    query = update.callback_query
    assert query is not None
    pick = choice(update)
    chosen: list[str] = [s for s in draft.get("services") or [] if s in SERVICES]
    if pick == "done":
        if not chosen:
            with contextlib.suppress(TelegramError):
                await query.answer()
            await reply(update, t("vo.err.services_none", lang), markup(services_keyboard(draft, lang)))
            return None
        await ack(update)
        if "other" in chosen and not draft.get("service_text"):
            return await goto(update, context, draft, flow.SERVICE_TEXT, lang)
        note = t("vo.picked", lang, choice=services_text(chosen, draft.get("service_text"), lang))
        return await goto(update, context, draft, flow.after(draft, flow.SERVICES_STEP), lang, prefix=note)
    if pick not in SERVICES:
        await ack(update)
        return await goto(update, context, draft, flow.SERVICES_STEP, lang)
    if pick in chosen:
        chosen.remove(pick)
        if pick == "other":
            draft["service_text"] = None
    else:
        chosen.append(pick)
    draft["services"] = [s for s in SERVICES if s in chosen]
    draft["checklist_seen"] = False  # the checklist depends on the services
    flow.touch(draft, flow.SERVICES_STEP, context.services.clock.now())
    if pick == "other" and pick in chosen:
        await ack(update)
        return await goto(update, context, draft, flow.SERVICE_TEXT, lang)
    with contextlib.suppress(TelegramError):
        await query.answer()
    try:
        await query.edit_message_reply_markup(reply_markup=markup(services_keyboard(draft, lang)))
    except TelegramError:
        await goto(update, context, draft, flow.SERVICES_STEP, lang)
    return None


@step_handler
async def on_service_text(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 3b: what 'something else' means."""
    text = await checked(update, context, draft, lang, check_text)
    if text is None:
        return None
    draft["service_text"] = text
    chosen = services_text(draft.get("services") or [], text, lang)
    note = t("vo.ask.services_chosen", lang, chosen=chosen)
    return await goto(update, context, draft, flow.SERVICES_STEP, lang, prefix=note)


@step_handler
async def on_place_kind(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 4a: at home, in a care home, in hospital."""
    kind = await pressed(update, context, draft, lang, flow.PLACE_KIND, PLACE_KINDS)
    if kind is None:
        return flow.PLACE_KIND
    draft["place_kind"] = kind
    if kind != "care_home" and len(draft.get("applicants") or []) > 1:
        draft["applicants"] = draft["applicants"][:1]
    note = picked(lang, f"vo.where.{kind}")
    return await goto(update, context, draft, flow.after(draft, flow.PLACE_KIND), lang, prefix=note)


@step_handler
async def on_place(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 4b: the care home, hospital or address; must be in Essen.

    When an address is there already, "oh sorry, 45136" changes only its postal code.
    """
    correction = find_correction(message_text(update) or "")
    old = draft.get("place")
    if correction is not None and isinstance(old, str) and old:
        place = await checked(
            update, context, draft, lang, lambda _: check_place(replace_postal(old, correction.value))
        )
    else:
        place = await checked(update, context, draft, lang, _without_marker(check_place, flow.PLACE))
    if place is None:
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
    """Step 5a: the applicant's name (and year of birth, if given in the same message).

    For a care home, several residents may come in one message, one per line.
    """
    if await corrected(update, context, draft, lang, flow.APPLICANT):
        return None
    lines = [line for line in (message_text(update) or "").splitlines() if line.strip()]
    if len(lines) > 1 and flow.group_allowed(draft):
        return await _residents(update, context, draft, lang, lines)
    raw_name, raw_year = split_name_year(message_text(update))
    name = await checked(
        update, context, draft, lang, lambda text: check_name(raw_name if raw_year else text)
    )
    if name is None:
        return None
    draft["pending_name"] = name
    if raw_year is None:
        return await goto(update, context, draft, flow.APPLICANT_YEAR, lang)
    try:
        year = check_year(raw_year, context.services.clock.now().date())
    except InputError as error:
        flow.touch(draft, flow.APPLICANT_YEAR, context.services.clock.now())
        await ask_again(update, context, draft, lang, input_error(error, lang, context))
        return flow.APPLICANT_YEAR
    return await _person_added(update, context, draft, lang, name, year)


async def _residents(
    update: Update, context: BotContext, draft: Draft, lang: str, lines: list[str]
) -> State | None:
    """Several residents, one per line, each with an optional year of birth ("Erna Muster, 1938")."""
    today = context.services.clock.now().date()
    people = [] if draft.get("applicants_reset") else list(draft.get("applicants") or [])
    if len(people) + len(lines) > MAX_PERSONS:
        await ask_again(update, context, draft, lang, t("vo.residents.too_many", lang, limit=MAX_PERSONS))
        return None
    for number, line in enumerate(lines, start=1):
        raw_name, raw_year = split_name_year(line)
        try:
            name = check_name(raw_name)
            year = check_year(raw_year, today) if raw_year is not None else None
        except InputError as error:
            problem = t("vo.residents.line", lang, number=number, line=line[:60])
            await ask_again(update, context, draft, lang, problem + " " + input_error(error, lang, context))
            return None
        people.append({"name": name, "year": year})
    draft["applicants"], draft["applicants_reset"], draft["pending_name"] = people, False, None
    note = t("vo.residents.taken", lang, count=len(people))
    if len(people) < MAX_PERSONS:
        return await goto(update, context, draft, flow.MORE, lang, prefix=note)
    return await goto(update, context, draft, flow.after(draft, flow.APPLICANT), lang, prefix=note)


@step_handler
async def on_applicant_year(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5b: the year of birth."""
    name = draft.get("pending_name")
    if not isinstance(name, str) or not name:
        return await goto(update, context, draft, flow.APPLICANT, lang)
    today = context.services.clock.now().date()
    year = await checked(update, context, draft, lang, lambda text: check_year(text, today))
    if year is None:
        return None
    return await _person_added(update, context, draft, lang, name, year)


@step_handler
async def on_more(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5c (care homes): another resident for the same visit, or go on."""
    more = choice(update)
    await ack(update)
    if more == "yes" and len(draft.get("applicants") or []) < MAX_PERSONS:
        draft["applicants_reset"] = False
        return await goto(update, context, draft, flow.APPLICANT, lang)
    return await goto(update, context, draft, flow.after(draft, flow.MORE), lang)


@step_handler
async def on_contact(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5d: the name of the person who submits (the contact for the call back)."""
    return await _store(update, context, draft, lang, flow.CONTACT, "contact_name", check_name)


@step_handler
async def on_phone(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5e: a German phone number, stored as +49…."""
    return await _store(update, context, draft, lang, flow.PHONE, "phone", normalise_phone)


@step_handler
async def on_times(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 5f: preferred times."""
    times = await pressed(update, context, draft, lang, flow.TIMES_STEP, TIMES)
    if times is None:
        return flow.TIMES_STEP
    draft["times"] = times
    note = picked(lang, f"vo.time.{times}")
    return await goto(update, context, draft, flow.after(draft, flow.TIMES_STEP), lang, prefix=note)


@step_handler
async def on_checklist(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 6: the checklist was read."""
    await ack(update)
    draft["checklist_seen"] = True
    return await goto(update, context, draft, flow.after(draft, flow.CHECKLIST), lang)


@step_handler
async def on_consent(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 7: consent to store the details; without it nothing is kept."""
    answer = choice(update)
    await ack(update)
    if answer != "yes":
        drop_draft(context)
        phone = context.services.config.office_hours.phone
        await reply(update, t("vo.consent_declined", lang, phone=phone), main_menu(lang))
        return END
    draft["consent"] = True
    return await goto(update, context, draft, flow.after(draft, flow.CONSENT), lang)
