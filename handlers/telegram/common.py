"""Small helpers shared by the handlers: language, menus, replies, staff checks, input checks."""

from __future__ import annotations

import contextlib
import logging
import re

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError

from core.messages import Menu
from core.questions import clean_text
from core.staff import StaffActor
from core.texts import t
from handlers.telegram.context import BotContext
from handlers.telegram.keyboards import menu_markup

__all__ = [
    "MENU_KEYS",
    "acknowledge",
    "actor",
    "clean_text",
    "end_button_press",
    "is_private",
    "language",
    "main_menu",
    "main_menu_layout",
    "menu_pattern",
    "remove_buttons",
    "reply",
    "require_staff",
    "yes_no_keyboard",
]

logger = logging.getLogger(__name__)

MENU_KEYS = ("btn.ask", "btn.visit", "btn.stops", "btn.contact")


def language(update: Update, context: BotContext) -> str:
    """The user's language: their choice, else their Telegram language, else the default."""
    data = context.user_data
    if data is not None and data.get("lang") in ("de", "en"):
        return str(data["lang"])
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    if code.startswith("en"):
        return "en"
    if code.startswith("de"):
        return "de"
    return context.services.config.bot.default_language


def main_menu_layout(lang: str) -> Menu:
    """The main menu, channel-free: one label a row (stored with outbox messages)."""
    return Menu(tuple((t(key, lang),) for key in MENU_KEYS))


def main_menu(lang: str) -> ReplyKeyboardMarkup:
    """The big reply-keyboard main menu."""
    return menu_markup(main_menu_layout(lang))


def menu_pattern(key: str) -> str:
    """A regex matching a menu button's label in any language."""
    labels = {t(key, lang) for lang in ("de", "en")}
    return "^(" + "|".join(re.escape(label) for label in sorted(labels)) + ")$"


def yes_no_keyboard(lang: str, yes_data: str, no_data: str) -> InlineKeyboardMarkup:
    """'Yes, send to the team' / 'No, thanks'."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t("btn.yes_send", lang), callback_data=yes_data)],
            [InlineKeyboardButton(t("btn.no", lang), callback_data=no_data)],
        ]
    )


def is_private(update: Update) -> bool:
    """Whether the update comes from a private chat with the bot."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def reply(
    update: Update,
    text: str,
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None,
) -> Message | None:
    """Send an HTML message to the chat of the update."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(
        text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
    )


async def acknowledge(query: CallbackQuery) -> None:
    """Stop the button's spinner; a failure (timeout, 500) never aborts the press."""
    try:
        await query.answer()
    except TelegramError as exc:
        logger.debug("answerCallbackQuery failed: %s", exc)


async def remove_buttons(query: CallbackQuery) -> None:
    """Remove the buttons so they cannot be pressed twice; best effort (timeouts and 500s are logged)."""
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as exc:
        logger.debug("could not remove buttons: %s", exc)
    except TelegramError as exc:  # transient: the press goes on, a second press is harmless
        logger.warning("could not remove buttons: %s", exc)


async def end_button_press(query: CallbackQuery) -> None:
    """Acknowledge a button press and remove the buttons so it cannot be pressed twice."""
    await acknowledge(query)
    await remove_buttons(query)


def actor(user: User) -> StaffActor:
    """The staff member behind a Telegram user."""
    name = user.full_name or (f"@{user.username}" if user.username else str(user.id))
    return StaffActor(user_id=user.id, name=name)


async def require_staff(update: Update, context: BotContext, *, in_staff_chat: bool = True) -> bool:
    """True for staff (in a staff chat); otherwise a polite refusal and False."""
    user = update.effective_user
    chat = update.effective_chat
    services = context.services
    allowed = user is not None and await services.staff.is_staff(user.id, chat.id if chat else None)
    if allowed and in_staff_chat:
        allowed = chat is not None and services.staff.is_staff_chat(chat.id)
    if allowed:
        return True
    lang = language(update, context)
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    try:
        await reply(update, t("staff.not_allowed", lang))
    except TelegramError as exc:
        logger.warning("could not send the staff refusal: %s", exc)
    return False
