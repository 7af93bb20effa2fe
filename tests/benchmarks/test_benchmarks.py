"""Smoke tests of the benchmarks: each runs at a tiny size and returns well-formed figures.

No timing is asserted here (speed is what `make bench` reports); these only keep the
benchmarks runnable as the bot changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks import (
    __main__ as bench_main,
)
from benchmarks import (
    bench_broadcast,
    bench_console,
    bench_console_stops,
    bench_escalation,
    bench_faq,
    bench_latency,
    bench_memory,
    bench_purge,
    bench_startup,
    bench_storage,
    bench_updates,
    bench_webchat,
    common,
)
from benchmarks.common import percentile, sliding_max


def check_result(data: dict[str, Any], name: str) -> None:
    assert data["name"] == name
    assert isinstance(data["title"], str) and data["title"]
    assert data["figures"], "a benchmark reports at least one figure"
    for fig in data["figures"]:
        assert set(fig) >= {"name", "value", "unit", "target", "ok"}
        assert fig["ok"] in (True, False, None)
        assert fig["value"] is not None
        if fig["target"] == "":
            assert fig["ok"] is None


def test_updates_benchmark_runs() -> None:
    data = bench_updates.run(quick=True, size=40)
    check_result(data, "updates")
    assert data["details"]["bot_replies"] >= 40
    assert data["details"]["echo_replies"] == 40


def test_escalation_benchmark_runs() -> None:
    data = bench_escalation.run(quick=True, size=6)
    check_result(data, "escalation")
    assert data["details"]["answers_delivered"] >= 6
    assert data["details"]["samples"]["FAQ answer"] > 0


def test_console_benchmark_runs() -> None:
    data = bench_console.run(quick=True, size=1500)
    check_result(data, "console")
    assert data["details"]["rows"]["tickets"] == 1500
    assert set(data["details"]["samples"]) >= {"inbox (open)", "ticket page"}


def test_console_stops_benchmark_runs() -> None:
    data = bench_console_stops.run(quick=True, size=50)
    check_result(data, "console_stops")
    assert data["details"]["notices_queued"] == 50 + 1  # and the staff chat's line
    assert set(data["details"]["samples"]) == {"month page", "cancel preview", "progress block"}


def test_storage_benchmark_runs_and_shows_plans() -> None:
    data = bench_storage.run(quick=True, size=1500)
    check_result(data, "storage")
    assert data["details"]["rows"]["tickets"] == 1500
    plans = data["details"]["query_plans"]
    assert set(plans) >= {"/offen", "/statistik", "daily purge"}
    assert all(entry["plan"] for entries in plans.values() for entry in entries)
    assert "SEARCH" in bench_storage.format_plans(data)
    assert any(sum(day.values()) for day in data["details"]["purged_per_day"])


def test_purge_benchmark_runs_while_citizens_ask() -> None:
    data = bench_purge.run(size=1500)
    check_result(data, "purge")
    assert data["details"]["rows"]["tickets"] == 1500
    assert sum(data["details"]["purged"].values()) > 0
    assert data["details"]["answers_during_ms"]


def test_startup_benchmark_runs() -> None:
    data = bench_startup.run(quick=True, size=200)
    check_result(data, "startup")
    points = data["details"]["memory_with_bound"]["points"]
    assert [p["users"] for p in points] == [0, 40, 100, 200]
    assert data["details"]["startup_generated"]["faq_entries"] == 500


def test_broadcast_benchmark_runs() -> None:
    data = bench_broadcast.run(quick=True, size=35)
    check_result(data, "broadcast")
    assert data["details"]["outbox_states"] == {"sent": 35}


def test_faq_benchmark_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(common, "RESULTS_DIR", tmp_path)
    check_result(bench_faq.run(quick=True), "faq")


def test_webchat_benchmark_runs() -> None:
    data = bench_webchat.run(quick=True, size=4)
    check_result(data, "webchat")
    details = data["details"]
    assert details["samples"] == 4 * 2 and details["chats"] == 4
    assert details["memory_mb"]["connected"] > 0 and details["form_posts"]["p50"] > 0
    assert details["steady"]["p50"] > 0 and details["baseline"]["p50"] > 0
    assert details["staff_replies"]["p50"] > 0  # every chat got its staff answer
    assert 0 < details["handled"]["p50"] <= details["answers"]["p50"]  # the server's share of it


def test_summary_table_marks_pass_miss_and_untargeted() -> None:
    results = {
        "x": {
            "figures": [
                common.figure("fast", 1.5, "ms", "< 10 ms", True),
                common.figure("slow", 80, "ms", "< 50 ms", False),
                common.figure("info", 3, "updates/s"),
            ]
        },
        "y": {"name": "y", "title": "plain values", "count": 7},
    }
    lines = bench_main.table(results).splitlines()
    assert lines[0].split() == ["benchmark", "figure", "value", "target", "result"]
    assert lines[2].split()[-1] == "PASS" and lines[3].split()[-1] == "MISS" and lines[4].split()[-1] == "–"
    assert "count" in lines[5] and "7" in lines[5]


def test_only_rejects_unknown_names() -> None:
    with pytest.raises(SystemExit):
        bench_main.main(["--only", "nonsense"])


def test_window_and_percentile_helpers() -> None:
    assert sliding_max([0.0, 0.5, 0.99, 1.0, 1.5]) == 3
    assert sliding_max([]) == 0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert percentile(range(1, 101), 0.99) == 99


def test_latency_benchmark_runs() -> None:
    data = bench_latency.run(quick=True, size=20, delays_ms=(0,))
    check_result(data, "latency")
    round_trip = data["details"]["0ms"]
    assert round_trip["shipped"]["answered"] == round_trip["lifted"]["answered"] == 20
    assert round_trip["echo"]["answered"] == 20


def test_ideal_first_replies_follow_the_cap() -> None:
    ideal = bench_latency.ideal_first_replies(61, 0.05)
    assert ideal[0] == 0.05 and abs(ideal[-1] - 2.05) < 1e-9


def test_memory_benchmark_runs() -> None:
    data = bench_memory.run(size=200)
    check_result(data, "memory")
    assert data["details"]["plain"]["answered"] >= 180  # one message each, nearly all answered at once
    assert data["details"]["own_words"]["points"][-1]["held"]["user_chat_data"] > 0
    assert all(fig["ok"] is None for fig in data["figures"])  # too few users for a verdict

