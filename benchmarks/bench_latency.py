"""Benchmark 7: the bot against a Bot API that answers after a round trip (0, 50, 150 ms).

`DelayedApi` (an offline Bot API, a `BaseRequest`) waits `delay` seconds before it answers any
call, as a Bot API server far away would. Everything else is the real bot, built as shipped
(`build_application`: concurrent updates in per-chat order, the priority rate limiter with the
shipped limits). Per round trip:

- **burst**: N citizens ask an FAQ question at the same moment (updates queued at once, as the
  polling updater or the webhook would queue them). Answers per second and the first reply's
  p50/p99, against the ideal under Telegram's 30 messages/s: the k-th answer at (k-1)/30 s plus
  one round trip;
- **cap lifted**: the same burst with the overall cap off (`telegram.limits.overall_per_second:
  0`), beside a bare PTB echo bot with the same concurrency (16 updates at once) on the same
  delayed Bot API, in the same run, with the process time per update of each (all threads: on a
  shared machine the bot's share of the echo bot's rate follows its CPU per update);
- **busy** (50 ms only): the staff group at its 20-per-minute limit (24 /offen queued) and a
  1,000-subscriber broadcast flushing from the outbox; meanwhile citizens ask, one every 0.4 s,
  and each answer's time (question queued → answer sent) is measured, with the broadcast's
  sends per second; then the same with the outbox sending one row at a time (the baseline).
"""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from benchmarks.common import (
    FIRST_CITIZEN,
    STAFF_CHAT,
    STAFF_ID,
    LeanApi,
    bench_config,
    citizen,
    figure,
    percentile,
    questions_from_faq,
    result,
)
from core.config import Config, load_config
from core.outbox import message_payload
from core.questions import FOLLOWUPS
from core.services import Services, create_services
from faq import Faq
from handlers.telegram.app import OFFLINE_TOKEN, build_application
from handlers.telegram.context import BotApplication
from handlers.telegram.offline import UpdateFactory
from handlers.telegram.processor import DEFAULT_CONCURRENCY

__all__ = ["DelayedApi", "run"]

CAP = 30.0
DELAYS_MS = (0, 50, 150)
GOAL_DELAY_MS = 50
WARMUP = 20
SEND = frozenset({"sendMessage", "sendDocument", "sendVenue", "sendLocation", "sendPhoto"})


class DelayedApi(LeanApi):
    """The lean offline Bot API, answering every call after `delay` seconds; notes each chat's first reply."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.first_reply: dict[int, float] = {}
        self.sends = 0

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Wait one round trip, then answer like the offline API."""
        if self.delay:
            await asyncio.sleep(self.delay)
        answer = await super().do_request(url, method, *args, **kwargs)
        request_data = args[0] if args else kwargs.get("request_data")
        if url.rsplit("/", 1)[-1] in SEND and request_data is not None:
            self.sends += 1
            chat = request_data.parameters.get("chat_id")
            if isinstance(chat, int):
                self.first_reply.setdefault(chat, time.perf_counter())
        return answer


def single_answer_questions(faq: Faq, count: int) -> list[str]:
    """FAQ questions whose answer is one message (entries without a follow-up)."""
    plain = Faq(tuple(entry for entry in faq if entry.id not in FOLLOWUPS))
    return questions_from_faq(plain, count)


def _config(directory: Path, overall: float | None = None) -> Config:
    base = bench_config(directory, rate_limit=True)
    if overall is None:
        return base
    return load_config(
        None,
        overrides={
            "storage": {"database": str(base.storage.database)},
            "staff": {"chat_id": STAFF_CHAT},
            "telegram": {"rate_limit": True, "limits": {"overall_per_second": overall}},
        },
    )


async def _started(config: Config, api: DelayedApi) -> tuple[Services, BotApplication]:
    services = await create_services(config)
    api.add_member(STAFF_CHAT, STAFF_ID)
    app = build_application(services, request=api)
    await app.initialize()
    await app.start()
    return services, app


async def _stopped(services: Services, app: BotApplication) -> None:
    await app.stop()
    await app.shutdown()
    await services.close()


def ideal_first_replies(count: int, delay: float, cap: float = CAP) -> list[float]:
    """When each of `count` answers would arrive at best: one every 1/cap s, plus a round trip."""
    return [k / cap + delay for k in range(count)]


