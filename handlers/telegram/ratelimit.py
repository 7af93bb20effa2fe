"""Telegram's sending limits with priorities (`PriorityRateLimiter`, a PTB `BaseRateLimiter`).

Telegram allows a bot about 30 messages per second overall, about one per second in one chat
(short bursts pass) and 20 per minute in one group; more gives 429 "retry after". Here:

- every message-sending call (send*, edit*, copy*, forward*) first takes a slot of its own
  chat: a bucket of `chat_burst` slots refilled at `chat_per_second` (private chats) or of
  `group_per_minute` slots refilled over a minute (groups). A group at its limit waits in its
  own bucket and holds nothing else, so it delays only that group's messages;
- then a slot of the overall pacer (`overall_per_second`: never more in any second, spread
  out, a slot that came late made up by the next, `WindowPacer`). Waiters there are
  served by priority, then arrival: the reply to the citizen whose update is being handled
  (`Priority.REPLY`), then messages to groups (`STAFF`), then everything else (`BULK`: the
  outbox's relays, reminders and broadcast notices);
- a 429 blocks only the chat it came for, for `retry_after` seconds; the call is retried up
  to `max_retries` times, then `RetryAfter` is raised (the outbox then reschedules its row).

The priority of a call comes from `rate_limit_args={"priority": Priority.X}` or, by default,
from the chat it goes to and `reply_scope` (the private chat of the update being handled,
set by `handlers.telegram.processor.ChatOrderedProcessor`). Calls that send no message
(answerCallbackQuery, getChatMember, sendChatAction, …) pass without a slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

__all__ = ["Priority", "PriorityPacer", "PriorityRateLimiter", "RateLimits", "WindowPacer", "reply_scope"]

logger = logging.getLogger(__name__)

JSON = bool | dict[str, Any] | list[dict[str, Any]]

reply_scope: ContextVar[int | None] = ContextVar("reply_scope", default=None)
"""The private chat whose update is being handled: sends to it are replies (`Priority.REPLY`)."""

_NOT_MESSAGES = frozenset({"sendChatAction"})
_MAX_IDLE_CHATS = 1024


class Priority(IntEnum):
    """Who goes first when the overall limit is reached (lower first)."""

    REPLY = 0
    STAFF = 1
    BULK = 2


@dataclass(frozen=True)
class RateLimits:
    """The limits; 0 switches one off (a self-hosted Bot API server or paid broadcasts allow more)."""

    overall_per_second: float = 30.0
    chat_per_second: float = 1.0
    chat_burst: int = 3
    group_per_minute: int = 20
    max_retries: int = 3


class PriorityPacer:
    """A token bucket (`rate` per second, `burst` slots) whose waiters go by priority, then arrival."""

    def __init__(self, rate: float, burst: float = 1.0) -> None:
        self.rate = rate
        self.burst = max(1.0, burst)
        self._tokens = self.burst
        self._updated: float | None = None
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        """Callers waiting for a slot."""
        return sum(1 for *_, future in self._waiters if not future.done())

    def idle(self) -> bool:
        """No waiter and a full bucket: the pacer can be dropped and made anew."""
        self._refill()
        return not self._waiters and self._tokens >= self.burst

    def _refill(self) -> None:
        now = asyncio.get_running_loop().time()
        if self._updated is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def _ready(self) -> bool:
        """A slot is free now."""
        self._refill()
        return self._tokens >= 1

    def _take(self) -> None:
        self._tokens -= 1

    def _give_back(self) -> None:
        self._tokens += 1

    def _delay(self) -> float:
        """Seconds until the next slot (called when none is free)."""
        return (1 - self._tokens) / self.rate

    async def acquire(self, priority: int = Priority.BULK) -> None:
        """Wait for a slot; a higher priority (lower number) waiting overtakes a lower one."""
        if self.rate <= 0:
            return
        if not self._waiters and self._ready():
            self._take()
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (int(priority), next(self._order), future))
        self._wake()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():  # granted, but the caller is gone
                self._give_back()
                self._wake()
            raise

    def _wake(self) -> None:
        while self._waiters and self._ready():
            *_, future = heapq.heappop(self._waiters)
            if future.done():  # cancelled while waiting
                continue
            self._take()
            future.set_result(None)
        while self._waiters and self._waiters[0][2].done():
            heapq.heappop(self._waiters)
        if self._waiters and self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._delay(), self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self._wake()


class WindowPacer(PriorityPacer):
    """At most `rate` slots in any one second, evenly spaced: Telegram's overall limit.

    A token bucket of one slot loses every moment its timer fires late: the event loop is busy
    with a handler, the slot comes a millisecond or two after it was due, and the next one is
    spaced from then; under load that is a few per cent of the 30/s. Here the slots keep their
    schedule (one every 1/rate s): a slot that came late is made up by the next one coming
    sooner (by up to half an interval), and after a pause the schedule starts anew. A window
    of the last `rate` slots makes sure no second ever holds more (for a rate below 1: no
    1/rate seconds more than one).
    """

    def __init__(self, rate: float) -> None:
        super().__init__(rate, 1.0)
        slots = max(1, math.floor(rate))
        self._window: deque[float] = deque(maxlen=slots)
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._span = slots * self._interval  # the last `slots` slots take this long at least
        self._due = -math.inf

    def _ready(self) -> bool:
        return self._delay() <= 0

    def _take(self) -> None:
        now = asyncio.get_running_loop().time()
        self._window.append(now)
        # on schedule, or late by at most half an interval: the next slot keeps the schedule
        self._due = max(self._due, now - self._interval / 2) + self._interval

    def _give_back(self) -> None:
        if self._window:
            self._window.pop()
        self._due -= self._interval

    def _delay(self) -> float:
        now = asyncio.get_running_loop().time()
        full = len(self._window) == self._window.maxlen
        return max(self._due, self._window[0] + self._span if full else self._due) - now

    def idle(self) -> bool:
        """No waiter and a slot free."""
        return not self._waiters and self._ready()


class _Chat:
    """One chat's bucket and how long a 429 blocks it."""

    def __init__(self, pacer: PriorityPacer) -> None:
        self.pacer = pacer
        self.blocked_until = 0.0


