"""Typed corrections in the request: of an earlier answer in a later text step, and on the summary.

The recognising and the checks are `core.appointments.corrections`'; this module asks again,
notes what changed and shows the step (or the summary) again.
"""

from __future__ import annotations

from telegram import Update

from core.appointments import flow
from core.appointments.corrections import (
    CONTACT,
    NAME,
    OWN_FIELDS,
    PHONE,
    PLACE,
    POSTAL_CODE,
    YEAR,
    Applied,
    Correction,
    apply_correction,
    find_correction,
    strip_correction,
)
from core.appointments.flow import Draft
from core.appointments.validation import InputError
from core.texts import t
from handlers.telegram.appointments.draft import (
    State,
    ask_again,
    goto,
    input_error,
    message_text,
    step_handler,
)
from handlers.telegram.context import BotContext

__all__ = ["corrected", "on_summary_text"]


def _done(applied: Applied, lang: str) -> str:
    """'Geändert: Telefon – +49…' for the note above the step or summary."""
    return t("vo.correction.done", lang, item=t(f"vo.item.{applied.item}", lang), value=applied.value)


def _answered(draft: Draft, field: str) -> bool:
    """Whether the field a correction names was answered already (only those can be corrected)."""
    if field in (POSTAL_CODE, PLACE):
        return bool(draft.get("place"))
    if field in (NAME, YEAR):
        return bool(draft.get("applicants")) and not draft.get("applicants_reset")
    return bool(draft.get({PHONE: "phone", CONTACT: "contact_name"}.get(field, "")))


async def corrected(update: Update, context: BotContext, draft: Draft, lang: str, step: str) -> bool:
    """A correction of an earlier answer in a later text step ("oh sorry, 45136"): change only that field.

    A lone postal code corrects the address; a marked message naming another answered field
    ("sorry, Telefon 0201 654321") corrects that field, checked like at the first entry.
    Returns True when the message was a correction (applied, or asked about when unclear); the
    current step is then asked again and nothing else of the draft changes.
    """
    text = message_text(update) or ""
    marked, rest = strip_correction(text)
    correction = find_correction(text)
    if correction is not None and _applies(draft, correction, step, marked):
        try:
            applied = apply_correction(draft, correction, context.services.clock.now().date())
        except InputError as error:
            await ask_again(update, context, draft, lang, input_error(error, lang, context))
            return True
        if applied is None:
            await ask_again(update, context, draft, lang, t("vo.correction.unclear", lang))
            return True
        if correction.field == POSTAL_CODE:
            note = t("vo.correction.postal", lang, code=correction.value, place=applied.value)
        else:
            note = _done(applied, lang)
        await goto(update, context, draft, step, lang, prefix=note)
        return True
    if marked and not rest:  # "oh sorry" alone: ask what to change, keep everything
        await ask_again(update, context, draft, lang, t("vo.correction.unclear", lang))
        return True
    return False


def _applies(draft: Draft, correction: Correction, step: str, marked: bool) -> bool:
    """A typed field of an earlier step, already answered; marked ("sorry, …") unless a postal code."""
    if correction.field in OWN_FIELDS.get(step, ()) or not _answered(draft, correction.field):
        return False
    return correction.field == POSTAL_CODE or (marked and correction.step is None)


@step_handler
async def on_summary_text(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 8, typed: "Telefon: 0201 654321" changes only that field (checked like at first entry).

    A field answered with buttons opens its step; anything unclear is asked with the summary's
    'Ändern' buttons; an invalid value is explained with an example. The summary comes back.
    """
    correction = find_correction(message_text(update) or "", shapes=True)
    if correction is None:
        await ask_again(update, context, draft, lang, t("vo.correction.which", lang))
        return None
    if correction.step is not None:
        target = flow.start_edit(draft, correction.step)
        if target is not None:
            return await goto(update, context, draft, target, lang, prefix=t("vo.correction.buttons", lang))
        await ask_again(update, context, draft, lang, t("vo.correction.which", lang))
        return None
    try:
        applied = apply_correction(draft, correction, context.services.clock.now().date())
    except InputError as error:
        await ask_again(update, context, draft, lang, input_error(error, lang, context))
        return None
    if applied is None:
        key = "vo.correction.person" if len(draft.get("applicants") or []) > 1 else "vo.correction.which"
        await ask_again(update, context, draft, lang, t(key, lang))
        return None
    note = _done(applied, lang)
    return await goto(update, context, draft, flow.SUMMARY, lang, prefix=note)