async def _burst(
    app: Application[Any, Any, Any, Any, Any, Any], api: DelayedApi, questions: list[str], first_id: int
) -> dict[str, Any]:
    """Queue one question per citizen at once; wait for every answer; the figures of it."""
    factory = UpdateFactory(app.bot)
    updates = [factory.text(citizen(factory, first_id + i), q) for i, q in enumerate(questions)]
    ids = [first_id + FIRST_CITIZEN + i for i in range(len(questions))]
    started = time.perf_counter()
    cpu = time.process_time()
    for update in updates:
        app.update_queue.put_nowait(update)
    await app.update_queue.join()
    cpu = time.process_time() - cpu
    waits = [api.first_reply[i] - started for i in ids if i in api.first_reply]
    seconds = max(waits) if waits else 0.0
    return {
        "answered": len(waits),
        "cpu_ms_per_update": 1000 * cpu / len(updates) if updates else 0.0,
        "seconds": seconds,
        "rate": len(waits) / seconds if seconds else 0.0,
        "p50": statistics.median(waits) if waits else 0.0,
        "p99": percentile(waits, 0.99),
    }


async def burst_run(
    directory: Path, questions: list[str], delay: float, overall: float | None
) -> dict[str, Any]:
    """The bot as shipped (or with another overall cap) answering a burst of citizens."""
    api = DelayedApi(delay)
    services, app = await _started(_config(directory, overall), api)
    try:
        await _burst(app, api, questions[:WARMUP], 900_000)  # FAQ index, SQLite pages, code paths warm
        await asyncio.sleep(0.2)
        return await _burst(app, api, questions, 0)
    finally:
        await _stopped(services, app)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


