"""A Bot API stand-in over real HTTP on 127.0.0.1 (a thread), for tests that start `python -m bot run`."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

__all__ = ["BotApiStandIn", "bot_api_stand_in"]

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Bürgermobil Essen", "username": "buergermobil_bot"}


class BotApiStandIn:
    """What the bot called (method, parameters), with answers good enough for PTB."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.url = ""

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        """The `result` of one call."""
        with self.lock:
            self.calls.append((method, params))
        if method == "getMe":
            return BOT_USER
        if method.startswith("send"):
            chat_id = int(params.get("chat_id", 0))
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "first_name": "Erika"}
            if chat_id < 0:
                chat["title"] = "Team"
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
        if method == "getChatMember":
            user = {"id": int(params.get("user_id", 0)), "is_bot": False, "first_name": "Sam"}
            return {"status": "member", "user": user}
        return True

    def methods(self) -> list[str]:
        """The methods called so far, in order."""
        with self.lock:
            return [method for method, _ in self.calls]

    def sent_to(self, chat_id: int) -> list[str]:
        """Texts sent to a chat."""
        with self.lock:
            sends = [params for method, params in self.calls if method.startswith("send")]
        return [str(p.get("text", "")) for p in sends if str(p.get("chat_id")) == str(chat_id)]


def _params(handler: BaseHTTPRequestHandler, body: bytes) -> dict[str, Any]:
    kind = handler.headers.get("content-type", "")
    if "json" in kind:
        data = json.loads(body or b"{}")
        return dict(data) if isinstance(data, dict) else {}
    return {key: values[-1] for key, values in parse_qs(body.decode()).items()}


@contextmanager
def bot_api_stand_in() -> Iterator[BotApiStandIn]:
    """Serve the stand-in on a free port of 127.0.0.1 while the block runs."""
    state = BotApiStandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            method = self.path.rsplit("/", 1)[-1]
            payload = json.dumps({"ok": True, "result": state.answer(method, _params(self, body))}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
