"""The live stop plan for the bot: queries, staff changes with notices, subscriptions, reminders.

The plan file (with its imports) is loaded once; staff overrides stored in the database are
laid over it. A cancellation or move is stored together with one outbox row per subscriber
in one transaction, so nobody is told of a change that was not stored, and nothing stored
stays untold. Reminders are recorded in `stop_alerts_sent` in the transaction that queues
them, so a stop is never announced twice to the same person.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import aiosqlite

from core.clock import Clock
from core.ics import make_ics
from core.ids import ascii_digits
from core.outbox import Outbox, message_payload
from core.places import BOROUGHS, AreaMatch, exact_area, resolve_area
from core.sender import Failed, FailureReason
from core.staff import StaffActor
from core.stops.dates import DayQuery
from core.stops.html import as_lang, stop_html, when_where
from core.stops.importer import IMPORT_DIR, Format, ImportResult, write_import
from core.stops.loader import load_plan
from core.stops.model import BERLIN, Override, PlanError, Stop
from core.stops.plan import StopPlan
from core.stops.render import stop_ics_event
from core.stops.upload import check_upload
from core.texts import Raw, t
from storage import AuditRepository, Database, OutboxItem
from storage.stops import StopOverrideRepository, StopSubscription, StopSubscriptionRepository

__all__ = [
    "ALERT",
    "MAX_SUBSCRIPTIONS",
    "NOTICE",
    "AreaAnswer",
    "ChangeResult",
    "StopActionError",
    "StopService",
    "StopSubscriptionsOwner",
    "SubscriptionError",
]

logger = logging.getLogger(__name__)

NOTICE = "stop_notice"
"""Outbox purpose: a stop was cancelled or moved."""
ALERT = "stop_alert"
"""Outbox purpose: the evening-before reminder."""
MAX_SUBSCRIPTIONS = 20
OVERRIDE_MEMORY_DAYS = 30
"""Overrides of stops older than this are not loaded any more."""
_UNREACHABLE = (FailureReason.BLOCKED, FailureReason.CHAT_GONE)


class StopActionError(Exception):
    """A staff change to a stop is not possible; the message is German for the staff chat."""


class SubscriptionError(Exception):
    """A subscription cannot be made (unknown place or district, too many)."""


CONFIRMATION = "stop_change_confirmation"
"""Outbox purpose: the staff chat's confirmation of /ausfall or /verlegen (retried like the notices)."""


@dataclass(frozen=True)
class ChangeResult:
    """A stored staff change: the stop before and after, and how many subscribers are told."""

    before: Stop
    after: Stop
    notified: int


Confirmation = tuple[int, Callable[[ChangeResult], str]]
"""Where to confirm a staff change, and its text given the stored result."""


@dataclass(frozen=True)
class AreaAnswer:
    """Stops in a district; when none are planned there, stops nearby (km when known)."""

    area: AreaMatch
    stops: list[Stop]
    nearby: list[tuple[Stop, float | None]]


@lru_cache(maxsize=512)
def _area_districts(name: str) -> frozenset[str]:
    """The official districts a district key, place district or postal code stands for."""
    area = exact_area(name) or resolve_area(name)
    return frozenset(area.districts) if area else frozenset()


def _covers(kind: str, key: str, stop: Stop) -> bool:
    """Whether a subscription (kind, key) is about this stop."""
    if kind == "place":
        return stop.place.id == key
    return bool(_area_districts(key) & _area_districts(stop.place.district))


