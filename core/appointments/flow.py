"""The request conversation as pure logic on a plain-dict draft: steps, order, back, completeness.

The draft lives in `context.user_data["vo_draft"]` and is persisted as JSON, so it holds only
strings, numbers, booleans, lists and dicts. Conversation states are the step names.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from core.appointments.model import PLACE_KINDS, REASONS, RELATIONSHIPS, SERVICES, TIMES
from storage import from_iso, to_iso

__all__ = [
    "ANSWER",
    "APPLICANT",
    "APPLICANT_YEAR",
    "CHECKLIST",
    "CONSENT",
    "CONTACT",
    "DRAFT_KEY",
    "DRAFT_TTL",
    "EDIT_TARGETS",
    "FOR_WHOM",
    "MAIN",
    "MORE",
    "PHONE",
    "PLACE",
    "PLACE_KIND",
    "REASON",
    "REASON_TEXT",
    "RESUME",
    "SERVICES_STEP",
    "SERVICE_TEXT",
    "STEP_NUMBER",
    "SUMMARY",
    "TEXT_STEPS",
    "TIMES_STEP",
    "WISH",
    "Draft",
    "after",
    "applicable",
    "back",
    "group_allowed",
    "is_stale",
    "missing",
    "new_draft",
    "start_edit",
    "touch",
]

Draft = dict[str, Any]

DRAFT_KEY = "vo_draft"
DRAFT_TTL = timedelta(hours=2)
"""A draft untouched this long is dropped (also after a restart, measured with the bot's clock)."""

FOR_WHOM = "for_whom"
REASON = "reason"
REASON_TEXT = "reason_text"
SERVICES_STEP = "services"
SERVICE_TEXT = "service_text"
PLACE_KIND = "place_kind"
PLACE = "place"
APPLICANT = "applicant"
APPLICANT_YEAR = "applicant_year"
MORE = "more_applicants"
CONTACT = "contact_name"
PHONE = "phone"
TIMES_STEP = "times"
CHECKLIST = "checklist"
CONSENT = "consent"
SUMMARY = "summary"
RESUME = "resume"
WISH = "wish"
ANSWER = "answer"

TEXT_STEPS = (REASON_TEXT, SERVICE_TEXT, PLACE, APPLICANT, APPLICANT_YEAR, CONTACT, PHONE, WISH, ANSWER)
"""Steps answered by typing (the others by buttons)."""

MAIN = (
    FOR_WHOM,
    REASON,
    SERVICES_STEP,
    PLACE_KIND,
    PLACE,
    APPLICANT,
    CONTACT,
    PHONE,
    TIMES_STEP,
    CHECKLIST,
    CONSENT,
    SUMMARY,
)
"""The main steps in order; sub-steps belong to the main step before them."""

STEP_NUMBER = {
    FOR_WHOM: 1,
    REASON: 2,
    REASON_TEXT: 2,
    SERVICES_STEP: 3,
    SERVICE_TEXT: 3,
    PLACE_KIND: 4,
    PLACE: 4,
    APPLICANT: 5,
    APPLICANT_YEAR: 5,
    MORE: 5,
    CONTACT: 5,
    PHONE: 5,
    TIMES_STEP: 5,
    CHECKLIST: 6,
    CONSENT: 7,
    SUMMARY: 8,
}
"""The step number shown to the citizen ('Schritt 4 von 8')."""

EDIT_TARGETS = {
    "who": FOR_WHOM,
    "why": REASON,
    "svc": SERVICES_STEP,
    "where": PLACE_KIND,
    "persons": APPLICANT,
    "contact": CONTACT,
    "phone": PHONE,
    "times": TIMES_STEP,
}
"""'Ändern' buttons on the summary -> the step they open."""


def new_draft(now: datetime) -> Draft:
    """An empty draft at the first step."""
    return {
        "key": secrets.token_hex(8),  # the request's idempotency key: sent twice, stored once
        "step": FOR_WHOM,
        "updated": to_iso(now),
        "editing": False,
        "for_whom": None,
        "reason": None,
        "reason_text": None,
        "services": [],
        "service_text": None,
        "place_kind": None,
        "place": None,
        "district": None,
        "postal_code": None,
        "applicants": [],
        "applicants_reset": True,
        "pending_name": None,
        "contact_name": None,
        "phone": None,
        "times": None,
        "checklist_seen": False,
        "consent": False,
    }


def touch(draft: Draft, step: str, now: datetime) -> None:
    """Remember the current step and the time of the last answer."""
    draft["step"] = step
    draft["updated"] = to_iso(now)


def is_stale(draft: Draft, now: datetime) -> bool:
    """Whether the draft was left alone longer than DRAFT_TTL."""
    updated = draft.get("updated")
    try:
        moment = from_iso(updated) if isinstance(updated, str) else None
    except ValueError:
        moment = None
    return moment is None or now - moment > DRAFT_TTL


def group_allowed(draft: Draft) -> bool:
    """Several residents may be listed only for a visit in a care home."""
    return draft.get("place_kind") == "care_home"


def applicable(step: str, draft: Draft) -> bool:
    """Whether a main step is asked for this draft."""
    if step == REASON:
        return draft.get("for_whom") != "care_staff"
    if step == CONTACT:
        return draft.get("for_whom") != "self"
    return True


def _step_done(step: str, draft: Draft) -> bool:
    if step == FOR_WHOM:
        return draft.get("for_whom") in RELATIONSHIPS
    if step == REASON:
        reason = draft.get("reason")
        return reason in REASONS and (reason != "other" or bool(draft.get("reason_text")))
    if step == SERVICES_STEP:
        chosen = draft.get("services") or []
        valid = bool(chosen) and all(s in SERVICES for s in chosen)
        return valid and ("other" not in chosen or bool(draft.get("service_text")))
    if step == PLACE_KIND:
        return draft.get("place_kind") in PLACE_KINDS
    if step == PLACE:
        return bool(draft.get("place")) and bool(draft.get("district"))
    if step == APPLICANT:
        return bool(draft.get("applicants"))
    if step == CONTACT:
        return bool(draft.get("contact_name"))
    if step == PHONE:
        return bool(draft.get("phone"))
    if step == TIMES_STEP:
        return draft.get("times") in TIMES
    if step == CHECKLIST:
        return bool(draft.get("checklist_seen"))
    if step == CONSENT:
        return bool(draft.get("consent"))
    return True


def missing(draft: Draft) -> str | None:
    """The first main step still to answer, or None when the draft can be sent."""
    for step in MAIN[:-1]:
        if applicable(step, draft) and not _step_done(step, draft):
            return step
    return None


def _main_of(step: str) -> str:
    return {REASON_TEXT: REASON, SERVICE_TEXT: SERVICES_STEP, APPLICANT_YEAR: APPLICANT, MORE: APPLICANT}.get(
        step, step
    )


def _next_main(draft: Draft, step: str) -> str:
    index = MAIN.index(_main_of(step))
    for candidate in MAIN[index + 1 :]:
        if applicable(candidate, draft):
            return candidate
    return SUMMARY


def _prev_main(draft: Draft, step: str) -> str | None:
    index = MAIN.index(_main_of(step))
    for candidate in reversed(MAIN[:index]):
        if applicable(candidate, draft):
            return candidate
    return None


def after(draft: Draft, step: str) -> str:
    """The step that follows once `step` is answered (in edit mode: back to the summary)."""
    if draft.get("editing"):
        if step == PLACE_KIND:
            return PLACE
        following = missing(draft)
        if following is None:
            draft["editing"] = False
            return SUMMARY
        return following
    return _next_main(draft, step)


def back(draft: Draft, step: str) -> str | None:
    """The step 'Zurück' leads to (None: there is nothing before)."""
    if draft.get("editing") and missing(draft) is None:
        draft["editing"] = False
        return SUMMARY
    if step == REASON_TEXT:
        return REASON
    if step == SERVICE_TEXT:
        return SERVICES_STEP
    if step == APPLICANT_YEAR:
        draft["pending_name"] = None
        return APPLICANT
    if step == MORE:
        people = draft.get("applicants") or []
        if people:
            people.pop()
        return APPLICANT
    if step == APPLICANT and draft.get("applicants") and not draft.get("applicants_reset"):
        return MORE if group_allowed(draft) else _prev_main(draft, step)
    return _prev_main(draft, step)


def start_edit(draft: Draft, target: str) -> str | None:
    """Open a step from the summary ('Ändern'); returns the step or None for an unknown target."""
    step = EDIT_TARGETS.get(target)
    if step is None or not applicable(step, draft):
        return None
    draft["editing"] = True
    return step
