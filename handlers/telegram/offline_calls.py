"""What the offline Bot API records and checks: one call (`ApiCall`) and Telegram's size limits."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from core.htmlsplit import visible_length

__all__ = ["ApiCall", "over_limit"]


@dataclass
class ApiCall:
    """One recorded Bot API call."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None

    @property
    def message_id(self) -> int:
        """The message id Telegram gave the sent message."""
        if not isinstance(self.result, dict) or "message_id" not in self.result:
            raise AssertionError(f"{self.method} produced no message")
        return int(self.result["message_id"])

    @property
    def chat_id(self) -> int | None:
        """The target chat of the call, if any."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        """The text or caption of the call."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data or label) of every inline or reply keyboard button."""
        markup = self.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not isinstance(markup, dict):
            return []
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        result = []
        for row in rows:
            for button in row:
                if isinstance(button, str):
                    result.append((button, button))
                else:
                    data = button.get("callback_data") or button.get("url") or button.get("text")
                    result.append((button["text"], str(data)))
        return result


def over_limit(method: str, params: dict[str, Any]) -> str | None:
    """Telegram's refusal of a text, caption or button over its limits; None when the call fits."""
    html_mode = params.get("parse_mode") == "HTML"

    def length(value: object) -> int:
        text = str(value)
        return visible_length(text) if html_mode else len(text)

    if method in ("sendMessage", "editMessageText") and length(params.get("text", "")) > 4096:
        return "message is too long"
    if method == "answerCallbackQuery" and len(str(params.get("text", ""))) > 200:
        return "MESSAGE_TOO_LONG"
    if "caption" in params and params["caption"] is not None and length(params["caption"]) > 1024:
        return "message caption is too long"
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    if isinstance(markup, dict):
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 0 < len(str(data).encode("utf-8")) <= 64:
                    return "BUTTON_DATA_INVALID"
    return None
