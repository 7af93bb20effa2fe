"""A fresh process that starts the bot like `python -m bot run` does and reports on itself.

    python -m benchmarks.probe startup --config FILE
    python -m benchmarks.probe memory --config FILE --users 10000 --checkpoints 2000,5000,10000 \
        [--no-bound] [--trace] [--own-words]

`startup`: from process start (psutil create_time) until the Application is started and
ready for polling (the offline request layer stands in for Telegram, so no network wait).
`memory`: resident size after start and after free-text questions from N distinct users,
fed through the update queue; time is simulated for the memory bound (bot.memory) and the
bot's clock (the flood guard's minute): the users arrive evenly over a busy `--hours` day
and the sweep runs every five simulated minutes, as its job does. With --no-bound it never
runs (PTB's plain behaviour). With --trace, tracemalloc follows Python's own allocations from
the start: each checkpoint also gives the traced size, and the result names the source lines
whose allocations grew most between the first and the last checkpoint. With --own-words each
user signs the question with a surname of their own, as citizens write names, streets and typos
the FAQ never saw.
Prints one JSON object on stdout. Only the standard library is imported before timing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from typing import Any


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    parser.add_argument("mode", choices=("startup", "memory"))
    parser.add_argument("--config", required=True)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--checkpoints", default="2000,5000,10000")
    parser.add_argument("--hours", type=float, default=8.0, help="simulated length of the day")
    parser.add_argument("--no-bound", action="store_true", help="never drop idle users' data")
    parser.add_argument("--trace", action="store_true", help="tracemalloc: Python's allocations")
    parser.add_argument("--own-words", action="store_true", help="each user signs with a name of their own")
    return parser.parse_args(argv)


def _rss_mb() -> float:
    import psutil  # type: ignore[import-untyped]

    gc.collect()
    return float(psutil.Process().memory_info().rss) / 1024 / 1024


async def _start(
    config_path: str, created: float, clock: Any = None
) -> tuple[Any, Any, Any, dict[str, float]]:
    """Build services and the Application and start it; returns (services, app, api, phases)."""
    from benchmarks.common import LeanApi
    from bot.cli import setup_logging
    from bot.settings import resolve_config
    from core.services import create_services
    from handlers.telegram.app import build_application

    phases = {"interpreter_and_imports": time.time() - created}
    config = resolve_config(config_path)
    setup_logging("WARNING")
    mark = time.perf_counter()
    services = await create_services(config, clock)
    phases["services"] = time.perf_counter() - mark
    mark = time.perf_counter()
    api = LeanApi()
    app = build_application(services, request=api)
    phases["build_application"] = time.perf_counter() - mark
    mark = time.perf_counter()
    await app.initialize()
    await app.start()
    phases["initialize_and_start"] = time.perf_counter() - mark
    return services, app, api, phases


async def _stop(services: Any, app: Any) -> None:
    await app.stop()
    await app.shutdown()
    await services.close()


async def startup(args: argparse.Namespace, created: float) -> dict[str, Any]:
    """Seconds from process start to ready-for-polling, and the resident size then."""
    services, app, _, phases = await _start(args.config, created)
    ready = time.time() - created
    rss = _rss_mb()
    entries = len(services.faq)
    await _stop(services, app)
    return {
        "ready_seconds": round(ready, 3),
        "rss_mb": round(rss, 1),
        "faq_entries": entries,
        "phases": {k: round(v, 3) for k, v in phases.items()},
    }


class _SimulatedClock:
    """Monotonic seconds of the simulated day."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def own_name(index: int) -> str:
    """A surname nobody else in the run has ("Gruß, Erika Bakowe"): words the FAQ never saw."""
    letters = "bdfghklmnprstwz"
    vowels = "aeiou"
    name = ""
    while True:
        index, consonant = divmod(index, len(letters))
        index, vowel = divmod(index, len(vowels))
        name += letters[consonant] + vowels[vowel]
        if not index:
            return name.capitalize() + "we"


def _traced() -> int:
    """Bytes Python holds that tracemalloc saw allocated (0 when not tracing)."""
    import tracemalloc

    gc.collect()
    return tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0


def _sqlite_kb() -> float:
    """KB SQLite itself holds (page caches, statements), outside Python's allocator; -1 if unknown."""
    import _sqlite3
    import ctypes

    try:
        used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    except (OSError, AttributeError):
        return -1.0
    used.restype = ctypes.c_int64
    return round(float(used()) / 1024, 1)


