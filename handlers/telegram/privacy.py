"""/datenschutz, /meinedaten (readable message + JSON file), /loeschen (after a confirmation button).

Callback data (never trusted):
  del:yes:<token>   delete everything; the token was stored in user_data by /loeschen
                    and is valid for one hour, so old or forged presses change nothing
  del:no            keep everything
"""

from __future__ import annotations

import html
import json
import logging
import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from core.htmlsplit import split_blocks
from core.texts import Raw, has_text, t
from core.texts.privacy import FIELD_LABELS
from handlers.telegram.common import end_button_press, is_private, language, main_menu, reply
from handlers.telegram.context import BotContext

__all__ = ["delete_button", "delete_command", "my_data", "privacy_notice", "render_export"]

logger = logging.getLogger(__name__)

DELETE_TOKEN = "delete_token"
TOKEN_VALID = timedelta(hours=1)
MAX_MESSAGES = 3
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INDENT = "   "


async def privacy_notice(update: Update, context: BotContext) -> None:
    """/datenschutz: what is stored, why, how long, who to contact."""
    services = context.services
    lang = language(update, context)
    text = t(
        "privacy.notice",
        lang,
        days=services.config.privacy.retention_days,
        controller=services.config.privacy.controller,
        dpo=services.config.privacy.data_protection_contact,
        phone=services.config.office_hours.phone,
        url=services.config.privacy.privacy_url,
    )
    await reply(update, text, main_menu(lang) if is_private(update) else None)


def _label(key: str, lang: str) -> str:
    return FIELD_LABELS.get(key, {}).get(lang) or key


def _scalar(value: object, tz: ZoneInfo, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    text = str(value)
    try:
        if _ISO.match(text):
            return f"{datetime.fromisoformat(text).astimezone(tz):%d.%m.%Y %H:%M}"
        if _DAY.match(text):
            return f"{date.fromisoformat(text):%d.%m.%Y}"
    except ValueError:
        pass
    return text if len(text) <= 300 else text[:300] + "…"


_VALUE_KEYS = {
    # exported field -> the text keys its coded values are shown with (first that exists)
    "status": ("status.{}", "vo.state.{}"),
    "to": ("vo.state.{}",),
    "from": ("vo.state.{}", "privacy.author.{}"),
    "relationship": ("vo.who.{}",),
    "place_kind": ("vo.where.{}",),
    "preferred_time": ("vo.time.{}",),
}
"""Fields whose values are codes ('answered', 'bestaetigt'): /meinedaten shows their words."""


def _value(key: str, value: object, tz: ZoneInfo, lang: str) -> str:
    """A value for the readable export: a code in its words, anything else as `_scalar` shows it."""
    if isinstance(value, str):
        for pattern in _VALUE_KEYS.get(key, ()):
            text_key = pattern.format(value)
            if has_text(text_key):
                return t(text_key, lang)
    return _scalar(value, tz, lang)


def _lines(value: object, lang: str, tz: ZoneInfo, indent: str = "") -> list[str]:
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            label = html.escape(_label(str(key), lang))
            if isinstance(item, dict | list) and item:
                lines.append(f"{indent}{label}:")
                lines.extend(_lines(item, lang, tz, indent + _INDENT))
            else:
                shown = "–" if isinstance(item, dict | list) else _value(str(key), item, tz, lang)
                lines.append(f"{indent}{label}: {html.escape(shown)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list):
                sub = _lines(item, lang, tz, indent + _INDENT)
                if sub:
                    sub[0] = indent + "• " + sub[0][len(indent) + len(_INDENT) :]
                lines.extend(sub)
            else:
                lines.append(f"{indent}• {html.escape(_scalar(item, tz, lang))}")
    else:
        lines.append(indent + html.escape(_scalar(value, tz, lang)))
    return lines


def render_export(parts: dict[str, Any], lang: str, tz: ZoneInfo) -> list[str]:
    """The exported data as readable HTML blocks, one per data owner."""
    blocks = []
    for name, data in parts.items():
        key = f"privacy.section.{name}"
        title = t(key, lang) if has_text(key) else html.escape(name)
        blocks.append(f"<b>{title}</b>\n" + "\n".join(_lines(data, lang, tz)))
    return blocks


async def my_data(update: Update, context: BotContext) -> None:
    """/meinedaten: everything stored about the user, as messages and as a JSON file."""
    user, chat = update.effective_user, update.effective_chat
    lang = language(update, context)
    if user is None or chat is None or not is_private(update):
        await reply(update, t("privacy.private_only", lang))
        return
    services = context.services
    app = context.application
    app.mark_data_for_update_persistence(user_ids=user.id, chat_ids=chat.id)
    await app.update_persistence()
    parts = await services.privacy.export_everything(user.id)
    now = services.clock.now()
    tz = services.office_hours.tz
    if not parts:
        await reply(update, t("privacy.export_none", lang), main_menu(lang))
        return
    header = t("privacy.export_header", lang, when=f"{now.astimezone(tz):%d.%m.%Y %H:%M}")
    messages = split_blocks([header, *render_export(parts, lang, tz)])
    if len(messages) > MAX_MESSAGES:
        messages = [*messages[: MAX_MESSAGES - 1], t("privacy.export_more", lang)]
    for text in messages:
        await reply(update, text)
    document = {
        "created_at": now.isoformat(timespec="seconds"),
        "controller": services.config.privacy.controller,
        "user_id": user.id,
        "data": parts,
    }
    payload = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    await chat.send_document(
        document=payload,
        filename=f"meine-daten-{now.astimezone(tz):%Y-%m-%d}.json",
        caption=t("privacy.export_caption", lang),
        reply_markup=main_menu(lang),
    )
    await services.privacy.record("data_export", actor_name="citizen")


async def delete_command(update: Update, context: BotContext) -> None:
    """/loeschen: say what will be deleted and ask for confirmation."""
    lang = language(update, context)
    if not is_private(update) or context.user_data is None:
        await reply(update, t("privacy.private_only", lang))
        return
    token = secrets.token_hex(6)
    context.user_data[DELETE_TOKEN] = {"token": token, "at": context.services.clock.now().isoformat()}
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t("privacy.btn.delete", lang), callback_data=f"del:yes:{token}")],
            [InlineKeyboardButton(t("privacy.btn.keep", lang), callback_data="del:no")],
        ]
    )
    services = context.services
    user = update.effective_user
    visits = await services.appointments.dated_visits(user.id) if user is not None else []
    warnings = [  # no silent cancellation: every planned visit is named before the press
        t(
            "privacy.delete_visit_warning",
            lang,
            reference=a.reference,
            when=Raw(services.appointments.when(a, lang)),
        )
        for a in visits
    ]
    await reply(update, "\n\n".join([t("privacy.delete_confirm", lang), *warnings]), keyboard)


