"""Checks of an uploaded stop plan before it is parsed."""

from __future__ import annotations

from datetime import date

from core.stops.loader import load_plan
from core.stops.upload import MAX_IMPORT_BYTES, check_upload
from tests.auxil.paths import DATA


def test_an_upload_over_the_size_limit_is_refused_before_parsing() -> None:
    plan = load_plan(DATA / "stops_test.yaml")
    result = check_upload(b"x" * (MAX_IMPORT_BYTES + 1), "csv", plan, date(2026, 11, 25))
    assert result.errors == [f"Die Datei ist zu groß (höchstens {MAX_IMPORT_BYTES // 1024} KB)."]
    assert result.stops == []
