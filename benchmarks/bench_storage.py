"""Benchmark 3: staff commands and the daily purge on a database of two years' data.

The database holds 100,000 tickets (about 190,000 thread messages, 290,000 audit entries,
500,000 anonymous FAQ events, 190,000 outbox rows, 60,000 users), generated with bulk
inserts. /offen, /ticket N and /statistik run through the real Application as a staff
member in the staff group; the daily purge anonymises one day's worth of tickets closed
before the retention cut-off. Every SQL statement they run is captured with SQLite's trace
callback and its query plan (EXPLAIN QUERY PLAN) is printed. Target: each under 50 ms.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from benchmarks.common import STAFF_CHAT, STAFF_ID, LeanApi, bench_config, figure, result
from benchmarks.seed import SeedPlan, seed
from core.clock import ManualClock
from core.services import Services, create_services
from handlers.telegram.app import build_application
from handlers.telegram.offline import UpdateFactory

__all__ = ["run"]

TARGET_MS = 50.0
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_BIG_TABLE_ROWS = 10_000


class Tracer:
    """Collects the SQL statements SQLite runs while active."""

    def __init__(self) -> None:
        self.active = False
        self.statements: list[str] = []

    def __call__(self, statement: str) -> None:
        if self.active:
            self.statements.append(statement)


async def _purge(services: Services, moment: datetime, owner_ms: dict[str, list[float]]) -> dict[str, int]:
    """The daily purge as `Privacy.run_purge` does it (every DataOwner), timing each owner."""
    cutoff = moment - timedelta(days=services.config.privacy.retention_days)
    counts: dict[str, int] = {}
    for owner in services.data_owners:
        started = time.perf_counter()
        counts[owner.name] = await owner.purge(cutoff)
        owner_ms.setdefault(owner.name, []).append(round((time.perf_counter() - started) * 1000, 1))
    await services.privacy.record("retention_purge", "benchmark")
    return counts


async def _plans(
    conn: aiosqlite.Connection, statements: list[str], sizes: dict[str, int]
) -> list[dict[str, Any]]:
    """EXPLAIN QUERY PLAN of each distinct statement shape; flags full scans of big tables."""
    seen: set[str] = set()
    plans: list[dict[str, Any]] = []
    for statement in statements:
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if head not in ("SELECT", "UPDATE", "DELETE", "WITH"):
            continue
        shape = _LITERAL.sub("?", " ".join(statement.split()))
        if shape in seen:
            continue
        seen.add(shape)
        async with conn.execute(f"EXPLAIN QUERY PLAN {statement}") as cursor:
            rows = list(await cursor.fetchall())
        depth: dict[int, int] = {0: 0}
        lines = []
        full_scans = []
        for row in rows:
            node, parent, detail = int(row[0]), int(row[1]), str(row[3])
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + detail)
            match = re.match(r"SCAN (\w+)", detail)
            if match and "COVERING INDEX" not in detail and sizes.get(match.group(1), 0) >= _BIG_TABLE_ROWS:
                full_scans.append(detail)
        plans.append({"sql": shape, "plan": lines, "full_scans": full_scans})
    return plans


async def _timed(
    tracer: Tracer, repeat: int, action: Callable[[int], Awaitable[object]], *, warm: bool = True
) -> tuple[list[float], list[str]]:
    """Run action(i) repeat times (after a warm-up run), timing each; traces the last run's SQL."""
    if warm:
        await action(repeat)
    seconds = []
    for i in range(repeat):
        tracer.active = i == repeat - 1
        started = time.perf_counter()
        await action(i)
        seconds.append(time.perf_counter() - started)
        tracer.active = False
    statements = list(tracer.statements)
    tracer.statements.clear()
    return seconds, statements


