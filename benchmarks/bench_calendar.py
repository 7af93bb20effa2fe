"""Benchmark 8: the console's Vor-Ort pages with 10,000 planned visits and 100,000 tickets.

The database is seeded like the console benchmark (tickets, users, sessions), then 10,000
proposed and confirmed visits are written straight into `appointments` (weekdays 08:00–17:00
in 45-minute slots over about a year, so a week holds about 200 visits and many conflicts).
Signed in as a vorort account over httpx's ASGI transport (no socket), so the time is the
server's time (wall clock; the process's CPU time beside it, since the machine is shared).
Each page is fetched once untimed first (template compiled). Baseline in the same run: the
same calendar page for a week without visits (the fixed cost of a page: session, template,
layout). Target: calendar pages < 300 ms (median).
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import STAFF_CHAT, bench_config, figure, result
from benchmarks.seed import SeedPlan, seed
from core.clock import ManualClock
from core.services import create_services
from handlers.web import create_app
from handlers.web.console import console_part

__all__ = ["run"]

TARGET_MS = 300.0
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "benchmark-password"
PAGES = {
    "baseline: empty week": "/console/vorort/calendar?view=week&date=2035-06-06",
    "calendar week": "/console/vorort/calendar?view=week&date={day}",
    "calendar month": "/console/vorort/calendar?view=month&date={day}",
    "list (confirmed)": "/console/vorort?tab=confirmed",
    "request page": "/console/vorort/{visit}",
}
_CALENDAR = ("calendar week", "calendar month")


def _visits(count: int, first_id: int) -> Iterator[tuple[object, ...]]:
    """Planned visits on weekdays from the day after NOW, 08:00–17:00 UTC in 45-minute steps."""
    day = NOW.replace(hour=0) + timedelta(days=1)
    made = 0
    while made < count:
        if day.weekday() < 6:
            for slot in range(12):
                if made >= count:
                    break
                start = day + timedelta(hours=7, minutes=45 * slot)
                end = start + timedelta(minutes=60)  # 15 minutes overlap with the next: conflicts
                number = first_id + made
                status = "bestaetigt" if number % 3 else "termin_vorgeschlagen"
                yield (
                    number, 700_000 + number, 700_000 + number, status, ("self", "relative")[number % 2],
                    json.dumps(["id_card"]), f"Musterstraße {number % 200}",
                    ("Steele", "Kray", "Borbeck")[number % 3],
                    json.dumps([{"name": "Erika Muster", "year": 1938}]), STAFF_CHAT,
                    start.isoformat(), end.isoformat(), NOW.isoformat(), NOW.isoformat(), NOW.isoformat(),
                )  # fmt: skip
                made += 1
        day += timedelta(days=1)


def _seed_visits(path: Path, count: int) -> int:
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        first = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM appointments").fetchone()[0])
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO appointments (id, user_id, chat_id, language, status, relationship, reason,"
            " services, place_kind, place, district, applicants, persons, contact_name, phone,"
            " preferred_time, staff_chat_id, visit_start, visit_end, proposal_seq, consent_at, created_at,"
            " updated_at)"
            " VALUES (?, ?, ?, 'de', ?, ?, 'mobility', ?, 'home', ?, ?, ?, 1, 'Max Muster', '+492011234567',"
            " 'morning', ?, ?, ?, 1, ?, ?, ?)",
            _visits(count, first),
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        return first
    finally:
        conn.close()


async def measure(directory: Path, plan: SeedPlan, visits: int, repeat: int) -> dict[str, Any]:
    """Seed tickets and visits, sign in as vorort, time every page `repeat` times."""
    clock = ManualClock(plan.now)
    config = bench_config(directory)
    services = await create_services(config, clock)
    await services.close()
    sizes = seed(config.storage.database, plan)
    first = _seed_visits(config.storage.database, visits)
    sizes["planned visits"] = visits
    services = await create_services(config, clock)
    try:
        await services.accounts.add("bench", "vorort", PASSWORD)
        app = create_app(services, [console_part()], b"b" * 40)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            form = (await client.get("/console/login")).text
            token = re.search(r'name="login_csrf" value="([^"]+)"', form)
            assert token is not None
            await client.post(
                "/console/login", data={"name": "bench", "password": PASSWORD, "login_csrf": token.group(1)}
            )
            middle = first + visits // 2
            row = await services.db.fetchone("SELECT visit_start FROM appointments WHERE id = ?", (middle,))
            assert row is not None
            day = str(row["visit_start"])[:10]  # a week and a month in the middle of the seeded visits
            timings: dict[str, list[float]] = {}
            cpu: dict[str, list[float]] = {}
            shown: dict[str, int] = {}
            for label, path in PAGES.items():
                url = path.format(visit=middle, day=day)
                await client.get(url)  # once untimed: the template is compiled, the pages are cached
                for _ in range(repeat):
                    started, used = time.perf_counter(), time.process_time()
                    answer = await client.get(url)
                    timings.setdefault(label, []).append((time.perf_counter() - started) * 1000)
                    cpu.setdefault(label, []).append((time.process_time() - used) * 1000)
                    assert answer.status_code == 200, (label, answer.status_code)
                shown[label] = answer.text.count('class="visit visit-')
    finally:
        await services.close()
    figures = []
    for label, values in timings.items():
        median = statistics.median(values)
        if label in _CALENDAR:
            name = f"{label} ({shown[label]} visits) median"
            figures.append(figure(name, median, "ms", f"< {TARGET_MS:g}", median < TARGET_MS))
        else:
            figures.append(figure(f"{label} median", median, "ms"))
        figures.append(figure(f"{label}: CPU of the process, median", statistics.median(cpu[label]), "ms"))
    return result(
        "calendar",
        f"Vor-Ort pages ({visits:,} visits, {plan.tickets:,} tickets)",
        False,
        figures,
        rows=sizes,
        visits_shown=shown,
        samples={label: [round(v, 1) for v in values] for label, values in timings.items()},
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of visits (tests), tickets are ten times that."""
    visits = size or (2_000 if quick else 10_000)
    tickets = visits * 10
    users, sessions = max(100, tickets * 3 // 5), max(50, tickets // 10)
    plan = SeedPlan(now=NOW, tickets=tickets, requests=0, users=users, sessions=sessions)
    with tempfile.TemporaryDirectory(prefix="bench-calendar-") as tmp:
        data = asyncio.run(measure(Path(tmp), plan, visits, repeat=3 if size else 10))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    print(run())
