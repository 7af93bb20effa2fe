"""The teams' calendar feeds (ICS) for their phones: a secret link per team, revocable by an admin.

The token is random and appears only once, in the link the admin copies; the database keeps a
keyed hash of it (HMAC-SHA256 with a key of its own in `web_keys`), so a copy of the database
opens no feed. Re-creating a link revokes the old one. The feed holds the team's visits from
30 days back to 180 days ahead: confirmed and done ones, proposals as tentative (each date of
a proposal with several), cancelled
and rejected ones as cancelled (so phones remove them).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from core.appointments.core import ServiceCore
from core.appointments.export import visits_ics
from core.appointments.model import CANCELLED, CONFIRMED, DONE, PROPOSED, REJECTED
from core.appointments.options import merge_planned
from core.staff import StaffActor
from storage.appointment_feeds import Feed, FeedRepository
from storage.appointment_reads import AppointmentReads
from storage.webchat import WebChatRepository

__all__ = ["FEED_AHEAD", "FEED_BACK", "TeamFeeds"]

FEED_BACK = timedelta(days=30)
FEED_AHEAD = timedelta(days=180)
_SHOWN = (PROPOSED, CONFIRMED, DONE, CANCELLED, REJECTED)
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class TeamFeeds(ServiceCore):
    """Create, revoke and serve the teams' feeds."""

    _feed_key: bytes | None = None

    @property
    def feed_repo(self) -> FeedRepository:
        """The feeds' table."""
        return FeedRepository(self.db)

    async def _hash(self, token: str) -> str:
        if self._feed_key is None:
            self._feed_key = await WebChatRepository(self.db).key("vorort_feed")
        return hmac.new(self._feed_key, f"feed:{token}".encode(), hashlib.sha256).hexdigest()

    async def feeds(self) -> list[Feed]:
        """The live feeds (one per team at most)."""
        return await self.feed_repo.all()

    async def new_feed(self, team_chat_id: int, actor: StaffActor) -> str:
        """A new secret link token for the team; an older link of the team stops working."""
        token = secrets.token_urlsafe(32)
        digest = await self._hash(token)
        async with self.db.transaction() as conn:
            await self.feed_repo.replace(conn, team_chat_id, digest, self.clock.now(), actor.name)
            await self.audit.record(
                conn, now=self.clock.now(), actor_id=actor.user_id, actor_name=actor.name,
                action="appointment_feed_created", ref_type="team_chat", ref_id=team_chat_id,
            )  # fmt: skip
        return token

    async def revoke_feed(self, team_chat_id: int, actor: StaffActor) -> bool:
        """Revoke the team's link; False when it had none."""
        async with self.db.transaction() as conn:
            removed = await self.feed_repo.remove(conn, team_chat_id)
            if removed:
                await self.audit.record(
                    conn, now=self.clock.now(), actor_id=actor.user_id, actor_name=actor.name,
                    action="appointment_feed_revoked", ref_type="team_chat", ref_id=team_chat_id,
                )  # fmt: skip
        return removed

    async def feed_ics(self, token: str) -> bytes | None:
        """The team's calendar for a live token; None for an unknown, revoked or malformed one."""
        if not 20 <= len(token) <= 100 or not set(token) <= _TOKEN_CHARS:
            return None
        team = await self.feed_repo.team_of(await self._hash(token))
        if team is None:
            return None
        now = self.clock.now()
        start, end = now - FEED_BACK, now + FEED_AHEAD
        dated = await self.repo.visits_between(start, end, _SHOWN)
        visits = merge_planned(dated, await AppointmentReads(self.db).option_visits(start, end))
        default = self.staff_chat_id
        mine = [a for a in visits if (default if a.staff_chat_id is None else a.staff_chat_id) == team]
        return visits_ics(mine, now)
