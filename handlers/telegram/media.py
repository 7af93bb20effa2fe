"""Voice notes, photos, documents, videos and video notes from citizens: a question for the team.

Older people send a voice note or a photo of a letter they do not understand. Such a file
goes to the ticket the citizen can still add to (waiting for staff, or answered within the
follow-up window, or the one "Ich habe noch eine Frage" was pressed for); otherwise the bot
offers to send it to the team as a new ticket ("esc:yes", the same press as for a text).
Only Telegram's file id is stored; files above `limits.max_file_mb` are refused with a
clear message. Inside the request form the form's own fallback answers (the form stays).
"""

from __future__ import annotations

import dataclasses
import logging

from telegram import Message, Update

from core.texts import t
from core.ticket_media import Media
from core.tickets import TicketError
from handlers.telegram.common import clean_text, is_private, language, main_menu, reply, yes_no_keyboard
from handlers.telegram.context import BotContext
from handlers.telegram.followups import FOLLOWUP_FOR

__all__ = ["PENDING_MEDIA", "media_message", "media_of", "pending_media"]

logger = logging.getLogger(__name__)

PENDING_MEDIA = "pending_media"
"""user_data key: the file waiting for "Ja, an das Team senden" (with the text under PENDING)."""
PENDING = "pending_question"
PENDING_GUESSES = "pending_guesses"


def media_of(message: Message) -> Media | None:
    """The file of a message as `Media` (the largest size of a photo), or None."""
    if message.photo:
        photo = message.photo[-1]
        return Media("photo", photo.file_id, photo.file_unique_id, photo.file_size)
    for kind in ("voice", "audio", "video", "video_note", "document"):
        item = getattr(message, kind, None)
        if item is not None:
            raw = item.to_dict()  # the Bot API fields (PTB's `duration` attribute is deprecated)
            seconds = raw.get("duration")
            return Media(
                kind,
                item.file_id,
                item.file_unique_id,
                raw.get("file_size"),
                int(seconds) if isinstance(seconds, int | float) else None,
                raw.get("file_name"),
            )
    return None


def pending_media(data: dict[str, object]) -> Media | None:
    """The file remembered for the pending question, if any (never trusted: checked field by field)."""
    stored = data.get(PENDING_MEDIA)
    if not isinstance(stored, dict) or not isinstance(stored.get("file_id"), str):
        return None
    names = {f.name for f in dataclasses.fields(Media)}
    values = {k: v for k, v in stored.items() if k in names}
    try:
        return Media(**values)
    except TypeError:
        return None


async def media_message(update: Update, context: BotContext) -> None:
    """A file in a private chat: attach it to the citizen's ticket, or offer to send it to the team."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or not is_private(update):
        return
    lang = language(update, context)
    services = context.services
    media = media_of(message)
    if media is None:
        return
    limit = services.config.limits.max_file_mb
    if media.size is not None and media.size > limit * 1024 * 1024:
        size = f"{media.size / (1024 * 1024):.0f}"
        phone = services.config.office_hours.phone
        await reply(update, t("media.too_big", lang, size=size, limit=limit, phone=phone), main_menu(lang))
        return
    caption = clean_text(message.caption)[: services.config.limits.max_text_length]
    data = context.user_data if context.user_data is not None else {}
    if await _attach(update, context, user.id, data, caption, media, lang):
        return
    data[PENDING] = caption or media.label()
    data[PENDING_GUESSES] = []
    data[PENDING_MEDIA] = dataclasses.asdict(media)
    hint = t("media.photo_hint", lang) if media.kind in ("photo", "document") else ""
    offer = t("media.offer", lang, label=media.label()) + hint
    await reply(update, offer, yes_no_keyboard(lang, "esc:yes", "esc:no"))


async def _attach(
    update: Update,
    context: BotContext,
    user_id: int,
    data: dict[str, object],
    caption: str,
    media: Media,
    lang: str,
) -> bool:
    """Attach the file to the ticket the citizen asked back on or can still add to; True when done."""
    services = context.services
    wanted = data.pop(FOLLOWUP_FOR, None)
    candidates = [wanted] if isinstance(wanted, int) else []
    candidates += [ticket.id for ticket in await services.tickets.attachable(user_id)]
    for ticket_id in candidates:
        try:
            ticket = await services.tickets.add_citizen_message(ticket_id, user_id, caption, media)
        except TicketError:
            continue  # closed meanwhile or its window is over: try the next, else a new question
        services.kick_outbox()
        await reply(update, t("media.added", lang, label=media.label(), number=ticket.id), main_menu(lang))
        return True
    return False
