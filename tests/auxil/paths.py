"""Paths the tests use: the repository root and the test data folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository root (config.example.yaml, pyproject.toml)."""
DATA = ROOT / "tests" / "data"
"""FAQ, synonym and stop-plan files made for the tests."""
