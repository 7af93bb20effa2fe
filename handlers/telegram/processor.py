"""Concurrent updates, strictly in order per chat and per user (`ChatOrderedProcessor`).

PTB handles updates one at a time by default, so one citizen's slow send (a staff group at its
limit, a 429) holds up everyone. This processor lets up to `limit` updates run at once, but an
update waits for every earlier update that shares one of its keys:

- a message (also edited) or a membership change: its chat and its sender;
- a callback query: the user who pressed (in a private chat that is also the chat).

So a citizen's messages and presses run in the order they arrived, a staff member's replies in
a group keep their order, and the ConversationHandler, the ticket mapping and the outbox see
each chat's updates one by one as before. Different chats run side by side.

The wait for earlier updates happens before a slot of the bound is taken: updates that are
only waiting for their chat hold no slot, so a burst in one chat never blocks other chats.
PTB's own semaphore (`max_concurrent_updates`) is therefore set far above the bound and is
entered without waiting; the bound is this class's own semaphore.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseUpdateProcessor

from handlers.telegram.ratelimit import reply_scope

__all__ = ["DEFAULT_CONCURRENCY", "ChatOrderedProcessor", "order_keys"]

DEFAULT_CONCURRENCY = 16


def order_keys(update: object) -> frozenset[int]:
    """The chat and user ids this update must be ordered with (empty: no order needed)."""
    if not isinstance(update, Update):
        return frozenset()
    keys: set[int] = set()
    query = update.callback_query
    if query is not None:
        keys.add(query.from_user.id)
        message = query.message
        if message is not None and message.chat.type == ChatType.PRIVATE:
            keys.add(message.chat.id)
        return frozenset(keys)
    chat = update.effective_chat
    user = update.effective_user
    if chat is not None:
        keys.add(chat.id)
    if user is not None:
        keys.add(user.id)
    return frozenset(keys)


def _private_chat(update: object) -> int | None:
    """The private chat this update came from (its replies get the citizen priority)."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return chat.id
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most `limit` updates at once; updates sharing a chat or user run in arrival order."""

    __slots__ = ("_bound", "_limit", "_tails")

    def __init__(self, limit: int = DEFAULT_CONCURRENCY) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        # PTB's semaphore must never make an update wait (see the module docstring)
        super().__init__(max_concurrent_updates=sys.maxsize // 2)
        self._limit = limit
        self._bound = asyncio.BoundedSemaphore(limit)
        self._tails: dict[int, asyncio.Future[None]] = {}

    @property
    def limit(self) -> int:
        """How many updates may run at once."""
        return self._limit

    @property
    def waiting_keys(self) -> int:
        """Chats and users with an update running or waiting (tests, memory)."""
        return len(self._tails)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the earlier updates of the same chats/users, then run within the bound."""
        keys = order_keys(update)
        # everything up to the first await runs in arrival order (PTB starts one task per
        # update, in order, and its semaphore does not wait): chain onto the current tails
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        earlier = {tail for key in keys if (tail := self._tails.get(key)) is not None}
        for key in keys:
            self._tails[key] = done
        try:
            for tail in earlier:
                await asyncio.shield(tail)
            async with self._bound:
                token = reply_scope.set(_private_chat(update))
                try:
                    await coroutine
                finally:
                    reply_scope.reset(token)
        finally:
            if not done.done():
                done.set_result(None)
            for key in keys:
                if self._tails.get(key) is done:
                    del self._tails[key]
            if inspect.iscoroutine(coroutine) and inspect.getcoroutinestate(coroutine) == "CORO_CREATED":
                coroutine.close()  # cancelled before it ran: no "never awaited" warning

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: running updates finish with the application's tasks."""

