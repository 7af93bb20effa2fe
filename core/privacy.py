"""Personal data: the core owners registered, and /meinedaten, /loeschen and the retention purge.

Every owner is registered on one `DataOwnerRegistry` (`services.data_owners`); export,
deletion and the daily purge go through the registry, so features that register their own
owner (appointments, stop alerts, a channel's sessions, …) are covered the same way. The
owners of the core tables are in `core/privacy_owners.py`; a channel's part (Telegram: the
PTB sessions and the daily job) is in the channel (`handlers/telegram/sessions.py`).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

import aiosqlite

from core.citizens import CitizensOwner
from core.clock import Clock
from core.dataowners import DataOwner, DataOwnerRegistry
from core.history_privacy import HistoryOwner, checkpoint
from core.outbox import Outbox
from core.privacy_owners import OutboxOwner, TicketsOwner, UsersOwner
from storage import AuditRepository, Database, OutboxItem
from storage.citizens import CitizenRepository
from storage.owners import PersonalDataRepository

__all__ = ["PURGE_AT", "Privacy", "install"]

logger = logging.getLogger(__name__)

PURGE_AT = time(3, 30)
"""When the daily retention purge runs (local time of the office hours' timezone)."""


def _summary(counts: dict[str, int], failed: list[str]) -> str:
    text = ", ".join(f"{name}={count}" for name, count in counts.items()) or "–"
    return text + (" · FEHLER: " + ", ".join(failed) if failed else "")


def _purge_order(owner: DataOwner) -> int:
    return {UsersOwner.name: 1, CitizensOwner.name: 2}.get(owner.name, 0)


class Privacy:
    """Export, deletion and the retention purge over the registered owners; blocked chats."""

    def __init__(
        self,
        data: PersonalDataRepository,
        audit: AuditRepository,
        clock: Clock,
        owners: DataOwnerRegistry,
        retention_days: int,
    ) -> None:
        self.data = data
        self.audit = audit
        self.db: Database = data.db
        self.clock = clock
        self.owners = owners
        self.retention_days = retention_days

    async def record(self, action: str, detail: str | None = None, actor_name: str = "system") -> None:
        """An audit entry without a person behind it (system or an anonymous citizen)."""
        async with self.db.transaction() as conn:
            await self.audit.record(
                conn, now=self.clock.now(), actor_id=None, actor_name=actor_name, action=action, detail=detail
            )

    async def export_everything(self, user_id: int) -> dict[str, Any]:
        """Everything every registered owner stores about the user, by owner name (empty parts left out)."""
        parts: dict[str, Any] = {}
        for owner in self.owners:
            data = await owner.export(user_id)
            if data:
                parts[owner.name] = data
        return parts

    async def delete_everything(self, user_id: int) -> tuple[int, list[str]]:
        """Delete through every owner; returns (records changed, names of owners that failed)."""
        total = 0
        counts: dict[str, int] = {}
        failed: list[str] = []
        for owner in self.owners:
            try:
                counts[owner.name] = await owner.delete(user_id)
                total += counts[owner.name]
            except Exception:
                logger.exception("deletion by data owner %s failed", owner.name)
                failed.append(owner.name)
        await self.record("data_deleted", _summary(counts, failed), actor_name="citizen")
        logger.info("personal data deleted on request: %s", _summary(counts, failed))
        await checkpoint(self.db)
        return total, failed

    def cutoff(self, now: datetime) -> datetime:
        """The moment before which finished records are purged."""
        return now - timedelta(days=self.retention_days)

    async def run_purge(self, now: datetime | None = None) -> dict[str, int]:
        """The retention purge: every owner anonymises what finished before now - retention_days."""
        cutoff = self.cutoff(now or self.clock.now())
        counts: dict[str, int] = {}
        failed: list[str] = []
        # the users table goes last but one: other owners look at it (e.g. which users blocked the
        # bot); the citizens' identities last, once nothing refers to them any more
        for owner in sorted(self.owners, key=_purge_order):
            try:
                counts[owner.name] = await owner.purge(cutoff)
            except Exception:
                logger.exception("retention purge of %s failed", owner.name)
                failed.append(owner.name)
        await self.record("retention_purge", _summary(counts, failed))
        logger.info("retention purge before %s: %s", cutoff.date(), _summary(counts, failed))
        await checkpoint(self.db)
        return counts

    async def staff_messages_of(self, user_id: int) -> list[tuple[int, int, int]]:
        """(chat id, message id, ticket id) of staff-chat messages about the user's tickets."""
        return await self.data.staff_messages_of(user_id)

    async def set_blocked(self, chat_id: int, blocked: bool) -> None:
        """Record that a private chat blocked (or unblocked) the bot."""
        async with self.db.transaction() as conn:
            if blocked:
                await self.data.mark_blocked(conn, chat_id, self.clock.now())
            else:
                await self.data.unblock(conn, chat_id)


def install(
    owners: DataOwnerRegistry,
    data: PersonalDataRepository,
    audit: AuditRepository,
    outbox: Outbox,
    clock: Clock,
) -> None:
    """Register the core data owners and mark users who blocked the bot."""
    owners.register(UsersOwner(data))
    owners.register(TicketsOwner(data, audit, outbox, clock))
    owners.register(OutboxOwner(data))
    owners.register(HistoryOwner(data.db))
    owners.register(CitizensOwner(CitizenRepository(data.db)))

    async def on_blocked(conn: aiosqlite.Connection, item: OutboxItem) -> None:
        if item.chat_id > 0:  # a private chat: its id is the user's id
            await data.mark_blocked(conn, item.chat_id, clock.now())

    outbox.on_blocked(on_blocked)
