"""Benchmark 7: the staff console's pages on a database of 100,000 tickets (two years' data).

The database is seeded like the storage benchmark; the console app runs in-process (httpx's
ASGI transport, no socket), signed in as an agent, so the time is the server's time: the
inbox (open, all, text searches: a word in most kept texts, one ticket's words, no match,
two letters; "mine"), the polled rows and a ticket page. Target: each under 200 ms (median).
"""

from __future__ import annotations

import asyncio
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import bench_config, figure, result
from benchmarks.seed import SeedPlan, seed
from core.clock import ManualClock
from core.services import create_services
from handlers.web import create_app
from handlers.web.console import console_part

__all__ = ["run"]

TARGET_MS = 200.0
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "benchmark-password"
PAGES = {
    "inbox (open)": "/console/?state=open",
    "inbox (all)": "/console/?state=all",
    "inbox search": "/console/?state=all&q=Baumhaus",
    "inbox search (one ticket)": "/console/?state=all&q=Frage+{ticket}",
    "inbox search (none)": "/console/?state=all&q=Schwimmbad",
    "inbox search (open, 2 letters)": "/console/?state=open&q=Ba",
    "inbox mine": "/console/?state=all&mine=1",
    "polled rows": "/console/inbox/rows?state=open",
    "ticket page": "/console/tickets/{ticket}",
}


async def measure(directory: Path, plan: SeedPlan, repeat: int) -> dict[str, Any]:
    """Seed, sign in, time every page `repeat` times."""
    clock = ManualClock(plan.now)
    config = bench_config(directory)
    services = await create_services(config, clock)
    await services.close()
    sizes = seed(config.storage.database, plan)
    services = await create_services(config, clock)
    try:
        await services.accounts.add("bench", "agent", PASSWORD)
        app = create_app(services, [console_part()], b"b" * 40)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            form = (await client.get("/console/login")).text
            token = re.search(r'name="login_csrf" value="([^"]+)"', form)
            assert token is not None
            await client.post(
                "/console/login", data={"name": "bench", "password": PASSWORD, "login_csrf": token.group(1)}
            )
            newest = (await services.console.inbox(limit=1))[0].ticket.id
            timings: dict[str, list[float]] = {}
            for label, path in PAGES.items():
                for _ in range(repeat):
                    started = time.perf_counter()
                    answer = await client.get(path.format(ticket=newest))
                    timings.setdefault(label, []).append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200, (label, answer.status_code)
    finally:
        await services.close()
    figures = []
    for label, values in timings.items():
        median = statistics.median(values)
        figures.append(figure(f"{label} median", median, "ms", f"< {TARGET_MS:g}", median < TARGET_MS))
    return result(
        "console",
        f"Staff console pages ({plan.tickets:,} tickets)",
        False,
        figures,
        rows=sizes,
        samples={label: [round(v, 1) for v in values] for label, values in timings.items()},
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of tickets (tests)."""
    tickets = size or (20_000 if quick else 100_000)
    users, sessions = max(100, tickets * 3 // 5), max(50, tickets // 10)
    plan = SeedPlan(now=NOW, tickets=tickets, requests=0, users=users, sessions=sessions)
    with tempfile.TemporaryDirectory(prefix="bench-console-") as tmp:
        data = asyncio.run(measure(Path(tmp), plan, repeat=3 if size else 10))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    print(run())
