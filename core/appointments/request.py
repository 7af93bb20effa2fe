"""A checked, complete request from the conversation, and where requests go in the staff group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.appointments import flow
from core.appointments.model import PLACE_KINDS, REASONS, RELATIONSHIPS, SERVICES, TIMES
from core.config import Config
from faq import Faq
from storage.appointments import Applicant, RequestDetails

__all__ = ["NewRequest", "staff_chat_for"]


@dataclass(frozen=True)
class NewRequest(RequestDetails):
    """What the citizen gave in the conversation, checked and complete."""

    @classmethod
    def from_draft(cls, draft: dict[str, Any]) -> NewRequest:
        """Build from the conversation's draft; ValueError when something is missing."""
        relationship = draft.get("for_whom")
        reason = "care_home" if relationship == "care_staff" else draft.get("reason")
        services = tuple(str(s) for s in draft.get("services") or ())
        people = tuple(
            Applicant(str(p["name"]), int(p["year"]) if isinstance(p.get("year"), int) else None)
            for p in draft.get("applicants") or ()
            if isinstance(p, dict) and p.get("name")
        )
        if (
            flow.missing(draft) is not None
            or relationship not in RELATIONSHIPS
            or reason not in REASONS
            or not services
            or any(s not in SERVICES for s in services)
            or draft.get("place_kind") not in PLACE_KINDS
            or not draft.get("place")
            or not draft.get("district")
            or not people
            or not draft.get("phone")
            or draft.get("times") not in TIMES
            or (relationship != "self" and not draft.get("contact_name"))
            or not draft.get("consent")
        ):
            raise ValueError("the draft is not complete")
        if draft.get("place_kind") != "care_home":
            people = people[:1]
        return cls(
            relationship=str(relationship),
            reason=str(reason),
            reason_text=draft.get("reason_text") if reason == "other" else None,
            services=services,
            service_text=draft.get("service_text") if "other" in services else None,
            place_kind=str(draft["place_kind"]),
            place=str(draft["place"]),
            district=str(draft["district"]),
            postal_code=draft.get("postal_code"),
            applicants=people,
            contact_name=people[0].name if relationship == "self" else str(draft["contact_name"]),
            phone=str(draft["phone"]),
            preferred_time=str(draft["times"]),
        )


def staff_chat_for(config: Config, faq: Faq) -> int | None:
    """The staff chat for requests: the route of the vor-ort-service FAQ department, else the main one."""
    entry = faq.get("vor-ort-service")
    routes = dict(config.staff.routes)
    for key in (entry.department if entry else None, "vor-ort-service", "vorort"):
        if key and key in routes:
            return routes[key]
    return config.staff.chat_id
