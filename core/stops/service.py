"""The live stop plan for the bot: queries, staff changes with notices, subscriptions, reminders.

The plan file (with its imports) is loaded once; staff overrides stored in the database are
laid over it. Staff changes and imports live in core/stops/changes.py, the evening-before
reminders in core/stops/alerts.py (mixins of StopService); this module keeps loading,
citizen queries and subscriptions.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from core.clock import Clock
from core.ics import make_ics
from core.ids import ascii_digits
from core.outbox import Outbox
from core.places import BOROUGHS, AreaMatch, exact_area
from core.stops.alerts import ALERT, EveningAlerts
from core.stops.changes import (
    CONFIRMATION,
    NOTICE,
    ChangeResult,
    Confirmation,
    DuplicateChange,
    StopActionError,
    change_confirmation,
)
from core.stops.dates import DayQuery
from core.stops.drafts import ImportDrafts
from core.stops.filters import area_districts
from core.stops.html import as_lang
from core.stops.loader import load_plan
from core.stops.model import BERLIN, Override, PlanError, Stop
from core.stops.plan import StopPlan
from core.stops.previews import ChangePreview, ChangePreviews, NoticeProgress
from core.stops.render import stop_ics_event
from core.texts import t
from storage import AuditRepository, Database
from storage.stops import StopOverrideRepository, StopSubscription, StopSubscriptionRepository

__all__ = [
    "ALERT",
    "CONFIRMATION",
    "MAX_SUBSCRIPTIONS",
    "NOTICE",
    "AreaAnswer",
    "ChangePreview",
    "ChangeResult",
    "Confirmation",
    "DuplicateChange",
    "NoticeProgress",
    "StopActionError",
    "StopService",
    "StopSubscription",
    "StopSubscriptionsOwner",
    "SubscriptionError",
    "change_confirmation",
]

logger = logging.getLogger(__name__)

MAX_SUBSCRIPTIONS = 20
OVERRIDE_MEMORY_DAYS = 30
"""Overrides of stops older than this are not loaded any more."""


class SubscriptionError(Exception):
    """A subscription cannot be made (unknown place or district, too many)."""


@dataclass(frozen=True)
class AreaAnswer:
    """Stops in a district; when none are planned there, stops nearby (km when known)."""

    area: AreaMatch
    stops: list[Stop]
    nearby: list[tuple[Stop, float | None]]


class StopService(ChangePreviews, EveningAlerts):
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
        self.drafts = ImportDrafts(db)
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
                if area_districts(s.place.district) & set(borough)
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

    async def subscriber_count(self) -> tuple[int, int]:
        """(people subscribed to stop alerts, their subscriptions)."""
        return await self.subscriptions.subscribers()

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