class StopService:
    """Holds the live plan and does everything the stop handlers need."""

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        clock: Clock,
        plan_path: Path,
        alert_hour: int,
        base: StopPlan,
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.clock = clock
        self.plan_path = Path(plan_path)
        self.alert_hour = alert_hour
        self.base = base
        self.plan = base
        self.overrides = StopOverrideRepository(db)
        self.subscriptions = StopSubscriptionRepository(db)
        self.audit = AuditRepository(db)
        self._import_lock = asyncio.Lock()
        self._signature: tuple[tuple[str, int, int], ...] = ()
        outbox.on_failed(NOTICE, self._delivery_failed)
        outbox.on_failed(ALERT, self._delivery_failed)

    @classmethod
    async def open(
        cls,
        db: Database,
        outbox: Outbox,
        clock: Clock,
        plan_path: Path,
        alert_hour: int,
        base: StopPlan | None = None,
    ) -> StopService:
        """Load the plan file (unless given) and lay the stored staff overrides over it."""
        if base is None:
            base = await asyncio.to_thread(load_plan, plan_path)
        service = cls(db, outbox, clock, plan_path, alert_hour, base)
        await service.reload(base)
        return service

    async def reload(self, base: StopPlan | None = None) -> None:
        """Read the plan file again (e.g. after an import) and re-apply the overrides."""
        if base is None:
            base = await asyncio.to_thread(load_plan, self.plan_path)
        first = (self.today() - timedelta(days=OVERRIDE_MEMORY_DAYS)).isoformat()
        records = await self.overrides.since(first)
        overrides = [
            Override(
                stop_id=r.stop_id,
                kind="move" if r.kind == "move" else "cancel",
                new_start=r.new_start,
                new_end=r.new_end,
                reason=r.reason,
                new_place_id=r.new_place_id,
                created_at=r.created_at,
            )
            for r in records
        ]
        self.base = base
        self.plan = base.with_overrides(overrides)
        self._signature = await asyncio.to_thread(self._plan_files)
        logger.info("stop plan loaded: %s places, %s overrides", len(base.places), len(overrides))

    def _plan_files(self) -> tuple[tuple[str, int, int], ...]:
        """(path, mtime, size) of the plan file and the files it includes."""
        files = [self.plan_path]
        base_dir = self.base.base_dir or self.plan_path.parent
        for pattern in self.base.includes:
            files.extend(sorted(base_dir.glob(pattern)))
        signature = []
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(signature)

    async def reload_if_changed(self) -> bool:
        """Reload when the plan file or an included file changed (an edit, a CLI import)."""
        signature = await asyncio.to_thread(self._plan_files)
        if signature == self._signature:
            return False
        try:
            await self.reload()
        except PlanError as exc:
            self._signature = signature  # report a broken file once, keep the plan in use
            logger.error("the changed stop plan does not load; the previous plan stays in use: %s", exc)
            return False
        return True

    # -- time ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The current moment (UTC)."""
        return self.clock.now()

    def today(self) -> date:
        """Today's date in Essen."""
        return self.clock.now().astimezone(BERLIN).date()

    # -- citizen queries ------------------------------------------------------------------------
    def find(self, stop_id: str) -> Stop | None:
        """A stop of the live plan by id (also cancelled or moved ones)."""
        return self.plan.find_stop(stop_id)

    def overview(self, next_count: int = 3) -> tuple[list[Stop], list[Stop]]:
        """Today's stops (cancelled ones too) and the next ones after today."""
        today = self.today()
        todays = self.plan.stops_on(today, include_cancelled=True)
        later = [
            s
            for s in self.plan.next_stops(
                self.now(), limit=next_count + len(todays) + 5, include_cancelled=True
            )
            if s.day > today
        ]
        return todays, later[:next_count]

    def on_days(self, query: DayQuery, district: AreaMatch | None = None) -> list[Stop]:
        """The stops of a day or a range of days (at most 31), cancelled ones too."""
        end = min(query.end, query.start + timedelta(days=30))
        return self.plan.stops_between(query.start, end, include_cancelled=True, district=district)

    def next_after(self, day: date, district: AreaMatch | None = None) -> Stop | None:
        """The first stop after a day (not cancelled)."""
        start = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=BERLIN)
        moment = max(start, self.now())
        found = self.plan.next_stops(moment, limit=1, district=district)
        return found[0] if found else None

    def in_area(self, area: AreaMatch, limit: int = 4) -> AreaAnswer:
        """The next stops in a district; if none, the nearest stops elsewhere."""
        now = self.now()
        stops = self.plan.next_stops(now, limit=limit, district=area, include_cancelled=True)
        if any(not s.cancelled for s in stops):
            return AreaAnswer(area, stops, [])
        nearby: list[tuple[Stop, float | None]] = []
        if area.lat is not None and area.lon is not None:
            nearby = list(self.plan.nearest(area.lat, area.lon, now, limit=3, within_days=62))
        if not nearby:
            borough = BOROUGHS.get(area.borough, ())
            neighbours = [
                s
                for s in self.plan.next_stops(now, limit=40)
                if _area_districts(s.place.district) & set(borough)
            ]
            nearby = [(s, None) for s in _one_per_place(neighbours)[:3]]
        if not nearby:
            nearby = [(s, None) for s in self.plan.next_stops(now, limit=3)]
        return AreaAnswer(area, stops, nearby)

    def nearest(self, lat: float, lon: float, limit: int = 3) -> list[tuple[Stop, float]]:
        """The next stop at each of the nearest places with the distance in km."""
        return self.plan.nearest(lat, lon, self.now(), limit=limit, within_days=62)

    def ics(self, stop: Stop, lang: str) -> bytes:
        """An .ics calendar file with one stop."""
        return make_ics(
            [stop_ics_event(stop, as_lang(lang))], now=self.now(), calendar_name="Bürgermobil Essen"
        )

    def upcoming(self, days: int = 7, limit: int = 12) -> list[Stop]:
        """Stops from now on within some days that are not cancelled (staff lists)."""
        horizon = self.today() + timedelta(days=days)
        return [s for s in self.plan.next_stops(self.now(), limit=limit) if s.day <= horizon]

    # -- subscriptions --------------------------------------------------------------------------
    def district_key(self, area: AreaMatch) -> str:
        """What a district subscription stores: a postal code or a name exact_area resolves."""
        if area.postal_code:
            return area.postal_code
        for name in self.plan.districts():  # the name the plan uses ("Borbeck", "Altenessen")
            match = exact_area(name)
            if match is not None and set(match.districts) == set(area.districts):
                return name
        return area.districts[0] if len(area.districts) == 1 else area.district

    def subscription_label(self, kind: str, key: str, lang: str = "de") -> str | None:
        """A readable name for a subscription; None if the place or district is unknown."""
        if kind == "place":
            place = self.plan.place(key)
            return place.label if place else None
        if kind == "district":
            if ascii_digits(key, 5):
                return t("stops.postal_label", lang, code=key) if exact_area(key) else None
            return key if exact_area(key) else None
        return None

    async def subscribe(
        self, *, user_id: int, chat_id: int, kind: str, key: str, lang: str
    ) -> tuple[StopSubscription, bool]:
        """Subscribe to a place or district; raises SubscriptionError for unknown keys or too many."""
        if self.subscription_label(kind, key) is None:
            raise SubscriptionError(f"unknown {kind} {key!r}")
        if await self.subscriptions.count_for_user(user_id) >= MAX_SUBSCRIPTIONS:
            existing = await self.subscriptions.for_user(user_id)
            if not any(s.kind == kind and s.key == key for s in existing):
                raise SubscriptionError("too many subscriptions")
        subscription, created = await self.subscriptions.add(
            user_id=user_id, chat_id=chat_id, kind=kind, key=key, language=lang, now=self.now()
        )
        if created:
            logger.info("stop subscription %s created (%s)", subscription.id, kind)
        return subscription, created

    def next_for(self, subscription: StopSubscription) -> Stop | None:
        """The next stop a subscription is about."""
        if subscription.kind == "place":
            found = self.plan.next_stops(self.now(), limit=1, place_id=subscription.key)
        else:
            found = self.plan.next_stops(self.now(), limit=1, district=subscription.key)
        return found[0] if found else None

    # -- staff changes --------------------------------------------------------------------------
    def _changeable(self, stop_id: str) -> Stop:
        stop = self.plan.find_stop(stop_id)
        if stop is None:
            raise StopActionError(t("stops.staff.unknown_stop", stop_id=stop_id))
        if stop.end <= self.now():
            raise StopActionError(t("stops.staff.stop_over", stop=when_where(stop)))
        return stop

    async def cancel(
        self, stop_id: str, reason: str, actor: StaffActor, *, confirm: Confirmation | None = None
    ) -> ChangeResult:
        """Cancel one stop and queue a notice to everyone subscribed to its place or district."""
        before = self._changeable(stop_id)
        if before.cancelled:
            raise StopActionError(t("stops.staff.already_cancelled", stop=when_where(before)))
        override = Override(stop_id, "cancel", reason=reason, created_at=self.now())
        after = self.plan.with_overrides([override]).find_stop(stop_id)
        assert after is not None
        notified = await self._store_change(override, before, after, actor, confirm)
        return ChangeResult(before, after, notified)

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
        notified = await self._store_change(override, before, after, actor, confirm)
        return ChangeResult(before, after, notified)

    async def _store_change(
        self, override: Override, before: Stop, after: Stop, actor: StaffActor, confirm: Confirmation | None
    ) -> int:
        """Store the override, the audit entry, the subscribers' notices and the confirmation at once."""
        now = self.now()
        async with self.db.transaction() as conn:
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
            for subscription in subscribers:
                text = self._notice_text(before, after, subscription.language)
                await self.outbox.add(
                    conn,
                    subscription.chat_id,
                    message_payload(text),
                    NOTICE,
                    ref_type="stop_override",
                    ref_id=override_id,
                )
            if confirm is not None:
                chat_id, render = confirm
                text = render(ChangeResult(before, after, len(subscribers)))
                payload = message_payload(text)
                await self.outbox.add(
                    conn, chat_id, payload, CONFIRMATION, ref_type="stop_override", ref_id=override_id
                )
        self.plan = self.plan.with_overrides([override])
        logger.info(
            "stop %s: %s stored, %s subscribers notified", override.stop_id, override.kind, len(subscribers)
        )
        return len(subscribers)

    async def _subscribers(self, conn: aiosqlite.Connection, stops: list[Stop]) -> list[StopSubscription]:
        """One subscription per user among those covering any of the stops."""
        keys = [
            key
            for key in await self.subscriptions.district_keys(conn)
            if any(_covers("district", key, s) for s in stops)
        ]
        found = await self.subscriptions.matching({s.place.id for s in stops}, keys, conn)
        unique: dict[int, StopSubscription] = {}
        for subscription in found:
            unique.setdefault(subscription.user_id, subscription)
        return list(unique.values())

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

    # -- evening-before reminders ---------------------------------------------------------------
    async def send_alerts(self) -> int:
        """After the alert hour: queue reminders of tomorrow's stops; returns how many messages."""
        now = self.now()
        local = now.astimezone(BERLIN)
        if local.hour < self.alert_hour:
            return 0
        tomorrow = local.date() + timedelta(days=1)
        stops = [s for s in self.plan.stops_on(tomorrow) if s.start > now]
        if not stops:
            return 0
        day = tomorrow.isoformat()
        keys = [
            key
            for key in await self.subscriptions.district_keys()
            if any(_covers("district", key, s) for s in stops)
        ]
        subscriptions = await self.subscriptions.matching({s.place.id for s in stops}, keys)
        done = await self.subscriptions.alerted([s.stop_id for s in stops], day)
        wanted: dict[int, list[Stop]] = defaultdict(list)
        targets: dict[int, StopSubscription] = {}
        for subscription in subscriptions:
            for stop in stops:
                if not _covers(subscription.kind, subscription.key, stop):
                    continue
                if (stop.stop_id, subscription.user_id) in done or stop in wanted[subscription.user_id]:
                    continue
                wanted[subscription.user_id].append(stop)
                targets.setdefault(subscription.user_id, subscription)
        queued = 0
        users = [u for u, items in wanted.items() if items]
        for start in range(0, len(users), 200):
            async with self.db.transaction() as conn:
                for user_id in users[start : start + 200]:
                    fresh = [
                        s
                        for s in wanted[user_id]
                        if await self.subscriptions.mark_alerted(conn, s.stop_id, user_id, day, now)
                    ]
                    if not fresh:
                        continue
                    target = targets[user_id]
                    text = self._alert_text(fresh, target.language)
                    await self.outbox.add(
                        conn, target.chat_id, message_payload(text), ALERT, ref_type="stop_alert"
                    )
                    queued += 1
        if queued:
            logger.info("stop reminders queued: %s for %s", queued, day)
        return queued

    def _alert_text(self, stops: list[Stop], lang: str) -> str:
        lines = "\n\n".join(stop_html(s, lang) for s in sorted(stops, key=lambda s: s.start))
        return t("stops.alert", lang, stops=Raw(lines))

    # -- outbox hook ----------------------------------------------------------------------------
    async def _delivery_failed(
        self, conn: aiosqlite.Connection, item: OutboxItem, message_id: int | None, error: Failed | None
    ) -> None:
        """A notice or reminder could not be delivered: a blocked user is unsubscribed."""
        if error is not None and error.reason in _UNREACHABLE:
            removed = await self.subscriptions.remove_chat(conn, item.chat_id)
            logger.info("stop subscriptions removed after a blocked delivery: %s", removed)

    def data_owner(self) -> StopSubscriptionsOwner:
        """The privacy owner of the subscription data."""
        return StopSubscriptionsOwner(self)


