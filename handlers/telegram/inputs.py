"""Every input the other handlers do not take: media, files, stickers, contacts, polls, edits,
unknown commands, and the bot being added to groups.

Design decisions:
- Voice notes, photos, documents and videos are questions for the team (`media.py`); what
  is left here are stickers, contacts, polls, dice and the like.
- Edited messages are answered, not processed: a changed question would otherwise be answered
  twice, and a changed staff answer would be relayed twice. The citizen is asked to send the
  correction as a new message; staff are told the edit does not reach the citizen.
- In staff chats only unknown commands addressed to this bot are answered; staff talk freely
  there, and files or locations in staff chats belong to other features.
- Groups that are not staff chats: added by a stranger, the bot says one sentence and leaves;
  added by staff (or before any staff chat is configured), it stays silent apart from one note
  with the chat id, so the group can be configured as a staff chat.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from core.texts import t
from handlers.telegram.common import is_private, language, main_menu, reply
from handlers.telegram.context import BotContext

__all__ = [
    "bot_membership",
    "edited_message",
    "other_content",
    "unknown_button",
    "unknown_command",
]

logger = logging.getLogger(__name__)

_PRESENT = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


def _content_key(message: Message) -> str:
    """The text key answering a kind of message."""
    if message.voice is not None or message.audio is not None:
        return "input.voice"
    if message.video is not None or message.video_note is not None:
        return "input.video"
    if message.sticker is not None or message.animation is not None or message.dice is not None:
        return "input.sticker"
    if message.document is not None:
        return "input.document"
    if message.contact is not None:
        return "input.contact"
    if message.poll is not None:
        return "input.poll"
    return "input.other"


async def other_content(update: Update, context: BotContext) -> None:
    """Voice, video, files, stickers, contacts, polls, dice, …: a short, clear answer."""
    message = update.effective_message
    if message is None or not is_private(update):
        return
    lang = language(update, context)
    phone = context.services.config.office_hours.phone
    await reply(update, t(_content_key(message), lang, phone=phone), main_menu(lang))


def _addressed_to_us(message: Message, username: str | None) -> bool:
    first = (message.text or "").split(maxsplit=1)[0] if message.text else ""
    _, at, target = first.partition("@")
    return not at or (username is not None and target.lower() == username.lower())


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command no handler knows: the help hint (citizens) or the staff menu hint."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    if is_private(update):
        lang = language(update, context)
        await reply(update, t("input.unknown_command", lang), main_menu(lang))
        return
    if context.services.staff.is_staff_chat(chat.id) and _addressed_to_us(message, context.bot.username):
        await reply(update, t("staff.unknown_command"))


async def unknown_button(update: Update, context: BotContext) -> None:
    """A button no handler knows (forged, or from an old version of the bot): it changes nothing."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None:
        return
    lang = language(update, context)
    with contextlib.suppress(TelegramError):
        await query.answer()
    if is_private(update):
        await reply(update, t("stale_button", lang), main_menu(lang))
    elif chat is not None and context.services.staff.is_staff_chat(chat.id):
        await reply(update, t("stale_button", lang))


async def edited_message(update: Update, context: BotContext) -> None:
    """An edited message: the citizen is asked to send a new one; staff edits of answers are flagged."""
    message = update.edited_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    services = context.services
    if is_private(update):
        lang = language(update, context)
        await reply(update, t("input.edited", lang), main_menu(lang))
        return
    if not services.staff.is_staff_chat(chat.id):
        return
    ticket_id = await services.tickets.ticket_for_message(chat.id, message.message_id)
    from_staff = message.from_user is not None and message.from_user.id != context.bot.id
    if ticket_id is not None and from_staff:
        await reply(update, t("staff.edited_reply", number=ticket_id))


async def bot_membership(update: Update, context: BotContext) -> None:
    """The bot was added to or removed from a chat, or blocked / unblocked by a citizen."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    services = context.services
    new = change.new_chat_member.status
    if chat.type == ChatType.PRIVATE:
        await services.privacy.set_blocked(chat.id, new == ChatMemberStatus.BANNED)
        logger.info("a citizen %s the bot", "blocked" if new == ChatMemberStatus.BANNED else "unblocked")
        return
    if new not in _PRESENT:
        if services.staff.is_staff_chat(chat.id):
            logger.warning("the bot was removed from staff chat %s", chat.id)
        return
    if change.old_chat_member.status in _PRESENT:
        return  # a change of rights, not a new membership
    if services.staff.is_staff_chat(chat.id):
        waiting = await services.outbox.release(chat.id)
        logger.info("the bot was added to staff chat %s; %s waiting messages due", chat.id, waiting)
        services.kick_outbox()
        return
    adder = change.from_user
    by_staff = adder is not None and await services.staff.is_staff(adder.id)
    if by_staff or not services.staff.chat_ids:
        logger.info("the bot was added to group %s, which is not a staff chat; it stays silent", chat.id)
        if chat.type != ChatType.CHANNEL:
            with contextlib.suppress(TelegramError):
                await chat.send_message(t("group.not_staff", chat_id=chat.id))
        return
    logger.info("the bot was added to group %s by someone who is not staff; leaving", chat.id)
    if chat.type != ChatType.CHANNEL:
        with contextlib.suppress(TelegramError):
            await chat.send_message(t("group.stranger", language(update, context)))
    try:
        await context.bot.leave_chat(chat.id)
    except TelegramError as exc:
        logger.warning("could not leave group %s (messages there are ignored): %s", chat.id, exc)
