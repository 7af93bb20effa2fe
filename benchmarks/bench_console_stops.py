"""Benchmark: the console's stop plan pages with 10,000 stop-alert subscribers at one place.

The console app runs in-process (httpx's ASGI transport), signed in as an agent, on the shipped
stop plan. Timed: the month page, the preview of a cancellation (it counts the recipients), the
cancellation itself (the override, the audit entry and one outbox notice per subscriber in one
transaction) and the polled progress block while all notices still wait. Target: the pages
under 300 ms (median), the cancellation under 2 s. Sending is not timed here: the broadcast
benchmark measures the outbox's pace.
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

from benchmarks.common import FIRST_CITIZEN, bench_config, figure, result
from core.clock import ManualClock
from core.services import create_services
from handlers.web import create_app
from handlers.web.console import console_part

__all__ = ["run"]

PAGE_TARGET_MS = 300.0
CANCEL_TARGET_MS = 2000.0
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PASSWORD = "benchmark-password"


async def _sign_in(client: httpx.AsyncClient) -> str:
    form = (await client.get("/console/login")).text
    token = re.search(r'name="login_csrf" value="([^"]+)"', form)
    assert token is not None
    await client.post(
        "/console/login", data={"name": "bench", "password": PASSWORD, "login_csrf": token.group(1)}
    )
    page = (await client.get("/console/stops")).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    return csrf.group(1)


async def _timed(client: httpx.AsyncClient, path: str, repeat: int) -> list[float]:
    values = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = await client.get(path)
        values.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return values


async def measure(directory: Path, subscribers: int, repeat: int) -> dict[str, Any]:
    """Seed the subscribers, sign in, time the pages and one cancellation."""
    services = await create_services(bench_config(directory), ManualClock(NOW))
    try:
        await services.accounts.add("bench", "agent", PASSWORD)
        stop = services.stops.upcoming(days=14, limit=1)[0]
        rows = [
            (FIRST_CITIZEN + i, FIRST_CITIZEN + i, "place", stop.place.id, "de", NOW.isoformat())
            for i in range(subscribers)
        ]
        async with services.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO stop_subscriptions (user_id, chat_id, kind, key, language, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        # no channel is connected: the notices stay queued (the broadcast benchmark times sending)
        services.kick_outbox = lambda: None  # type: ignore[method-assign]
        app = create_app(services, [console_part()], b"b" * 40)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            csrf = await _sign_in(client)
            timings = {
                "month page": await _timed(client, f"/console/stops?month={stop.day:%Y-%m}", repeat),
                "cancel preview": await _timed(
                    client, f"/console/stops/{stop.stop_id}/cancel?preview=1&reason=Messung", repeat
                ),
            }
            started = time.perf_counter()
            answer = await client.post(
                f"/console/stops/{stop.stop_id}/cancel", data={"csrf": csrf, "reason": "Messung"}
            )
            cancel_ms = (time.perf_counter() - started) * 1000
            assert answer.status_code == 303, answer.status_code
            progress = answer.headers["location"].split("?")[0] + "/progress"
            timings["progress block"] = await _timed(client, progress, repeat)
            pending = (await services.outbox.repo.counts()).get("pending", 0)
    finally:
        await services.close()
    figures = [
        figure(
            f"{label} median",
            statistics.median(values),
            "ms",
            f"< {PAGE_TARGET_MS:g}",
            statistics.median(values) < PAGE_TARGET_MS,
        )
        for label, values in timings.items()
    ]
    figures.append(
        figure(
            "cancellation stored", cancel_ms, "ms", f"< {CANCEL_TARGET_MS:g}", cancel_ms < CANCEL_TARGET_MS
        )
    )
    return result(
        "console_stops",
        f"Console stop plan pages ({subscribers:,} subscribers at one place)",
        False,
        figures,
        notices_queued=pending,
        samples={label: [round(v, 1) for v in values] for label, values in timings.items()},
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of subscribers (tests)."""
    subscribers = size or (2_000 if quick else 10_000)
    with tempfile.TemporaryDirectory(prefix="bench-console-stops-") as tmp:
        data = asyncio.run(measure(Path(tmp), subscribers, repeat=3 if size else 10))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    print(run())
