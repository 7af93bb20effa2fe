"""The Vor-Ort request as one form, channel-free: the same checks, consent and request as the chat.

A web page posts every field at once; `read_form` checks each with the conversation's own
checks (`validation.py`) and fills the conversation's draft, so `NewRequest.from_draft` and
`render_summary` work on it unchanged. Errors are text keys with their values, per field.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.appointments.flow import Draft
from core.appointments.model import PLACE_KINDS, REASONS, RELATIONSHIPS, SERVICES, TIMES
from core.appointments.validation import (
    InputError,
    check_name,
    check_place,
    check_text,
    check_year,
    normalise_phone,
)

__all__ = ["MAX_PERSONS", "FormResult", "read_form"]

MAX_PERSONS = 6
"""People one form names (a care home's residents); more go into a second request."""


@dataclass
class FormResult:
    """The draft the form filled, and the problems per field (text key, values)."""

    draft: Draft
    errors: dict[str, tuple[str, dict[str, object]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the request can be sent."""
        return not self.errors


def _one(values: Mapping[str, Sequence[str]], name: str) -> str:
    found = values.get(name) or ()
    return found[0] if found else ""


def _error(result: FormResult, name: str, error: InputError) -> None:
    result.errors[name] = (f"vo.err.{error.code}", dict(error.details))


def read_form(values: Mapping[str, Sequence[str]], today: date) -> FormResult:
    """Check a posted form (every name with its values) and fill a draft."""
    result = FormResult({"key": _one(values, "key") or secrets.token_hex(8)})
    draft = result.draft
    who = _one(values, "for_whom")
    if who not in RELATIONSHIPS:
        result.errors["for_whom"] = ("web.vo.choose", {})
    else:
        draft["for_whom"] = who
    if who != "care_staff":
        reason = _one(values, "reason")
        if reason not in REASONS:
            result.errors["reason"] = ("web.vo.choose", {})
        else:
            draft["reason"] = reason
            if reason == "other":
                try:
                    draft["reason_text"] = check_text(_one(values, "reason_text"))
                except InputError as error:
                    _error(result, "reason_text", error)
    chosen = [s for s in values.get("services") or () if s in SERVICES]
    if not chosen:
        result.errors["services"] = ("vo.err.services_none", {})
    draft["services"] = list(dict.fromkeys(chosen))
    if "other" in chosen:
        try:
            draft["service_text"] = check_text(_one(values, "service_text"))
        except InputError as error:
            _error(result, "service_text", error)
    kind = _one(values, "place_kind")
    if kind not in PLACE_KINDS:
        result.errors["place_kind"] = ("web.vo.choose", {})
    else:
        draft["place_kind"] = kind
    try:
        place = check_place(_one(values, "place"))
        draft.update(place=place.text, district=place.district, postal_code=place.postal_code)
    except InputError as error:
        _error(result, "place", error)
    _people(result, values, today, many=kind == "care_home")
    if who in ("relative", "care_staff"):
        try:
            draft["contact_name"] = check_name(_one(values, "contact_name"))
        except InputError as error:
            _error(result, "contact_name", error)
    try:
        draft["phone"] = normalise_phone(_one(values, "phone"))
    except InputError as error:
        _error(result, "phone", error)
    times = _one(values, "times")
    if times not in TIMES:
        result.errors["times"] = ("web.vo.choose", {})
    else:
        draft["times"] = times
    draft["checklist_seen"] = True
    if _one(values, "consent") == "yes":
        draft["consent"] = True
    else:
        result.errors["consent"] = ("web.vo.consent_needed", {})
    return result


def _people(result: FormResult, values: Mapping[str, Sequence[str]], today: date, *, many: bool) -> None:
    """Name and year of each person (one for a home or hospital visit, up to six for a care home)."""
    names, years = list(values.get("name") or ()), list(values.get("year") or ())
    people: list[dict[str, Any]] = []
    for index, raw in enumerate(names[: MAX_PERSONS if many else 1]):
        if not raw.strip() and index > 0:
            continue
        try:
            name = check_name(raw)
            year = check_year(years[index] if index < len(years) else "", today)
        except InputError as error:
            _error(result, f"person{index}", error)
            continue
        people.append({"name": name, "year": year})
    if not people and "person0" not in result.errors:
        result.errors["person0"] = ("vo.err.empty", {})
    result.draft["applicants"] = people
