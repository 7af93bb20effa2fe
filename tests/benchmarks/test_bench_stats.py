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
        "statistics page: CPU of the process, median",
        "month report page: CPU of the process, median",
        "month report PDF: CPU of the process, median",
        "statistics page: full garbage collections in 2 loads",
    }
    timed = [figure for figure in data["figures"] if figure["unit"] == "ms"]
    assert len(timed) == 8 and all(isinstance(f["value"], float) and f["value"] >= 0 for f in timed)
    assert "load" in data["title"] and len(data["details"]["load_average"]["after"]) == 3
    assert data["details"]["rows"]["tickets"] == 1500 and data["details"]["rows"]["faq_daily"] > 0
    assert data["details"]["month"] == "2026-10"
