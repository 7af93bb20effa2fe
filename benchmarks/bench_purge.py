"""Benchmark: the daily retention purge at 1,000,000 tickets, while citizens keep asking.

The database is seeded like the storage benchmark's (`benchmarks.seed`, the steady state of
two years, each of the last days leaving one day's work), at 1,000,000 tickets with 200,000
Vor-Ort-Service requests, 600,000 users, 300,000 sessions and two FAQ events per ticket (five
in the storage benchmark: fewer here only to keep the seeding time down). The bot runs on it
as shipped (`build_application`, the outbox in the background). One due day is purged as a
warm-up; then the next day's purge runs (every registered data owner, as `Privacy.run_purge`
does) while a citizen asks an FAQ question every 50 ms through the Application, and each
answer's time is measured; the same questions without a purge are the baseline, in the same
run. Targets (issue 16): the purge < 1 s, and no answer held up by it (< 1 s).

Run: `python -m benchmarks --only purge` (about 3 minutes, most of it seeding).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_storage import _purge
from benchmarks.common import (
    STAFF_CHAT,
    STAFF_ID,
    LeanApi,
    bench_config,
    citizen,
    figure,
    questions_from_faq,
    result,
)
from benchmarks.seed import SeedPlan, seed
from core.clock import ManualClock
from core.services import create_services
from handlers.telegram.app import build_application
from handlers.telegram.context import BotApplication
from handlers.telegram.offline import UpdateFactory

__all__ = ["run"]

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TICKETS = 1_000_000
ASK_EVERY = 0.05
TARGET_S = 1.0


async def _ask(app: BotApplication, factory: UpdateFactory, number: int, question: str) -> float:
    """One citizen's question through the Application; seconds until it was handled."""
    started = time.perf_counter()
    await app.process_update(factory.text(citizen(factory, 800_000 + number), question))
    return time.perf_counter() - started


async def _asking(
    app: BotApplication, factory: UpdateFactory, questions: list[str], stop: asyncio.Event, first: int
) -> list[float]:
    """Ask one question every `ASK_EVERY` seconds until `stop` is set; the answer times."""
    waits: list[float] = []
    number = first
    while not stop.is_set():
        waits.append(await _ask(app, factory, number, questions[number % len(questions)]))
        number += 1
        await asyncio.sleep(ASK_EVERY)
    return waits


async def measure(directory: Path, plan: SeedPlan) -> dict[str, Any]:
    """Seed, start the bot, time one day's purge with citizens asking meanwhile, and without."""
    clock = ManualClock(plan.now)
    config = bench_config(directory)
    services = await create_services(config, clock)
    await services.close()
    started = time.perf_counter()
    sizes = seed(config.storage.database, plan)
    seed_seconds = time.perf_counter() - started

    services = await create_services(config, clock)
    api = LeanApi()
    api.add_member(STAFF_CHAT, STAFF_ID)
    app = build_application(services, request=api, rate_limit=False)
    await app.initialize()
    await app.start()
    factory = UpdateFactory(app.bot)
    questions = questions_from_faq(services.faq, 200)
    owner_ms: dict[str, list[float]] = {}
    try:
        for i in range(20):  # code paths and pages warm
            await _ask(app, factory, 10_000 + i, questions[i])
        await _purge(services, plan.now - timedelta(days=plan.due_days - 1), {})  # warm-up day
        quiet = [await _ask(app, factory, 20_000 + i, q) for i, q in enumerate(questions[:40])]
        stop = asyncio.Event()
        asking = asyncio.create_task(_asking(app, factory, questions, stop, 30_000))
        await asyncio.sleep(0.2)
        purge_started = time.perf_counter()
        purged = await _purge(services, plan.now - timedelta(days=plan.due_days - 2), owner_ms)
        purge_seconds = time.perf_counter() - purge_started
        await asyncio.sleep(0.2)
        stop.set()
        during = await asking
    finally:
        await app.stop()
        await app.shutdown()
        await services.close()

    figures = [
        figure(
            f"daily purge at {plan.tickets:,} tickets (one day's work)",
            purge_seconds,
            "s",
            f"< {TARGET_S:g} s",
            purge_seconds < TARGET_S,
        ),
        figure(
            "citizen answer during the purge: max",
            max(during),
            "s",
            f"< {TARGET_S:g} s",
            max(during) < TARGET_S,
        ),
        figure("citizen answer during the purge: median", statistics.median(during), "s"),
        figure(
            "  baseline, no purge running: median / max",
            f"{statistics.median(quiet):.3f} / {max(quiet):.3f}",
            "s",
        ),
        figure("  answers during the purge", len(during), ""),
    ]
    return result(
        "purge",
        f"Retention purge at {plan.tickets:,} tickets while citizens ask",
        False,
        figures,
        rows=sizes,
        seed_seconds=round(seed_seconds, 1),
        purged=purged,
        purge_ms_per_owner=owner_ms,
        answers_during_ms=[round(s * 1000, 2) for s in during],
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of tickets (tests), `quick`: 200,000."""
    tickets = size or (200_000 if quick else TICKETS)
    plan = SeedPlan(
        now=NOW,
        tickets=tickets,
        requests=tickets // 5,
        events_per_ticket=2,
        users=max(100, tickets * 3 // 5),
        sessions=max(50, tickets * 3 // 10),
    )
    with tempfile.TemporaryDirectory(prefix="bench-purge-") as tmp:
        data = asyncio.run(measure(Path(tmp), plan))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    import json

    outcome = run()
    print(json.dumps(outcome["figures"], indent=2, ensure_ascii=False))
