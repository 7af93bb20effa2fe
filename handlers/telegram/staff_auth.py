"""Who is staff on Telegram: members of the staff group (asked with getChatMember, cached) and listed ids.

`TelegramStaffDirectory` implements the core's `StaffDirectory`; the application builder
(handlers/telegram/app.py) puts it on `services.staff` with the application's bot.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from core.config import StaffSection
from core.staff import ListedStaff

__all__ = ["TelegramStaffDirectory"]

logger = logging.getLogger(__name__)

_MEMBER_STATES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}


class TelegramStaffDirectory(ListedStaff):
    """Answers "is this user staff?" with a bounded, expiring cache of staff-group membership."""

    def __init__(self, section: StaffSection, bot: Bot, max_entries: int = 2000) -> None:
        super().__init__(section)
        self.bot = bot
        self.max_entries = max_entries
        self._cache: OrderedDict[tuple[int, int], tuple[bool, float]] = OrderedDict()

    async def is_staff(self, user_id: int, chat_id: int | None = None) -> bool:
        """Whether the user may use staff functions (in chat_id, when that is a staff chat)."""
        if user_id in self.section.user_ids:
            return True
        chats = [c for c in (self.section.chat_id, chat_id) if c is not None and self.is_staff_chat(c)]
        for chat in dict.fromkeys(chats):
            if await self._is_member(chat, user_id):
                return True
        return False

    async def _is_member(self, chat_id: int, user_id: int) -> bool:
        now = time.monotonic()
        key = (chat_id, user_id)
        cached = self._cache.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            member = await self.bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            logger.warning("staff membership check failed: %s", exc)
            return False
        allowed = member.status in _MEMBER_STATES or (
            member.status == ChatMemberStatus.RESTRICTED and bool(getattr(member, "is_member", False))
        )
        self._cache[key] = (allowed, now + self.section.membership_cache_seconds)
        self._cache.move_to_end(key)
        while len(self._cache) > self.max_entries:
            self._cache.popitem(last=False)
        return allowed

    def forget(self, user_id: int) -> None:
        """Drop cached answers for a user (e.g. when someone leaves the staff group)."""
        for key in [k for k in self._cache if k[1] == user_id]:
            del self._cache[key]
