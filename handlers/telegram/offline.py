"""An offline Bot API: a PTB `BaseRequest` that answers Bot API calls in memory and records them.

Used by the console chat (no Telegram needed) and by the tests, where it is the only fake:
the network edge. It can inject failures (HTTP errors, "retry after", timeouts, blocked users).
The recorded call is `offline_calls.ApiCall`, the updates sent to the bot come from
`offline_updates.UpdateFactory` (both re-exported here).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from handlers.telegram.offline_calls import ApiCall, over_limit
from handlers.telegram.offline_updates import BOT_ID, BOT_USERNAME, UpdateFactory

__all__ = ["BOT_ID", "BOT_USERNAME", "ApiCall", "OfflineBotApi", "UpdateFactory", "over_limit"]


@dataclass
class _Failure:
    method: str
    chat_id: int | None
    kind: str
    code: int
    description: str
    retry_after: int | None


class OfflineBotApi(BaseRequest):
    """Answers Bot API methods locally; every call is appended to `calls`."""

    def __init__(self, on_call: Callable[[ApiCall, dict[str, Any]], None] | None = None) -> None:
        self.calls: list[ApiCall] = []
        self.on_call = on_call
        self.blocked_chats: set[int] = set()
        self.members: dict[int, set[int]] = {}
        self._failures: list[_Failure] = []
        self._message_ids = itertools.count(1)
        self._users: dict[int, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        """Files users 'uploaded', by file id: served by getFile and the file download."""
        self.file_messages: set[tuple[int, int]] = set()
        """(chat id, message id) of files the bot sent: they have no text, editMessageText fails."""

    # -- configuration of the fake -------------------------------------------------------
    def add_member(self, chat_id: int, user_id: int) -> None:
        """Make user_id a member of chat_id (answers getChatMember)."""
        self.members.setdefault(chat_id, set()).add(user_id)

    def remove_member(self, chat_id: int, user_id: int) -> None:
        """Remove a member."""
        self.members.get(chat_id, set()).discard(user_id)

    def fail_next(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        code: int = 400,
        description: str = "Bad Request: injected failure",
        retry_after: int | None = None,
        kind: str = "http",
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of method (to chat_id, if given) fail.

        kind: "http" (an error answer with code/description), "retry_after" (429),
        "timeout" (TimedOut) or "network" (NetworkError).
        """
        for _ in range(times):
            self._failures.append(_Failure(method, chat_id, kind, code, description, retry_after))

    def reset(self) -> None:
        """Forget recorded calls."""
        self.calls.clear()

    # -- inspection ------------------------------------------------------------------------
    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[ApiCall]:
        """Recorded message-producing calls, optionally to one chat / of one method."""
        producing = {
            "sendMessage",
            "sendDocument",
            "sendVenue",
            "sendLocation",
            "sendPhoto",
            "sendVoice",
            "sendAudio",
            "sendVideo",
            "sendVideoNote",
            "editMessageText",
            "copyMessage",
            "forwardMessage",
        }
        return [
            c
            for c in self.calls
            if ((method is None and c.method in producing) or c.method == method)
            and (chat_id is None or c.chat_id == chat_id)
        ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Texts of messages sent or edited (to one chat)."""
        return [c.text for c in self.sent(chat_id)]

    def last(self, chat_id: int | None = None) -> ApiCall:
        """The last message-producing call (to one chat)."""
        calls = self.sent(chat_id)
        if not calls:
            raise AssertionError(f"no message was sent to chat {chat_id}")
        return calls[-1]

    # -- BaseRequest -----------------------------------------------------------------------
    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        """No real network: no timeout."""
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one Bot API call (or a file download)."""
        if "/file/bot" in url:
            file_id = url.rsplit("/", 1)[-1]
            self.calls.append(ApiCall("downloadFile", {"file_id": file_id}))
            if file_id not in self.files:
                return self._error(404, "Not Found")
            return 200, self.files[file_id]
        api_method = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        files: dict[str, bytes] = {}
        if request_data and request_data.contains_files:
            for name, value in request_data.multipart_data.items():
                content = value[1] if isinstance(value, tuple) else value
                if isinstance(content, bytes):
                    files[name] = content
        call = ApiCall(api_method, params, files)
        self.calls.append(call)
        failure = self._take_failure(api_method, call.chat_id)
        if failure is not None:
            return self._fail(failure)
        if (
            call.chat_id is not None
            and call.chat_id in self.blocked_chats
            and api_method.startswith(("send", "edit", "copy", "forward"))
        ):
            return self._error(403, "Forbidden: bot was blocked by the user")
        refusal = over_limit(api_method, params)
        if refusal is not None:
            return self._error(400, f"Bad Request: {refusal}")
        target = (call.chat_id, int(params.get("message_id", 0)))
        if api_method == "editMessageText" and target in self.file_messages:
            return self._error(400, "Bad Request: there is no text in the message to edit")
        result = self._answer(api_method, params)
        call.result = result
        if api_method in _MEDIA_METHODS and isinstance(result, dict) and call.chat_id is not None:
            self.file_messages.add((call.chat_id, int(result["message_id"])))
        if self.on_call is not None:
            self.on_call(call, result if isinstance(result, dict) else {})
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _take_failure(self, method: str, chat_id: int | None) -> _Failure | None:
        for index, failure in enumerate(self._failures):
            if failure.method == method and failure.chat_id in (None, chat_id):
                return self._failures.pop(index)
        return None

    def _fail(self, failure: _Failure) -> tuple[int, bytes]:
        if failure.kind == "timeout":
            raise TimedOut("injected timeout")
        if failure.kind == "network":
            raise NetworkError("injected network error")
        if failure.kind == "retry_after":
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {failure.retry_after or 1}",
                "parameters": {"retry_after": failure.retry_after or 1},
            }
            return 429, json.dumps(body).encode()
        return self._error(failure.code, failure.description)

    @staticmethod
    def _error(code: int, description: str) -> tuple[int, bytes]:
        return code, json.dumps({"ok": False, "error_code": code, "description": description}).encode()

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Bürgermobil Essen",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _chat(self, chat_id: int) -> dict[str, Any]:
        kind = "supergroup" if chat_id < 0 else "private"
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "supergroup":
            chat["title"] = "Team"
        else:
            chat["first_name"] = "Bürger"
        return chat

    def _message(self, params: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
        }
        message.update(extra)
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return self._bot_user()
        if method == "sendMessage":
            return self._message(params, {"text": params.get("text", "")})
        if method == "sendDocument":
            return self._message(
                params,
                {
                    "caption": params.get("caption"),
                    "document": {"file_id": "doc", "file_unique_id": "doc", "file_name": "file"},
                },
            )
        if method in _MEDIA_METHODS:  # a file sent again by its file id
            kind = _MEDIA_METHODS[method]
            file_id = str(params.get(kind))
            sent: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u-{file_id}"}
            if kind == "photo":
                return self._message(params, {"caption": params.get("caption"), "photo": [sent]})
            if kind in ("voice", "audio", "video", "video_note"):
                sent["duration"] = 1
            if kind in ("video", "video_note"):
                sent.update(width=1, height=1, length=1)
            return self._message(params, {"caption": params.get("caption"), kind: sent})
        if method == "sendVenue":
            return self._message(
                params,
                {
                    "venue": {
                        "location": {"latitude": params["latitude"], "longitude": params["longitude"]},
                        "title": params.get("title", ""),
                        "address": params.get("address", ""),
                    },
                    "location": {"latitude": params["latitude"], "longitude": params["longitude"]},
                },
            )
        if method == "sendLocation":
            return self._message(
                params,
                {"location": {"latitude": params["latitude"], "longitude": params["longitude"]}},
            )
        if method in ("editMessageText", "editMessageReplyMarkup"):
            if "chat_id" not in params:
                return True
            extra = {"text": params.get("text", "")}
            message = self._message(params, extra)
            message["message_id"] = int(params.get("message_id", message["message_id"]))
            message["edit_date"] = int(time.time())
            return message
        if method == "getChatMember":
            chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
            status = "member" if user_id in self.members.get(chat_id, set()) else "left"
            return {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": "X"}}
        if method == "getChat":
            return self._chat(int(params["chat_id"]))
        if method == "getUpdates":
            return []
        if method == "getFile":
            file_id = str(params.get("file_id"))
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": f"documents/{file_id}",
            }
        return True


_MEDIA_METHODS = {
    "sendVoice": "voice",
    "sendAudio": "audio",
    "sendPhoto": "photo",
    "sendVideo": "video",
    "sendVideoNote": "video_note",
}
"""Bot API methods that send a file by id -> the parameter (and message field) holding it."""
