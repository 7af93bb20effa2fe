"""One turn of a web chat written at once: the citizen's message, the bot's replies, the pending question.

A question used to be three or four transactions (the citizen's message, the pending question,
each reply, the session's last use), each a round trip through the database's writer thread and
its lock; with a hundred chats asking at once those waits added up. A `Turn` collects the writes
of `WebChat.send` and `commit_turn` stores them in one transaction. It is safe as one: the post is
answered only after the commit, and a failure stores nothing of the turn (the citizen sends again).
The stored messages go to the open pages as they are (`Listeners.notify`), without a read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.webchat.inbox import Listeners
from storage import Database
from storage.webchat import WebChatRepository, WebMessage

__all__ = ["Turn", "commit_turn", "current_turn", "turn"]

_UNSET: Any = object()


@dataclass
class Turn:
    """The writes of one citizen's turn, in order, not yet stored."""

    citizen_id: int
    messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    pending: dict[str, Any] | None = _UNSET
    seen: str | None = None
    """The session's token hash when its last use is due to be written."""
    closed: bool = False
    """Set when the block ends: a task started in it that runs later writes on its own."""

    def add(self, author: str, payload: dict[str, Any]) -> None:
        """A message of the turn (the citizen's or the bot's)."""
        self.messages.append((author, payload))


_CURRENT: ContextVar[Turn | None] = ContextVar("webchat_turn", default=None)


def current_turn(citizen_id: int) -> Turn | None:
    """The turn being collected for this citizen in this task, if any."""
    found = _CURRENT.get()
    if found is None or found.closed or found.citizen_id != citizen_id:
        return None
    return found


@asynccontextmanager
async def turn(citizen_id: int) -> AsyncIterator[Turn]:
    """Collect the citizen's writes in this task (and the tasks it starts) until the block ends."""
    collected = Turn(citizen_id)
    token = _CURRENT.set(collected)
    try:
        yield collected
    finally:
        collected.closed = True
        _CURRENT.reset(token)


async def commit_turn(
    db: Database, repo: WebChatRepository, listeners: Listeners, collected: Turn, now: datetime
) -> list[WebMessage]:
    """Store the turn in one transaction, then hand its messages to the citizen's open pages."""
    citizen = collected.citizen_id
    stored: list[WebMessage] = []
    async with db.transaction() as conn:
        ids = await repo.add_messages(conn, citizen, collected.messages, now)
        for message_id, (author, payload) in zip(ids, collected.messages, strict=True):
            stored.append(WebMessage(message_id, citizen, author, payload, now, None))
        if collected.pending is not _UNSET:
            await repo.put_pending(conn, citizen, collected.pending)
        if collected.seen is not None:
            await repo.mark_seen(conn, collected.seen, citizen, now)
    if stored:
        listeners.notify(citizen, stored)
    return stored
