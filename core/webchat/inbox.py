"""The web channel's side of the outbox: messages are stored for the citizen's page, listeners woken.

`WebInbox` implements `core.sender.Sender`. A "sent" message is one stored in `web_messages`
(the page reads it from there, now or when the citizen comes back); every open page of that
citizen (`Listeners`) is woken to fetch it at once (server-sent events or a poll).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from core.clock import Clock
from core.messages import Buttons, buttons_to_data
from core.sender import Failed, FailureReason, Outcome, Sent, Transient
from storage.webchat import WebChatRepository, WebMessage

__all__ = ["Listener", "Listeners", "WebInbox"]

logger = logging.getLogger(__name__)

_MAX_LISTENERS_PER_CITIZEN = 8
_MAX_HANDED = 64
"""More messages than this for a page that has not taken them: it reads the database instead."""


class Listener:
    """One open page: woken on news; holds the stored messages handed to it, or asks for a read."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self._handed: list[WebMessage] = []
        self._reread = False

    def hand(self, messages: Sequence[WebMessage] | None) -> None:
        """New or changed messages as stored (None: something changed, read the database)."""
        if messages is None or len(self._handed) + len(messages) > _MAX_HANDED:
            self._reread = True
            self._handed.clear()
        elif not self._reread:
            self._handed.extend(messages)
        self.event.set()

    def is_set(self) -> bool:
        """Whether the page was woken since it last took its news."""
        return self.event.is_set()

    def take(self) -> list[WebMessage] | None:
        """What was handed since the last take, oldest first; None when the page must read instead."""
        handed, reread = self._handed, self._reread
        self._handed, self._reread = [], False
        self.event.clear()
        return None if reread else sorted(handed, key=lambda message: message.id)


class Listeners:
    """Open pages waiting for news, by citizen id; woken by `notify`."""

    def __init__(self) -> None:
        self._waiting: dict[int, set[Listener]] = {}

    @contextmanager
    def listen(self, citizen_id: int) -> Iterator[Listener]:
        """A listener woken whenever the citizen's chat changes, for as long as the block runs."""
        listeners = self._waiting.setdefault(citizen_id, set())
        if len(listeners) >= _MAX_LISTENERS_PER_CITIZEN:  # the oldest page stops being pushed to
            listeners.pop().hand(None)
        listener = Listener()
        listeners.add(listener)
        try:
            yield listener
        finally:
            listeners.discard(listener)
            if not listeners:
                self._waiting.pop(citizen_id, None)

    def notify(self, citizen_id: int, messages: Sequence[WebMessage] | None = None) -> int:
        """Wake the citizen's open pages with the stored messages (None: they read); returns how many."""
        listeners = self._waiting.get(citizen_id, set())
        for listener in listeners:
            listener.hand(messages)
        return len(listeners)

    def count(self) -> int:
        """How many pages are listening."""
        return sum(len(listeners) for listeners in self._waiting.values())


class WebInbox:
    """`core.sender.Sender` for web citizens: store the message, wake the citizen's pages."""

    def __init__(self, repo: WebChatRepository, clock: Clock, listeners: Listeners) -> None:
        self.repo = repo
        self.clock = clock
        self.listeners = listeners

    async def send(self, chat_id: int, payload: Mapping[str, Any]) -> Outcome:
        """Store one outbox message in the citizen's chat; a deleted citizen's chat is gone."""
        try:
            if await self.repo.language(chat_id) is None:
                return Failed(FailureReason.CHAT_GONE, "web citizen unknown (deleted or expired)")
            stored, now = dict(payload), self.clock.now()
            message_id = await self.repo.store(chat_id, "bot", stored, now)
        except Exception as exc:  # the database is busy or broken: the outbox retries
            logger.warning("web message for a citizen not stored: %s", type(exc).__name__)
            return Transient(f"{type(exc).__name__}: {exc}")
        self.listeners.notify(chat_id, [WebMessage(message_id, chat_id, "bot", stored, now, None)])
        return Sent(message_id)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None) -> Outcome:
        """Replace a stored message's text and buttons."""
        payload: dict[str, Any] = {"text": text}
        if buttons:
            payload["buttons"] = buttons_to_data(buttons)
        if not await self.repo.edit(chat_id, message_id, payload, self.clock.now()):
            return Failed(FailureReason.REFUSED, "no such web message")
        self.listeners.notify(chat_id)
        return Sent(message_id)
