"""Benchmarks of the whole bot: `python -m benchmarks` (or `make bench`) runs them all."""
