"""Real `Update` objects for the offline bot: what citizens and staff "send" in the console and tests."""

from __future__ import annotations

import itertools
import time
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

from handlers.telegram.offline_calls import ApiCall

__all__ = ["BOT_ID", "BOT_USERNAME", "UpdateFactory"]

BOT_ID = 7000001
BOT_USERNAME = "BuergermobilEssenBot"

_IDS = itertools.count(1)


class UpdateFactory:
    """Builds real `Update` objects (via `Update.de_json`) for the console and the tests."""

    def __init__(self, bot: ExtBot[Any]) -> None:
        self.bot = bot
        self._update_ids = _IDS  # shared: a restarted bot never sees an old callback id again
        self._message_ids = itertools.count(100000)

    @staticmethod
    def user(user_id: int, first_name: str = "Erika", language_code: str | None = "de") -> dict[str, Any]:
        """A Telegram user as JSON."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    @staticmethod
    def chat(chat_id: int, first_name: str = "Erika") -> dict[str, Any]:
        """A private chat or a supergroup as JSON."""
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": "Team"}
        return {"id": chat_id, "type": "private", "first_name": first_name}

    def _message(self, user: dict[str, Any], chat_id: int, **fields: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, user.get("first_name", "Erika")),
            "from": user,
        }
        message.update({k: v for k, v in fields.items() if v is not None})
        return message

    def _update(self, payload: dict[str, Any]) -> Update:
        update = Update.de_json({"update_id": next(self._update_ids), **payload}, self.bot)
        assert update is not None
        return update

    def text(
        self,
        user: dict[str, Any],
        text: str,
        *,
        chat_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> Update:
        """A text message; commands get their bot_command entity automatically."""
        target = chat_id if chat_id is not None else user["id"]
        if entities is None and text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            entities = [{"type": "bot_command", "offset": 0, "length": length}]
        message = self._message(user, target, text=text, entities=entities, reply_to_message=reply_to)
        return self._update({"message": message})

    def edited_text(self, user: dict[str, Any], text: str) -> Update:
        """An edited message."""
        message = self._message(user, user["id"], text=text, edit_date=int(time.time()))
        return self._update({"edited_message": message})

    def message(self, user: dict[str, Any], chat_id: int | None = None, **fields: Any) -> Update:
        """Any other message (photo, location, sticker, …) given as raw Bot API fields."""
        target = chat_id if chat_id is not None else user["id"]
        return self._update({"message": self._message(user, target, **fields)})

    def location(self, user: dict[str, Any], latitude: float, longitude: float) -> Update:
        """A shared location."""
        return self.message(user, location={"latitude": latitude, "longitude": longitude})

    def callback(
        self,
        user: dict[str, Any],
        data: str,
        *,
        chat_id: int | None = None,
        message_id: int = 1,
        message_text: str = "",
    ) -> Update:
        """A button press on a message the bot sent."""
        target = chat_id if chat_id is not None else user["id"]
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat(target),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bürgermobil Essen"},
            "text": message_text or "…",
        }
        return self._update(
            {
                "callback_query": {
                    "id": str(next(self._update_ids)),
                    "from": user,
                    "chat_instance": str(target),
                    "data": data,
                    "message": message,
                }
            }
        )

    def bot_message_json(self, call: ApiCall) -> dict[str, Any]:
        """The JSON of a message the bot sent (to use as reply_to_message)."""
        return self.bot_message(call.chat_id or 0, call.message_id, call.text)

    def bot_message(self, chat_id: int, message_id: int, text: str = "…") -> dict[str, Any]:
        """The JSON of the bot's message `message_id` in a chat (a reply target known only by its id)."""
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bürgermobil Essen"},
            "text": text,
        }
