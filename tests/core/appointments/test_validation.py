"""Pure parts of the appointments: input checks, visit slots, the draft's steps, states, checklist."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.appointments import flow
from core.appointments.checklist import checklist_keys
from core.appointments.model import OPEN, STATES, TRANSITIONS, can_move
from core.appointments.request import NewRequest
from core.appointments.validation import (
    InputError,
    check_name,
    check_place,
    check_text,
    check_year,
    normalise_phone,
    parse_slot,
    split_name_year,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wednesday 10:00 Berlin


def _code(call: object) -> str:
    with pytest.raises(InputError) as caught:
        call()  # type: ignore[operator]
    return caught.value.code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0201 123456", "+49201123456"),
        ("0201/123456", "+49201123456"),
        ("0201-12 34 56", "+49201123456"),
        ("(0201) 123456", "+49201123456"),
        ("+49 201 123456", "+49201123456"),
        ("+49 (0) 201 123456", "+49201123456"),
        ("0049 201 123456", "+49201123456"),
        ("0170 1234567", "+491701234567"),
        ("0170/123 45 67", "+491701234567"),
        ("+49 1512 3456789", "+4915123456789"),
        ("0201 88-0", "+49201880"),
    ],
)
def test_german_phone_numbers_are_normalised(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("keine Ahnung", "phone_invalid"),
        ("123456", "phone_no_area_code"),
        ("+43 1 234567", "phone_foreign"),
        ("0043 1 234567", "phone_foreign"),
        ("0170 123", "phone_invalid"),
        ("0201 1", "phone_invalid"),
        ("0201 1234567890123", "phone_invalid"),
        ("00000000", "phone_invalid"),
        ("0201 12a456", "phone_invalid"),
    ],
)
def test_what_is_not_a_german_phone_number(raw: str, code: str) -> None:
    assert _code(lambda: normalise_phone(raw)) == code


@given(st.text(max_size=40))
def test_phone_check_never_crashes_and_yields_e164(raw: str) -> None:
    try:
        result = normalise_phone(raw)
    except InputError:
        return
    assert re.fullmatch(r"\+49[1-9][0-9]{3,13}(?: \(\S.{0,39}\))?", result), result


def test_names_and_years() -> None:
    assert check_name("  Erna   Muster ") == "Erna Muster"
    assert check_name("Dr. Anna-Lena O'Neil") == "Dr. Anna-Lena O'Neil"
    assert check_name("Çağla Öztürk") == "Çağla Öztürk"
    assert _code(lambda: check_name("R2D2")) == "name_digits"
    assert _code(lambda: check_name("<b>x</b>")) == "name_invalid"
    assert _code(lambda: check_name("E")) == "name_invalid"
    assert _code(lambda: check_name("x" * 81)) == "too_long"
    assert _code(lambda: check_name("\u200b")) == "empty"
    today = date(2026, 11, 25)
    assert check_year("1938", today) == 1938
    assert _code(lambda: check_year("38", today)) == "year_format"
    assert _code(lambda: check_year("1905", today)) == "year_range"
    assert _code(lambda: check_year("2027", today)) == "year_range"
    assert split_name_year("Erna Muster, 1938") == ("Erna Muster", "1938")
    assert split_name_year("Karl Gebhardt geb. 1941") == ("Karl Gebhardt", "1941")
    assert split_name_year("Anna Probe (*1944)") == ("Anna Probe", "1944")
    assert split_name_year("Anna Probe") == ("Anna Probe", None)
    assert check_text("a" * 500) == "a" * 500
    assert _code(lambda: check_text("a" * 501)) == "too_long"


@pytest.mark.parametrize(
    ("text", "district", "postal_code"),
    [
        ("Rüttenscheid", "Rüttenscheid", None),
        ("45130", "Rüttenscheid", "45130"),
        ("Borbek", "Borbeck-Mitte", None),
        ("Musterweg 1, ruettenscheid", "Rüttenscheid", None),
        ("Haus Abendsonne, Borbecker Str. 5, 45355 Essen", "Borbeck-Mitte", "45355"),
        ("Elisabeth-Krankenhaus, Station 4, Huttrop", "Huttrop", None),
        ("Am Ruhrufer 3, 45239 Essen-Werden", "Werden", "45239"),
    ],
)
def test_places_in_essen(text: str, district: str, postal_code: str | None) -> None:
    place = check_place(text)
    assert (place.district, place.postal_code, place.text) == (district, postal_code, text)


def test_places_outside_essen_or_unknown() -> None:
    with pytest.raises(InputError) as caught:
        check_place("Musterweg 1, 44787 Bochum")
    assert caught.value.code == "outside_essen" and caught.value.details == {"postal_code": "44787"}
    assert _code(lambda: check_place("Seniorenheim in Mülheim")) == "place_unknown"
    assert _code(lambda: check_place("Hauptstraße 5")) == "place_unknown"
    assert _code(lambda: check_place("Rü")) == "place_short"
    assert _code(lambda: check_place("")) == "empty"
    assert _code(lambda: check_place("x" * 301)) == "too_long"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3.12. 10:00-11:00", (2026, 12, 3, 10, 0), (11, 0)),
        ("03.12.2026 10–11 Uhr", (2026, 12, 3, 10, 0), (11, 0)),
        ("3.12.26 10.30 bis 11.15", (2026, 12, 3, 10, 30), (11, 15)),
        ("2026-12-03 10:00", (2026, 12, 3, 10, 0), (11, 0)),
        ("Do 3.12. 9 Uhr", (2026, 12, 3, 9, 0), (10, 0)),
        ("5.1. 9:00-10:00", (2027, 1, 5, 9, 0), (10, 0)),  # early January: next year
        ("25.11. 14:00-15:00", (2026, 11, 25, 14, 0), (15, 0)),  # later today
        ("30.3.2027 10:00-11:00", (2027, 3, 30, 10, 0), (11, 0)),  # after the clocks change
    ],
)
def test_visit_slots_in_berlin_time(text: str, start: tuple[int, ...], end: tuple[int, int]) -> None:
    slot = parse_slot(text, NOW, BERLIN)
    assert slot.start == datetime(*start, tzinfo=BERLIN)  # type: ignore[misc]
    assert (slot.end.hour, slot.end.minute) == end and slot.end.date() == slot.start.date()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("bald", "slot_format"),
        ("3.12.", "slot_format"),
        ("31.2. 10:00-11:00", "slot_format"),
        ("3.12. 25:00-26:00", "slot_format"),
        ("24.11. 10:00-11:00", "slot_past"),
        ("25.11.2026 09:00-10:30", "slot_past"),
        ("29.11. 10:00-11:00", "slot_sunday"),
        ("25.12. 10:00-11:00", "slot_holiday"),
        ("1.1.2027 10:00-11:00", "slot_holiday"),
        ("3.12. 11:00-10:00", "slot_order"),
        ("3.12. 10:00-10:00", "slot_order"),
    ],
)
def test_visit_slots_refused(text: str, code: str) -> None:
    assert _code(lambda: parse_slot(text, NOW, BERLIN)) == code


def test_state_machine() -> None:
    assert set(TRANSITIONS) == set(STATES)
    assert can_move("neu", "in_bearbeitung") and can_move("termin_vorgeschlagen", "bestaetigt")
    assert can_move("termin_vorgeschlagen", "in_bearbeitung")  # 'Passt nicht'
    assert can_move("bestaetigt", "termin_vorgeschlagen")  # moved visit
    assert not can_move("neu", "bestaetigt")  # only the citizen confirms a proposal
    assert not can_move("in_bearbeitung", "neu")
    for final in ("erledigt", "abgesagt", "abgelehnt"):
        assert not TRANSITIONS[final]
    for state in OPEN:
        assert can_move(state, "abgesagt") and can_move(state, "abgelehnt")


def _complete_draft() -> flow.Draft:
    draft = flow.new_draft(NOW)
    draft.update(
        for_whom="relative",
        reason="mobility",
        services=["id_card"],
        place_kind="home",
        place="Musterweg 1, 45130 Essen",
        district="Rüttenscheid",
        applicants=[{"name": "Erna Muster", "year": 1938}],
        contact_name="Klaus Muster",
        phone="+49201123456",
        times="any",
        checklist_seen=True,
        consent=True,
    )
    return draft


def test_draft_steps_skip_what_does_not_apply() -> None:
    draft = flow.new_draft(NOW)
    assert flow.missing(draft) == flow.FOR_WHOM
    draft["for_whom"] = "care_staff"
    assert flow.after(draft, flow.FOR_WHOM) == flow.SERVICES_STEP  # no reason step
    assert flow.back(draft, flow.SERVICES_STEP) == flow.FOR_WHOM
    draft["for_whom"] = "self"
    assert flow.after(draft, flow.PHONE) == flow.TIMES_STEP
    assert flow.back(draft, flow.PHONE) == flow.APPLICANT  # no contact name for oneself
    assert flow.back(draft, flow.FOR_WHOM) is None
    assert flow.back(draft, flow.REASON_TEXT) == flow.REASON


def test_editing_returns_to_the_summary() -> None:
    draft = _complete_draft()
    assert flow.missing(draft) is None
    assert flow.start_edit(draft, "phone") == flow.PHONE
    assert flow.after(draft, flow.PHONE) == flow.SUMMARY and not draft["editing"]
    assert flow.start_edit(draft, "where") == flow.PLACE_KIND
    assert flow.after(draft, flow.PLACE_KIND) == flow.PLACE  # a new kind needs a new place
    assert flow.after(draft, flow.PLACE) == flow.SUMMARY
    draft["for_whom"] = "self"
    assert flow.start_edit(draft, "contact") is None  # not asked for oneself
    assert flow.start_edit(draft, "nonsense") is None


def test_a_draft_goes_stale_after_the_ttl() -> None:
    draft = flow.new_draft(NOW)
    assert not flow.is_stale(draft, NOW + flow.DRAFT_TTL)
    assert flow.is_stale(draft, NOW + flow.DRAFT_TTL * 2)
    draft["updated"] = "garbage"
    assert flow.is_stale(draft, NOW)


def test_new_request_needs_a_complete_draft() -> None:
    request = NewRequest.from_draft(_complete_draft())
    assert request.relationship == "relative" and request.contact_name == "Klaus Muster"
    for key, value in (("phone", None), ("consent", False), ("services", ["zzz"]), ("times", "night")):
        broken = _complete_draft()
        broken[key] = value
        with pytest.raises(ValueError):
            NewRequest.from_draft(broken)
    home_group = _complete_draft()
    home_group["applicants"] = [{"name": "A Be", "year": 1930}, {"name": "Ce De", "year": 1931}]
    assert len(NewRequest.from_draft(home_group).applicants) == 1  # a group only in a care home
    myself = _complete_draft()
    myself.update(for_whom="self", contact_name=None)
    assert NewRequest.from_draft(myself).contact_name == "Erna Muster"


def test_checklist_follows_services_and_relationship() -> None:
    assert checklist_keys(["address"], "self") == [
        "vo.check.documents",
        "vo.check.landlord",
        "vo.check.no_fees",
    ]
    keys = checklist_keys(["passport", "certificate"], "relative", persons=3)
    for key in ("vo.check.photo", "vo.check.present", "vo.check.life_certificate", "vo.check.proxy"):
        assert key in keys
    assert "vo.check.each_person" in keys and keys[-1] == "vo.check.fees"