def _held(app: Any, services: Any) -> dict[str, int]:
    """How many entries the bot's per-user and per-chat structures hold now."""
    from telegram.ext import TypeHandler

    first = [h for h in app.handlers.get(-1, []) if isinstance(h, TypeHandler)]
    owners = (getattr(h.callback, "__self__", None) for h in first)
    guards: list[Any] = [owner for owner in owners if hasattr(owner, "__len__")]
    limiter = app.bot.rate_limiter
    return {
        "user_chat_data": len(app.user_data) + len(app.chat_data),
        "conversations": sum(len(c) for c in app._conversation_handler_conversations.values()),
        "limiter_chats": len(getattr(limiter, "_chats", ())),
        "guard_users": sum(len(guard) for guard in guards),
        "outbox_paced": len(services.outbox._last_sent),
    }


def _growth(first: Any, last: Any, top: int = 12) -> list[dict[str, Any]]:
    """The source lines whose live allocations grew most between two tracemalloc snapshots."""
    stats = last.compare_to(first, "lineno")
    return [
        {"where": str(stat.traceback[0]), "kb": round(stat.size_diff / 1024, 1), "blocks": stat.count_diff}
        for stat in stats[:top]
    ]


async def memory(args: argparse.Namespace, created: float) -> dict[str, Any]:
    """RSS after start and at each checkpoint of distinct users; with or without the memory bound."""
    import tracemalloc
    from datetime import UTC, datetime, timedelta

    from benchmarks.common import FIRST_CITIZEN, questions_from_faq
    from core.clock import ManualClock
    from handlers.telegram.memory import SWEEP_SECONDS, MemoryBound
    from handlers.telegram.offline import UpdateFactory

    day = ManualClock(datetime.now(UTC))  # the bot's clock (e.g. the flood guard's minute) follows the day
    services, app, api, _ = await _start(args.config, created, day)
    bound: MemoryBound = services.extras["memory"]
    clock = _SimulatedClock()
    bound.clock = clock
    factory = UpdateFactory(app.bot)
    questions = questions_from_faq(services.faq, 500)
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    per_user = args.hours * 3600 / args.users
    chunk = max(1, int(SWEEP_SECONDS / per_user))
    points: list[dict[str, Any]] = [
        {
            "users": 0,
            "rss_mb": round(_rss_mb(), 1),
            "python_blocks": sys.getallocatedblocks(),
            "traced_kb": round(_traced() / 1024, 1),
            "sqlite_kb": _sqlite_kb(),
            "in_memory": 0,
            "held": _held(app, services),
        }
    ]
    snapshots = []
    answered = api.counts["sendMessage"]
    done = 0
    started = time.perf_counter()
    for checkpoint in checkpoints:
        while done < checkpoint:
            batch = range(done, min(done + chunk, checkpoint))
            for i in batch:
                user = factory.user(FIRST_CITIZEN + i, "Erika", "de")
                text = questions[i % len(questions)]
                if args.own_words:
                    text = f"{text} Gruß, Erika {own_name(i)}"
                app.update_queue.put_nowait(factory.text(user, text))
            await app.update_queue.join()
            done = batch[-1] + 1
            clock.now += per_user * len(batch)
            day.advance(timedelta(seconds=per_user * len(batch)))
            if not args.no_bound:
                await bound.sweep()
        await app.update_persistence()
        api.reset()
        points.append(
            {
                "users": done,
                "rss_mb": round(_rss_mb(), 1),
                "python_blocks": sys.getallocatedblocks(),
                "traced_kb": round(_traced() / 1024, 1),
                "sqlite_kb": _sqlite_kb(),
                "in_memory": len(app.user_data) + len(app.chat_data),
                "held": _held(app, services),
            }
        )
        if tracemalloc.is_tracing():
            snapshots.append(tracemalloc.take_snapshot())
    seconds = time.perf_counter() - started
    answered = api.counts["sendMessage"] - answered
    await _stop(services, app)
    return {
        "bound": not args.no_bound,
        "points": points,
        "answered": answered,
        "growth": _growth(snapshots[0], snapshots[-1]) if len(snapshots) > 1 else [],
        "updates_per_second": round(done / seconds, 1),
        "simulated_hours": args.hours,
        "dropped": bound.dropped,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the probe and print its JSON."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    import psutil

    created = float(psutil.Process().create_time())
    if args.trace:
        import tracemalloc

        tracemalloc.start()
    job = startup if args.mode == "startup" else memory
    print(json.dumps(asyncio.run(job(args, created))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
