"""Corrections typed into the request form: "oh sorry, 45136" changes the postal code, nothing else.

People correct themselves in the next message ("sorry, 45136", "ich meinte 0201 654321") or on
the summary ("Telefon: 0201 654321", "Geburtsjahr 1941", "Adresse: Rüttenscheider Str. 5,
45130 Essen"). `find_correction` recognises such a message and the one field it names (by a
label word, or by the value's shape: a lone Essen postal code, a phone number, a year);
`apply_correction` changes only that field, checked like at the first entry
(`core.appointments.validation`). A field answered with buttons (services, for whom, reason,
place kind, times) is not typed: the correction names the step to open (`Correction.step`).
When the message names nothing it can place, the form asks with buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.appointments.flow import Draft
from core.appointments.validation import (
    check_name,
    check_place,
    check_year,
    clean,
    normalise_phone,
    split_name_year,
)
from core.places import POSTAL_CODES

__all__ = [
    "BUTTON_ITEMS",
    "CONTACT",
    "NAME",
    "PHONE",
    "PLACE",
    "POSTAL_CODE",
    "YEAR",
    "Applied",
    "Correction",
    "apply_correction",
    "find_correction",
    "replace_postal",
    "strip_correction",
]

POSTAL_CODE = "postal_code"
"""The field a lone postal code corrects: the postal code of the place."""
PLACE = "place"
PHONE = "phone"
NAME = "name"
"""The name of the (one, or the named) person the visit is for."""
YEAR = "year"
"""The year of birth of the (one, or the named) person."""
CONTACT = "contact"
"""The name of the person who asks for someone else."""
BUTTON_ITEMS = ("svc", "who", "why", "where", "times")
"""Summary items answered with buttons: a correction naming one opens its step (`flow.EDIT_TARGETS`)."""
ITEM_OF = {POSTAL_CODE: "where", PLACE: "where", PHONE: "phone", NAME: "persons", YEAR: "persons"}
"""Field -> the summary item it belongs to (for the note and the 'Ändern' button)."""

_MARKERS = re.compile(
    r"^(?:\s*(?:oh(?:\s+je)?|ups|hoppla|oops|sorry|entschuldigung|verzeihung|pardon|korrektur|"
    r"nein|falsch|ich\s+meinte|gemeint\s+ist|richtig\s+ist|richtig|i\s+meant|correction)\b[\s,.:;!–-]*)+",
    re.IGNORECASE,
)
_POSTAL_ONLY = re.compile(
    r"^(?:(?:die\s+)?(?:plz|postleitzahl)(?:\s+ist)?[\s:]*)?(\d{5})[\s.!]*$", re.IGNORECASE
)
_FIVE_DIGITS = re.compile(r"(?<!\d)\d{5}(?!\d)")
_YEAR_ONLY = re.compile(r"^(1[89]\d\d|20\d\d)[\s.!]*$")
_PHONE_SHAPE = re.compile(r"^(?:\+|00|0)[\d\s/().\-]{5,}")
_LABELS: tuple[tuple[str, str], ...] = (
    (CONTACT, r"ansprechperson|ansprechpartner(?:in)?|kontaktperson|kontakt|mein\s+name|contact\s+person"),
    (PHONE, r"telefonnummer|telefon|tel\.?|handynummer|handy|mobilnummer|rufnummer|nummer|phone"),
    (POSTAL_CODE, r"postleitzahl|plz|postal\s+code|postcode"),
    (PLACE, r"adresse|anschrift|wohnadresse|stra(?:ß|ss)e|address"),
    (YEAR, r"geburtsjahr|jahrgang|geboren|geb\.|year\s+of\s+birth|born"),
    (NAME, r"vor-?\s*und\s+nachname|nachname|vorname|name"),
    ("svc", r"anliegen|leistungen|leistung|services?"),
    ("who", r"f(?:ü|ue)r\s+wen|for\s+whom"),
    ("why", r"grund|reason"),
    ("where", r"ort|place"),
    ("times", r"wunschzeit|uhrzeit|zeit|preferred\s+time|time"),
)
_LABEL = r"^(?:(?:die|der|das|meine|mein|the|my)\s+)?(?:{})(?![^\W\d_])(?:\s+(?:ist|lautet|is))?\s*[:=]?\s*"
_LABELLED = [
    (field, re.compile(_LABEL.format(words) + r"(?P<value>.*)$", re.IGNORECASE | re.DOTALL))
    for field, words in _LABELS
]


@dataclass(frozen=True)
class Correction:
    """A message that corrects one field (`POSTAL_CODE`, `PHONE`, …, or a button item) and the new value."""

    field: str
    value: str

    @property
    def step(self) -> str | None:
        """The summary item to open with buttons, when the field is answered with buttons."""
        return self.field if self.field in BUTTON_ITEMS else None


@dataclass(frozen=True)
class Applied:
    """A correction that changed the draft: the summary item and the value as now stored."""

    item: str
    value: str


def strip_correction(text: str) -> tuple[bool, str]:
    """('oh sorry, 0201 654321') -> (True, '0201 654321'); a text without such words is kept."""
    match = _MARKERS.match(text)
    if match is None or match.end() == 0:
        return False, text.strip()
    return True, text[match.end() :].strip()


def _labelled(rest: str) -> Correction | None:
    for field, pattern in _LABELLED:
        match = pattern.match(rest)
        if match is None:
            continue
        value = match.group("value").strip(" ,;")
        if field == "where" and value:
            return Correction(PLACE, value)  # "Ort: Musterstr. 5, 45130 Essen" is the address
        if field in BUTTON_ITEMS or value:
            return Correction(field, value)
    return None


def find_correction(text: str, *, shapes: bool = False) -> Correction | None:
    """The field a short correction names, or None.

    A lone Essen postal code counts, marked or not. Label words ("Telefon: …", "Geburtsjahr
    1941") count always; with `shapes` (on the summary, where nothing else is asked) a phone
    number or a year alone counts too.
    """
    _, rest = strip_correction(text)
    match = _POSTAL_ONLY.match(rest)
    if match is not None and match.group(1) in POSTAL_CODES:
        return Correction(POSTAL_CODE, match.group(1))
    labelled = _labelled(rest)
    if labelled is not None:
        return labelled
    if shapes and _YEAR_ONLY.match(rest):
        return Correction(YEAR, rest.strip(" .!"))
    if shapes and _PHONE_SHAPE.match(rest) and sum(c.isdigit() for c in rest) >= 6:
        return Correction(PHONE, rest)
    return None


def replace_postal(place: str, code: str) -> str:
    """The address with its postal code changed (or added at the end); the rest stays as typed."""
    if _FIVE_DIGITS.search(place):
        return _FIVE_DIGITS.sub(code, place, count=1)
    return f"{place.rstrip(' ,')}, {code}"


def _person(draft: Draft, value: str) -> tuple[dict[str, object], str] | None:
    """The person a value is about (the only one, or the one it names) and the value without the name."""
    people = draft.get("applicants") or []
    if len(people) == 1:
        only = people[0]
        name, year = split_name_year(value)
        if year is not None and name.casefold() == str(only.get("name", "")).casefold():
            return only, year
        return only, value
    name, year = split_name_year(value)
    for person in people:
        if year is not None and name and name.casefold() == str(person.get("name", "")).casefold():
            return person, year
    return None


def apply_correction(draft: Draft, correction: Correction, today: date) -> Applied | None:
    """Change the one field in the draft, checked like at the first entry.

    Raises `InputError` (the same codes as the step) for an invalid value; None when it is not
    clear which person is meant or the field is not in this request: the form then asks.
    """
    field, value = correction.field, clean(correction.value)
    if field == POSTAL_CODE:
        place = draft.get("place")
        if not isinstance(place, str) or not place:
            return None
        return _set_place(draft, replace_postal(place, value))
    if field == PLACE:
        return _set_place(draft, value)
    if field == PHONE:
        draft["phone"] = normalise_phone(value)
        return Applied("phone", draft["phone"])
    if field == CONTACT:
        if draft.get("for_whom") == "self":
            return None
        draft["contact_name"] = check_name(value)
        return Applied("contact", draft["contact_name"])
    found = _person(draft, value)
    if found is None:
        return None
    person, rest = found
    if field == YEAR:
        person["year"] = check_year(rest, today)
        return Applied("persons", f"{person.get('name')}, {person['year']}")
    if field == NAME:
        name, year = split_name_year(value)
        person["name"] = check_name(name if year is not None else value)
        if year is not None:
            person["year"] = check_year(year, today)
        return Applied("persons", str(person["name"]))
    return None


def _set_place(draft: Draft, text: str) -> Applied:
    fixed = check_place(text)
    draft["place"], draft["district"], draft["postal_code"] = fixed.text, fixed.district, fixed.postal_code
    return Applied("where", fixed.text)

