"""Which field a typed correction names: by a label word, or (on the summary) by the value's shape."""

from __future__ import annotations

from datetime import date

import pytest

from core.appointments.corrections import (
    PHONE,
    PLACE,
    POSTAL_CODE,
    YEAR,
    Correction,
    apply_correction,
    find_correction,
)
from core.appointments.validation import InputError

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oh sorry, 45136", Correction(POSTAL_CODE, "45136")),
        ("sorry, ich meinte Tel. 0201 12345", Correction(PHONE, "0201 12345")),
        ("die Nummer ist 0170 1234567 (abends)", Correction(PHONE, "0170 1234567 (abends)")),
        ("Adresse: Kirchstr. 5, 45130 Essen", Correction(PLACE, "Kirchstr. 5, 45130 Essen")),
        ("Ort: Hauptstr. 1, 45127 Essen", Correction(PLACE, "Hauptstr. 1, 45127 Essen")),
        ("Geburtsjahr 1941", Correction(YEAR, "1941")),
        ("Wunschzeit", Correction("times", "")),
    ],
)
def test_a_label_names_the_field(text: str, expected: Correction) -> None:
    assert find_correction(text) == expected


def test_a_bare_value_counts_only_on_the_summary() -> None:
    assert find_correction("1941") is None
    assert find_correction("1941", shapes=True) == Correction(YEAR, "1941")
    assert find_correction("0201 654321") is None
    assert find_correction("0201 654321", shapes=True) == Correction(PHONE, "0201 654321")


@pytest.mark.parametrize("text", ["Ortrud Meier", "Namensänderung", "Oh sorry!", "Zeitung", "Stimmt nicht"])
def test_words_that_only_start_like_a_label_name_nothing(text: str) -> None:
    assert find_correction(text, shapes=True) is None


def test_applying_changes_one_field_and_checks_it() -> None:
    draft = {"place": "Borbecker Str. 5, 45355 Essen", "phone": "+49201123456", "applicants": [
        {"name": "Erna Muster", "year": 1938}, {"name": "Karl Muster", "year": 1936}]}
    applied = apply_correction(draft, Correction(POSTAL_CODE, "45356"), TODAY)
    assert applied is not None and draft["place"] == "Borbecker Str. 5, 45356 Essen"
    assert draft["phone"] == "+49201123456"
    assert apply_correction(draft, Correction(YEAR, "1941"), TODAY) is None  # which person? asked
    assert apply_correction(draft, Correction(YEAR, "Karl Muster 1937"), TODAY) is not None
    assert draft["applicants"][1]["year"] == 1937 and draft["applicants"][0]["year"] == 1938
    with pytest.raises(InputError):
        apply_correction(draft, Correction(PHONE, "12"), TODAY)
    assert draft["phone"] == "+49201123456"
