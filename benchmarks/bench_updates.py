"""Benchmark 1: update throughput through the real PTB Application versus a bare PTB echo bot.

Both applications run on the offline request layer (`LeanApi`, an `OfflineBotApi`) and take
already parsed `Update` objects from their update queue, one at a time (PTB's default), as
they would from the polling updater. The bot uses the real services: a SQLite file on disk,
the shipped FAQ, persistence every `bot.persistence_interval_seconds`, the job queue. Every
question comes from a different user. Target: the bot answers at least half as many
updates per second as the echo bot (the framework's ceiling on this machine).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from benchmarks.common import LeanApi, bench_config, citizen, figure, questions_from_faq, result
from core.services import create_services
from handlers.telegram.app import OFFLINE_TOKEN, build_application
from handlers.telegram.offline import UpdateFactory

__all__ = ["run"]

TARGET_SHARE = 0.5
WARMUP = 50


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


async def _drain(app: Application[Any, Any, Any, Any, Any, Any], updates: list[Update]) -> float:
    """Queue the updates and wait until the application processed all; returns seconds."""
    started = time.perf_counter()
    for update in updates:
        app.update_queue.put_nowait(update)
    await app.update_queue.join()
    return time.perf_counter() - started


async def echo_rate(questions: list[str]) -> tuple[float, int]:
    """Updates per second of a bare echo bot on the same request layer; and the replies sent."""
    api = LeanApi()
    app = (
        ApplicationBuilder().token(OFFLINE_TOKEN).request(api).get_updates_request(api).updater(None).build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    await app.initialize()
    await app.start()
    try:
        factory = UpdateFactory(app.bot)
        await _drain(app, [factory.text(citizen(factory, -1 - i), "Hallo") for i in range(WARMUP)])
        api.counts.clear()
        updates = [factory.text(citizen(factory, i), q) for i, q in enumerate(questions)]
        seconds = await _drain(app, updates)
        return len(updates) / seconds, api.counts["sendMessage"]
    finally:
        await app.stop()
        await app.shutdown()


async def bot_rate(questions: list[str], directory: Path) -> tuple[float, int, dict[str, int]]:
    """Updates per second of the bot answering FAQ questions; replies sent; FAQ decisions."""
    services = await create_services(bench_config(directory))
    api = LeanApi()
    app = build_application(services, request=api, rate_limit=False)
    await app.initialize()
    await app.start()
    try:
        factory = UpdateFactory(app.bot)
        warm = [factory.text(citizen(factory, -1 - i), questions[i % len(questions)]) for i in range(WARMUP)]
        await _drain(app, warm)
        await services.stats.flush()
        await services.db.conn.execute("DELETE FROM faq_events")
        api.counts.clear()
        updates = [factory.text(citizen(factory, i), q) for i, q in enumerate(questions)]
        seconds = await _drain(app, updates)
        started = time.perf_counter()
        await services.stats.flush()  # the FAQ events still buffered count as part of the work
        seconds += time.perf_counter() - started
        rows = await services.db.fetchall("SELECT decision, COUNT(*) AS n FROM faq_events GROUP BY decision")
        decisions = {str(r["decision"]): int(r["n"]) for r in rows}
        return len(updates) / seconds, api.counts["sendMessage"], decisions
    finally:
        await app.stop()
        await app.shutdown()
        await services.close()


async def measure(count: int) -> dict[str, Any]:
    """Echo bot, our bot, echo bot again (the echo rate is the mean of both runs)."""
    with tempfile.TemporaryDirectory(prefix="bench-updates-") as tmp:
        services = await create_services(bench_config(Path(tmp) / "probe"))
        questions = questions_from_faq(services.faq, count)
        await services.close()
        echo_first, echo_sent = await echo_rate(questions)
        ours, sent, decisions = await bot_rate(questions, Path(tmp))
        echo_second, _ = await echo_rate(questions)
    echo = (echo_first + echo_second) / 2
    share = ours / echo if echo else 0.0
    figures = [
        figure("echo bot (PTB ceiling)", echo, "updates/s"),
        figure("bot: FAQ questions", ours, "updates/s"),
        figure(
            "bot / echo",
            f"{share:.0%}",
            "",
            f"≥ {TARGET_SHARE:.0%}",
            share >= TARGET_SHARE,
        ),
    ]
    return result(
        "updates",
        "Update throughput (real Application, SQLite on disk, distinct users)",
        False,
        figures,
        updates=count,
        echo_runs=[round(echo_first, 1), round(echo_second, 1)],
        echo_replies=echo_sent,
        bot_replies=sent,
        faq_decisions=decisions,
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of updates (tests)."""
    count = size or (1000 if quick else 4000)
    data = asyncio.run(measure(count))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, ensure_ascii=False))
