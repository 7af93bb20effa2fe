"""The last step: the summary with 'Ändern' per item, typed corrections, and 'Absenden'."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from core.appointments import Appointment, flow
from core.appointments.corrections import apply_correction, find_correction
from core.appointments.flow import Draft
from core.appointments.request import NewRequest
from core.appointments.validation import InputError
from core.outbox import message_payload
from core.texts import t
from handlers.telegram.appointments.draft import (
    CONVERSATION,
    END,
    State,
    ack,
    ask_again,
    choice,
    drop_draft,
    goto,
    input_error,
    message_text,
    over_limit,
    step_handler,
    user_data,
)
from handlers.telegram.common import acknowledge, main_menu, main_menu_layout, remove_buttons, reply
from handlers.telegram.context import BotContext
from handlers.telegram.persistence import persistence_of

__all__ = ["on_edit", "on_send", "on_summary_text"]

logger = logging.getLogger(__name__)


@step_handler
async def on_edit(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 8: 'Ändern' opens one item; afterwards the summary comes back."""
    await ack(update)
    target = flow.start_edit(draft, choice(update))
    if target is None:
        return await goto(update, context, draft, flow.SUMMARY, lang)
    return await goto(update, context, draft, target, lang)


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
    note = t("vo.correction.done", lang, item=t(f"vo.item.{applied.item}", lang), value=applied.value)
    return await goto(update, context, draft, flow.SUMMARY, lang, prefix=note)


@step_handler
async def on_send(update: Update, context: BotContext, draft: Draft, lang: str) -> State | None:
    """Step 8: send the request; stored first (keyed by the draft), then the buttons go."""
    query = update.callback_query
    if query is not None:
        await acknowledge(query)
    services = context.services
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if await over_limit(update, context, user.id, lang):
        return END
    try:
        request = NewRequest.from_draft(draft)
    except ValueError:
        return await goto(update, context, draft, flow.missing(draft) or flow.SUMMARY, lang)
    await services.users.touch(user.id, chat.id, lang, services.clock.now())
    key = draft.get("key")
    phone = services.config.office_hours.phone

    queued: list[str] = []
    # the draft's end commits with the request: a sent request never comes back as a draft
    rest = {k: v for k, v in user_data(context).items() if k != flow.DRAFT_KEY}
    end_draft = persistence_of(context.application).ending(
        name=CONVERSATION, key=(chat.id, user.id), user_id=user.id, user_data=rest
    )

    def receipt(a: Appointment) -> dict[str, Any]:
        queued.append(a.reference)
        text = t("vo.created", lang, reference=a.reference, phone=phone)
        return message_payload(text, main_menu_layout(lang))

    appointment = await services.appointments.create(
        user_id=user.id,
        chat_id=chat.id,
        language=lang,
        request=request,
        draft_key=key if isinstance(key, str) else None,
        receipt=receipt,
        also=end_draft,
    )
    drop_draft(context)
    if query is not None:
        await remove_buttons(query)
    services.kick_outbox()  # the receipt leaves with the card, retried like it
    if not queued:  # sent before (a draft back after a crash): the same request, named again
        logger.info("request %s: sent again, no second request", appointment.reference)
        text = t("vo.created", lang, reference=appointment.reference, phone=phone)
        await reply(update, text, main_menu(lang))
    return END
