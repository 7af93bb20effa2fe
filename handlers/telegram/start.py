"""/start, /hilfe, /sprache, the main menu buttons 'Frage stellen' and 'Kontakt & Telefon'."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.texts import t
from handlers.telegram.common import end_button_press, is_private, language, main_menu, reply
from handlers.telegram.context import BotContext
from handlers.telegram.staff_help import staff_help_text

__all__ = ["ask", "choose_language", "contact", "help_command", "set_language", "start"]

_DAY_SHORT = {
    "de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


async def _remember_user(update: Update, context: BotContext, lang: str) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    services = context.services
    await services.users.touch(user.id, chat.id, lang, services.clock.now())


async def start(update: Update, context: BotContext) -> None:
    """Greet, say what the bot does, show the privacy note and the main menu."""
    if not is_private(update):
        chat = update.effective_chat
        if chat is not None and context.services.staff.is_staff_chat(chat.id):
            await reply(update, t("staff.start"))
        return
    lang = language(update, context)
    await _remember_user(update, context, lang)
    user = update.effective_user
    name = f", {user.first_name}" if user and user.first_name else ""
    text = t("start.greeting", lang, name=name, privacy_url=context.services.config.privacy.privacy_url)
    await reply(update, text, main_menu(lang))


async def help_command(update: Update, context: BotContext) -> None:
    """Explain again what the bot can do; in a staff chat: every staff command, one line each."""
    chat = update.effective_chat
    if chat is not None and context.services.staff.is_staff_chat(chat.id):
        await reply(update, staff_help_text())
        return
    lang = language(update, context)
    phone = context.services.config.office_hours.phone
    await reply(update, t("help", lang, phone=phone), main_menu(lang) if is_private(update) else None)


async def ask(update: Update, context: BotContext) -> None:
    """The 'Frage stellen' button: invite the question."""
    lang = language(update, context)
    await reply(update, t("ask.prompt", lang), main_menu(lang))


def office_hours_text(context: BotContext, lang: str) -> str:
    """'Mo–Fr, 07:30–18:00 Uhr' from the config."""
    section = context.services.config.office_hours
    names = _DAY_SHORT[lang]
    days = list(section.days)
    contiguous = days == list(range(days[0], days[-1] + 1))
    if contiguous and len(days) > 2:
        day_text = f"{names[days[0]]}–{names[days[-1]]}"
    else:
        day_text = ", ".join(names[d] for d in days)
    return t(
        "hours.format", lang, days=day_text, opens=f"{section.opens:%H:%M}", closes=f"{section.closes:%H:%M}"
    )


async def contact(update: Update, context: BotContext) -> None:
    """Phone, hours and mail of the ServiceCenter."""
    lang = language(update, context)
    section = context.services.config.office_hours
    email_line = f"✉️ {section.email}\n" if section.email else ""
    text = t(
        "contact", lang, phone=section.phone, hours=office_hours_text(context, lang), email_line=email_line
    )
    await reply(update, text, main_menu(lang) if is_private(update) else None)


async def choose_language(update: Update, context: BotContext) -> None:
    """/sprache or /language: offer the two languages as buttons."""
    lang = language(update, context)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("btn.german", lang), callback_data="lang:de"),
                InlineKeyboardButton(t("btn.english", lang), callback_data="lang:en"),
            ]
        ]
    )
    await reply(update, t("language.choose", lang), keyboard)


async def set_language(update: Update, context: BotContext) -> None:
    """A language button: store the choice and show the menu in that language."""
    query = update.callback_query
    assert query is not None
    await end_button_press(query)
    choice = (query.data or "").removeprefix("lang:")
    if choice not in ("de", "en"):
        await reply(update, t("stale_button", language(update, context)))
        return
    if context.user_data is not None:
        context.user_data["lang"] = choice
    await _remember_user(update, context, choice)
    if update.effective_user is not None:
        await context.services.users.set_language(update.effective_user.id, choice)
    await reply(update, t("language.set", choice), main_menu(choice))
