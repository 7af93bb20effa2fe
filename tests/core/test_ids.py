"""The id helper: only short ASCII digit strings are ids; Unicode digits and forged numbers are not."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.ids import MAX_ID_DIGITS, callback_id, parse_id
from tests.auxil.forged import FORGED_NUMBERS


@given(st.text(max_size=30))
def test_parse_id_accepts_exactly_short_ascii_digit_strings(text: str) -> None:
    value = parse_id(text)
    strict = re.fullmatch(f"[0-9]{{1,{MAX_ID_DIGITS}}}", text) is not None and int(text) >= 1
    assert (value is not None) == strict
    if value is not None:
        assert value == int(text) and 1 <= value < 10**MAX_ID_DIGITS


@given(st.integers(min_value=1, max_value=10**MAX_ID_DIGITS - 1))
def test_every_real_id_round_trips(number: int) -> None:
    assert parse_id(str(number)) == number
    assert callback_id(f"vc:yes:{number}:3") == number
    assert callback_id(f"vc:yes:3:{number}", 3) == number


@pytest.mark.parametrize("forged", FORGED_NUMBERS)
def test_forged_numbers_are_no_ids(forged: str) -> None:
    assert parse_id(forged) is None
    assert callback_id(f"so:uns:{forged}") is None


@given(st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=20))
def test_no_unicode_digit_but_ascii_counts(text: str) -> None:
    assert (parse_id(text) is not None) == (text.isascii() and int(text) > 0 and len(text) <= MAX_ID_DIGITS)