def _chat_of(data: dict[str, Any]) -> int | str | None:
    chat_id = data.get("chat_id")
    if chat_id is None:
        return None
    with contextlib.suppress(ValueError, TypeError):
        return int(chat_id)
    return str(chat_id)


def _is_group(chat: int | str) -> bool:
    return isinstance(chat, str) or chat < 0  # '@channel' names are channels or supergroups


def _sends_message(endpoint: str) -> bool:
    if endpoint in _NOT_MESSAGES:
        return False
    return endpoint.startswith(("send", "edit", "copyMessage", "forwardMessage"))


def _retry_seconds(exc: RetryAfter) -> float:
    value: Any = exc.retry_after
    return float(value.total_seconds()) if isinstance(value, timedelta) else float(value)


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Per-chat and per-group buckets, one overall pacer by priority, 429 honoured per chat."""

    def __init__(self, limits: RateLimits | None = None) -> None:
        self.limits = limits or RateLimits()
        self.overall: PriorityPacer = WindowPacer(self.limits.overall_per_second)
        self._chats: dict[int | str, _Chat] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    def priority_for(self, chat: int | str) -> Priority:
        """The default priority of a message to this chat in the current context."""
        if _is_group(chat):
            return Priority.STAFF
        return Priority.REPLY if chat == reply_scope.get() else Priority.BULK

    def _chat(self, chat: int | str) -> _Chat:
        state = self._chats.get(chat)
        if state is None:
            if len(self._chats) >= _MAX_IDLE_CHATS:
                loop_time = asyncio.get_running_loop().time()
                for key, old in list(self._chats.items()):
                    if old.pacer.idle() and old.blocked_until <= loop_time:
                        del self._chats[key]
            if _is_group(chat):
                per_minute = self.limits.group_per_minute
                pacer = PriorityPacer(per_minute / 60.0, per_minute)
            else:
                pacer = PriorityPacer(self.limits.chat_per_second, self.limits.chat_burst)
            state = self._chats[chat] = _Chat(pacer)
        return state

    def blocked_for(self, chat: int | str) -> float:
        """Seconds a 429 still blocks this chat (0: not blocked)."""
        state = self._chats.get(chat)
        if state is None:
            return 0.0
        return max(0.0, state.blocked_until - asyncio.get_running_loop().time())

    async def _slot(self, chat: int | str | None, priority: Priority) -> None:
        if chat is None:
            return
        state = self._chat(chat)
        while True:  # a 429 for this chat may come in while waiting: look again after the sleep
            wait = state.blocked_until - asyncio.get_running_loop().time()
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        await state.pacer.acquire(priority)
        await self.overall.acquire(priority)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> JSON:
        """Wait for the chat's and the overall slot, send, and retry after a 429 for this chat."""
        chat = _chat_of(data) if _sends_message(endpoint) else None
        options = rate_limit_args or {}
        priority = Priority(options.get("priority", self.priority_for(chat) if chat is not None else 0))
        retries = int(options.get("max_retries", self.limits.max_retries))
        for attempt in range(retries + 1):
            await self._slot(chat, priority)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = _retry_seconds(exc) + 0.1
                if chat is not None:
                    state = self._chat(chat)
                    until = asyncio.get_running_loop().time() + seconds
                    state.blocked_until = max(state.blocked_until, until)
                if attempt == retries:
                    logger.warning("%s: still 429 after %d retries", endpoint, retries)
                    raise
                logger.info("%s: 429, this chat waits %.1f s", endpoint, seconds)
                if chat is None:
                    await asyncio.sleep(seconds)
        raise AssertionError("unreachable")  # pragma: no cover
