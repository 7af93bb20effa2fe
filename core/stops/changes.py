"""Staff changes to the live plan (a mixin of StopService): cancel or move a stop, import a month.

A cancellation or move is stored together with its audit entry, one outbox notice per
subscriber and the staff chat's confirmation in one transaction, so nobody is told of a
change that was not stored, and nothing stored stays untold.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import aiosqlite

from core.outbox import Outbox, message_payload
from core.staff import StaffActor
from core.stops.clocked import Clocked
from core.stops.filters import covers
from core.stops.html import as_lang, stop_html, when_where
from core.stops.importer import IMPORT_DIR, Format, ImportResult, write_import
from core.stops.model import Override, PlanError, Stop
from core.stops.plan import StopPlan
from core.stops.upload import check_upload
from core.texts import Raw, t
from storage import AuditRepository, Database
from storage.stops import (
    StopOverrideRecord,
    StopOverrideRepository,
    StopSubscription,
    StopSubscriptionRepository,
)

__all__ = [
    "CONFIRMATION",
    "NOTICE",
    "ChangeResult",
    "Confirmation",
    "DuplicateChange",
    "StaffChanges",
    "StopActionError",
    "change_confirmation",
]

logger = logging.getLogger("core.stops.service")  # the name the log lines had before the split

NOTICE = "stop_notice"
"""Outbox purpose: a stop was cancelled or moved."""
CONFIRMATION = "stop_change_confirmation"
"""Outbox purpose: the staff chat's confirmation of /ausfall or /verlegen (retried like the notices)."""


class StopActionError(Exception):
    """A staff change to a stop is not possible; the message is German for the staff chat."""


class DuplicateChange(StopActionError):
    """The same change was stored already (a second press): nobody is told twice."""

    def __init__(self, message: str, override_id: int) -> None:
        super().__init__(message)
        self.override_id = override_id


@dataclass(frozen=True)
class ChangeResult:
    """A stored staff change: the stop before and after, and how many subscribers are told."""

    before: Stop
    after: Stop
    notified: int
    override_id: int = 0


def change_confirmation(result: ChangeResult, name: str) -> str:
    """The staff chat's line about a stored cancellation or move, by `name`."""
    stop_id = result.before.stop_id
    if result.after.cancelled:
        reason = result.after.cancel_reason or ""
        return t(
            "stops.staff.cancelled",
            name=name,
            stop=f"{when_where(result.before)} [{stop_id}]",
            reason=reason,
            count=result.notified,
        )
    return t(
        "stops.staff.moved",
        name=name,
        stop=f"{when_where(result.after)} [{stop_id}]",
        before=when_where(result.before),
        count=result.notified,
    )


def _same_change(stored: StopOverrideRecord | None, override: Override) -> bool:
    """Whether the stop's newest stored override already is this change."""
    if stored is None or stored.kind != override.kind:
        return False
    if override.kind == "cancel":
        return True
    return (stored.new_start, stored.new_end, stored.new_place_id) == (
        override.new_start,
        override.new_end,
        override.new_place_id,
    )


Confirmation = tuple[int, Callable[[ChangeResult], str]]
"""Where to confirm a staff change, and its text given the stored result."""


