"""The core personal data: its owners (users, tickets, outbox, session), export, deletion and the purge.

Every owner is registered on `services.data_owners`; /meinedaten, /loeschen and the daily
retention purge go through the registry, so features that register their own owner
(appointments, stop alerts, …) are covered the same way.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import aiosqlite

from core.clock import Clock
from core.history_privacy import HistoryOwner, checkpoint
from core.outbox import Outbox, message_payload
from core.texts import t
from handlers.telegram.persistence import SqlitePersistence
from storage import OPEN_STATES, Database, OutboxItem, to_iso

if TYPE_CHECKING:
    from telegram.ext import Application

    from core.services import Services
    from handlers.telegram.context import BotContext

__all__ = [
    "PURGE_AT",
    "SEEN_KEY",
    "OutboxOwner",
    "SessionOwner",
    "TicketsOwner",
    "UsersOwner",
    "delete_everything",
    "drop_stale_sessions",
    "export_everything",
    "install",
    "purge_job",
    "record",
    "run_purge",
    "set_blocked",
    "staff_messages_of",
]

logger = logging.getLogger(__name__)

SEEN_KEY = "seen"
"""user_data key with the day (UTC, ISO) of the user's last update; sessions expire by it."""

PURGE_AT = time(3, 30)
"""When the daily retention purge runs (local time of the office hours' timezone)."""

_CHUNK = 500
_T = TypeVar("_T")


def _chunks(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class UsersOwner:
    """The users table: id, chat, language, first/last seen, blocked."""

    name = "users"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's row."""
        row = await self.db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
        return dict(row) if row else {}

    async def delete(self, user_id: int) -> int:
        """Remove the row."""
        async with (
            self.db.transaction() as conn,
            conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,)) as cursor,
        ):
            return cursor.rowcount

    async def purge(self, finished_before: datetime) -> int:
        """Forget users inactive since the moment who have no open ticket (one statement)."""
        where = (
            "last_seen < ? AND user_id NOT IN (SELECT user_id FROM tickets"
            f" WHERE user_id IS NOT NULL AND status IN ({_marks(OPEN_STATES)}))"
        )
        params = (to_iso(finished_before), *OPEN_STATES)
        async with self.db.transaction() as conn:
            try:
                async with conn.execute(f"DELETE FROM users WHERE {where}", params) as cursor:
                    return cursor.rowcount
            except sqlite3.IntegrityError:
                pass  # a row is referenced by another feature: the statement was undone, go one by one
            async with conn.execute(f"SELECT user_id FROM users WHERE {where}", params) as cursor:
                rows = list(await cursor.fetchall())
            removed = 0
            for row in rows:
                try:
                    async with conn.execute("DELETE FROM users WHERE user_id = ?", (row["user_id"],)) as cur:
                        removed += cur.rowcount
                except sqlite3.IntegrityError:
                    logger.warning("purge: a user row is still referenced by another feature; kept")
            return removed


class TicketsOwner:
    """Tickets and their messages: texts are removed, status, dates and topic stay (statistics)."""

    name = "tickets"

    def __init__(self, db: Database, outbox: Outbox, clock: Clock) -> None:
        self.db = db
        self.outbox = outbox
        self.clock = clock

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's tickets with their threads (staff names left out)."""
        tickets = await self.db.fetchall("SELECT * FROM tickets WHERE user_id = ? ORDER BY id", (user_id,))
        result = []
        for ticket in tickets:
            messages = await self.db.fetchall(
                "SELECT author, text, created_at, delivery FROM ticket_messages"
                " WHERE ticket_id = ? ORDER BY id",
                (ticket["id"],),
            )
            result.append(
                {
                    "number": ticket["id"],
                    "status": ticket["status"],
                    "language": ticket["language"],
                    "topic": ticket["topic"],
                    "created_at": ticket["created_at"],
                    "closed_at": ticket["closed_at"],
                    "messages": [
                        {
                            "from": m["author"],
                            "at": m["created_at"],
                            "text": m["text"],
                            "delivery": m["delivery"],
                        }
                        for m in messages
                    ],
                }
            )
        return {"tickets": result} if result else {}

    async def delete(self, user_id: int) -> int:
        """Anonymise all of the user's tickets; open ones are closed and their staff chat told."""
        rows = await self.db.fetchall(
            "SELECT id, status, staff_chat_id FROM tickets WHERE user_id = ?", (user_id,)
        )
        if not rows:
            return 0
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await anonymise_tickets(conn, [int(r["id"]) for r in rows], now)
            for row in rows:
                if row["status"] == "closed":
                    continue
                await conn.execute(
                    "UPDATE tickets SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?",
                    (to_iso(now), to_iso(now), row["id"]),
                )
                await _audit(conn, now, "ticket_anonymised", "ticket", int(row["id"]), "Löschung auf Wunsch")
                if row["staff_chat_id"] is not None:
                    await self.outbox.add(
                        conn,
                        int(row["staff_chat_id"]),
                        message_payload(t("staff.ticket_deleted_by_user", number=row["id"])),
                        "ticket_staff_note",
                        ref_type="ticket",
                        ref_id=int(row["id"]),
                    )
        return len(rows)

    async def purge(self, finished_before: datetime) -> int:
        """Anonymise tickets closed before the moment."""
        rows = await self.db.fetchall(
            "SELECT id FROM tickets WHERE status = 'closed' AND closed_at < ? AND anonymised_at IS NULL",
            (to_iso(finished_before),),
        )
        ids = [int(r["id"]) for r in rows]
        if ids:
            async with self.db.transaction() as conn:
                await anonymise_tickets(conn, ids, self.clock.now())
        return len(ids)


