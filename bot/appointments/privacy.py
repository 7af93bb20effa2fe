"""The appointments' part of the privacy duties: export, delete and purge (a DataOwner)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.appointments.service import AppointmentService

__all__ = ["AppointmentDataOwner"]


class AppointmentDataOwner:
    """Exports, deletes and purges the personal data of Vor-Ort-Service requests."""

    name = "appointments"

    def __init__(self, service: AppointmentService) -> None:
        self.service = service

    async def export(self, user_id: int) -> dict[str, Any]:
        """The citizen's requests with their history (empty dict when there are none)."""
        requests = await self.service.export_user(user_id)
        return {"appointments": requests} if requests else {}

    async def delete(self, user_id: int) -> int:
        """Cancel open requests and anonymise every request of the citizen."""
        return await self.service.delete_user(user_id)

    async def purge(self, finished_before: datetime) -> int:
        """Anonymise requests done, cancelled or rejected before the moment."""
        return await self.service.purge(finished_before)
