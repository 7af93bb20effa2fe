"""The Vor-Ort request as one form: the conversation's checks, a complete draft, errors per field."""

from __future__ import annotations

from datetime import date

from core.appointments.form import MAX_PERSONS, read_form
from core.appointments.request import NewRequest

TODAY = date(2026, 11, 25)

RELATIVE = {
    "key": ["00112233aabbccdd"],
    "for_whom": ["relative"],
    "reason": ["mobility"],
    "services": ["id_card", "address"],
    "place_kind": ["home"],
    "place": ["Marktstraße 5, 45355 Essen"],
    "name": ["Erna Muster", ""],
    "year": ["1938", ""],
    "contact_name": ["Petra Muster"],
    "phone": ["0201 123456"],
    "times": ["morning"],
    "consent": ["yes"],
}


def test_a_complete_form_makes_the_same_request_as_the_conversation() -> None:
    result = read_form(RELATIVE, TODAY)
    assert result.ok, result.errors
    request = NewRequest.from_draft(result.draft)
    assert request.relationship == "relative" and request.contact_name == "Petra Muster"
    assert request.phone == "+49201123456" and request.district and request.postal_code == "45355"
    assert [a.name for a in request.applicants] == ["Erna Muster"]
    assert result.draft["key"] == "00112233aabbccdd"


def test_every_problem_is_named_at_its_field() -> None:
    bad = {
        **RELATIVE,
        "for_whom": ["boss"],
        "services": ["x"],
        "place": ["Hauptstraße 1, 10115 Berlin"],
        "name": ["R2D2"],
        "year": ["38"],
        "phone": ["123"],
        "times": [""],
        "consent": [""],
    }
    result = read_form(bad, TODAY)
    assert set(result.errors) == {"for_whom", "services", "place", "person0", "phone", "times", "consent"}
    assert result.errors["place"][0] == "vo.err.outside_essen"
    assert result.errors["person0"][0] == "vo.err.name_digits"
    assert result.errors["consent"][0] == "web.vo.consent_needed"


def test_care_staff_name_several_residents_and_need_no_reason() -> None:
    names = [f"Bewohner Nummer{chr(65 + i)}" for i in range(MAX_PERSONS + 2)]
    form = {
        **RELATIVE,
        "for_whom": ["care_staff"],
        "reason": [],
        "place_kind": ["care_home"],
        "place": ["Seniorenzentrum, 45355 Essen"],
        "name": names,
        "year": ["1940"] * len(names),
    }
    result = read_form(form, TODAY)
    assert result.ok, result.errors
    assert len(result.draft["applicants"]) == MAX_PERSONS
    assert NewRequest.from_draft(result.draft).reason == "care_home"
    home = read_form({**form, "place_kind": ["home"]}, TODAY)
    assert len(home.draft["applicants"]) == 1  # at home: one person