async def anonymise_tickets(conn: aiosqlite.Connection, ids: Sequence[int], now: datetime) -> None:
    """Remove texts, user and chat of tickets, and the payloads of their outbox messages."""
    for part in _chunks(ids):
        marks = _marks(part)
        await conn.execute(
            f"UPDATE outbox SET payload = '{{}}', status = CASE WHEN status = 'pending' THEN 'failed'"
            f" ELSE status END WHERE ref_type = 'ticket_message' AND ref_id IN"
            f" (SELECT id FROM ticket_messages WHERE ticket_id IN ({marks}))",
            tuple(part),
        )
        await conn.execute(
            f"UPDATE outbox SET payload = '{{}}', status = CASE WHEN status = 'pending' THEN 'failed'"
            f" ELSE status END WHERE ref_type = 'ticket' AND ref_id IN ({marks})",
            tuple(part),
        )
        await conn.execute(
            f"UPDATE ticket_messages SET text = NULL WHERE ticket_id IN ({marks})", tuple(part)
        )
        await conn.execute(
            f"UPDATE tickets SET user_id = NULL, chat_id = NULL, anonymised_at = ? WHERE id IN ({marks})",
            (to_iso(now), *part),
        )


class OutboxOwner:
    """Messages stored for sending: those to the user's chat, and old delivery records."""

    name = "outbox"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _chats(self, user_id: int) -> list[int]:
        row = await self.db.fetchone("SELECT chat_id FROM users WHERE user_id = ?", (user_id,))
        chats = {user_id}
        if row is not None and int(row["chat_id"]) > 0:
            chats.add(int(row["chat_id"]))
        return sorted(chats)

    async def export(self, user_id: int) -> dict[str, Any]:
        """Messages to the user's private chat."""
        chats = await self._chats(user_id)
        rows = await self.db.fetchall(
            f"SELECT created_at, purpose, status, payload FROM outbox WHERE chat_id IN ({_marks(chats)})"
            " ORDER BY id",
            tuple(chats),
        )
        messages = []
        for row in rows:
            payload = json.loads(row["payload"] or "{}")
            text = payload.get("text") if isinstance(payload, dict) else None
            messages.append(
                {"at": row["created_at"], "purpose": row["purpose"], "status": row["status"], "text": text}
            )
        return {"messages": messages} if messages else {}

    async def delete(self, user_id: int) -> int:
        """Remove every message to the user's chat, sent or not."""
        chats = await self._chats(user_id)
        async with (
            self.db.transaction() as conn,
            conn.execute(f"DELETE FROM outbox WHERE chat_id IN ({_marks(chats)})", tuple(chats)) as cursor,
        ):
            return cursor.rowcount

    async def purge(self, finished_before: datetime) -> int:
        """Remove delivery records (sent or failed) created before the moment; pending ones stay."""
        async with (
            self.db.transaction() as conn,
            conn.execute(
                "DELETE FROM outbox WHERE status != 'pending' AND created_at < ?", (to_iso(finished_before),)
            ) as cursor,
        ):
            return cursor.rowcount


def stale_session(data: object, cutoff_day: str) -> bool:
    """Whether stored user data was last touched before the cutoff day."""
    seen = data.get(SEEN_KEY) if isinstance(data, dict) else None
    return isinstance(seen, str) and seen < cutoff_day


