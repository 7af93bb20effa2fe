"""The web channel's side of the outbox: messages are stored for the citizen's page, listeners woken.

`WebInbox` implements `core.sender.Sender`. A "sent" message is one stored in `web_messages`
(the page reads it from there, now or when the citizen comes back); every open page of that
citizen (`Listeners`) is woken to fetch it at once (server-sent events or a poll).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from core.clock import Clock
from core.messages import Buttons, buttons_to_data
from core.sender import Failed, FailureReason, Outcome, Sent, Transient
from storage.webchat import WebChatRepository

__all__ = ["Listeners", "WebInbox"]

logger = logging.getLogger(__name__)

_MAX_LISTENERS_PER_CITIZEN = 8


class Listeners:
    """Open pages waiting for news, by citizen id; woken by `notify`."""

    def __init__(self) -> None:
        self._waiting: dict[int, set[asyncio.Event]] = {}

    @contextmanager
    def listen(self, citizen_id: int) -> Iterator[asyncio.Event]:
        """An event set whenever the citizen's chat changes, for as long as the block runs."""
        events = self._waiting.setdefault(citizen_id, set())
        if len(events) >= _MAX_LISTENERS_PER_CITIZEN:  # the oldest page stops being pushed to
            events.pop().set()
        event = asyncio.Event()
        events.add(event)
        try:
            yield event
        finally:
            events.discard(event)
            if not events:
                self._waiting.pop(citizen_id, None)

    def notify(self, citizen_id: int) -> int:
        """Wake every open page of the citizen; returns how many."""
        events = self._waiting.get(citizen_id, set())
        for event in events:
            event.set()
        return len(events)

    def count(self) -> int:
        """How many pages are listening."""
        return sum(len(events) for events in self._waiting.values())


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
            message_id = await self.repo.store(chat_id, "bot", dict(payload), self.clock.now())
        except Exception as exc:  # the database is busy or broken: the outbox retries
            logger.warning("web message for a citizen not stored: %s", type(exc).__name__)
            return Transient(f"{type(exc).__name__}: {exc}")
        self.listeners.notify(chat_id)
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
