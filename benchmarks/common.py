"""Shared pieces of the benchmarks: result figures, a lean recording Bot API, configs, percentiles."""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
from telegram.ext import ExtBot

from core.config import Config, load_config
from faq import Faq
from handlers.telegram.offline import ApiCall, OfflineBotApi, UpdateFactory

__all__ = [
    "RESULTS_DIR",
    "STAFF_CHAT",
    "STAFF_ID",
    "Figure",
    "LeanApi",
    "bench_config",
    "figure",
    "latency_figures",
    "percentile",
    "questions_from_faq",
    "result",
    "rss_mb",
    "sliding_max",
]

RESULTS_DIR = Path(__file__).resolve().parent / "results"
STAFF_CHAT = -1001234567890
STAFF_ID = 500
FIRST_CITIZEN = 10_000_000

SEND_METHODS = frozenset({"sendMessage", "sendDocument", "sendVenue", "sendLocation", "sendPhoto"})


@dataclass(frozen=True)
class Figure:
    """One measured figure with its target."""

    name: str
    value: float | int | str | None
    unit: str = ""
    target: str = ""
    ok: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "ok": self.ok,
        }


def figure(
    name: str,
    value: float | int | str | None,
    unit: str = "",
    target: str = "",
    ok: bool | None = None,
) -> dict[str, Any]:
    """A figure as a dict (value rounded for reading)."""
    if isinstance(value, float):
        value = round(value, 3 if abs(value) < 10 else 1)
    return Figure(name, value, unit, target, ok).as_dict()


def result(
    name: str, title: str, quick: bool, figures: list[dict[str, Any]], **details: Any
) -> dict[str, Any]:
    """The result of one benchmark: figures for the table, details for the JSON file."""
    return {
        "name": name,
        "title": title,
        "quick": quick,
        "figures": figures,
        "details": details,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }


def percentile(values: Iterable[float], share: float) -> float:
    """The share-quantile (0..1) of values, nearest-rank; 0.0 when empty."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), int(-(-share * len(ordered) // 1))))
    return ordered[rank - 1]


def latency_figures(
    label: str, seconds: list[float], median_target: float | None = None, p99_target: float | None = None
) -> list[dict[str, Any]]:
    """Median and p99 (ms) of per-update latencies, with optional targets in ms."""
    ms = [s * 1000.0 for s in seconds]
    median = statistics.median(ms) if ms else 0.0
    p99 = percentile(ms, 0.99)
    return [
        figure(
            f"{label}: median",
            median,
            "ms",
            f"< {median_target:g} ms" if median_target is not None else "",
            median < median_target if median_target is not None else None,
        ),
        figure(
            f"{label}: p99",
            p99,
            "ms",
            f"< {p99_target:g} ms" if p99_target is not None else "",
            p99 < p99_target if p99_target is not None else None,
        ),
    ]


def sliding_max(stamps: list[float], window: float = 1.0) -> int:
    """The largest number of stamps in any half-open window [t, t + window)."""
    ordered = sorted(stamps)
    best = 0
    start = 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def rss_mb() -> float:
    """Resident set size of this process in MB (after a garbage collection)."""
    gc.collect()
    return float(psutil.Process().memory_info().rss) / 1024 / 1024


class LeanApi(OfflineBotApi):
    """The offline Bot API that counts calls instead of keeping them (flat memory), with send times.

    `keep` keeps the recorded calls like OfflineBotApi does (needed to reply to a staff card).
    """

    def __init__(self, *, keep: bool = False, stamp: bool = False) -> None:
        super().__init__()
        self.keep = keep
        self.stamp = stamp
        self.counts: Counter[str] = Counter()
        self.send_times: list[float] = []
        self.last_by_chat: dict[int, ApiCall] = {}

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Answer like OfflineBotApi; count, stamp and forget the call."""
        api_method = url.rsplit("/", 1)[-1]
        if self.stamp and api_method in SEND_METHODS:
            self.send_times.append(time.perf_counter())
        answer = await super().do_request(url, method, *args, **kwargs)
        self.counts[api_method] += 1
        if self.keep:
            call = self.calls[-1]
            if call.chat_id is not None and api_method in SEND_METHODS:
                self.last_by_chat[call.chat_id] = call
        else:
            self.calls.clear()
        return answer


def bench_config(directory: Path, *, faq_path: Path | None = None, rate_limit: bool = False) -> Config:
    """The default configuration with a database in directory and one staff chat."""
    data: dict[str, Any] = {
        "storage": {"database": str(directory / "bench.sqlite3")},
        "staff": {"chat_id": STAFF_CHAT},
        "telegram": {"rate_limit": rate_limit},
    }
    if faq_path is not None:
        data["faq"] = {"path": str(faq_path)}
    return load_config(None, overrides=data)


def questions_from_faq(faq: Faq, count: int) -> list[str]:
    """Realistic questions: the FAQ's example questions, round-robin over the entries."""
    pools = [list(entry.questions) for entry in faq if entry.questions]
    questions: list[str] = []
    turn = 0
    while len(questions) < count and pools:
        for pool in pools:
            if turn < len(pool):
                questions.append(pool[turn])
                if len(questions) == count:
                    break
        turn += 1
        if turn > max(len(p) for p in pools):
            turn = 0
    return questions


def citizen(factory: UpdateFactory, index: int) -> dict[str, Any]:
    """A distinct citizen (German Telegram client) for index."""
    return factory.user(FIRST_CITIZEN + index, "Erika", "de")


def update_factory(bot: ExtBot[Any]) -> UpdateFactory:
    """An update factory for the bot."""
    return UpdateFactory(bot)


def write_json(name: str, data: dict[str, Any]) -> Path:
    """Write a result to benchmarks/results/<name>.json."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path
