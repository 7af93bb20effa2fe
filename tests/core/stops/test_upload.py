"""Checks of an uploaded stop plan before it is parsed."""

from __future__ import annotations

from datetime import date

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from core.stops.loader import load_plan
from core.stops.upload import ERROR_CHARS, MAX_IMPORT_BYTES, check_upload
from tests.auxil.paths import DATA


def test_an_upload_over_the_size_limit_is_refused_before_parsing() -> None:
    plan = load_plan(DATA / "stops_test.yaml")
    result = check_upload(b"x" * (MAX_IMPORT_BYTES + 1), "csv", plan, date(2026, 11, 25))
    assert result.errors == [f"Die Datei ist zu groß (höchstens {MAX_IMPORT_BYTES // 1024} KB)."]
    assert result.stops == []


# -- property tests: whatever a staff member uploads, one short line per problem, nothing raises --

PLAN = load_plan(DATA / "stops_test.yaml")
TODAY = date(2026, 11, 25)

_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=40)
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=40,
)


def _one_line_each(messages: list[str]) -> None:
    for message in messages:
        assert "\n" not in message and 0 < len(message) <= ERROR_CHARS, message


@settings(max_examples=150, deadline=None)
@given(_documents)
def test_any_yaml_document_gets_one_line_answers(document: object) -> None:
    data = yaml.safe_dump({"stops": document}, allow_unicode=True).encode("utf-8")
    result = check_upload(data, "yaml", PLAN, TODAY)
    _one_line_each(result.errors)
    _one_line_each(result.warnings)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda text: text.encode("utf-8")))
def test_any_bytes_as_yaml_or_csv_get_one_line_answers(data: bytes) -> None:
    for fmt in ("yaml", "csv"):
        result = check_upload(data, fmt, PLAN, TODAY)  # type: ignore[arg-type]
        _one_line_each(result.errors)
        _one_line_each(result.warnings)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=21, max_value=3000))
def test_nesting_beyond_the_limit_is_refused_in_one_line(depth: int) -> None:
    data = ("stops: " + "[" * depth + "]" * depth).encode()
    result = check_upload(data, "yaml", PLAN, TODAY)
    assert len(result.errors) == 1 and result.stops == [], result.errors
    _one_line_each(result.errors)


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(9):
        name, prev = chr(98 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev}]")
    result = check_upload("\n".join(lines).encode(), "yaml", PLAN, TODAY)
    assert len(result.errors) == 1 and result.stops == [], result.errors
    _one_line_each(result.errors)


def test_a_huge_csv_field_is_refused_in_one_line() -> None:
    data = b"datum,ort,von,bis\n2026-12-01,steele,10:00,13:00\n" + b'"' + b"x" * 400_000 + b'",a,b,c\n'
    result = check_upload(data, "csv", PLAN, TODAY)
    assert result.errors and result.stops == []
    _one_line_each(result.errors)


def test_empty_and_wide_encodings_get_one_plain_line() -> None:
    plan = load_plan(DATA / "stops_test.yaml")
    text = "datum;start;ende;ort_id\n05.01.2027;10:00;12:00;borbeck\n"
    assert check_upload(b"  \n", "csv", plan, date(2026, 11, 25)).errors == ["Die Datei ist leer."]
    for data in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-32")):
        (error,) = check_upload(data, "csv", plan, date(2026, 11, 25)).errors
        assert "kein Text in UTF-8 oder Windows-1252" in error
    assert check_upload(text.encode("cp1252"), "csv", plan, date(2026, 11, 25)).ok