class SessionOwner:
    """PTB's persisted user_data, chat_data and conversation states (e.g. a pending question)."""

    name = "session"

    def __init__(self, db: Database, persistence: SqlitePersistence, clock: Clock) -> None:
        self.db = db
        self.persistence = persistence
        self.clock = clock

    async def _rows(self, user_id: int) -> list[sqlite3.Row]:
        rows = await self.db.fetchall(
            "SELECT kind, key, data FROM persistence WHERE (kind IN ('user', 'chat') AND key = ?)"
            " OR kind LIKE 'conv:%'",
            (str(user_id),),
        )
        return [r for r in rows if not str(r["kind"]).startswith("conv:") or user_id in json.loads(r["key"])]

    async def export(self, user_id: int) -> dict[str, Any]:
        """What the conversation handlers keep about the user."""
        result: dict[str, Any] = {}
        for row in await self._rows(user_id):
            kind = str(row["kind"])
            data = json.loads(row["data"])
            if kind == "user":
                result["user_data"] = data
            elif kind == "chat":
                result["chat_data"] = data
            else:
                result.setdefault("conversations", {})[kind.removeprefix("conv:")] = data
        return result

    async def delete(self, user_id: int) -> int:
        """Remove the user's rows (the running application must drop its copy, see handlers.privacy)."""
        count = len(await self._rows(user_id))
        await self.persistence.forget_user_everywhere(user_id)
        return count

    async def purge(self, finished_before: datetime) -> int:
        """Remove sessions untouched since the moment; unstamped ones get today's stamp."""
        cutoff_day = finished_before.date().isoformat()
        today = self.clock.now().date().isoformat()
        # SQLite reads the stamp: only the day's stale and the unstamped sessions come back.
        rows = await self.db.fetchall(
            "SELECT key, stamp FROM (SELECT key, json_type(data, '$.seen') AS stamp,"
            " json_extract(data, '$.seen') AS seen FROM persistence"
            " WHERE kind = 'user' AND json_type(data) = 'object')"
            " WHERE stamp IS NULL OR (stamp = 'text' AND seen < ?)",
            (cutoff_day,),
        )
        stale = [int(r["key"]) for r in rows if r["stamp"] is not None]
        unstamped = [str(r["key"]) for r in rows if r["stamp"] is None]
        if not stale and not unstamped:
            return 0
        async with self.db.transaction() as conn:
            for part in _chunks(unstamped):
                await conn.execute(
                    "UPDATE persistence SET data = json_set(data, '$.seen', ?)"
                    f" WHERE kind = 'user' AND key IN ({_marks(part)})",
                    (today, *part),
                )
            await _forget_sessions(conn, stale)
        return len(stale)


async def _forget_sessions(conn: aiosqlite.Connection, user_ids: Sequence[int]) -> None:
    """Delete users' data, their private chats' data and conversation states, in the caller's transaction."""
    if not user_ids:
        return
    for part in _chunks([str(u) for u in user_ids]):
        await conn.execute(
            f"DELETE FROM persistence WHERE kind IN ('user', 'chat') AND key IN ({_marks(part)})", tuple(part)
        )
    gone = set(user_ids)
    # GLOB (case-sensitive) can use the primary key index; LIKE would read every row.
    async with conn.execute("SELECT kind, key FROM persistence WHERE kind GLOB 'conv:*'") as cursor:
        conversations = list(await cursor.fetchall())
    doomed = [
        (str(r["kind"]), str(r["key"])) for r in conversations if gone.intersection(json.loads(r["key"]))
    ]
    await conn.executemany("DELETE FROM persistence WHERE kind = ? AND key = ?", doomed)


def drop_stale_sessions(app: Application[Any, Any, Any, Any, Any, Any], finished_before: datetime) -> int:
    """Drop the running application's copies of sessions untouched since the moment."""
    cutoff_day = finished_before.date().isoformat()
    stale = [uid for uid, data in app.user_data.items() if stale_session(data, cutoff_day)]
    for user_id in stale:
        app.drop_user_data(user_id)
        if user_id in app.chat_data:
            app.drop_chat_data(user_id)
    return len(stale)


async def _audit(
    conn: aiosqlite.Connection,
    now: datetime,
    action: str,
    ref_type: str | None = None,
    ref_id: int | None = None,
    detail: str | None = None,
    actor_name: str = "system",
) -> None:
    await conn.execute(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, ref_type, ref_id, detail)"
        " VALUES (?, NULL, ?, ?, ?, ?, ?)",
        (to_iso(now), actor_name, action, ref_type, ref_id, detail),
    )


async def record(
    services: Services, action: str, detail: str | None = None, actor_name: str = "system"
) -> None:
    """An audit entry without a person behind it (system or an anonymous citizen)."""
    async with services.db.transaction() as conn:
        await _audit(conn, services.clock.now(), action, detail=detail, actor_name=actor_name)