class StaffChanges(Clocked):
    """Staff cancellations, moves and imports; StopService provides the state below."""

    db: Database
    outbox: Outbox
    plan: StopPlan
    base: StopPlan
    plan_path: Path
    overrides: StopOverrideRepository
    subscriptions: StopSubscriptionRepository
    audit: AuditRepository
    _import_lock: asyncio.Lock

    reload: Callable[[], Awaitable[None]]
    """Read the plan file again (StopService.reload)."""

    def _changeable(self, stop_id: str) -> Stop:
        stop = self.plan.find_stop(stop_id)
        if stop is None:
            raise StopActionError(t("stops.staff.unknown_stop", stop_id=stop_id))
        if stop.end <= self.now():
            raise StopActionError(t("stops.staff.stop_over", stop=when_where(stop)))
        return stop

    def planned_cancel(self, stop_id: str, reason: str) -> tuple[Stop, Override, Stop]:
        """Check a cancellation: the stop before, the override, the stop after (raises StopActionError)."""
        before = self._changeable(stop_id)
        if before.cancelled:
            raise StopActionError(t("stops.staff.already_cancelled", stop=when_where(before)))
        override = Override(stop_id, "cancel", reason=reason, created_at=self.now())
        after = self.plan.with_overrides([override]).find_stop(stop_id)
        assert after is not None
        return before, override, after

    def planned_move(
        self,
        stop_id: str,
        new_start: datetime,
        new_end: datetime,
        reason: str | None,
        new_place_id: str | None = None,
    ) -> tuple[Stop, Override, Stop]:
        """Check a move: the stop before, the override, the stop after (raises StopActionError)."""
        before = self._changeable(stop_id)
        if new_end <= new_start:
            raise StopActionError(t("stops.staff.bad_times"))
        if new_end <= self.now():
            raise StopActionError(t("stops.staff.move_past"))
        if new_place_id is not None and self.plan.place(new_place_id) is None:
            raise StopActionError(t("stops.staff.unknown_place", place=new_place_id))
        override = Override(stop_id, "move", new_start, new_end, reason, new_place_id, created_at=self.now())
        after = self.plan.with_overrides([override]).find_stop(stop_id)
        assert after is not None
        return before, override, after

    async def cancel(
        self, stop_id: str, reason: str, actor: StaffActor, *, confirm: Confirmation | None = None
    ) -> ChangeResult:
        """Cancel one stop and queue a notice to everyone subscribed to its place or district.

        A stop a staff member cancelled already raises DuplicateChange with that cancellation.
        """
        try:
            before, override, after = self.planned_cancel(stop_id, reason)
        except StopActionError as exc:
            stop = self.plan.find_stop(stop_id)
            stored = await self.overrides.latest(stop_id) if stop is not None and stop.cancelled else None
            if stored is not None and stored.kind == "cancel":
                raise DuplicateChange(str(exc), stored.id) from exc
            raise
        notified, override_id = await self._store_change(override, before, after, actor, confirm)
        return ChangeResult(before, after, notified, override_id)

    async def move(
        self,
        stop_id: str,
        new_start: datetime,
        new_end: datetime,
        reason: str | None,
        actor: StaffActor,
        new_place_id: str | None = None,
        *,
        confirm: Confirmation | None = None,
    ) -> ChangeResult:
        """Move one stop to another time (and place) and tell its subscribers."""
        before, override, after = self.planned_move(stop_id, new_start, new_end, reason, new_place_id)
        notified, override_id = await self._store_change(override, before, after, actor, confirm)
        return ChangeResult(before, after, notified, override_id)

    async def _store_change(
        self, override: Override, before: Stop, after: Stop, actor: StaffActor, confirm: Confirmation | None
    ) -> tuple[int, int]:
        """Store the override, the audit entry, the subscribers' notices and the confirmation at once.

        Returns (subscribers told, override id). The stop's newest stored override is read in
        the same transaction: when it already is this change (a second press, two staff at
        once), DuplicateChange is raised and nothing is stored or sent again.
        """
        now = self.now()
        async with self.db.transaction() as conn:
            stored = await self.overrides.latest(override.stop_id, conn)
            if _same_change(stored, override):
                assert stored is not None
                key = "stops.staff.already_" + ("cancelled" if override.kind == "cancel" else "moved")
                raise DuplicateChange(t(key, stop=when_where(before)), stored.id)
            override_id = await self.overrides.add(
                conn,
                stop_id=override.stop_id,
                kind=override.kind,
                now=now,
                reason=override.reason,
                new_start=override.new_start,
                new_end=override.new_end,
                new_place_id=override.new_place_id,
                created_by=actor.user_id,
                created_by_name=actor.name,
            )
            await self.audit.record(
                conn,
                now=now,
                actor_id=actor.user_id,
                actor_name=actor.name,
                action=f"stop_{override.kind}",
                ref_type="stop_override",
                ref_id=override_id,
                detail=override.stop_id,
            )
            subscribers = await self._subscribers(conn, [before, after])
            payloads = {
                lang: message_payload(self._notice_text(before, after, lang))
                for lang in {s.language for s in subscribers}
            }  # one text per language, not per subscriber: 10,000 notices are one insert
            rows = [(s.chat_id, payloads[s.language]) for s in subscribers]
            await self.outbox.add_many(conn, rows, NOTICE, ref_type="stop_override", ref_id=override_id)
            if confirm is not None:
                chat_id, render = confirm
                text = render(ChangeResult(before, after, len(subscribers), override_id))
                payload = message_payload(text)
                await self.outbox.add(
                    conn, chat_id, payload, CONFIRMATION, ref_type="stop_override", ref_id=override_id
                )
        self.plan = self.plan.with_overrides([override])
        logger.info(
            "stop %s: %s stored, %s subscribers notified", override.stop_id, override.kind, len(subscribers)
        )
        return len(subscribers), override_id

    async def _subscribers(
        self, conn: aiosqlite.Connection | None, stops: list[Stop]
    ) -> list[StopSubscription]:
        """One subscription per user among those covering any of the stops."""
        keys = await self._district_keys(conn, stops)
        found = await self.subscriptions.matching({s.place.id for s in stops}, keys, conn)
        unique: dict[int, StopSubscription] = {}
        for subscription in found:
            unique.setdefault(subscription.user_id, subscription)
        return list(unique.values())

    async def _district_keys(self, conn: aiosqlite.Connection | None, stops: list[Stop]) -> list[str]:
        """The subscribed district keys (names, postal codes) that cover any of the stops."""
        return [
            key
            for key in await self.subscriptions.district_keys(conn)
            if any(covers("district", key, s) for s in stops)
        ]

    def _notice_text(self, before: Stop, after: Stop, lang: str) -> str:
        language = as_lang(lang)
        if after.cancelled:
            reason = after.cancel_reason or ""
            following = self.plan.next_stops(max(before.end, self.now()), limit=1, place_id=before.place.id)
            next_line = (
                t("stops.notice.next_there", lang, stop=Raw(stop_html(following[0], lang, details=False)))
                if following
                else ""
            )
            return t(
                "stops.notice.cancelled",
                lang,
                stop=Raw(stop_html(before, lang)),
                reason=reason or t("stops.no_reason", lang),
                next=Raw(next_line),
            )
        return t(
            "stops.notice.moved",
            lang,
            stop=Raw(stop_html(after, lang)),
            before=when_where(before, language),
            reason=after.move_reason or t("stops.no_reason", lang),
        )

    # -- import ---------------------------------------------------------------------------------
    async def check_import(self, data: bytes, fmt: Format) -> ImportResult:
        """Validate a staff import against the plan file's places, in a worker thread, with limits."""
        return await asyncio.to_thread(check_upload, data, fmt, self.base, self.today())

    async def apply_import(self, result: ImportResult, source_name: str, actor: StaffActor) -> list[Path]:
        """Write the import next to the plan and reload; restores the old files if the plan breaks."""
        async with self._import_lock:
            directory = self.plan_path.resolve().parent / IMPORT_DIR
            backup: dict[Path, bytes | None] = {}
            for month in result.months():
                target = directory / f"{month}.yaml"
                backup[target] = target.read_bytes() if target.is_file() else None
            try:
                files = await asyncio.to_thread(write_import, result, self.base, self.plan_path, source_name)
            except (OSError, ValueError) as exc:
                raise StopActionError(t("stops.import.write_failed", error=str(exc))) from exc
            try:
                await self.reload()
            except PlanError as exc:
                for target, content in backup.items():
                    if content is None:
                        target.unlink(missing_ok=True)
                    else:
                        target.write_bytes(content)
                await self.reload()
                raise StopActionError(t("stops.import.plan_broken", error=str(exc))) from exc
            now = self.now()
            async with self.db.transaction() as conn:
                await self.audit.record(
                    conn,
                    now=now,
                    actor_id=actor.user_id,
                    actor_name=actor.name,
                    action="stops_imported",
                    ref_type="stop_import",
                    detail=f"{len(result.stops)} stops: {', '.join(result.months())}",
                )
            return files
