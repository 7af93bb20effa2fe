"""What the console chat prints: the bot's messages as terminal text, edits of printed ones as edits.

Each chat keeps its numbered inline buttons and its menu (`ChatView`), so a typed "1" presses
the first button of the message that still shows buttons. An edit of a message printed before
(`editMessageText`, `editMessageReplyMarkup`) is printed as "(geändert)" with the new text and
buttons; buttons taken off the message that held the numbered ones are no longer pressable.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.telegram.offline_calls import ApiCall

__all__ = ["ChatView", "ConsoleView", "html_to_text"]

_TAG = re.compile(r"<[^>]+>")
_SENT = ("sendMessage", "sendDocument", "sendVenue", "sendLocation")
_EDITS = ("editMessageText", "editMessageReplyMarkup", "editMessageCaption")
_FILES = {
    "sendVoice": "🎤 Sprachnachricht",
    "sendAudio": "🎵 Audiodatei",
    "sendPhoto": "🖼️ Foto",
    "sendVideo": "🎬 Video",
    "sendVideoNote": "🎬 Videonachricht",
}
"""Files the bot sends again by their Telegram id (e.g. a citizen's voice note to the staff chat)."""
_SNIPPET = 50


def html_to_text(text: str) -> str:
    """Telegram HTML to plain terminal text."""
    text = re.sub(r'<a href="([^"]+)">([^<]*)</a>', r"\2 (\1)", text)
    return html.unescape(_TAG.sub("", text))


def _snippet(text: str) -> str:
    first = next((line.strip() for line in html_to_text(text).splitlines() if line.strip()), "")
    return first if len(first) <= _SNIPPET else first[: _SNIPPET - 1] + "…"


def _inline(call: ApiCall) -> bool:
    markup = call.params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return isinstance(markup, dict) and "inline_keyboard" in markup


@dataclass
class ChatView:
    """One chat as the console shows it: pressable buttons, the menu, the last message."""

    inline: list[tuple[str, str]] = field(default_factory=list)
    inline_message: int | None = None
    menu: list[str] = field(default_factory=list)
    last_bot_message: dict[str, Any] | None = None
    printed: dict[int, str] = field(default_factory=dict)
    """message id -> the first line of its text, of every message printed in this chat."""


class ConsoleView:
    """Turns the bot's Bot API calls into terminal text (`render`) and keeps each chat's state."""

    def __init__(self, name_of: Callable[[int], str]) -> None:
        self.name_of = name_of
        self.chats: dict[int, ChatView] = {}

    def chat(self, chat_id: int) -> ChatView:
        """The view of one chat (created when first used)."""
        return self.chats.setdefault(chat_id, ChatView())

    def render(self, call: ApiCall, result: dict[str, Any]) -> str | None:
        """The terminal text for one call, or None when the call shows nothing."""
        chat_id = call.chat_id
        if chat_id is None:
            return None
        if call.method in _EDITS:
            return self._edit(call, chat_id)
        if call.method not in _SENT and call.method not in _FILES:
            return None
        view = self.chat(chat_id)
        lines = [f"\n🤖 Bot → {self.name_of(chat_id)}:"]
        lines.extend(self._attachment(call))
        if call.text:
            lines.extend("   " + line for line in html_to_text(call.text).splitlines())
        message_id = result.get("message_id")
        lines.extend(self._buttons(call, view, message_id if isinstance(message_id, int) else None))
        if isinstance(message_id, int):
            view.last_bot_message = result
            view.printed[message_id] = _snippet(call.text) or lines[-1].strip()
        return "\n".join(lines)

    @staticmethod
    def _attachment(call: ApiCall) -> list[str]:
        if call.method == "sendVenue":
            return [f"📍 {call.params.get('title')}, {call.params.get('address')}"]
        if call.method == "sendLocation":
            return [f"📍 {call.params.get('latitude')}, {call.params.get('longitude')}"]
        if call.method == "sendDocument":
            name = next(iter(call.files), "datei")
            return [f"📎 Datei ({name}, {sum(len(v) for v in call.files.values())} Bytes)"]
        if call.method in _FILES:
            return [f"📎 {_FILES[call.method]}"]
        return []

    @staticmethod
    def _buttons(call: ApiCall, view: ChatView, message_id: int | None) -> list[str]:
        """The buttons as numbered lines (inline) or the menu line; the view learns them."""
        buttons = call.buttons
        if _inline(call) and buttons:
            view.inline = buttons
            view.inline_message = message_id
            return [f"   [{number}] {label}" for number, (label, _) in enumerate(buttons, start=1)]
        if buttons:
            view.menu = [label for label, _ in buttons]
            return ["   Menü: " + "  ".join(f"m{n}={label}" for n, label in enumerate(view.menu, 1))]
        return []

    def _edit(self, call: ApiCall, chat_id: int) -> str | None:
        """An edit: "(geändert)" with the new text and buttons; a message without buttons now says so."""
        view = self.chat(chat_id)
        raw_id = call.params.get("message_id")
        message_id = int(raw_id) if raw_id is not None else None
        before = view.printed.get(message_id) if message_id is not None else None
        buttons = call.buttons if _inline(call) else []
        if not buttons and message_id is not None and message_id == view.inline_message:
            view.inline, view.inline_message = [], None  # its buttons are gone: "1" presses nothing
        if call.method == "editMessageReplyMarkup" and not buttons:
            if before is None:
                return None  # buttons taken off a message the console never showed
            return f"✏️ Bot → {self.name_of(chat_id)} (geändert): Knöpfe unter »{before}« entfernt"
        lines = [f"\n✏️ Bot → {self.name_of(chat_id)} (geändert):"]
        if before is not None and call.method == "editMessageReplyMarkup":
            lines.append(f"   Neue Knöpfe unter »{before}«")
        elif before is not None:
            lines.append(f"   (vorher: »{before}«)")
        if call.text:
            lines.extend("   " + line for line in html_to_text(call.text).splitlines())
            if message_id is not None:
                view.printed[message_id] = _snippet(call.text)
        if buttons:
            view.inline, view.inline_message = buttons, message_id
            lines.extend(f"   [{number}] {label}" for number, (label, _) in enumerate(buttons, start=1))
        return "\n".join(lines)