def _one_per_place(stops: list[Stop]) -> list[Stop]:
    seen: set[str] = set()
    result = []
    for stop in stops:
        if stop.place.id not in seen:
            seen.add(stop.place.id)
            result.append(stop)
    return result


class StopSubscriptionsOwner:
    """Stop subscriptions and reminder records of a citizen: export, delete, purge."""

    name = "stop_subscriptions"

    def __init__(self, service: StopService) -> None:
        self.service = service

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's subscriptions and the reminders sent to them."""
        repo = self.service.subscriptions
        subscriptions = await repo.for_user(user_id)
        alerts = await repo.alerts_for_user(user_id)
        if not subscriptions and not alerts:
            return {}
        return {
            "subscriptions": [
                {
                    "kind": s.kind,
                    "key": s.key,
                    "label": self.service.subscription_label(s.kind, s.key) or s.key,
                    "created_at": s.created_at.isoformat(),
                }
                for s in subscriptions
            ],
            "reminders_sent": [{"stop_id": stop_id, "sent_at": sent_at} for stop_id, sent_at in alerts],
        }

    async def delete(self, user_id: int) -> int:
        """Delete the user's subscriptions and reminder records."""
        return await self.service.subscriptions.delete_user(user_id)

    async def purge(self, finished_before: datetime) -> int:
        """Drop old reminder records and subscriptions of users who blocked the bot."""
        return await self.service.subscriptions.purge(finished_before)
