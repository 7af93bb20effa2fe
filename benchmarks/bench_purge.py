"""Benchmark: the daily retention purge at 1,000,000 tickets, while citizens keep asking.

The database is seeded like the storage benchmark's (`benchmarks.seed`, the steady state of
two years, each of the last days leaving one day's work), at 1,000,000 tickets with 200,000
Vor-Ort-Service requests, 600,000 users, 300,000 sessions and two FAQ events per ticket (five
in the storage benchmark: fewer here only to keep the seeding time down). The bot runs on it
as shipped (`build_application`, the outbox in the background). One due day is purged as a
warm-up; the next day is purged as the baseline, every data owner's work in one transaction
(the batch sizes set beyond the day's work, the search index compacted by one `optimize`);
then the day after in the shipped batches. During both, a citizen asks an FAQ question every
50 ms through the Application and a storage probe runs a small write transaction every 10 ms;
the answers' and the probe's times are measured, and how long each of the purge's write
transactions held the lock. Targets (issue 16): the purge < 1 s, no answer held up by it
(< 1 s), and no transaction or probe wait over 50 ms.

Run: `python -m benchmarks --only purge` (about 3 minutes, most of it seeding).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

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
from core import history_privacy, privacy_owners
from core.clock import ManualClock
from core.services import Services, create_services
from handlers.telegram import persistence
from handlers.telegram.app import build_application
from handlers.telegram.context import BotApplication
from handlers.telegram.offline import UpdateFactory
from storage import inbox
from storage.db import Database

__all__ = ["run"]

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TICKETS = 1_000_000
ASK_EVERY = 0.05
PROBE_EVERY = 0.01
TARGET_S = 1.0
STALL_TARGET_MS = 50.0


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


async def _probing(db: Database, stop: asyncio.Event) -> list[float]:
    """Every `PROBE_EVERY` seconds, a small write transaction with a read (what a citizen's update does).

    Its time is the wait for the write lock and the writer's thread plus the statement itself.
    """
    waits: list[float] = []
    while not stop.is_set():
        started = time.perf_counter()
        async with db.transaction() as conn, conn.execute("SELECT COUNT(*) FROM ticket_counts") as cursor:
            await cursor.fetchone()
        waits.append(time.perf_counter() - started)
        await asyncio.sleep(PROBE_EVERY)
    return waits


_PURGING: contextvars.ContextVar[bool] = contextvars.ContextVar("purging", default=False)
"""Set in the task that runs the purge (the citizen's and the probe's tasks do not see it)."""


class _Holds:
    """How long each of the purge's write transactions held the lock, and for which data owner."""

    def __init__(self, db: Database) -> None:
        self.seconds: list[tuple[float, str]] = []
        self.owner = ""
        self._transaction = db.transaction

        @contextlib.asynccontextmanager
        async def timed() -> AsyncIterator[aiosqlite.Connection]:
            async with self._transaction() as conn:
                started = time.perf_counter()
                yield conn
                if _PURGING.get():
                    self.seconds.append((time.perf_counter() - started, self.owner))

        db.transaction = timed  # type: ignore[method-assign]


async def _purge(
    services: Services, moment: datetime, owner_ms: dict[str, list[float]], holds: _Holds
) -> dict[str, int]:
    """The daily purge as `Privacy.run_purge` does it (every DataOwner), timing each owner."""
    cutoff = moment - timedelta(days=services.config.privacy.retention_days)
    counts: dict[str, int] = {}
    for owner in services.data_owners:
        holds.owner = owner.name
        started = time.perf_counter()
        counts[owner.name] = await owner.purge(cutoff)
        owner_ms.setdefault(owner.name, []).append(round((time.perf_counter() - started) * 1000, 1))
    holds.owner = "privacy"
    await services.privacy.record("retention_purge", "benchmark")
    return counts


def _one_transaction(monkeypatch: list[tuple[Any, str, Any]]) -> None:
    """The baseline: every owner's day of work in one transaction (as before the batches)."""
    for module, name, value in (
        (privacy_owners, "PURGE_BATCH", 10**9),
        (history_privacy, "PURGE_BATCH", 10**9),
        (inbox, "SEARCH_MERGE_PAGES", 10**9),  # one merge step: the whole `optimize`
        (persistence, "_CHUNK", 10**9),
    ):
        monkeypatch.append((module, name, getattr(module, name)))
        setattr(module, name, value)


async def _day(
    services: Services,
    app: BotApplication,
    factory: UpdateFactory,
    questions: list[str],
    holds: _Holds,
    moment: datetime,
    first: int,
) -> dict[str, Any]:
    """One day's purge while a citizen asks and the storage probe writes; times and counts."""
    stop = asyncio.Event()
    asking = asyncio.create_task(_asking(app, factory, questions, stop, first))
    probing = asyncio.create_task(_probing(services.db, stop))
    await asyncio.sleep(0.2)
    owner_ms: dict[str, list[float]] = {}
    holds.seconds.clear()
    token = _PURGING.set(True)
    try:
        purge_started = time.perf_counter()
        purged = await _purge(services, moment, owner_ms, holds)
        seconds = time.perf_counter() - purge_started
    finally:
        _PURGING.reset(token)
    held = sorted(holds.seconds, reverse=True)
    await asyncio.sleep(0.2)
    stop.set()
    answers, probes = await asking, await probing
    return {
        "seconds": seconds,
        "purged": purged,
        "owner_ms": owner_ms,
        "answers": answers,
        "probes": probes,
        "transactions": len(held),
        "longest_transaction": held[0][0] if held else 0.0,
        "longest_transactions_ms": [(round(seconds * 1000, 1), owner) for seconds, owner in held[:10]],
    }


async def measure(directory: Path, plan: SeedPlan) -> dict[str, Any]:
    """Seed, start the bot, time one day's purge in one transaction per owner, then in batches."""
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
    holds = _Holds(services.db)
    restore: list[tuple[Any, str, Any]] = []
    try:
        for i in range(20):  # code paths and pages warm
            await _ask(app, factory, 10_000 + i, questions[i])
        await _purge(services, plan.now - timedelta(days=plan.due_days - 1), {}, holds)  # warm-up day
        quiet = [await _ask(app, factory, 20_000 + i, q) for i, q in enumerate(questions[:40])]
        _one_transaction(restore)
        try:
            before = await _day(
                services, app, factory, questions, holds, plan.now - timedelta(days=plan.due_days - 2), 30_000
            )
        finally:
            for module, name, value in restore:
                setattr(module, name, value)
        batched = await _day(
            services, app, factory, questions, holds, plan.now - timedelta(days=plan.due_days - 3), 40_000
        )
    finally:
        await app.stop()
        await app.shutdown()
        await services.close()

    during, probes = batched["answers"], batched["probes"]
    figures = [
        figure(
            f"daily purge at {plan.tickets:,} tickets (one day's work), in batches",
            batched["seconds"],
            "s",
            f"< {TARGET_S:g} s",
            batched["seconds"] < TARGET_S,
        ),
        figure("  baseline: one transaction per data owner (the day before)", before["seconds"], "s"),
        figure(
            "longest write transaction of the purge",
            batched["longest_transaction"] * 1000,
            "ms",
            f"< {STALL_TARGET_MS:g} ms",
            batched["longest_transaction"] * 1000 < STALL_TARGET_MS,
        ),
        figure("  baseline: one transaction per data owner", before["longest_transaction"] * 1000, "ms"),
        figure("  write transactions of the purge: batched / baseline", f"{batched['transactions']} / "
               f"{before['transactions']}", ""),
        figure(
            f"storage probe during the purge (a write every {PROBE_EVERY * 1000:g} ms): max",
            max(probes) * 1000,
            "ms",
            f"< {STALL_TARGET_MS:g} ms",
            max(probes) * 1000 < STALL_TARGET_MS,
        ),
        figure("  storage probe: median", statistics.median(probes) * 1000, "ms"),
        figure("  baseline: storage probe max / median", f"{max(before['probes']) * 1000:.1f} / "
               f"{statistics.median(before['probes']) * 1000:.1f}", "ms"),
        figure(
            "citizen answer during the purge: max",
            max(during),
            "s",
            f"< {TARGET_S:g} s",
            max(during) < TARGET_S,
        ),
        figure("citizen answer during the purge: median", statistics.median(during), "s"),
        figure("  baseline: answers during the one-transaction purge: max", max(before["answers"]), "s"),
        figure(
            "  no purge running: median / max",
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
        purged=batched["purged"],
        purged_baseline=before["purged"],
        purge_ms_per_owner=batched["owner_ms"],
        purge_ms_per_owner_baseline=before["owner_ms"],
        longest_transactions_ms=batched["longest_transactions_ms"],
        longest_transactions_ms_baseline=before["longest_transactions_ms"],
        answers_during_ms=[round(s * 1000, 2) for s in during],
        probe_ms=[round(s * 1000, 2) for s in probes],
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