async def echo_run(questions: list[str], delay: float) -> dict[str, Any]:
    """A bare PTB echo bot, as many updates at once as the bot, on the same delayed Bot API."""
    api = DelayedApi(delay)
    app = (
        ApplicationBuilder()
        .token(OFFLINE_TOKEN)
        .request(api)
        .get_updates_request(api)
        .updater(None)
        .concurrent_updates(DEFAULT_CONCURRENCY)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    await app.initialize()
    await app.start()
    try:
        await _burst(app, api, questions[:WARMUP], 900_000)
        return await _burst(app, api, questions, 0)
    finally:
        await app.stop()
        await app.shutdown()


async def busy_run(
    directory: Path, questions: list[str], delay: float, asks: int, outbox_concurrency: int | None = None
) -> dict[str, Any]:
    """Citizens' answer times while the staff group is at its limit and a broadcast runs.

    `outbox_concurrency`: the outbox's sends in flight (None: as shipped; 1: one row at a time).
    """
    api = DelayedApi(delay)
    services, app = await _started(_config(directory), api)
    if outbox_concurrency is not None:
        services.outbox.policy = dataclasses.replace(services.outbox.policy, concurrency=outbox_concurrency)
    try:
        factory = UpdateFactory(app.bot)
        await _burst(app, api, questions[:WARMUP], 900_000)
        staff = factory.user(STAFF_ID, "Sam Team", "de")
        for _ in range(24):  # 20 go out in the first second, then one every 3 s
            app.update_queue.put_nowait(factory.text(staff, "/offen", chat_id=STAFF_CHAT))
        async with services.db.transaction() as conn:
            for i in range(1000):
                await services.outbox.add(
                    conn, FIRST_CITIZEN + 500_000 + i, message_payload("🚐 Der Halt fällt aus."), "bench"
                )
        services.kick_outbox()
        kicked = time.perf_counter()
        await asyncio.sleep(1.0)  # the group is at its limit now, the broadcast is running
        waits: list[float] = []
        for i in range(asks):
            chat = FIRST_CITIZEN + 700_000 + i
            asked = time.perf_counter()
            app.update_queue.put_nowait(factory.text(citizen(factory, 700_000 + i), questions[i]))
            while chat not in api.first_reply and time.perf_counter() - asked < 30:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
            waits.append(api.first_reply.get(chat, time.perf_counter()) - asked)
            await asyncio.sleep(max(0.0, 0.4 - (time.perf_counter() - asked)))
        broadcast = range(FIRST_CITIZEN + 500_000, FIRST_CITIZEN + 700_000)
        broadcast_sent = sum(1 for chat in api.first_reply if chat in broadcast)
        broadcast_seconds = time.perf_counter() - kicked
        async with services.db.transaction() as conn:  # the rest of the broadcast is not needed
            await conn.execute("DELETE FROM outbox WHERE status = 'pending' AND purpose = 'bench'")
        return {
            "waits": waits,
            "median": statistics.median(waits),
            "max": max(waits),
            "broadcast_sent_meanwhile": broadcast_sent,
            "broadcast_rate": broadcast_sent / broadcast_seconds,
        }
    finally:
        await _stopped(services, app)


def _burst_figures(
    label: str, run: dict[str, Any], delay: float, count: int, goal: bool
) -> list[dict[str, Any]]:
    ideal = ideal_first_replies(count, delay)
    ideal_p50 = statistics.median(ideal)
    ideal_p99 = percentile(ideal, 0.99)
    ideal_rate = count / ideal[-1]
    rate_target = 0.9 * CAP
    return [
        figure(
            f"{label}: answers/s (ideal {ideal_rate:.1f})",
            run["rate"],
            "answers/s",
            f"≥ {rate_target:g}" if goal else "",
            run["rate"] >= rate_target if goal else None,
        ),
        figure(
            f"{label}: first reply p50 (ideal {ideal_p50:.2f} s)",
            run["p50"],
            "s",
            f"≤ {ideal_p50 * 1.15:.2f} s (ideal + 15 %)" if goal else "",
            run["p50"] <= ideal_p50 * 1.15 if goal else None,
        ),
        figure(f"{label}: first reply p99 (ideal {ideal_p99:.2f} s)", run["p99"], "s"),
    ]


async def measure(count: int, delays_ms: tuple[int, ...], asks: int) -> dict[str, Any]:
    """Every scenario for every round trip, in one run."""
    figures: list[dict[str, Any]] = []
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        root = Path(tmp)
        services = await create_services(bench_config(root / "probe"))
        questions = single_answer_questions(services.faq, count)
        await services.close()
        for ms in delays_ms:
            delay = ms / 1000
            shipped = await burst_run(root / f"shipped-{ms}", questions, delay, None)
            figures += _burst_figures(f"{ms} ms, burst {count}", shipped, delay, count, ms == GOAL_DELAY_MS)
            lifted = await burst_run(root / f"lifted-{ms}", questions, delay, 0)
            echo = await echo_run(questions, delay)
            share = lifted["rate"] / echo["rate"] if echo["rate"] else 0.0
            goal = ms == GOAL_DELAY_MS  # the issue's goals are at 50 ms; 0 ms is the bare CPU per update
            figures += [
                figure(f"{ms} ms, cap lifted: bot", lifted["rate"], "answers/s"),
                figure(f"{ms} ms, cap lifted: echo bot", echo["rate"], "answers/s"),
                figure(
                    f"{ms} ms, cap lifted: CPU per update, bot / echo bot",
                    f"{lifted['cpu_ms_per_update']:.2f} / {echo['cpu_ms_per_update']:.2f}",
                    "ms",
                ),
                figure(
                    f"{ms} ms, cap lifted: bot / echo",
                    f"{share:.0%}",
                    "",
                    "≥ 50%" if goal else "",
                    share >= 0.5 if goal else None,
                ),
            ]
            details[f"{ms}ms"] = {"shipped": shipped, "lifted": lifted, "echo": echo}
        if GOAL_DELAY_MS in delays_ms or not delays_ms:
            busy = await busy_run(root / "busy", questions, GOAL_DELAY_MS / 1000, asks)
            figures += [
                figure(
                    f"{GOAL_DELAY_MS} ms, staff group at limit + broadcast: citizen answer max",
                    busy["max"],
                    "s",
                    "< 1 s",
                    busy["max"] < 1.0,
                ),
                figure(f"{GOAL_DELAY_MS} ms, same: citizen answer median", busy["median"], "s"),
                figure("broadcast messages sent meanwhile", busy["broadcast_sent_meanwhile"], ""),
                figure("  broadcast sends/s meanwhile (several chats at once)", busy["broadcast_rate"], "/s"),
            ]
            one = await busy_run(
                root / "busy-one", questions, GOAL_DELAY_MS / 1000, asks, outbox_concurrency=1
            )
            figures += [
                figure("  baseline, one row at a time: broadcast sends/s", one["broadcast_rate"], "/s"),
                figure("  baseline, one row at a time: citizen answer max", one["max"], "s"),
            ]
            details["busy"] = busy
            details["busy_one_row_at_a_time"] = one
    return result(
        "latency",
        "Bot API round trip: burst vs. the 30/s ideal, citizens while staff and broadcast are busy",
        False,
        figures,
        citizens=count,
        **details,
    )


def run(
    quick: bool = False, size: int | None = None, delays_ms: tuple[int, ...] | None = None
) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the burst size and `delays_ms` the round trips (tests)."""
    count = size or (100 if quick else 200)
    asks = 3 if size else (6 if quick else 12)
    data = asyncio.run(measure(count, delays_ms if delays_ms is not None else DELAYS_MS, asks))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, ensure_ascii=False, default=str))