def _summary(counts: dict[str, int], failed: list[str]) -> str:
    text = ", ".join(f"{name}={count}" for name, count in counts.items()) or "–"
    return text + (" · FEHLER: " + ", ".join(failed) if failed else "")


async def export_everything(services: Services, user_id: int) -> dict[str, Any]:
    """Everything every registered owner stores about the user, by owner name (empty parts left out)."""
    parts: dict[str, Any] = {}
    for owner in services.data_owners:
        data = await owner.export(user_id)
        if data:
            parts[owner.name] = data
    return parts


async def delete_everything(services: Services, user_id: int) -> tuple[int, list[str]]:
    """Delete through every owner; returns (records changed, names of owners that failed)."""
    total = 0
    counts: dict[str, int] = {}
    failed: list[str] = []
    for owner in services.data_owners:
        try:
            counts[owner.name] = await owner.delete(user_id)
            total += counts[owner.name]
        except Exception:
            logger.exception("deletion by data owner %s failed", owner.name)
            failed.append(owner.name)
    await record(services, "data_deleted", _summary(counts, failed), actor_name="citizen")
    logger.info("personal data deleted on request: %s", _summary(counts, failed))
    await checkpoint(services.db)
    return total, failed


async def run_purge(services: Services, now: datetime | None = None) -> dict[str, int]:
    """The retention purge: every owner anonymises what finished before now - retention_days."""
    moment = now or services.clock.now()
    cutoff = moment - timedelta(days=services.config.privacy.retention_days)
    counts: dict[str, int] = {}
    failed: list[str] = []
    # the users table goes last: other owners look at it (e.g. which users blocked the bot)
    for owner in sorted(services.data_owners, key=lambda o: o.name == UsersOwner.name):
        try:
            counts[owner.name] = await owner.purge(cutoff)
        except Exception:
            logger.exception("retention purge of %s failed", owner.name)
            failed.append(owner.name)
    await record(services, "retention_purge", _summary(counts, failed))
    logger.info("retention purge before %s: %s", cutoff.date(), _summary(counts, failed))
    await checkpoint(services.db)
    return counts


async def purge_job(context: BotContext) -> None:
    """The daily job: store the sessions in memory, purge every owner, drop stale sessions in memory."""
    services = context.services
    app = context.application
    await app.update_persistence()
    now = services.clock.now()
    await run_purge(services, now)
    dropped = drop_stale_sessions(app, now - timedelta(days=services.config.privacy.retention_days))
    if dropped:
        logger.info("retention purge: %s idle sessions dropped from memory", dropped)


async def staff_messages_of(services: Services, user_id: int) -> list[tuple[int, int, int]]:
    """(chat id, message id, ticket id) of staff-chat messages about the user's tickets."""
    rows = await services.db.fetchall(
        "SELECT s.chat_id, s.message_id, s.ref_id FROM staff_messages s JOIN tickets t ON t.id = s.ref_id"
        " WHERE s.ref_type = 'ticket' AND t.user_id = ? ORDER BY s.message_id",
        (user_id,),
    )
    return [(int(r["chat_id"]), int(r["message_id"]), int(r["ref_id"])) for r in rows]


async def _mark_blocked(conn: aiosqlite.Connection, chat_id: int, now: datetime) -> None:
    """Note that a private chat refuses messages; a forgotten user gets a minimal row again."""
    stamp = to_iso(now)
    await conn.execute(
        "INSERT INTO users (user_id, chat_id, first_seen, last_seen, blocked_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET blocked_at = COALESCE(users.blocked_at, excluded.blocked_at)",
        (chat_id, chat_id, stamp, stamp, stamp),
    )


async def set_blocked(services: Services, chat_id: int, blocked: bool) -> None:
    """Record that a private chat blocked (or unblocked) the bot."""
    async with services.db.transaction() as conn:
        if blocked:
            await _mark_blocked(conn, chat_id, services.clock.now())
        else:
            await conn.execute("UPDATE users SET blocked_at = NULL WHERE chat_id = ?", (chat_id,))


def install(services: Services) -> None:
    """Register the core data owners and mark users who blocked the bot."""
    db = services.db
    services.data_owners.register(UsersOwner(db))
    services.data_owners.register(TicketsOwner(db, services.outbox, services.clock))
    services.data_owners.register(OutboxOwner(db))
    services.data_owners.register(SessionOwner(db, services.persistence, services.clock))
    services.data_owners.register(HistoryOwner(db))

    async def mark_blocked(conn: aiosqlite.Connection, item: OutboxItem) -> None:
        if item.chat_id > 0:  # a private chat: its id is the user's id
            await _mark_blocked(conn, item.chat_id, services.clock.now())

    services.outbox.on_blocked(mark_blocked)
