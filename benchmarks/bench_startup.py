"""Benchmark 4: start-up time and memory, each measured in a fresh process (benchmarks/probe.py).

Start-up: from process start (psutil's create_time) until the Application is initialised,
started and ready to poll, with the shipped FAQ and with a generated 5,000-entry FAQ (the
FAQ benchmark's synthetic FAQ, written to a temporary directory and named in a config
file). Target: under 2 s (median of three starts).
Memory: resident size after start and after free-text questions from 2,000, 5,000, 10,000,
20,000 and 40,000 distinct users arriving over a simulated busy day, with the memory bound
(bot.memory, as shipped), and up to 20,000 users without it (PTB's plain behaviour), for
comparison. Targets: under 150 MB, and no growth with the number of users (the slope in KB
per additional user).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.common import STAFF_CHAT, figure, result
from faq import DEFAULT_FAQ_PATH, load_faq

__all__ = ["run"]

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TARGET_S = 2.0
RSS_TARGET_MB = 150.0
SLOPE_TARGET_KB = 0.1
SYNTHETIC_ENTRIES = 5000


def _config(directory: Path, name: str, *, faq: Path | None = None, rate_limit: bool = True) -> Path:
    """A config file for the probe: its own database, the staff chat, optionally another FAQ."""
    data: dict[str, Any] = {
        "storage": {"database": str(directory / f"{name}.sqlite3")},
        "staff": {"chat_id": STAFF_CHAT},
        "telegram": {"rate_limit": rate_limit},
    }
    if faq is not None:
        data["faq"] = {"path": str(faq)}
    path = directory / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _probe(*args: str) -> dict[str, Any]:
    """Run benchmarks/probe.py in a fresh interpreter and read its JSON."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"probe {args[0]} failed:\n{completed.stderr[-2000:]}")
    data: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return data


def _synthetic_faq(directory: Path, entries: int) -> Path:
    """The FAQ benchmark's synthetic FAQ (same generator, same seed) as a YAML file."""
    from benchmarks.bench_faq import synthetic_faq

    path = directory / f"faq-{entries}.yaml"
    document = synthetic_faq(load_faq(DEFAULT_FAQ_PATH), entries)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _starts(config: Path, runs: int) -> dict[str, Any]:
    """Start the bot `runs` times; median, worst and first (empty cache), the phases of the median run."""
    started = [_probe("startup", "--config", str(config)) for _ in range(runs)]
    samples = sorted(started, key=lambda s: s["ready_seconds"])
    median = samples[len(samples) // 2]
    return {
        "median_s": median["ready_seconds"],
        "worst_s": samples[-1]["ready_seconds"],
        "first_s": started[0]["ready_seconds"],
        "runs": [s["ready_seconds"] for s in samples],
        "phases": median["phases"],
        "rss_mb": median["rss_mb"],
        "faq_entries": median["faq_entries"],
    }


def _slope_kb(points: list[dict[str, Any]], start: int, end: int) -> float:
    """KB of resident size per additional user between two checkpoints."""
    at = {p["users"]: p["rss_mb"] for p in points}
    return float((at[end] - at[start]) * 1024 / (end - start))


def _memory(directory: Path, name: str, checkpoints: list[int], *extra: str) -> dict[str, Any]:
    config = _config(directory, name, rate_limit=False)
    spec = ["--users", str(checkpoints[-1]), "--checkpoints", ",".join(map(str, checkpoints))]
    return _probe("memory", "--config", str(config), *spec, *extra)


def measure(quick: bool, users: int | None = None) -> dict[str, Any]:
    """Start-up with both FAQs, then the memory probes with and without the bound."""
    if users:
        checkpoints = [users // 5, users // 2, users]
    else:
        checkpoints = [500, 1000, 2000] if quick else [2000, 5000, 10000, 20000, 40000]
    plain_checkpoints = [c for c in checkpoints if c <= 20000]
    entries = 500 if users else (1000 if quick else SYNTHETIC_ENTRIES)
    runs = 1 if users else 3
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        directory = Path(tmp)
        shipped = _starts(_config(directory, "shipped"), runs)
        big = _starts(_config(directory, "big", faq=_synthetic_faq(directory, entries)), runs)
        bounded = _memory(directory, "bounded", checkpoints)
        plain = _memory(directory, "plain", plain_checkpoints, "--no-bound")
    first, last = checkpoints[0], checkpoints[-1]
    middle = 10000 if 10000 in checkpoints[1:-1] else last
    after_start = bounded["points"][0]["rss_mb"]
    peak = max(p["rss_mb"] for p in bounded["points"])
    rss_target = f"< {RSS_TARGET_MB:g} MB"
    slope_target = f"< {SLOPE_TARGET_KB:g} KB/user"
    figures = [
        figure(
            f"start-up, shipped FAQ ({shipped['faq_entries']} entries)",
            shipped["median_s"],
            "s",
            f"< {STARTUP_TARGET_S:g} s",
            shipped["median_s"] < STARTUP_TARGET_S,
        ),
        figure(
            f"start-up, generated FAQ ({big['faq_entries']:,} entries)",
            big["median_s"],
            "s",
            f"< {STARTUP_TARGET_S:g} s",
            big["median_s"] < STARTUP_TARGET_S,
        ),
        figure(
            "  its first start (empty cache: entries, matcher states, index built)", big["first_s"], "s"
        ),
        figure("RSS after start, shipped FAQ", after_start, "MB", rss_target, after_start < RSS_TARGET_MB),
        figure(
            f"RSS after start, generated FAQ ({big['faq_entries']:,} entries)",
            big["rss_mb"],
            "MB",
            rss_target,
            big["rss_mb"] < RSS_TARGET_MB,
        ),
        figure(f"RSS peak up to {last:,} users", peak, "MB", rss_target, peak < RSS_TARGET_MB),
    ]
    # a smaller run has too few users to tell growth from warm-up: figures without a verdict
    judged = not (quick or users)
    slope = _slope_kb(bounded["points"], first, middle)
    verdict = slope < SLOPE_TARGET_KB if judged else None
    figures.append(figure(f"RSS growth {first:,}→{middle:,} users", slope, "KB/user", slope_target, verdict))
    if middle != last:
        late = _slope_kb(bounded["points"], middle, last)
        verdict = late < SLOPE_TARGET_KB if judged else None
        figures.append(
            figure(f"RSS growth {middle:,}→{last:,} users", late, "KB/user", slope_target, verdict)
        )
    plain_last = plain_checkpoints[-1]
    figures.append(
        figure(
            f"without the memory bound: growth {first:,}→{plain_last:,}",
            _slope_kb(plain["points"], first, plain_last),
            "KB/user",
        )
    )
    return result(
        "startup",
        "Start-up and memory (fresh processes)",
        quick,
        figures,
        startup_shipped=shipped,
        startup_generated=big,
        memory_with_bound=bounded,
        memory_without_bound=plain,
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` sets the number of users of the memory probe (tests)."""
    return measure(quick, size)


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, ensure_ascii=False))
