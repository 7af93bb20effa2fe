"""`python -m benchmarks` (`make bench`): run the benchmarks, print one table, write results/<name>.json.

    python -m benchmarks                  all of them (about 5 minutes on 2 cores)
    python -m benchmarks --quick          smaller runs (about 1 minute)
    python -m benchmarks --only storage   one of them (repeat --only for more)

The exit status is 1 when a benchmark failed to run; a figure that misses its target is
reported as MISS in the table (and explained in the README), not as a failure.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.common import RESULTS_DIR, write_json

BENCHMARKS: dict[str, str] = {
    "faq": "benchmarks.bench_faq",
    "updates": "benchmarks.bench_updates",
    "escalation": "benchmarks.bench_escalation",
    "storage": "benchmarks.bench_storage",
    "purge": "benchmarks.bench_purge",
    "startup": "benchmarks.bench_startup",
    "memory": "benchmarks.bench_memory",
    "broadcast": "benchmarks.bench_broadcast",
    "latency": "benchmarks.bench_latency",
    "console": "benchmarks.bench_console",
    "console_stops": "benchmarks.bench_console_stops",
    "calendar": "benchmarks.bench_calendar",
    "webchat": "benchmarks.bench_webchat",
    "stats": "benchmarks.bench_stats",
}


def _commit() -> str | None:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
    except OSError:
        return None
    return completed.stdout.strip() or None


def _figures(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures of a result; a result without them shows its plain values."""
    figures = data.get("figures")
    if isinstance(figures, list) and all(isinstance(f, dict) and "name" in f for f in figures):
        return figures
    return [
        {"name": key, "value": value, "unit": "", "target": "", "ok": None}
        for key, value in data.items()
        if isinstance(value, int | float | str) and key not in ("name", "title")
    ]


def _verdict(ok: object) -> str:
    return "PASS" if ok is True else "MISS" if ok is False else "–"


def _value(figure: dict[str, Any]) -> str:
    value = figure.get("value")
    text = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    unit = figure.get("unit") or ""
    return f"{text} {unit}".strip()


def table(results: dict[str, dict[str, Any]]) -> str:
    """One table: benchmark, figure, value, target, PASS/MISS."""
    rows = [("benchmark", "figure", "value", "target", "result")]
    for name, data in results.items():
        for fig in _figures(data):
            rows.append(
                (name, str(fig["name"]), _value(fig), str(fig.get("target") or ""), _verdict(fig.get("ok")))
            )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _run_one(name: str, quick: bool) -> dict[str, Any]:
    module = importlib.import_module(BENCHMARKS[name])
    runner: Callable[..., dict[str, Any]] = module.run
    accepts_quick = "quick" in inspect.signature(runner).parameters
    data = runner(quick=quick) if accepts_quick else runner()
    if not isinstance(data, dict):
        raise TypeError(f"{BENCHMARKS[name]}.run() returned {type(data).__name__}, not a dict")
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benchmarks and print the summary table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark ({', '.join(BENCHMARKS)}); repeatable",
    )
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a first look")
    args = parser.parse_args(argv)
    chosen = [name for name in BENCHMARKS if not args.only or name in args.only]
    commit = _commit()
    results: dict[str, dict[str, Any]] = {}
    failed: list[str] = []
    for name in chosen:
        print(f"▶ {name} …", flush=True)
        started = time.perf_counter()
        try:
            data = _run_one(name, args.quick)
        except Exception:
            traceback.print_exc()
            failed.append(name)
            data = {
                "name": name,
                "figures": [{"name": "benchmark failed to run", "value": "error", "ok": False}],
            }
        seconds = time.perf_counter() - started
        data.setdefault("name", name)
        data["seconds"] = round(seconds, 1)
        data["commit"] = commit
        data["quick"] = args.quick
        results[name] = data
        if name not in failed:
            path = write_json(name, data)
            print(f"  {seconds:.0f} s, written to {path.relative_to(RESULTS_DIR.parent.parent)}", flush=True)
        if name == "storage" and name not in failed:
            from benchmarks.bench_storage import format_plans

            print("  query plans (EXPLAIN QUERY PLAN of every statement the commands ran):")
            print("\n".join("    " + line for line in format_plans(data).splitlines()), flush=True)
        gc.collect()
    print()
    print(table(results))
    if failed:
        print(f"\nfailed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
