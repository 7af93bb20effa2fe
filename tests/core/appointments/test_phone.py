"""Phone numbers of appointment requests: notes are kept, undiallable numbers are refused politely."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.appointments.phone import PhoneError, phone_with_note
from core.appointments.validation import InputError, normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0201 123456 (abends)", "+49201123456 (abends)"),
        ("0201 123456 abends", "+49201123456 (abends)"),
        ("0170 1234567, nur vormittags", "+491701234567 (nur vormittags)"),
        ("(0201) 123456 (ab 18 Uhr)", "+49201123456 (ab 18 Uhr)"),
        ("+49 201 123456", "+49201123456"),
    ],
)
def test_phone_notes_are_kept(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["0²⁰¹ 123456", "٠٢٠١ ١٢٣٤٥٦", "0201 １２３４５６", "0201 123456 " + "x" * 41, "0201 12a456"]
)
def test_undiallable_phones_are_refused_politely(raw: str) -> None:
    with pytest.raises(InputError) as caught:
        normalise_phone(raw)
    assert caught.value.code == "phone_invalid"


@given(st.text(max_size=80))
def test_phone_parser_never_raises_anything_else(raw: str) -> None:
    try:
        result = phone_with_note(raw)
    except PhoneError:
        return
    assert re.fullmatch(r"\+49[1-9][0-9]{3,13}(?: \(\S.{0,39}\))?", result), result
    assert result.split(" ")[0].isascii()
