"""Citizens' channel-neutral identity: the owner of the `citizens` table and the channel names.

The internal id and the channel of a recipient are defined in `storage/citizens.py`; this is
what handlers and the privacy functions use.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.citizens import TELEGRAM, WEB, CitizenRepository, channel_of
from storage.db import to_iso

__all__ = ["TELEGRAM", "WEB", "CitizensOwner", "channel_label", "channel_of"]

_LABELS = {TELEGRAM: "Telegram", WEB: "Web-Chat"}


def channel_label(channel: str) -> str:
    """The channel's name for staff (German)."""
    return _LABELS.get(channel, channel)


class CitizensOwner:
    """The identity row: internal id, channel, the channel's id for the person, since when."""

    name = "citizen"

    def __init__(self, repo: CitizenRepository) -> None:
        self.repo = repo

    async def export(self, user_id: int) -> dict[str, Any]:
        """The identity row (empty when unknown)."""
        citizen = await self.repo.get(user_id)
        if citizen is None:
            return {}
        return {
            "id": citizen.id,
            "channel": citizen.channel,
            "external_id": citizen.external_id,
            "created_at": to_iso(citizen.created_at),
        }

    async def delete(self, user_id: int) -> int:
        """Remove the identity row."""
        return await self.repo.delete(user_id)

    async def purge(self, finished_before: datetime) -> int:
        """Forget identities that nothing refers to any more."""
        return await self.repo.purge_unused(finished_before)
