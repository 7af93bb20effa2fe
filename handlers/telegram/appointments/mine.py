"""Outside the conversation: 'Passt', cancelling one's own request, /meineanfragen, the FAQ offer."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.appointments.notices import has_date
from core.appointments.options import parse_option
from core.appointments.render import render_mine_line
from core.appointments.service import AppointmentError
from core.texts import Raw, t
from handlers.telegram.appointments.draft import error_reply
from handlers.telegram.appointments.shared import changed, id_at
from handlers.telegram.common import end_button_press, is_private, language, main_menu, reply
from handlers.telegram.context import BotContext

__all__ = ["CITIZEN_BUTTONS", "citizen_button", "list_requests", "offer_request", "stale_button"]

CITIZEN_BUTTONS = r"^vc:(yes|opt|cancel|cancelok|keep):"
"""Request buttons handled outside the conversation by citizen_button."""


def _confirm_cancel(lang: str, appointment_id: int) -> InlineKeyboardMarkup:
    """'Ja, absagen' / 'Nein, behalten'."""
    confirm = InlineKeyboardButton(
        t("vo.btn.cancel_confirm", lang), callback_data=f"vc:cancelok:{appointment_id}"
    )
    keep = InlineKeyboardButton(t("vo.btn.keep", lang), callback_data=f"vc:keep:{appointment_id}")
    return InlineKeyboardMarkup([[confirm], [keep]])


async def citizen_button(update: Update, context: BotContext) -> None:
    """'Passt' (or one date of several), and cancelling one's own request (with a confirmation step)."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    await end_button_press(query)
    lang = language(update, context)
    if (query.data or "").startswith("vc:opt:"):
        await _choose_option(update, context, user.id, lang)
        return
    parts = (query.data or "").split(":")
    services = context.services
    appointment_id = id_at(query.data)
    action = parts[1] if len(parts) > 1 else ""
    try:
        if appointment_id is None or action not in ("yes", "cancel", "cancelok", "keep"):
            raise AppointmentError("not_found")
        if action == "yes":
            seq = id_at(query.data, 3)
            if seq is None:
                raise AppointmentError("stale")
            await services.appointments.accept(appointment_id, user.id, seq)
            await changed(context, appointment_id)
            await reply(update, t("vo.accepted", lang), main_menu(lang))
            return
        a = await services.appointments.get_own(appointment_id, user.id)
        if action == "keep":
            await reply(update, t("vo.cancel_kept", lang, reference=a.reference), main_menu(lang))
            return
        if not a.is_open:
            raise AppointmentError("not_open", a)
        if action == "cancel":
            when = services.appointments.when(a, lang)
            ask = (
                t("vo.cancel_ask_visit", lang, reference=a.reference, when=Raw(when))
                if has_date(a)
                else t("vo.cancel_ask", lang, reference=a.reference)
            )
            await reply(update, ask, _confirm_cancel(lang, a.id))
            return
        await services.appointments.cancel(appointment_id, user.id)
    except AppointmentError as error:
        await error_reply(update, lang, error)
        return
    await changed(context, appointment_id)
    await reply(update, t("vo.cancel_done", lang, reference=a.reference), main_menu(lang))


async def _choose_option(update: Update, context: BotContext, user_id: int, lang: str) -> None:
    """One date of a proposal with several: confirmed; a second press or an old proposal is told so."""
    query = update.callback_query
    assert query is not None
    services = context.services
    chosen = parse_option(query.data)
    try:
        if chosen is None:
            raise AppointmentError("stale")
        number, seq, index = chosen
        await services.appointments.accept(number, user_id, seq, option=index)
    except AppointmentError as error:
        a = error.appointment
        if error.code == "already_confirmed" and a is not None:
            when = Raw(services.appointments.when(a, lang))
            text = t("vo.already_confirmed", lang, reference=a.reference, when=when)
            await reply(update, text, main_menu(lang))
        elif error.code in ("stale", "wrong_state"):
            await reply(update, t("vo.options_gone", lang), main_menu(lang))
        else:
            await error_reply(update, lang, error)
        return
    await changed(context, number)
    await reply(update, t("vo.accepted", lang), main_menu(lang))


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
