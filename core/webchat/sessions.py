"""Web citizens' sessions: the signed cookie, the reference code, signing out, the language.

`WebChat` (`core/webchat/conversation.py`) inherits these; nothing here is stored before the
citizen sends something (a question or the Vor-Ort form).
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock
from core.messages import Buttons
from core.outbox import message_payload
from core.privacy import Privacy
from core.texts import LANGUAGES, t
from core.webchat.identity import Identity, normalise_code
from core.webchat.inbox import Listeners
from core.webchat.turns import current_turn
from storage import Database, UserRepository
from storage.citizens import CitizenRepository
from storage.webchat import WebChatRepository, WebMessage

__all__ = ["Visitor", "WebSessions", "pick_language"]

logger = logging.getLogger(__name__)

SEEN_EVERY = timedelta(minutes=1)
"""A session's last use is written at most this often (it only feeds the retention purge)."""
SEEN_KEPT = 10_000


@dataclass(frozen=True)
class Visitor:
    """A web citizen in one browser session; `cookie` is set when the session is new."""

    citizen_id: int
    token_hash: str
    language: str
    cookie: str | None = None


def pick_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "de"


class WebSessions:
    """Sessions and codes of web citizens (the state is set by `WebChat.__init__`)."""

    db: Database
    clock: Clock
    users: UserRepository
    privacy: Privacy
    repo: WebChatRepository
    identity: Identity
    listeners: Listeners
    last_seen: OrderedDict[str, datetime]

    async def visitor(self, cookie: str | None) -> Visitor | None:
        """The citizen of a session cookie; None when it is missing, forged, revoked or deleted."""
        token_hash = self.identity.token_hash(cookie)
        if token_hash is None:
            return None
        session = await self.repo.session(token_hash)
        if session is None or session.revoked_at is not None:
            return None
        language = await self.repo.language(session.citizen_id)
        if language is None:
            return None
        return Visitor(session.citizen_id, token_hash, language)

    async def _new_citizen(self, lang: str) -> Visitor:
        now = self.clock.now()
        cookie, token_hash = self.identity.new_token()
        async with self.db.transaction() as conn:
            citizen_id = await CitizenRepository.create_web(conn, secrets.token_hex(8), now)
            await self.repo.add_citizen(conn, citizen_id, lang, now)
            await self.repo.add_session(conn, token_hash, citizen_id, now)
        await self.users.touch(citizen_id, citizen_id, lang, now)
        logger.info("new web citizen")
        return Visitor(citizen_id, token_hash, lang, cookie)

    async def seen(self, visitor: Visitor) -> None:
        """Note that the session was used (one write a minute at most, for the retention purge).

        Inside a turn (`core/webchat/turns.py`) the write goes into the turn's transaction.
        """
        now = self.clock.now()
        last = self.last_seen.get(visitor.token_hash)
        if last is not None and now - last < SEEN_EVERY:
            return
        collected = current_turn(visitor.citizen_id)
        if collected is not None:
            collected.seen = visitor.token_hash
        else:
            await self.repo.seen(visitor.token_hash, visitor.citizen_id, now)
        self.last_seen[visitor.token_hash] = now
        self.last_seen.move_to_end(visitor.token_hash)
        while len(self.last_seen) > SEEN_KEPT:
            self.last_seen.popitem(last=False)

    async def start(self, lang: str) -> Visitor:
        """A new citizen and session for something the citizen sends that is no question (a form)."""
        return await self._new_citizen(pick_language(lang))

    async def changes(self, visitor: Visitor, since: datetime | None, after_id: int) -> list[WebMessage]:
        """Messages newer than `after_id` or changed since the moment (for the live page)."""
        return await self.repo.changed_since(visitor.citizen_id, since, after_id)

    async def message(self, visitor: Visitor, message_id: int) -> WebMessage | None:
        """One of the visitor's messages (e.g. to download its file)."""
        return await self.repo.message(visitor.citizen_id, message_id)

    async def resume(self, code_text: str) -> Visitor | None:
        """A new session for the citizen with this reference code (another device); None if unknown."""
        code = normalise_code(code_text)
        if code is None:
            return None
        citizen_id = await self.repo.by_code(self.identity.code_hash(code))
        if citizen_id is None:
            return None
        language = await self.repo.language(citizen_id) or "de"
        cookie, token_hash = self.identity.new_token()
        await self.repo.open_session(token_hash, citizen_id, self.clock.now())
        await self.privacy.record("web_session_resumed", actor_name="citizen")
        return Visitor(citizen_id, token_hash, language, cookie)

    async def sign_out(self, visitor: Visitor) -> None:
        """End this browser's session (the chat stays for the code)."""
        await self.repo.revoke(visitor.token_hash, self.clock.now())

    async def new_code(self, visitor: Visitor) -> str:
        """A new reference code (the old one stops working) and every other session ended."""
        code = await self._issue_code(visitor.citizen_id)
        await self.repo.revoke_others(visitor.citizen_id, visitor.token_hash, self.clock.now())
        await self._say(visitor.citizen_id, t("web.code_new", visitor.language, code=code))
        return code

    async def _issue_code(self, citizen_id: int) -> str:
        while True:
            code = self.identity.new_code()
            if await self.repo.set_code(citizen_id, self.identity.code_hash(code)):
                return code

    async def set_language(self, visitor: Visitor, lang: str) -> Visitor:
        """The citizen chose a language."""
        language = pick_language(lang)
        await self.repo.set_language(visitor.citizen_id, language)
        await self.users.set_language(visitor.citizen_id, language)
        return Visitor(visitor.citizen_id, visitor.token_hash, language, visitor.cookie)

    async def _say(self, citizen_id: int, text: str, buttons: Buttons | None = None) -> int:
        """Store a bot message and hand it to the open pages; in a turn it waits for the turn's commit (0)."""
        payload = message_payload(text, buttons)
        collected = current_turn(citizen_id)
        if collected is not None:
            collected.add("bot", payload)
            return 0
        now = self.clock.now()
        message_id = await self.repo.store(citizen_id, "bot", payload, now)
        self.listeners.notify(citizen_id, [WebMessage(message_id, citizen_id, "bot", payload, now, None)])
        return message_id
