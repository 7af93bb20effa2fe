"""Telegram's limits with priorities: the pacer, 429 per chat, a staff group that never delays a citizen."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from telegram.error import RetryAfter

from core.clock import ManualClock
from handlers.telegram.ratelimit import (
    Priority,
    PriorityPacer,
    PriorityRateLimiter,
    RateLimits,
    WindowPacer,
    reply_scope,
)
from tests.auxil.harness import STAFF_CHAT, STAFF_ID, Harness, make_config
from tests.auxil.slow_api import SlowApi

JSON = dict[str, Any]


async def test_pacer_serves_waiters_by_priority_then_arrival() -> None:
    pacer = PriorityPacer(rate=10.0)  # one slot every 100 ms
    order: list[str] = []

    async def take(name: str, priority: Priority) -> None:
        await pacer.acquire(priority)
        order.append(name)

    await pacer.acquire()  # the one free slot is gone: everyone below waits
    tasks = [
        asyncio.create_task(take("bulk-1", Priority.BULK)),
        asyncio.create_task(take("staff", Priority.STAFF)),
        asyncio.create_task(take("bulk-2", Priority.BULK)),
        asyncio.create_task(take("reply", Priority.REPLY)),
    ]
    await asyncio.sleep(0)
    assert pacer.waiting == 4
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=2)
    assert order == ["reply", "staff", "bulk-1", "bulk-2"]


async def test_pacer_keeps_the_rate() -> None:
    pacer = PriorityPacer(rate=50.0)
    started = time.perf_counter()
    for _ in range(11):
        await pacer.acquire()
    assert time.perf_counter() - started >= 0.19  # 10 waits of 20 ms after the free slot


async def test_a_cancelled_waiter_gives_its_place_away() -> None:
    pacer = PriorityPacer(rate=20.0)
    await pacer.acquire()
    gone = asyncio.create_task(pacer.acquire(Priority.REPLY))
    await asyncio.sleep(0)
    gone.cancel()
    await asyncio.wait_for(pacer.acquire(Priority.BULK), timeout=1)
    with pytest.raises(asyncio.CancelledError):
        await gone


class _Calls:
    """A fake Bot API call for the limiter: 429 for the chats in `flood` once, else the time it ran."""

    def __init__(self, flood: dict[int, float] | None = None) -> None:
        self.flood = dict(flood or {})
        self.done: dict[int, float] = {}

    def call(self, chat: int) -> Any:
        async def run() -> JSON:
            seconds = self.flood.pop(chat, None)
            if seconds is not None:
                raise RetryAfter(int(seconds))
            self.done[chat] = time.perf_counter()
            return {"ok": True}

        return run


async def _send(limiter: PriorityRateLimiter, calls: _Calls, chat: int, endpoint: str = "sendMessage") -> Any:
    return await limiter.process_request(calls.call(chat), (), {}, endpoint, {"chat_id": chat}, None)


async def test_a_429_blocks_only_its_own_chat() -> None:
    limiter = PriorityRateLimiter(RateLimits(overall_per_second=0))
    calls = _Calls(flood={1: 1})
    started = time.perf_counter()
    flooded = asyncio.create_task(_send(limiter, calls, 1))
    await asyncio.sleep(0.01)
    assert limiter.blocked_for(1) > 0.9
    await _send(limiter, calls, 2)
    assert calls.done[2] - started < 0.2  # chat 2 went at once
    await asyncio.wait_for(flooded, timeout=3)
    assert calls.done[1] - started >= 1.0  # chat 1 waited its retry_after, then was sent
    assert limiter.blocked_for(2) == 0


async def test_retries_end_with_the_429() -> None:
    limiter = PriorityRateLimiter(RateLimits(max_retries=0))
    calls = _Calls(flood={1: 5})
    with pytest.raises(RetryAfter):
        await _send(limiter, calls, 1)
    assert limiter.blocked_for(1) > 4  # the next send to that chat waits (the outbox reschedules)


async def test_a_group_at_its_limit_waits_alone() -> None:
    limiter = PriorityRateLimiter(RateLimits(group_per_minute=2, overall_per_second=0))
    calls = _Calls()
    await _send(limiter, calls, -100)
    await _send(limiter, calls, -100)
    third = asyncio.create_task(_send(limiter, calls, -100))  # would wait 30 s
    await asyncio.wait_for(_send(limiter, calls, 5), timeout=1)
    await asyncio.wait_for(_send(limiter, calls, -200), timeout=1)  # another group has its own bucket
    assert -100 in calls.done and not third.done()
    third.cancel()


async def test_priorities_by_chat_and_scope() -> None:
    limiter = PriorityRateLimiter()
    assert limiter.priority_for(-1001) is Priority.STAFF
    assert limiter.priority_for(7) is Priority.BULK
    token = reply_scope.set(7)
    try:
        assert limiter.priority_for(7) is Priority.REPLY
        assert limiter.priority_for(8) is Priority.BULK
    finally:
        reply_scope.reset(token)


async def test_calls_that_send_no_message_take_no_slot() -> None:
    limiter = PriorityRateLimiter(RateLimits(group_per_minute=1, overall_per_second=0))
    calls = _Calls()
    await _send(limiter, calls, -100)
    for _ in range(3):  # the group's bucket is empty; membership checks still pass at once
        await asyncio.wait_for(_send(limiter, calls, -100, "getChatMember"), timeout=0.5)


async def test_a_staff_group_at_its_limit_never_delays_a_citizens_answer(
    tmp_path: Path, clock: ManualClock
) -> None:
    limits = {"group_per_minute": 60, "overall_per_second": 30}  # 60 at once, then one a second
    config = make_config(tmp_path, telegram={"rate_limit": True, "limits": limits})
    harness = Harness(config, clock)
    harness.api = SlowApi(0.002, 0.004)
    harness.api.add_member(STAFF_CHAT, STAFF_ID)
    async with harness:
        sent_at: dict[int, float] = {}
        answered = asyncio.Event()
        group_full = asyncio.Event()

        def note(call: Any, result: dict[str, Any]) -> None:
            if call.method == "sendMessage" and call.chat_id is not None:
                sent_at.setdefault(call.chat_id, time.perf_counter())
                if call.chat_id == harness.citizen["id"]:
                    answered.set()
                if len(harness.to_staff()) >= 61:
                    group_full.set()

        harness.api.on_call = note
        staff = harness.factory.user(STAFF_ID, "Sam Team")
        for _ in range(65):  # the group: 60 replies at the overall pace, then one a second
            harness.app.update_queue.put_nowait(harness.factory.text(staff, "/offen", chat_id=STAFF_CHAT))
        await asyncio.wait_for(group_full.wait(), timeout=10)  # the group's 60 slots are used up
        asked = time.perf_counter()
        question = harness.factory.text(harness.citizen, "Was kostet ein Reisepass?")
        harness.app.update_queue.put_nowait(question)
        await asyncio.wait_for(answered.wait(), timeout=5)
        assert sent_at[harness.citizen["id"]] - asked < 0.3
        assert len(harness.to_staff()) < 65  # the group was still waiting
        await asyncio.wait_for(harness.app.update_queue.join(), timeout=15)
        assert len(harness.to_staff()) == 65  # and nothing of the group was lost


def _most_in_a_second(stamps: list[float]) -> int:
    return max(sum(1 for t in stamps if start <= t < start + 1.0) for start in stamps)


async def test_the_overall_pacer_never_exceeds_its_rate_in_any_second() -> None:
    pacer = WindowPacer(rate=20.0)
    stamps: list[float] = []

    async def take() -> None:
        await pacer.acquire()
        stamps.append(time.perf_counter())

    await asyncio.wait_for(asyncio.gather(*(take() for _ in range(50))), timeout=5)
    assert _most_in_a_second(stamps) <= 20
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= 0.5 / 20 - 0.002  # spread out, never a burst
    assert stamps[-1] - stamps[0] < 49 / 20 + 0.2  # and the rate is kept


async def test_a_late_slot_of_the_overall_pacer_is_made_up_not_lost() -> None:
    pacer = WindowPacer(rate=20.0)  # one slot every 50 ms
    stamps: list[float] = []

    async def take() -> None:
        await pacer.acquire()
        stamps.append(time.perf_counter())

    tasks = [asyncio.create_task(take()) for _ in range(21)]
    await asyncio.sleep(0.06)
    time.sleep(0.07)  # noqa: ASYNC251 (the event loop is busy on purpose: the slot due at 100 ms comes 30 ms late)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
    # 21 slots in 1 s as without the stall (a bucket of one slot would take 30 ms more)
    assert stamps[-1] - stamps[0] < 1.0 + 0.02
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= 0.5 / 20 - 0.002  # made up by one slot coming sooner, not by a burst
    assert _most_in_a_second(stamps) <= 20