def _token_valid(context: BotContext, data: str) -> bool:
    stored = (context.user_data or {}).get(DELETE_TOKEN)
    parts = data.split(":")
    if len(parts) != 3 or parts[:2] != ["del", "yes"] or not isinstance(stored, dict):
        return False
    try:
        issued = datetime.fromisoformat(str(stored.get("at")))
    except ValueError:
        return False
    fresh = context.services.clock.now() - issued <= TOKEN_VALID
    return fresh and secrets.compare_digest(parts[2].encode(), str(stored.get("token")).encode())


async def delete_button(update: Update, context: BotContext) -> None:
    """The confirmation buttons of /loeschen."""
    query = update.callback_query
    user, chat = update.effective_user, update.effective_chat
    assert query is not None
    await end_button_press(query)
    lang = language(update, context)
    data = query.data or ""
    if data == "del:no":
        if context.user_data is not None:
            context.user_data.pop(DELETE_TOKEN, None)
        await reply(update, t("privacy.delete_cancelled", lang), main_menu(lang))
        return
    if user is None or chat is None or not is_private(update) or not _token_valid(context, data):
        await reply(update, t("privacy.delete_expired", lang), main_menu(lang))
        return
    services = context.services
    staff_messages = await services.privacy.staff_messages_of(user.id)
    quoting = await services.tickets.lists_quoting(user.id)
    total, failed = await services.privacy.delete_everything(user.id)
    context.application.drop_user_data(user.id)
    context.application.drop_chat_data(chat.id)
    services.kick_outbox()
    if failed:
        await reply(update, t("privacy.delete_partial", lang, phone=services.config.office_hours.phone))
    else:
        await reply(update, t("privacy.deleted", lang, count=total), main_menu(lang))
    if staff_messages:
        context.application.create_task(_blank_staff_messages(context, staff_messages), name="blank-cards")
    if quoting:
        context.application.create_task(_blank_lists(context, quoting), name="blank-lists")


async def _blank_lists(context: BotContext, messages: list[tuple[int, int]]) -> None:
    """Replace /offen lists that quoted a deleted question (best effort), then forget the links."""
    for chat_id, message_id in messages:
        try:
            text = t("staff.list_deleted")
            await context.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
        except TelegramError as exc:
            logger.debug("staff list not blanked: %s", exc)
    await context.services.tickets.forget_lists(messages)


async def _blank_staff_messages(context: BotContext, messages: list[tuple[int, int, int]]) -> None:
    """Replace the bot's staff-chat messages about deleted tickets (best effort; staff replies stay)."""
    for chat_id, message_id, ticket_id in messages:
        try:
            await context.bot.edit_message_text(
                t("staff.card_deleted", number=ticket_id), chat_id=chat_id, message_id=message_id
            )
        except BadRequest:  # a voice note or photo of the citizen has no text to replace: remove it
            try:
                await context.bot.delete_message(chat_id=chat_id, message_id=message_id)
            except TelegramError as exc:
                logger.debug("staff file message not deleted: %s", exc)
        except TelegramError as exc:
            logger.debug("staff message not blanked: %s", exc)
