"""Benchmark 5: a broadcast (e.g. a stop cancellation) to thousands of subscribers through the outbox.

The messages are stored in the outbox in one transaction, as a broadcast stores them, and
sent by `Outbox.flush` through the real ExtBot with the rate limiter the bot is built with
(`build_application`, `telegram.rate_limit` on, as shipped). The request layer timestamps
every send. Telegram allows about 30 messages per second to different chats; the figures
are the largest number of sends in any one-second window (target: at most 30) and the total
time against the n/30 seconds those limits need (target: within 10 % of it).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import FIRST_CITIZEN, LeanApi, bench_config, figure, result, sliding_max
from core.outbox import message_payload
from core.services import create_services
from handlers.telegram.app import build_application

__all__ = ["run"]

PER_SECOND = 30
SLACK = 1.10
TEXT = (
    "🚐 <b>Das Bürgermobil kommt heute nicht</b>\n"
    "Der Halt in Essen-Steele (Markt, 9:00–12:00 Uhr) fällt heute aus. Nächster Termin: Dienstag.\n"
    "Fragen? ServiceCenter 0201 88-0."
)


async def measure(count: int, directory: Path) -> dict[str, Any]:
    """Store `count` messages to as many chats, flush the outbox, read the send times."""
    services = await create_services(bench_config(directory, rate_limit=True))
    api = LeanApi(stamp=True)
    app = build_application(services, request=api)
    await app.initialize()
    try:
        async with services.db.transaction() as conn:
            for i in range(count):
                await services.outbox.add(
                    conn,
                    FIRST_CITIZEN + i,
                    message_payload(TEXT),
                    "bench_broadcast",
                    ref_type="stop",
                    ref_id=1,
                )
        api.send_times.clear()
        started = time.perf_counter()
        sent = await services.outbox.flush()
        seconds = time.perf_counter() - started
        counts = await services.outbox.repo.counts()
    finally:
        await app.shutdown()
        await services.close()
    stamps = api.send_times
    busiest = sliding_max(stamps)
    allowed = count / PER_SECOND
    figures = [
        figure(f"messages delivered (of {count:,})", sent, "", f"= {count:,}", sent == count),
        figure(
            "most sends in any 1-second window", busiest, "sends", f"≤ {PER_SECOND}", busiest <= PER_SECOND
        ),
        figure(
            f"total time ({count:,} chats)",
            seconds,
            "s",
            f"≤ {allowed * SLACK:.1f} s ({count:,}/{PER_SECOND} s + 10 %)",
            seconds <= allowed * SLACK,
        ),
        figure("average rate", sent / seconds if seconds else 0.0, "sends/s"),
    ]
    first_second = sum(1 for s in stamps if s < stamps[0] + 1.0) if stamps else 0
    return result(
        "broadcast",
        "Broadcast through the outbox and the bot's rate limiter",
        False,
        figures,
        messages=count,
        allowed_seconds=round(allowed, 1),
        sends_in_first_second=first_second,
        outbox_states=counts,
        rate_limiter=type(app.bot.rate_limiter).__name__ if app.bot.rate_limiter else None,
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; 5,000 messages, 600 with quick, `size` for tests."""
    count = size or (600 if quick else 5000)
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as tmp:
        data = asyncio.run(measure(count, Path(tmp)))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, ensure_ascii=False))
