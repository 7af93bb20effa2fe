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
from telegram import Bot, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from core.clock import Clock
from core.htmlsplit import TELEGRAM_LIMIT, split_html, visible_length
from storage import Database, OutboxItem, OutboxRepository
from storage.db import to_iso

__all__ = ["BlockedHook", "DeliveryHook", "Outbox", "OutboxPolicy", "message_payload"]

logger = logging.getLogger(__name__)

DeliveryHook = Callable[[aiosqlite.Connection, OutboxItem, int | None, str | None], Awaitable[None]]
"""Called in the transaction that marks an item sent (error None) or failed (error set)."""

BlockedHook = Callable[[aiosqlite.Connection, OutboxItem], Awaitable[None]]
"""Called (any purpose) in the transaction that marks an item failed because Telegram answered 403."""


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
    staff_chat_probe: float = 900.0
    """A staff chat that answers 403 (bot removed) is tried again this often; its messages wait."""


def message_payload(
    text: str,
    reply_markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None,
    *,
    document: bytes | None = None,
    filename: str | None = None,
) -> dict[str, Any]:
    """The stored form of a message: text (HTML) and optional buttons or a file."""
    payload: dict[str, Any] = {"text": text}
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup.to_dict()
    if document is not None:
        payload["document"] = {
            "filename": filename or "datei.txt",
            "content": base64.b64encode(document).decode("ascii"),
        }
    return payload


def delivery_reason(error: str | None) -> str:
    """Why a message to a citizen could not be delivered, for the staff chat (German)."""
    text = (error or "").lower()
    if "blocked" in text or "forbidden" in text:
        return "die Person hat den Bot blockiert"
    if "chat not found" in text or "deactivated" in text:
        return "das Telegram-Konto gibt es nicht mehr"
    return "Telegram-Fehler, mehrfach versucht"


def _retry_seconds(exc: RetryAfter) -> float:
    value: Any = exc.retry_after
    return float(value.total_seconds()) if isinstance(value, timedelta) else float(value)


class Outbox:
    """Sends what the outbox table holds; one flush at a time."""

    def __init__(self, db: Database, clock: Clock, policy: OutboxPolicy | None = None) -> None:
        self.db = db
        self.repo = OutboxRepository(db)
        self.clock = clock
        self.policy = policy or OutboxPolicy()
        self._lock = asyncio.Lock()
        self._on_sent: dict[str, DeliveryHook] = {}
        self._on_failed: dict[str, DeliveryHook] = {}
        self._on_blocked: list[BlockedHook] = []
        self._last_sent: OrderedDict[int, float] = OrderedDict()
        self.bot: Bot | None = None

    def on_sent(self, purpose: str, hook: DeliveryHook) -> None:
        """Register what happens after Telegram accepted a message of this purpose."""
        self._on_sent[purpose] = hook

    def on_failed(self, purpose: str, hook: DeliveryHook) -> None:
        """Register what happens when a message of this purpose finally failed."""
        self._on_failed[purpose] = hook

    def on_blocked(self, hook: BlockedHook) -> None:
        """Register what happens when a chat refuses messages (bot blocked, kicked, account gone)."""
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

    async def flush(self, bot: Bot | None = None) -> int:
        """Send every due message; returns how many were accepted."""
        target = bot or self.bot
        if target is None:
            raise RuntimeError("the outbox has no bot to send with")
        async with self._lock:
            sent = 0
            while True:
                due = await self.repo.due(self.clock.now(), self.policy.batch_size)
                if not due:
                    return sent
                progressed = False
                for item in due:
                    outcome = await self._deliver(target, item)
                    sent += outcome == "sent"
                    progressed = progressed or outcome == "sent"
                if not progressed or len(due) < self.policy.batch_size:
                    return sent

    async def _pace(self, chat_id: int) -> None:
        interval = self.policy.private_chat_interval
        if interval <= 0 or chat_id < 0:
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

    async def _send(self, bot: Bot, item: OutboxItem) -> Message:
        payload = item.payload
        markup_data = payload.get("reply_markup")
        markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None
        if isinstance(markup_data, dict):
            if "inline_keyboard" in markup_data:
                markup = InlineKeyboardMarkup.de_json(markup_data, bot)
            else:
                markup = ReplyKeyboardMarkup.de_json(markup_data, bot)
        document = payload.get("document")
        if isinstance(document, dict):
            return await bot.send_document(
                chat_id=item.chat_id,
                document=base64.b64decode(document["content"]),
                filename=str(document["filename"]),
                caption=payload.get("text") or None,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
        text = str(payload["text"])
        if visible_length(text) > TELEGRAM_LIMIT:  # e.g. a long staff answer: several messages
            *first, text = split_html(text)
            for part in first:
                await bot.send_message(chat_id=item.chat_id, text=part, parse_mode=ParseMode.HTML)
        return await bot.send_message(
            chat_id=item.chat_id,
            text=text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )

    async def _deliver(self, bot: Bot, item: OutboxItem) -> str:
        await self._pace(item.chat_id)
        try:
            message = await self._send(bot, item)
        except RetryAfter as exc:
            await self._retry(item, _retry_seconds(exc) + 0.5, f"retry after: {exc}", count=False)
            return "retry"
        except Forbidden as exc:
            if item.chat_id < 0:  # a group: the bot was removed from a staff chat; keep the message
                await self._park(item, f"{type(exc).__name__}: {exc.message}")
                return "retry"
            await self._fail(item, f"{type(exc).__name__}: {exc.message}", blocked=True)
            return "failed"
        except (BadRequest, ChatMigrated) as exc:
            await self._fail(item, f"{type(exc).__name__}: {exc.message}")
            return "failed"
        except (NetworkError, TelegramError) as exc:
            return await self._backoff(item, f"{type(exc).__name__}: {exc}")
        except Exception as exc:
            logger.exception("outbox item %s could not be sent", item.id)
            return await self._backoff(item, f"{type(exc).__name__}: {exc}")
        await self._succeed(item, message.message_id)
        return "sent"

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
            await self._fail(item, error)
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

    async def _fail(self, item: OutboxItem, error: str, *, blocked: bool = False) -> None:
        logger.warning("outbox item %s (%s) failed for good: %s", item.id, item.purpose, error)
        async with self.db.transaction() as conn:
            await self.repo.mark_failed(conn, item.id, error)
            hook = self._on_failed.get(item.purpose)
            if hook is not None:
                await hook(conn, item, None, error)
            if blocked:
                for blocked_hook in self._on_blocked:
                    await blocked_hook(conn, item)
