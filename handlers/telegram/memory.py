"""Bounded memory: user and chat data of idle users leave RAM and come back from SQLite.

PTB keeps every user's `user_data` and every chat's `chat_data` in memory for the life of
the process, and loads every stored one at start, so memory grows with the number of
citizens who ever wrote (the benchmark measured about 1 KB per user). With the bound:

- nothing is loaded at start. PTB calls the persistence's refresh hook before the first
  handler of every update and before every job; the hook (`MemoryBound.refresh`) loads a
  user's or chat's stored data the first time it is needed and notes when each was active;
- a job writes every pending change to SQLite (`Application.update_persistence`) and then
  drops the in-memory copies of users and chats idle for `idle_seconds`, except those with a
  change still waiting to be written.

What is dropped is exactly what is stored, so dropping is the same as a restart for that user.
If the stored data cannot be read, the update is not handled at all (ApplicationHandlerStop):
handlers never run on an empty copy that would then overwrite the stored data.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from telegram.ext import ApplicationHandlerStop

from handlers.telegram.context import BotApplication, BotContext
from handlers.telegram.persistence import SqlitePersistence, persistence_of

__all__ = ["IDLE_SECONDS", "SWEEP_SECONDS", "MemoryBound", "install"]

logger = logging.getLogger(__name__)

IDLE_SECONDS = 30 * 60.0
SWEEP_SECONDS = 5 * 60.0
KINDS = ("user", "chat")


class MemoryBound:
    """Loads user and chat data on first use and drops it from memory when idle."""

    def __init__(
        self,
        app: BotApplication,
        persistence: SqlitePersistence,
        *,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.persistence = persistence
        self.idle_seconds = idle_seconds
        self.clock = clock
        self.reloaded = 0
        self.dropped = 0
        self._active: dict[str, OrderedDict[int, float]] = {kind: OrderedDict() for kind in KINDS}

    def active(self, kind: str) -> int:
        """How many users ('user') or chats ('chat') were active within the idle time."""
        return len(self._active[kind])

    async def refresh(self, kind: str, key: int, data: dict[str, Any]) -> None:
        """Before a handler or job uses `data`: load it back if it is not in memory; note the activity."""
        active = self._active[kind]
        if key not in active and not data:
            try:
                stored = await self.persistence.load(kind, key)
            except Exception as exc:
                logger.exception("stored %s data could not be loaded; the update is dropped", kind)
                raise ApplicationHandlerStop from exc
            if stored:
                data.update(stored)
                self.reloaded += 1
        active[key] = self.clock()
        active.move_to_end(key)

    def _live(self, kind: str) -> tuple[dict[int, Any], set[int]]:
        """PTB's in-memory data of a kind and the keys whose changes are not written yet."""
        app = self.app
        if kind == "user":
            return app._user_data, app._user_ids_to_be_updated_in_persistence
        return app._chat_data, app._chat_ids_to_be_updated_in_persistence

    async def sweep(self) -> int:
        """Write pending changes, then drop the data of users and chats idle for idle_seconds."""
        await self.app.update_persistence()
        cutoff = self.clock() - self.idle_seconds
        dropped = 0
        for kind in KINDS:
            active = self._active[kind]
            while active:
                key, seen = next(iter(active.items()))
                if seen > cutoff:
                    break
                del active[key]
            live, pending = self._live(kind)
            for key in [k for k in live if k not in active and k not in pending]:
                del live[key]
                self.persistence.forget(kind, key)
                dropped += 1
        self.dropped += dropped
        if dropped:
            logger.debug("memory bound: dropped %s idle user/chat data copies", dropped)
        return dropped

    async def job(self, context: BotContext) -> None:
        """The recurring sweep."""
        await self.sweep()


def install(
    app: BotApplication, *, idle_seconds: float = IDLE_SECONDS, interval: float = SWEEP_SECONDS
) -> MemoryBound:
    """Attach the bound to the application's persistence and schedule the sweep (before initialize)."""
    services = app.bot_data.services
    persistence = persistence_of(app)
    bound = MemoryBound(app, persistence, idle_seconds=idle_seconds)
    persistence.reloader = bound
    services.extras["memory"] = bound
    if app.job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    app.job_queue.run_repeating(bound.job, interval=interval, first=interval, name="memory-bound")
    return bound
