"""The web chat's data owner: messages, sessions and the code of web citizens (export, deletion, purge)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage import OPEN_STATES
from storage.webchat import WebChatRepository

__all__ = ["WebChatOwner"]


class WebChatOwner:
    """What the web chat stores about a person, under the privacy duties like every feature."""

    name = "web_chat"

    def __init__(self, repo: WebChatRepository) -> None:
        self.repo = repo

    async def export(self, user_id: int) -> dict[str, Any]:
        """The web chat: dates, language, sessions (dates only) and every message."""
        return await self.repo.export(user_id)

    async def delete(self, user_id: int) -> int:
        """Remove the chat, the sessions and the code."""
        return await self.repo.delete(user_id)

    async def purge(self, finished_before: datetime) -> int:
        """Forget web citizens not seen since the moment who have no open ticket; drop unused sessions."""
        removed = 0
        for citizen_id in await self.repo.inactive(finished_before, OPEN_STATES):
            removed += await self.repo.delete(citizen_id)
        return removed + await self.repo.expire_sessions(finished_before)
