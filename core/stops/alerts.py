"""The evening-before reminders (a mixin of StopService) and the outbox hook for failed ones.

Reminders are recorded in `stop_alerts_sent` in the transaction that queues them, so a stop
is never announced twice to the same person.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

import aiosqlite

from core.outbox import Outbox, message_payload
from core.sender import Failed, FailureReason
from core.stops.clocked import Clocked
from core.stops.filters import covers
from core.stops.html import stop_html
from core.stops.model import BERLIN, Stop
from core.stops.plan import StopPlan
from core.texts import Raw, t
from storage import Database, OutboxItem
from storage.stops import StopSubscription, StopSubscriptionRepository

__all__ = ["ALERT", "EveningAlerts"]

logger = logging.getLogger("core.stops.service")  # the name the log lines had before the split

ALERT = "stop_alert"
"""Outbox purpose: the evening-before reminder."""
_UNREACHABLE = (FailureReason.BLOCKED, FailureReason.CHAT_GONE)


class EveningAlerts(Clocked):
    """Reminders of tomorrow's stops; StopService provides the state below."""

    db: Database
    outbox: Outbox
    plan: StopPlan
    alert_hour: int
    subscriptions: StopSubscriptionRepository

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
            if any(covers("district", key, s) for s in stops)
        ]
        subscriptions = await self.subscriptions.matching({s.place.id for s in stops}, keys)
        done = await self.subscriptions.alerted([s.stop_id for s in stops], day)
        wanted: dict[int, list[Stop]] = defaultdict(list)
        targets: dict[int, StopSubscription] = {}
        for subscription in subscriptions:
            for stop in stops:
                if not covers(subscription.kind, subscription.key, stop):
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