async def measure(directory: Path, plan: SeedPlan, repeat: int) -> dict[str, Any]:
    """Seed, start the bot on the seeded database, time the commands and the purge."""
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
    tracer = Tracer()
    await services.db.trace(tracer)
    factory = UpdateFactory(app.bot)
    staff = factory.user(STAFF_ID, "Sam Team", "de")
    timings: dict[str, list[float]] = {}
    traced: dict[str, list[str]] = {}
    purged: list[dict[str, int]] = []
    owner_ms: dict[str, list[float]] = {}
    try:

        async def command(text: str) -> None:
            await app.process_update(factory.text(staff, text, chat_id=STAFF_CHAT))

        recent = plan.tickets
        old = plan.tickets // 3
        commands: dict[str, Callable[[int], Awaitable[object]]] = {
            "/offen": lambda i: command("/offen"),
            "/ticket N (recent)": lambda i: command(f"/ticket {recent - i}"),
            "/ticket N (old, anonymised)": lambda i: command(f"/ticket {old + i * 97}"),
            "/statistik": lambda i: command("/statistik"),
        }
        for label, action in commands.items():
            timings[label], traced[label] = await _timed(tracer, repeat, action)

        async def purge_day(i: int) -> None:
            moment = plan.now - timedelta(days=plan.due_days - 1 - i)
            purged.append(await _purge(services, moment, owner_ms))

        # warm-up: the first of the due days, not timed
        await _purge(services, plan.now - timedelta(days=plan.due_days - 1), {})
        timings["daily purge"], traced["daily purge"] = await _timed(
            tracer, plan.due_days - 1, lambda i: purge_day(i + 1), warm=False
        )
        plans = {
            label: await _plans(services.db.conn, statements, sizes) for label, statements in traced.items()
        }
    finally:
        await app.stop()
        await app.shutdown()
        await services.close()

    figures = []
    for label, seconds in timings.items():
        worst = max(seconds) * 1000
        figures.append(
            figure(
                f"{label}: median / worst",
                f"{statistics.median(seconds) * 1000:.1f} / {worst:.1f}",
                "ms",
                f"< {TARGET_MS:g} ms",
                worst < TARGET_MS,
            )
        )
    return result(
        "storage",
        f"Storage at scale ({plan.tickets:,} tickets, {plan.requests:,} requests)",
        False,
        figures,
        rows=sizes,
        seed_seconds=round(seed_seconds, 1),
        runs_per_command=repeat,
        purge="every registered DataOwner's purge as Privacy.run_purge runs them; one day's worth each",
        purged_per_day=purged,
        purge_ms_per_owner=owner_ms,
        timings_ms={k: [round(s * 1000, 2) for s in v] for k, v in timings.items()},
        query_plans=plans,
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of tickets (tests)."""
    tickets = size or (20_000 if quick else 100_000)
    plan = SeedPlan(
        now=NOW,
        tickets=tickets,
        requests=tickets // 5,
        users=max(100, tickets * 3 // 5),
        sessions=max(50, tickets * 3 // 10),
    )
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as tmp:
        data = asyncio.run(measure(Path(tmp), plan, repeat=5 if size else 20))
    data["quick"] = quick
    if quick or size:
        data["title"] = f"Storage at scale ({tickets:,} tickets, {plan.requests:,} requests, smaller run)"
    return data


def format_plans(data: dict[str, Any]) -> str:
    """The query plans as text, for the console."""
    lines = []
    for label, plans in data["details"].get("query_plans", {}).items():
        lines.append(f"{label}:")
        for entry in plans:
            lines.append(f"  {entry['sql']}")
            lines.extend(f"      {step}" for step in entry["plan"])
            lines.extend(f"      ⚠ full scan of a big table: {scan}" for scan in entry["full_scans"])
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys

    outcome = run(quick="--quick" in sys.argv)
    print(format_plans(outcome))
    print(json.dumps(outcome["figures"], indent=2, ensure_ascii=False))
    print(json.dumps({k: v for k, v in outcome["details"].items() if k != "query_plans"}, indent=1))
