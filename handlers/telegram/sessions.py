"""PTB sessions as personal data: their data owner, their expiry and the daily purge job.

PTB keeps `user_data`, `chat_data` and conversation states (e.g. a pending question) in the
SQLite persistence and in memory. `install` registers the owner on the services' registry
when the application is built; `purge_job` is the daily retention purge of every owner,
plus dropping the idle sessions from the running application's memory.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram.ext import Application

from core.clock import Clock
from core.history_privacy import HistoryOwner
from core.services import Services
from handlers.telegram.context import BotContext
from handlers.telegram.persistence import SqlitePersistence

__all__ = ["SEEN_KEY", "SessionOwner", "drop_stale_sessions", "install", "purge_job", "stale_session"]

logger = logging.getLogger(__name__)

SEEN_KEY = "seen"
"""user_data key with the day (UTC, ISO) of the user's last update; sessions expire by it."""

NAME = "session"


def stale_session(data: object, cutoff_day: str) -> bool:
    """Whether stored user data was last touched before the cutoff day."""
    seen = data.get(SEEN_KEY) if isinstance(data, dict) else None
    return isinstance(seen, str) and seen < cutoff_day


class SessionOwner:
    """PTB's persisted user_data, chat_data and conversation states (e.g. a pending question)."""

    name = NAME

    def __init__(self, persistence: SqlitePersistence, clock: Clock) -> None:
        self.persistence = persistence
        self.clock = clock

    async def export(self, user_id: int) -> dict[str, Any]:
        """What the conversation handlers keep about the user."""
        result: dict[str, Any] = {}
        for kind, data in await self.persistence.rows_of(user_id):
            if kind == "user":
                result["user_data"] = data
            elif kind == "chat":
                result["chat_data"] = data
            else:
                result.setdefault("conversations", {})[kind.removeprefix("conv:")] = data
        return result

    async def delete(self, user_id: int) -> int:
        """Remove the user's rows (the running application must drop its copy, see handlers.privacy)."""
        count = len(await self.persistence.rows_of(user_id))
        await self.persistence.forget_user_everywhere(user_id)
        return count

    async def purge(self, finished_before: datetime) -> int:
        """Remove sessions untouched since the moment; unstamped ones get today's stamp."""
        cutoff_day = finished_before.date().isoformat()
        today = self.clock.now().date().isoformat()
        return await self.persistence.purge_stale(cutoff_day, today, SEEN_KEY)


def drop_stale_sessions(app: Application[Any, Any, Any, Any, Any, Any], finished_before: datetime) -> int:
    """Drop the running application's copies of sessions untouched since the moment."""
    cutoff_day = finished_before.date().isoformat()
    stale = [uid for uid, data in app.user_data.items() if stale_session(data, cutoff_day)]
    for user_id in stale:
        app.drop_user_data(user_id)
        if user_id in app.chat_data:
            app.drop_chat_data(user_id)
    return len(stale)


async def purge_job(context: BotContext) -> None:
    """The daily job: store the sessions in memory, purge every owner, drop stale sessions in memory."""
    privacy = context.services.privacy
    app = context.application
    await app.update_persistence()
    now = privacy.clock.now()
    await privacy.run_purge(now)
    dropped = drop_stale_sessions(app, privacy.cutoff(now))
    if dropped:
        logger.info("retention purge: %s idle sessions dropped from memory", dropped)


def install(services: Services, persistence: SqlitePersistence) -> SessionOwner:
    """Register the sessions' data owner (in its place among the core owners: before the history)."""
    owner = SessionOwner(persistence, services.clock)
    services.data_owners.register(owner, before=HistoryOwner.name)
    return owner
