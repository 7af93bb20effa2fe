"""The Telegram side of the outbox: sends stored messages through the Bot, classifies its errors.

`TelegramSender` implements `core.sender.Sender`. It reads both stored forms of buttons: the
neutral `buttons` / `menu` keys (`core.outbox.message_payload`) and the Telegram `reply_markup`
of rows written before December 2026, so pending rows deliver after an upgrade.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from core.htmlsplit import TELEGRAM_LIMIT, split_html, visible_length
from core.messages import Buttons, buttons_from_data, menu_from_data
from core.sender import Failed, FailureReason, GroupRefused, Migrated, Outcome, RetryLater, Sent, Transient
from core.ticket_media import FileUnavailable
from handlers.telegram.keyboards import markup, menu_markup

__all__ = ["TelegramSender", "classify"]

logger = logging.getLogger(__name__)

_GONE_MARKERS = ("chat not found", "deactivated")


def _retry_seconds(exc: RetryAfter) -> float:
    value: Any = exc.retry_after
    return float(value.total_seconds()) if isinstance(value, timedelta) else float(value)


def classify(exc: TelegramError, chat_id: int) -> Outcome:
    """The neutral outcome of a Telegram error for a message to `chat_id` (groups are negative)."""
    name = type(exc).__name__
    if isinstance(exc, RetryAfter):
        return RetryLater(_retry_seconds(exc), f"retry after: {exc}")
    if isinstance(exc, Forbidden):
        if chat_id < 0:  # a group: the bot was removed from a staff chat; it may come back
            return GroupRefused(f"{name}: {exc.message}")
        return Failed(FailureReason.BLOCKED, f"{name}: {exc.message}")
    if isinstance(exc, ChatMigrated):
        return Migrated(int(exc.new_chat_id), f"{name}: {exc.message}")
    if isinstance(exc, BadRequest):
        gone = any(marker in exc.message.lower() for marker in _GONE_MARKERS)
        return Failed(FailureReason.CHAT_GONE if gone else FailureReason.REFUSED, f"{name}: {exc.message}")
    return Transient(f"{name}: {exc}")  # NetworkError, TimedOut and any other Telegram error


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None


def payload_markup(payload: Mapping[str, Any], bot: Bot) -> Markup:
    """The keyboard of a stored message: neutral buttons or menu, else an old `reply_markup`."""
    if "buttons" in payload:
        return markup(buttons_from_data(payload["buttons"]))
    if "menu" in payload:
        return menu_markup(menu_from_data(payload["menu"]))
    old = payload.get("reply_markup")  # rows written before the neutral form
    if isinstance(old, dict):
        if "inline_keyboard" in old:
            return InlineKeyboardMarkup.de_json(old, bot)
        return ReplyKeyboardMarkup.de_json(old, bot)
    return None


class TelegramSender:
    """`core.sender.Sender` for Telegram: one Bot, HTML texts, long texts split at 4096."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, payload: Mapping[str, Any]) -> Outcome:
        """Send one stored message; Telegram's errors become neutral outcomes.

        A text over 4096 characters goes out in parts; when one fails, the outcome says how many
        leading parts were accepted (`parts_sent`), and the retry skips them: no part twice.
        """
        accepted = [int(payload.get("parts_sent", 0) or 0)]
        outcome = await self._attempt(chat_id, lambda: self._send(chat_id, payload, accepted))
        if isinstance(outcome, RetryLater | Transient | GroupRefused) and accepted[0]:
            return dataclasses.replace(outcome, parts_sent=accepted[0])
        return outcome

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None) -> Outcome:
        """Replace a sent message's text and buttons (no buttons: they are removed).

        Telegram's "message is not modified" means it already shows exactly this: done (`Sent`).
        """
        try:
            result = await self.bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(buttons),
            )
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return Sent(message_id)
            return classify(exc, chat_id)
        except TelegramError as exc:
            return classify(exc, chat_id)
        if isinstance(result, Message):
            return Sent(result.message_id)
        return Transient("editMessageText answered without a message")

    async def fetch_file(self, file_id: str, max_bytes: int) -> tuple[bytes, str]:
        """A file a user sent, by its id (getFile, then the download): `core.ticket_media.FileSource`."""
        try:
            found = await self.bot.get_file(file_id)
            if found.file_size is not None and found.file_size > max_bytes:
                raise FileUnavailable(f"file too big: {found.file_size} bytes")
            content = bytes(await found.download_as_bytearray())
        except TelegramError as exc:
            raise FileUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if len(content) > max_bytes:
            raise FileUnavailable(f"file too big: {len(content)} bytes")
        return content, found.file_path or ""

    async def _attempt(self, chat_id: int, call: Callable[[], Awaitable[Message]]) -> Outcome:
        try:
            message = await call()
        except TelegramError as exc:
            return classify(exc, chat_id)
        return Sent(message.message_id)

    async def _send_media(self, chat_id: int, kind: str, file_id: str, payload: Mapping[str, Any]) -> Message:
        """A citizen's file again by its Telegram file id, the text as caption (a video note has none)."""
        keyboard = payload_markup(payload, self.bot)
        caption = str(payload.get("text") or "") or None
        common: dict[str, Any] = {"chat_id": chat_id, "reply_markup": keyboard}
        if kind == "video_note":
            await self.bot.send_video_note(video_note=file_id, **common)
            return await self.bot.send_message(text=caption or "–", parse_mode=ParseMode.HTML, **common)
        with_caption = {**common, "caption": caption, "parse_mode": ParseMode.HTML}
        if kind == "voice":
            return await self.bot.send_voice(voice=file_id, **with_caption)
        if kind == "audio":
            return await self.bot.send_audio(audio=file_id, **with_caption)
        if kind == "photo":
            return await self.bot.send_photo(photo=file_id, **with_caption)
        if kind == "video":
            return await self.bot.send_video(video=file_id, **with_caption)
        return await self.bot.send_document(document=file_id, **with_caption)

    async def _send(self, chat_id: int, payload: Mapping[str, Any], accepted: list[int]) -> Message:
        keyboard = payload_markup(payload, self.bot)
        document = payload.get("document")
        if isinstance(document, dict):
            return await self.bot.send_document(
                chat_id=chat_id,
                document=base64.b64decode(document["content"]),
                filename=str(document["filename"]),
                caption=payload.get("text") or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        media = payload.get("media")
        if isinstance(media, dict):
            return await self._send_media(chat_id, str(media.get("kind")), str(media.get("file_id")), payload)
        text = str(payload["text"])
        if visible_length(text) > TELEGRAM_LIMIT:  # e.g. a long staff answer: several messages
            *first, text = split_html(text)
            for part in first[accepted[0] :]:
                await self.bot.send_message(chat_id=chat_id, text=part, parse_mode=ParseMode.HTML)
                accepted[0] += 1
        return await self.bot.send_message(
            chat_id=chat_id,
            text=text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )
