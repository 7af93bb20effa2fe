"""The pure stop-query parsers (core/stops/query.py): citizen lookups, staff stop references, moves."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.stops import StopPlan, load_plan
from core.stops.query import Lookup, parse_move, read_lookup, resolve_stop
from tests.auxil.paths import DATA

TODAY = date(2026, 12, 1)  # a Tuesday; Steele has a stop every Thursday 10:00-13:00


@pytest.fixture(scope="module")
def plan() -> StopPlan:
    return load_plan(DATA / "stops_test.yaml")


def test_stop_by_id_leaves_the_rest(plan: StopPlan) -> None:
    stop, rest, error = resolve_stop(["2026-12-03-steele", "Regen", "heute"], plan, TODAY)
    assert stop is not None and stop.stop_id == "2026-12-03-steele"
    assert (rest, error) == (["Regen", "heute"], None)


def test_stop_by_day_and_place(plan: StopPlan) -> None:
    stop, rest, error = resolve_stop(["am", "3.12.", "Steele", "Grund"], plan, TODAY)
    assert stop is not None and stop.stop_id == "2026-12-03-steele"
    assert (rest, error) == (["Grund"], None)


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["2026-12-09-nowhere"], "»2026-12-09-nowhere« gibt es nicht"),
        (["32.12.", "Werden"], "»32.12.« verstehe ich nicht"),
        (["3.12."], "Bitte den Ort angeben"),
        (["3.12.", "Werden"], "keinen Halt in/an »Werden«"),
    ],
)
def test_stop_reference_problems_are_one_line(plan: StopPlan, tokens: list[str], expected: str) -> None:
    stop, rest, error = resolve_stop(tokens, plan, TODAY)
    assert stop is None and rest == []
    assert error is not None and expected in error and "\n" not in error


def test_move_same_day_with_reason(plan: StopPlan) -> None:
    stop = plan.find_stop("2026-12-03-steele")
    assert stop is not None
    spec, error = parse_move(["11-14", "Regen"], stop, plan, TODAY)
    assert error is None and spec is not None
    assert (spec.start.date(), spec.start.time(), spec.end.time()) == (stop.day, time(11), time(14))
    assert (spec.place_id, spec.reason) == (None, "Regen")


def test_move_to_another_day_and_place_with_spaced_dash(plan: StopPlan) -> None:
    stop = plan.find_stop("2026-12-03-steele")
    assert stop is not None
    spec, error = parse_move(["4.12.", "11:00", "–", "14:00", "ort:werden"], stop, plan, TODAY)
    assert error is None and spec is not None
    assert spec.start.date() == date(2026, 12, 4) and spec.place_id == "werden" and spec.reason is None


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [(["Regen"], "neue Zeit"), (["25-26"], "neue Zeit"), (["ort:mond", "11-14"], "»mond« kenne ich nicht")],
)
def test_move_problems(plan: StopPlan, tokens: list[str], expected: str) -> None:
    stop = plan.find_stop("2026-12-03-steele")
    assert stop is not None
    spec, error = parse_move(tokens, stop, plan, TODAY)
    assert spec is None and error is not None and expected in error


def test_citizen_lookup_day_district_city_and_foreign_code() -> None:
    tomorrow = read_lookup("morgen", TODAY)
    assert tomorrow is not None and tomorrow.day is not None and tomorrow.day.start == date(2026, 12, 2)
    borbeck = read_lookup("Borbeck", TODAY)
    assert borbeck is not None and borbeck.area is not None and borbeck.area.district == "Borbeck-Mitte"
    assert read_lookup("in essen", TODAY) == Lookup()
    assert read_lookup("40210", TODAY) == Lookup(foreign_code="40210")


def test_citizen_lookup_leaves_questions_and_empty_text_alone() -> None:
    assert read_lookup("", TODAY) is None
    assert read_lookup("Wie beantrage ich einen Reisepass", TODAY) is None


# -- property tests: any text a citizen or staff member types is read or refused, never raises --

_WORDS = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=60
) | st.from_regex(r"[0-9²٣.:\-–— ]{1,20}", fullmatch=True)
PLAN = load_plan(DATA / "stops_test.yaml")


@settings(max_examples=200, deadline=None)
@given(_WORDS)
def test_any_text_is_a_lookup_or_none(text: str) -> None:
    result = read_lookup(text, TODAY)
    assert result is None or isinstance(result, Lookup)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=6))
def test_any_staff_words_name_a_stop_or_an_error(tokens: list[str]) -> None:
    stop, rest, error = resolve_stop(tokens, PLAN, TODAY)
    assert stop is None or error is None  # a stop, or an error, never both
    if stop is not None:
        spec, problem = parse_move(rest, stop, PLAN, TODAY)
        assert (spec is None) != (problem is None)  # a move, or one reason why not


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=6))
def test_any_move_details_are_a_move_or_one_reason(tokens: list[str]) -> None:
    stop, rest, error = resolve_stop(["2026-12-03-steele", *tokens], PLAN, TODAY)
    assert stop is not None and error is None
    spec, problem = parse_move(rest, stop, PLAN, TODAY)
    assert (spec is None) != (problem is None)
    if spec is not None:
        assert spec.start.tzinfo is not None and spec.end.tzinfo is not None
