"""Smoke test of the calendar benchmark: it runs at a tiny size and its pages show the seeded visits."""

from __future__ import annotations

from benchmarks import bench_calendar


def test_calendar_benchmark_runs_and_shows_visits() -> None:
    data = bench_calendar.run(quick=True, size=300)
    assert data["name"] == "calendar"
    names = [fig["name"] for fig in data["figures"]]
    assert names[0] == "baseline: empty week median"
    shown = data["details"]["visits_shown"]
    assert shown["baseline: empty week"] == 0
    assert shown["calendar week"] == 72 and shown["calendar month"] > 72  # 12 a day, Monday to Saturday
    for fig in data["figures"]:
        assert fig["value"] is not None and fig["ok"] in (True, False, None)
