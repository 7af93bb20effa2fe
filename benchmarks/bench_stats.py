"""Benchmark 9: the statistics page and the monthly report on two years of data.

100,000 tickets and 10,000 Vor-Ort-Service requests (seeded like the storage benchmark; the
FAQ's per-day counters filled from its 500,000 events, as the running bot keeps them). The
console app runs in-process (httpx's ASGI transport), signed in as an agent, so the time is
the server's: the statistics page (12 weeks, 6 months), the month report as a page and as a
PDF, and `Statistics.month_report` alone. The baseline, measured in the same run on the same
database, is the console's inbox (open tickets). Targets: page < 300 ms, report < 5 s (median).
Each is fetched once untimed first (templates compiled); beside the wall time, the process's CPU
time (the machine is shared), the full garbage collections during the statistics page's
timings, and the load average before and after (in the JSON and the title).
"""

from __future__ import annotations

import asyncio
import gc
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import bench_config, figure, result
from benchmarks.seed import SeedPlan, seed
from core.clock import ManualClock
from core.services import create_services
from core.statistics import month_start
from handlers.web import create_app
from handlers.web.console import console_part

__all__ = ["run"]

PAGE_MS, REPORT_MS = 300.0, 5000.0
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "benchmark-password"


def _daily_counters(path: Path) -> int:
    """Fill faq_daily from the seeded events (the bot writes both in one transaction)."""
    conn = sqlite3.connect(str(path))
    try:
        with conn:
            conn.execute(
                "INSERT INTO faq_daily (day, decision, entry_id, n) SELECT substr(at, 1, 10), decision,"
                " COALESCE(entry_id, ''), COUNT(*) FROM faq_events GROUP BY 1, 2, 3"
            )
        return int(conn.execute("SELECT COUNT(*) FROM faq_daily").fetchone()[0])
    finally:
        conn.close()


async def _timed(call: Callable[[], Awaitable[Any]], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `repeat` calls, after one untimed call."""
    await call()
    wall, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        await call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return wall, cpu


def _full_collections() -> int:
    return int(gc.get_stats()[2]["collections"])


async def measure(directory: Path, plan: SeedPlan, repeat: int) -> dict[str, Any]:
    """Seed, sign in, time the baseline and the statistics pages `repeat` times each."""
    clock = ManualClock(plan.now)
    config = bench_config(directory)
    services = await create_services(config, clock)
    await services.close()
    sizes = seed(config.storage.database, plan)
    sizes["faq_daily"] = _daily_counters(config.storage.database)
    services = await create_services(config, clock)
    month = month_start(plan.now.date(), -1).strftime("%Y-%m")
    try:
        await services.accounts.add("bench", "agent", PASSWORD)
        app = create_app(services, [console_part()], b"b" * 40)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client:
            form = (await client.get("/console/login")).text
            token = re.search(r'name="login_csrf" value="([^"]+)"', form)
            assert token is not None
            await client.post(
                "/console/login", data={"name": "bench", "password": PASSWORD, "login_csrf": token.group(1)}
            )

            def page(path: str) -> Callable[[], Awaitable[None]]:
                async def get() -> None:
                    answer = await client.get(path)
                    assert answer.status_code == 200, (path, answer.status_code)

                return get

            async def figures_only() -> None:
                await services.statistics.month_report(month_start(plan.now.date(), -1))

            calls = {
                "baseline: inbox (open)": page("/console/?state=open"),
                "statistics page": page("/console/stats"),
                "month report figures": figures_only,
                "month report page": page(f"/console/report?month={month}"),
                "month report PDF": page(f"/console/report.pdf?month={month}"),
            }
            timings: dict[str, list[float]] = {}
            cpu: dict[str, list[float]] = {}
            collections = 0
            for label, call in calls.items():
                before = _full_collections()
                timings[label], cpu[label] = await _timed(call, repeat)
                if label == "statistics page":
                    collections = _full_collections() - before
    finally:
        await services.close()
    targets = {"statistics page": PAGE_MS, "month report page": REPORT_MS, "month report PDF": REPORT_MS}
    figures = []
    for label, values in timings.items():
        median = statistics.median(values)
        target = targets.get(label)
        if target is None:
            figures.append(figure(f"{label} median", median, "ms"))
        else:
            figures.append(figure(f"{label} median", median, "ms", f"< {target:g}", median < target))
        if label in targets:
            figures.append(
                figure(f"{label}: CPU of the process, median", statistics.median(cpu[label]), "ms")
            )
    figures.append(figure(f"statistics page: full garbage collections in {repeat} loads", collections))
    return result(
        "stats",
        f"Statistics page and monthly report ({plan.tickets:,} tickets, {plan.requests:,} requests)",
        False,
        figures,
        rows=sizes,
        month=month,
        samples={label: [round(v, 1) for v in values] for label, values in timings.items()},
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of tickets (tests)."""
    tickets = size or (20_000 if quick else 100_000)
    users, sessions = max(100, tickets * 3 // 5), max(50, tickets // 10)
    plan = SeedPlan(now=NOW, tickets=tickets, requests=tickets // 10, users=users, sessions=sessions)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        data = asyncio.run(measure(Path(tmp), plan, repeat=2 if size else 15))
    load = [round(v, 2) for v in (*load_before, *os.getloadavg())]
    data["quick"] = quick
    data["details"]["load_average"] = {"before (1, 5, 15 min)": load[:3], "after": load[3:]}
    data["title"] += f", load {load[0]:g} → {load[3]:g} on {os.cpu_count()} cores"
    return data


if __name__ == "__main__":
    print(run())
