"""Smoke test of the statistics benchmark: it runs at a tiny size and returns well-formed figures."""

from __future__ import annotations

from benchmarks import bench_stats


def test_stats_benchmark_runs() -> None:
    data = bench_stats.run(quick=True, size=1500)
    assert data["name"] == "stats" and data["figures"]
    names = {figure["name"] for figure in data["figures"]}
    assert names == {
        "baseline: inbox (open) median",
        "statistics page median",
        "month report figures median",
        "month report page median",
        "month report PDF median",
    }
    assert all(isinstance(figure["value"], float) and figure["value"] > 0 for figure in data["figures"])
    assert data["details"]["rows"]["tickets"] == 1500 and data["details"]["rows"]["faq_daily"] > 0
    assert data["details"]["month"] == "2026-10"
