"""The guard in handler group -1: runs before every other handler.

- Groups and channels that are not staff chats are ignored (the bot leaves them, see
  handlers.inputs.bot_membership); button presses there still reach their handlers, which
  check the presser's rights themselves.
- Flood control: a user who sends more than `limits.messages_per_minute` updates in a sliding
  minute gets one polite note; further updates are dropped until the minute has passed.
  Staff chats and configured staff ids are exempt. Memory is bounded: a user is forgotten
  once their last update is a minute old, and at most 10,000 users are kept (least recently
  seen forgotten first).
- Edited messages never reach the normal handlers (an edit must not become a second
  question or a second staff answer); handlers.inputs.edited_message answers them.
  Edits of shared live locations are position updates and are dropped silently.
- Every user's session data is stamped with the day of their last update, so the
  retention purge can expire sessions nobody uses any more.
"""

from __future__ import annotations

import contextlib
import logging
from collections import OrderedDict, deque
from enum import Enum

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from core.texts import t
from handlers.telegram import inputs
from handlers.telegram.common import language, reply
from handlers.telegram.context import BotContext
from handlers.telegram.sessions import SEEN_KEY

__all__ = ["FloodGuard", "Verdict"]

logger = logging.getLogger(__name__)


class Verdict(Enum):
    """What the flood control decides for one update."""

    PASS = "pass"
    WARN = "warn"
    DROP = "drop"


class FloodGuard:
    """Sliding-window flood control per user, keeping only users seen within the window (capped)."""

    def __init__(self, max_users: int = 10_000, window_seconds: float = 60.0) -> None:
        self.max_users = max_users
        self.window = window_seconds
        # user -> (stamps of counted updates, warned, time of the last update); oldest last update first
        self._users: OrderedDict[int, tuple[deque[float], bool, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._users)

    def hit(self, user_id: int, now: float, limit: int) -> Verdict:
        """Count one update of the user at `now` (seconds) against `limit` per window."""
        entry = self._users.pop(user_id, None)
        self._forget_expired(now)
        stamps, warned = (entry[0], entry[1]) if entry is not None else (deque(maxlen=max(limit, 1)), False)
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if len(stamps) < limit:
            stamps.append(now)
            verdict, warned = Verdict.PASS, False
        elif warned:
            verdict = Verdict.DROP
        else:
            verdict, warned = Verdict.WARN, True
        self._users[user_id] = (stamps, warned, now)
        while len(self._users) > self.max_users:  # a backstop: more users than that within one window
            self._users.popitem(last=False)
        return verdict

    def _forget_expired(self, now: float) -> None:
        """Drop users whose last update left the window (a fresh entry decides the same for them).

        The dict is ordered by last update, so this stops at the first user still inside the
        window: each user is dropped once, amortised O(1) per update.
        """
        expired = now - self.window
        while self._users:
            oldest = next(iter(self._users.values()))
            if oldest[2] > expired:
                break
            self._users.popitem(last=False)

    async def check(self, update: object, context: BotContext) -> None:
        """The group -1 handler: raises ApplicationHandlerStop for what must go no further."""
        if not isinstance(update, Update) or update.my_chat_member is not None:
            return
        services = context.services
        chat = update.effective_chat
        user = update.effective_user
        staff_chat = chat is not None and services.staff.is_staff_chat(chat.id)
        stranger_group = chat is not None and chat.type != ChatType.PRIVATE and not staff_chat
        if stranger_group and update.callback_query is None:
            raise ApplicationHandlerStop
        edited = update.edited_message
        if edited is not None and (edited.location is not None or edited.venue is not None):
            raise ApplicationHandlerStop
        if user is not None and not staff_chat and user.id not in services.config.staff.user_ids:
            now = services.clock.now().timestamp()
            verdict = self.hit(user.id, now, services.config.limits.messages_per_minute)
            if verdict is not Verdict.PASS:
                await self._slow_down(update, context, verdict)
                raise ApplicationHandlerStop
        if user is not None and context.user_data is not None:
            day = services.clock.now().date().isoformat()
            if context.user_data.get(SEEN_KEY) != day:
                context.user_data[SEEN_KEY] = day
        if edited is not None:
            await inputs.edited_message(update, context)
            raise ApplicationHandlerStop

    async def _slow_down(self, update: Update, context: BotContext, verdict: Verdict) -> None:
        lang = language(update, context)
        query = update.callback_query
        if query is not None:
            with contextlib.suppress(TelegramError):
                await query.answer(t("guard.flood_toast", lang))
        if verdict is Verdict.WARN:
            logger.info("flood control: a user is slowed down")
            phone = context.services.config.office_hours.phone
            try:
                await reply(update, t("guard.flood", lang, phone=phone))
            except TelegramError as exc:
                logger.warning("could not send the flood note: %s", exc)
