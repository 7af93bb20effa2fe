"""The outbox sender: stored messages are sent, retried with backoff, and reported when they fail.

Anything that must arrive (a staff answer, a proposal, a confirmation, a reminder, a stop
cancellation) is written to the outbox in the same transaction as the change it reports,
then sent here. After a crash or restart, pending rows are simply sent on the next flush.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from core.clock import Clock
from core.messages import Buttons, Menu, buttons_from_data, buttons_to_data, menu_to_data
from core.sender import (
    Failed,
    FailureReason,
    GroupRefused,
    Migrated,
    Outcome,
    RetryLater,
    Sender,
    Sent,
    Transient,
)
from core.texts import t
from storage import Database, OutboxItem, OutboxRepository
from storage.citizens import WEB, channel_of
from storage.db import to_iso

__all__ = [
    "STAFF_CHAT_ALERT",
    "BlockedHook",
    "DeliveryHook",
    "Outbox",
    "OutboxPolicy",
    "delivery_reason",
    "message_payload",
]

logger = logging.getLogger(__name__)

STAFF_CHAT_ALERT = "staff_chat_alert"
"""Outbox purpose: a staff chat has refused the bot for a long time (to the other staff chats and users)."""

DeliveryHook = Callable[[aiosqlite.Connection, OutboxItem, int | None, Failed | None], Awaitable[None]]
"""Called in the transaction that marks an item sent (failure None) or failed (failure set)."""

BlockedHook = Callable[[aiosqlite.Connection, OutboxItem], Awaitable[None]]
"""Called (any purpose) in the transaction that marks an item failed because the person blocked the bot."""


@dataclass(frozen=True)
class OutboxPolicy:
    """Retry and pacing settings.

    Network errors and timeouts back off from base_delay, doubling up to max_delay; with the
    defaults a message is retried for about a day (60 attempts) before it counts as failed, so
    a Telegram outage of some hours loses nothing. "Retry after" answers do not count as attempts;
    a refusal (blocked, chat gone, bad request) fails at once, except a 403 from a group (the
    bot was removed from a staff chat): those messages wait and go out when it is back.
    """

    max_attempts: int = 60
    base_delay: float = 5.0
    max_delay: float = 1800.0
    private_chat_interval: float = 1.0
    batch_size: int = 200
    concurrency: int = 8
    """Chats sent to at once (each chat's messages one after another, in order); 1: one row at a time."""
    staff_chat_probe: float = 900.0
    """A staff chat that answers 403 (bot removed) is tried again this often; its messages wait."""
    staff_chat_alert_after: float = 3600.0
    """A staff chat still refusing after this long: one alert to the other staff chats and staff users."""


def message_payload(
    text: str,
    buttons: Buttons | Menu | None = None,
    *,
    document: bytes | None = None,
    filename: str | None = None,
) -> dict[str, Any]:
    """The stored form of a message: text (HTML) and optional buttons, a menu or a file.

    Rows stored before December 2026 carry a Telegram `reply_markup` instead; the Telegram
    sender still reads it, so pending rows need no migration. A payload the caller gives an
    `edit` key (a sent message's id) edits that message instead of sending (`Sender.edit`).
    """
    payload: dict[str, Any] = {"text": text}
    if isinstance(buttons, Menu):
        payload["menu"] = menu_to_data(buttons)
    elif buttons is not None:
        payload["buttons"] = buttons_to_data(buttons)
    if document is not None:
        payload["document"] = {
            "filename": filename or "datei.txt",
            "content": base64.b64encode(document).decode("ascii"),
        }
    return payload


def delivery_reason(failure: Failed | None) -> str:
    """Why a message to a citizen could not be delivered, for the staff chat (German)."""
    reason = failure.reason if failure is not None else None
    if reason is FailureReason.BLOCKED:
        return "die Person hat den Bot blockiert"
    if reason is FailureReason.CHAT_GONE:
        return "das Telegram-Konto gibt es nicht mehr"
    return "Telegram-Fehler, mehrfach versucht"


class Outbox:
    """Sends what the outbox table holds; one flush at a time."""

    def __init__(
        self, db: Database, clock: Clock, policy: OutboxPolicy | None = None, sender: Sender | None = None
    ) -> None:
        self.db = db
        self.repo = OutboxRepository(db)
        self.clock = clock
        self.policy = policy or OutboxPolicy()
        self._lock = asyncio.Lock()
        self._on_sent: dict[str, DeliveryHook] = {}
        self._on_failed: dict[str, DeliveryHook] = {}
        self._on_blocked: list[BlockedHook] = []
        self._last_sent: OrderedDict[int, float] = OrderedDict()
        self.sender: Sender | None = sender
        """The channel that sends; injected by the channel adapter (handlers/telegram/app.py)."""
        self.alert_chats: tuple[int, ...] = ()
        """Told when a staff chat keeps refusing the bot: staff chats and users (core/services.py)."""

    def on_sent(self, purpose: str, hook: DeliveryHook) -> None:
        """Register what happens after the channel accepted a message of this purpose."""
        self._on_sent[purpose] = hook

    def on_failed(self, purpose: str, hook: DeliveryHook) -> None:
        """Register what happens when a message of this purpose finally failed."""
        self._on_failed[purpose] = hook

    def on_blocked(self, hook: BlockedHook) -> None:
        """Register what happens when a person blocked the bot (a final `FailureReason.BLOCKED`)."""
        self._on_blocked.append(hook)

    async def add(
        self,
        conn: aiosqlite.Connection,
        chat_id: int,
        payload: dict[str, Any],
        purpose: str,
        *,
        ref_type: str | None = None,
        ref_id: int | None = None,
        not_before: datetime | None = None,
    ) -> int:
        """Store a message inside the caller's transaction."""
        return await self.repo.add(
            conn,
            chat_id=chat_id,
            payload=payload,
            purpose=purpose,
            now=self.clock.now(),
            ref_type=ref_type,
            ref_id=ref_id,
            not_before=not_before,
        )

    async def add_many(
        self,
        conn: aiosqlite.Connection,
        rows: list[tuple[int, dict[str, Any]]],
        purpose: str,
        *,
        ref_type: str | None = None,
        ref_id: int | None = None,
    ) -> None:
        """Store (chat id, payload) messages of one purpose inside the caller's transaction, in one go."""
        await self.repo.add_many(
            conn, rows, purpose=purpose, now=self.clock.now(), ref_type=ref_type, ref_id=ref_id
        )

    async def flush(self) -> int:
        """Send every due message; returns how many were accepted.

        The due rows of different chats go out side by side (up to `policy.concurrency` sends in
        flight, so the round trips to Telegram overlap; its rate limiter still paces them), the
        rows of one chat one after another, in the order they were stored. A row that must wait
        (retry, a group refusing the bot) holds back the later rows of its chat until it is sent
        or failed for good, in this flush and the later ones (`OutboxRepository.due`).
        """
        target = self.sender
        if target is None:
            raise RuntimeError("the outbox has no sender to send with")
        async with self._lock:
            sent = 0
            held: set[int] = set()
            slots = asyncio.Semaphore(max(1, self.policy.concurrency))
            while True:
                due = await self.repo.due(self.clock.now(), self.policy.batch_size)
                if not due:
                    return sent
                by_chat: dict[int, list[OutboxItem]] = {}
                for item in sorted(due, key=lambda row: row.id):  # each chat's rows in stored order
                    if item.chat_id not in held:
                        by_chat.setdefault(item.chat_id, []).append(item)
                results = await self._deliver_chats(target, list(by_chat.values()), slots)
                outcomes = [outcome for chat in results for outcome in chat]
                held.update(chat for chat, result in zip(by_chat, results, strict=True) if "retry" in result)
                sent += outcomes.count("sent")
                if "sent" not in outcomes or len(due) < self.policy.batch_size:
                    return sent

    async def _deliver_chats(
        self, sender: Sender, chats: list[list[OutboxItem]], slots: asyncio.Semaphore
    ) -> list[list[str]]:
        """Each chat's rows in their own task; an error in one stops the others and is raised as is."""
        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(self._deliver_chat(sender, items, slots)) for items in chats]
        except BaseExceptionGroup as errors:
            raise errors.exceptions[0] from None
        return [task.result() for task in tasks]

    async def _deliver_chat(
        self, sender: Sender, items: list[OutboxItem], slots: asyncio.Semaphore
    ) -> list[str]:
        """Deliver one chat's due rows in order; stop at the first that must wait."""
        outcomes: list[str] = []
        for item in items:
            outcome = await self._deliver(sender, item, slots)
            outcomes.append(outcome)
            if outcome == "retry":
                break
        return outcomes

    async def _pace(self, chat_id: int) -> None:
        interval = self.policy.private_chat_interval
        if interval <= 0 or chat_id < 0 or channel_of(chat_id) == WEB:  # Telegram's per-chat pace only
            return
        loop = asyncio.get_running_loop()
        last = self._last_sent.get(chat_id)
        if last is not None:
            wait = last + interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
        self._last_sent[chat_id] = loop.time()
        self._last_sent.move_to_end(chat_id)
        while len(self._last_sent) > 10_000:
            self._last_sent.popitem(last=False)

    async def _deliver(self, sender: Sender, item: OutboxItem, slots: asyncio.Semaphore) -> str:
        await self._pace(item.chat_id)
        try:
            async with slots:  # a chat waiting for its pace holds no slot
                outcome: Outcome = await self._attempt(sender, item)
        except Exception as exc:  # a sender bug or an unforeseen error: never stop the queue
            logger.exception("outbox item %s could not be sent", item.id)
            outcome = Transient(f"{type(exc).__name__}: {exc}")
        if isinstance(outcome, RetryLater | Transient | GroupRefused):
            await self._progress(item, outcome.parts_sent)
        match outcome:
            case Sent(message_id=message_id):
                await self._succeed(item, message_id)
                return "sent"
            case RetryLater(seconds=seconds, detail=detail):
                await self._retry(item, seconds + 0.5, detail, count=False)
                return "retry"
            case GroupRefused(detail=detail):  # the bot was removed from a staff chat; keep the message
                await self._park(item, detail)
                return "retry"
            case Failed():
                await self._fail(item, outcome)
                return "failed"
            case Migrated(new_chat_id=new_chat_id, detail=detail):
                logger.warning("chat %s moved to %s: item %s not sent", item.chat_id, new_chat_id, item.id)
                await self._fail(item, Failed(FailureReason.MIGRATED, detail))
                return "failed"
            case Transient(detail=detail):
                return await self._backoff(item, detail)

    @staticmethod
    async def _attempt(sender: Sender, item: OutboxItem) -> Outcome:
        """Send the row, or edit the sent message it names (`edit`: a message id, e.g. a ticket card)."""
        edit = item.payload.get("edit")
        if isinstance(edit, int) and not isinstance(edit, bool):
            data = item.payload.get("buttons")
            buttons = buttons_from_data(data) if data is not None else None
            return await sender.edit(item.chat_id, edit, str(item.payload.get("text", "")), buttons)
        return await sender.send(item.chat_id, item.payload)

    async def _progress(self, item: OutboxItem, parts_sent: int) -> None:
        """Parts of a split message the channel accepted before it failed: the retry sends only the rest."""
        if parts_sent > int(item.payload.get("parts_sent", 0) or 0):
            async with self.db.transaction() as conn:
                await self.repo.set_parts_sent(conn, item.id, parts_sent)

    async def _park(self, item: OutboxItem, error: str) -> None:
        """A staff chat refuses the bot: keep the message, probe again later, alert the operator."""
        logger.error(
            "staff chat %s refuses messages (%s): outbox item %s (%s) waits; add the bot again",
            item.chat_id,
            error,
            item.id,
            item.purpose,
        )
        await self._retry(item, self.policy.staff_chat_probe, error, count=False)
        await self._alert_if_long(item.chat_id)

    async def _alert_if_long(self, chat_id: int) -> None:
        """Once per outage, when a staff chat has refused for `staff_chat_alert_after`: tell the others."""
        now = self.clock.now()
        refused = await self.repo.refused_since(chat_id)
        if refused is None:
            return
        since, waiting = refused
        if (now - since).total_seconds() < self.policy.staff_chat_alert_after:
            return
        recipients = [chat for chat in dict.fromkeys(self.alert_chats) if chat != chat_id]
        hours = max(1, int((now - since).total_seconds() // 3600))
        logger.critical(
            "staff chat %s has refused the bot for %s h; %s message(s) wait; add the bot again",
            chat_id,
            hours,
            waiting,
        )
        if not recipients:
            return
        text = t("outbox.staff_chat_refused", chat_id=chat_id, hours=hours, waiting=waiting)
        async with self.db.transaction() as conn:
            if await self.repo.queued_since(conn, STAFF_CHAT_ALERT, "chat", chat_id, since):
                return  # told once for this outage
            for recipient in recipients:
                payload = message_payload(text)
                await self.add(conn, recipient, payload, STAFF_CHAT_ALERT, ref_type="chat", ref_id=chat_id)

    async def release(self, chat_id: int) -> int:
        """The bot is back in a chat: what waits for it is due now; returns how many messages."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' AND chat_id = ?",
                (to_iso(self.clock.now()), chat_id),
            )
            return cursor.rowcount

    async def _backoff(self, item: OutboxItem, error: str) -> str:
        if item.attempts + 1 >= self.policy.max_attempts:
            await self._fail(item, Failed(FailureReason.EXHAUSTED, error))
            return "failed"
        delay = min(self.policy.base_delay * 2**item.attempts, self.policy.max_delay)
        await self._retry(item, delay, error, count=True)
        return "retry"

    async def _retry(self, item: OutboxItem, delay: float, error: str, *, count: bool) -> None:
        when = self.clock.now() + timedelta(seconds=delay)
        logger.warning("outbox item %s (%s) retried in %.0fs: %s", item.id, item.purpose, delay, error)
        async with self.db.transaction() as conn:
            await self.repo.reschedule(conn, item.id, when, error)
            if not count:
                await conn.execute("UPDATE outbox SET attempts = attempts - 1 WHERE id = ?", (item.id,))

    async def _succeed(self, item: OutboxItem, message_id: int) -> None:
        async with self.db.transaction() as conn:
            await self.repo.mark_sent(conn, item.id, message_id, self.clock.now())
            hook = self._on_sent.get(item.purpose)
            if hook is not None:
                await hook(conn, item, message_id, None)

    async def _fail(self, item: OutboxItem, failure: Failed) -> None:
        logger.warning("outbox item %s (%s) failed for good: %s", item.id, item.purpose, failure.detail)
        async with self.db.transaction() as conn:
            await self.repo.mark_failed(conn, item.id, failure.detail)
            hook = self._on_failed.get(item.purpose)
            if hook is not None:
                await hook(conn, item, None, failure)
            if failure.reason is FailureReason.BLOCKED:
                for blocked_hook in self._on_blocked:
                    await blocked_hook(conn, item)
