"""The appointments' part of the privacy duties: export, delete and purge (a DataOwner)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.appointments.service import AppointmentService
from storage import to_iso

__all__ = ["AppointmentDataOwner"]


class AppointmentDataOwner:
    """Exports, deletes and purges the personal data of Vor-Ort-Service requests."""

    name = "appointments"

    def __init__(self, service: AppointmentService) -> None:
        self.service = service

    async def export(self, user_id: int) -> dict[str, Any]:
        """The citizen's requests with their history (empty dict when there are none)."""
        requests = await self.export_user(user_id)
        return {"appointments": requests} if requests else {}

    async def delete(self, user_id: int) -> int:
        """Cancel open requests and anonymise every request of the citizen (also its staff cards)."""
        ids = await self.service.delete_user(user_id)
        await self.service.blank_staff_messages(ids)
        return len(ids)

    async def purge(self, finished_before: datetime) -> int:
        """Anonymise requests done, cancelled or rejected before the moment (their staff cards in turn)."""
        ids = await self.service.purge(finished_before)
        await self.service.blank_pending()  # bounded per run; what is left goes on the next run
        return len(ids)

    async def export_user(self, user_id: int) -> list[dict[str, Any]]:
        """Everything stored about a citizen's requests, JSON-serialisable."""
        result = []
        for a in await self.service.repo.for_user(user_id, limit=1000):
            events = await self.service.repo.events(a.id)
            result.append(
                {
                    "reference": a.reference,
                    "status": a.status,
                    "relationship": a.relationship,
                    "reason": a.reason,
                    "reason_text": a.reason_text,
                    "services": list(a.services),
                    "service_text": a.service_text,
                    "place_kind": a.place_kind,
                    "place": a.place,
                    "district": a.district,
                    "postal_code": a.postal_code,
                    "persons": [{"name": p.name, "year": p.year} for p in a.applicants],
                    "contact_name": a.contact_name,
                    "phone": a.phone,
                    "preferred_time": a.preferred_time,
                    "visit_start": to_iso(a.visit_start),
                    "visit_end": to_iso(a.visit_end),
                    "proposed_dates": [{"start": to_iso(o.start), "end": to_iso(o.end)} for o in a.options],
                    "wish": a.citizen_wish,
                    "reject_reason": a.reject_reason,
                    "consent_at": to_iso(a.consent_at),
                    "created_at": to_iso(a.created_at),
                    "finished_at": to_iso(a.finished_at),
                    "history": [
                        {
                            "at": to_iso(e.at),
                            "action": e.action,
                            "from": e.from_status,
                            "to": e.to_status,
                            "note": e.note,
                        }
                        for e in events
                    ],
                }
            )
        return result
