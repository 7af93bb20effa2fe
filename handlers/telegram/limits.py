"""Telegram's size limits, applied to every outgoing call in one place (`BoundedBot`).

Texts longer than Telegram accepts would be refused with 400 (a lost confirmation); here they are
cut at a word boundary, tags kept balanced, and end with '…'. Buttons whose callback data is
longer than 64 bytes are dropped (Telegram refuses the whole message otherwise).
"""

from __future__ import annotations

import logging
import re
from html import escape, unescape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.ext import ExtBot

from core.htmlsplit import split_html, visible_length

__all__ = [
    "ANSWER_LIMIT",
    "CALLBACK_DATA_BYTES",
    "CAPTION_LIMIT",
    "TEXT_LIMIT",
    "BoundedBot",
    "bound_call",
    "bound_text",
    "fits_callback_data",
]

logger = logging.getLogger(__name__)

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
ANSWER_LIMIT = 200
ELLIPSIS = "…"
_TAG = re.compile(r"<[^<>]*>")

_TEXT_CALLS = {"sendMessage": TEXT_LIMIT, "editMessageText": TEXT_LIMIT, "answerCallbackQuery": ANSWER_LIMIT}
_CAPTION_CALLS = {
    "sendDocument",
    "sendPhoto",
    "sendVideo",
    "sendAudio",
    "sendAnimation",
    "sendVoice",
    "editMessageCaption",
    "copyMessage",
}


def fits_callback_data(data: object) -> bool:
    """True when Telegram accepts `data` as a button's callback data (1 to 64 bytes)."""
    return not isinstance(data, str) or 0 < len(data.encode("utf-8")) <= CALLBACK_DATA_BYTES


def bound_text(text: str, limit: int, *, html: bool) -> str:
    """`text` unchanged when it fits `limit` characters, else cut and ended with '…'."""
    if (visible_length(text) if html else len(text)) <= limit:
        return text
    if not html:
        return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS
    parts = split_html(text, limit - len(ELLIPSIS))  # raw HTML is never shorter than what it shows
    head = (parts[0].rstrip() if parts else "") + ELLIPSIS
    if visible_length(head) <= limit:
        return head
    # a word longer than the limit (split_html keeps words whole): the plain text, cut
    plain = unescape(_TAG.sub("", text))
    return escape(plain[: limit - len(ELLIPSIS)].rstrip(), quote=False) + ELLIPSIS


def _bound_markup(markup: object) -> object:
    if not isinstance(markup, InlineKeyboardMarkup):
        return markup
    rows = [[b for b in row if fits_callback_data(b.callback_data)] for row in markup.inline_keyboard]
    if sum(map(len, rows)) == sum(map(len, markup.inline_keyboard)):
        return markup
    logger.warning("buttons with callback data over %s bytes dropped", CALLBACK_DATA_BYTES)
    kept: list[list[InlineKeyboardButton]] = [row for row in rows if row]
    return InlineKeyboardMarkup(kept)


def bound_call(endpoint: str, data: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a Bot API call with text, caption and buttons within Telegram's limits."""
    html = data.get("parse_mode") == ParseMode.HTML
    bounded = dict(data)
    text = data.get("text")
    if endpoint in _TEXT_CALLS and isinstance(text, str):
        limit = _TEXT_CALLS[endpoint]
        bounded["text"] = bound_text(text, limit, html=html and endpoint != "answerCallbackQuery")
    caption = data.get("caption")
    if endpoint in _CAPTION_CALLS and isinstance(caption, str):
        bounded["caption"] = bound_text(caption, CAPTION_LIMIT, html=html)
    if "reply_markup" in data:
        bounded["reply_markup"] = _bound_markup(data["reply_markup"])
    if bounded.get("text") != text or bounded.get("caption") != caption:
        logger.warning("%s: text cut to Telegram's limit", endpoint)
    return bounded


class BoundedBot(ExtBot[None]):
    """The bot of the Application: every call passes `bound_call` before it is sent."""

    __slots__ = ()

    async def _do_post(self, endpoint: str, data: dict[str, Any], **kwargs: Any) -> Any:
        return await super()._do_post(endpoint, bound_call(endpoint, data), **kwargs)
