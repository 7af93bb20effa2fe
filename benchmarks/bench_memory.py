"""Benchmark: memory per user (issue 16: growth < 0.2 KB per user).

10,000 distinct users each send one message and get its answer, through the update queue of the
real Application, in a fresh process (`benchmarks/probe.py memory`): the bot as shipped (memory
bound, the priority rate limiter with its per-chat buckets; only the overall 30/s cap is lifted so
the run takes seconds, not minutes), the users arriving over a simulated 8-hour day (the memory
bound's sweep every five simulated minutes). The figure: resident size after 10,000 users minus
after the first 1,000, per additional user.

Three runs: the FAQ's own example questions; the same signed with a surname nobody else has
("… Gruß, Erika Bawe"), as citizens write names, streets and typos the FAQ never saw; and that
again under tracemalloc, for Python's own heap and the source lines that grew most (in the JSON).
Each point also has SQLite's own memory (its page cache, up to 2 MB for the writer) and how many
entries the per-user structures hold (user/chat data, rate-limiter chats, flood guard, outbox pace).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.bench_startup import _probe
from benchmarks.common import STAFF_CHAT, figure, result

__all__ = ["run"]

TARGET_KB = 0.2
USERS = 10_000
FIRST = 1_000


def _config(directory: Path, name: str) -> Path:
    """The shipped configuration with its own database and the overall cap lifted."""
    data: dict[str, Any] = {
        "storage": {"database": str(directory / f"{name}.sqlite3")},
        "staff": {"chat_id": STAFF_CHAT},
        "telegram": {"rate_limit": True, "limits": {"overall_per_second": 0}},
    }
    path = directory / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _run(directory: Path, name: str, users: int, first: int, *extra: str) -> dict[str, Any]:
    checkpoints = f"{first},{(first + users) // 2},{users}"
    config = _config(directory, name)
    spec = ["--users", str(users), "--checkpoints", checkpoints]
    return _probe("memory", "--config", str(config), *spec, *extra)


def _per_user(points: list[dict[str, Any]], key: str, first: int, last: int, scale: float) -> float:
    """Growth of `key` per additional user between two checkpoints, in KB (`scale`: units per KB)."""
    at = {p["users"]: p[key] for p in points}
    return float((at[last] - at[first]) / scale / (last - first))


def _growth_figures(
    label: str, run: dict[str, Any], first: int, users: int, judged: bool
) -> list[dict[str, Any]]:
    points = run["points"]
    rss = _per_user(points, "rss_mb", first, users, 1 / 1024)
    sqlite = _per_user(points, "sqlite_kb", first, users, 1.0)
    middle = points[-2]["users"]
    late = _per_user(points, "rss_mb", middle, users, 1 / 1024)
    target = f"< {TARGET_KB:g} KB/user"
    return [
        figure(
            f"{label}: RSS growth {first:,}→{users:,} users",
            rss,
            "KB/user",
            target,
            rss < TARGET_KB if judged else None,
        ),
        figure("  of which SQLite's own memory (page cache, bounded)", sqlite, "KB/user"),
        figure(f"  RSS growth {middle:,}→{users:,} users", late, "KB/user"),
        figure("  answers sent", run["answered"], ""),
    ]


def measure(users: int, first: int, trace: bool) -> dict[str, Any]:
    """The three probes and their figures."""
    judged = users >= USERS
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        directory = Path(tmp)
        plain = _run(directory, "plain", users, first)
        named = _run(directory, "named", users, first, "--own-words")
        traced = _run(directory, "traced", users, first, "--own-words", "--trace") if trace else None
    figures = [
        *_growth_figures("FAQ questions", plain, first, users, judged),
        *_growth_figures("each user with a name of their own", named, first, users, judged),
    ]
    if traced is not None:
        heap = _per_user(traced["points"], "traced_kb", first, users, 1.0)
        figures.append(figure("  Python heap growth (tracemalloc), same", heap, "KB/user"))
    held = named["points"][-1]["held"]
    figures.append(
        figure(
            f"held after {users:,} users: user/chat data, limiter chats, guard users",
            f"{held['user_chat_data']} / {held['limiter_chats']} / {held['guard_users']}",
        )
    )
    return result(
        "memory",
        f"Memory per user: {users:,} distinct users, one message and its answer each (fresh processes)",
        False,
        figures,
        plain=plain,
        own_words=named,
        traced=traced,
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` sets the number of users (tests; no tracemalloc run then)."""
    if size:
        return measure(size, max(1, size // 10), trace=False)
    users = 2_000 if quick else USERS
    data = measure(users, users // 10, trace=not quick)
    data["quick"] = quick
    return data


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, ensure_ascii=False))
