"""PTB persistence in our SQLite database: conversations and user/chat data survive a restart."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from copy import deepcopy
from typing import Any, Protocol

import aiosqlite
from telegram.ext import Application, BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from storage.db import Database

__all__ = ["Reloader", "SqlitePersistence", "persistence_of"]

logger = logging.getLogger(__name__)

Data = dict[str, Any]


class Reloader(Protocol):
    """Brings back user or chat data that was dropped from memory (bot.memory)."""

    async def refresh(self, kind: str, key: int, data: Data) -> None:
        """Called before `data` (kind 'user' or 'chat') is used by a handler or a job."""
        ...


_CHUNK = 500
ABSENT_LIMIT = 10_000
"""Keys of rows known to be missing that are remembered (about 160 bytes each); with the memory
bound only those of the users and chats in memory are kept (`forget`)."""


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _key_to_text(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _text_to_key(text: str) -> ConversationKey:
    return tuple(json.loads(text))


class SqlitePersistence(BasePersistence[Data, Data, Data]):
    """Stores user_data, chat_data, bot_data and conversation states as JSON rows.

    Values must be JSON-serialisable; handlers keep plain dicts, lists, strings and numbers.
    Callback data is not stored (the bot does not use arbitrary callback data).
    """

    def __init__(self, db: Database, update_interval: float = 2.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db
        self.reloader: Reloader | None = None
        """When set, user and chat data are loaded on first use instead of all at start."""
        self.batches = 0
        """Write transactions so far (one per batch of writes; tests)."""
        self._pending: dict[tuple[str, str], str | None] = {}
        self._batch: asyncio.Task[None] | None = None
        self._committing: set[tuple[str, str]] = set()
        self._absent: set[tuple[str, str]] = set()
        """User and chat rows known not to exist (read as missing, or deleted): their empty data
        needs no DELETE (a private chat's chat_data is empty, and PTB hands it in after every
        update). Only this class creates rows and it forgets a key before storing it; bounded."""

    async def _load(self, kind: str) -> dict[str, Any]:
        rows = await self.db.fetchall("SELECT key, data FROM persistence WHERE kind = ?", (kind,))
        return {str(r["key"]): json.loads(r["data"]) for r in rows}

    async def _store(self, kind: str, key: str, data: object) -> None:
        try:
            text = json.dumps(data, ensure_ascii=False)
        except (TypeError, ValueError):
            logger.exception("persistence: %s %s is not JSON-serialisable; not stored", kind, key)
            return
        await self._write(kind, key, text)

    async def _drop(self, kind: str, key: str) -> None:
        row = (kind, key)
        if row in self._absent and row not in self._pending and row not in self._committing:
            return
        await self._write(kind, key, None)

    def forget(self, kind: str, key: int) -> None:
        """The application dropped this user's or chat's data from memory (bot.memory): forget it here too."""
        self._absent.discard((kind, str(key)))

    def _note_absent(self, kind: str, key: str) -> None:
        if kind in ("user", "chat") and (kind, key) not in self._pending:  # not stored again meanwhile
            if len(self._absent) >= ABSENT_LIMIT:
                self._absent.clear()  # only costs a DELETE of nothing for the next few
            self._absent.add((kind, key))

    async def _write(self, kind: str, key: str, text: str | None) -> None:
        """Queue one row's new data (None: delete) and return when its batch is committed.

        PTB's `update_persistence` starts the writes of one run together (asyncio.gather);
        they all land in one batch: one transaction with one `executemany` for the stored
        rows and one for the deleted ones, instead of a transaction per row. Each write still
        returns only after its batch is committed, so `update_persistence` returns with
        everything stored, as before; a failed batch fails each of its writes.
        """
        self._pending[(kind, key)] = text
        batch = self._batch
        if batch is None:
            batch = self._batch = asyncio.get_running_loop().create_task(self._commit_batch())
        await asyncio.shield(batch)

    async def _commit_batch(self) -> None:
        await asyncio.sleep(0)  # let the other writes of this run join the batch
        pending, self._pending = self._pending, {}
        self._batch = None
        stored = [(kind, key, text) for (kind, key), text in pending.items() if text is not None]
        dropped = [(kind, key) for (kind, key), text in pending.items() if text is None]
        self.batches += 1
        self._committing = set(pending)
        try:
            await self._commit_rows(stored, dropped)
        finally:
            self._committing = set()
        for kind, key, _ in stored:  # after the commit: a read that found nothing before it was wrong
            self._absent.discard((kind, key))
        for kind, key in dropped:
            self._note_absent(kind, key)

    async def _commit_rows(self, stored: list[tuple[str, str, str]], dropped: list[tuple[str, str]]) -> None:
        async with self.db.transaction() as conn:
            if stored:
                await conn.executemany(
                    "INSERT INTO persistence (kind, key, data) VALUES (?, ?, ?)"
                    " ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
                    stored,
                )
            if dropped:
                await conn.executemany("DELETE FROM persistence WHERE kind = ? AND key = ?", dropped)

    def ending(
        self, *, name: str, key: ConversationKey, user_id: int, user_data: Data
    ) -> Callable[[aiosqlite.Connection], Awaitable[None]]:
        """A step for the caller's transaction: store a user's data and end one conversation.

        For a change that must not come back after a crash (a sent request's draft): the session
        change commits with the change itself, not up to `update_interval` later. PTB writes the
        same state again at its next run.
        """
        text = json.dumps(user_data, ensure_ascii=False) if user_data else None
        self._absent.discard(("user", str(user_id)))

        async def write(conn: aiosqlite.Connection) -> None:
            self._absent.discard(("user", str(user_id)))
            if text is not None:
                await conn.execute(
                    "INSERT INTO persistence (kind, key, data) VALUES ('user', ?, ?)"
                    " ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
                    (str(user_id), text),
                )
            else:
                await conn.execute("DELETE FROM persistence WHERE kind = 'user' AND key = ?", (str(user_id),))
            await conn.execute(
                "DELETE FROM persistence WHERE kind = ? AND key = ?", (f"conv:{name}", _key_to_text(key))
            )

        return write

    async def load(self, kind: str, key: int) -> Data | None:
        """One user's ('user') or chat's ('chat') stored data, if any."""
        row = await self.db.fetchone(
            "SELECT data FROM persistence WHERE kind = ? AND key = ?", (kind, str(key))
        )
        if row is None:
            if (kind, str(key)) not in self._pending:
                self._note_absent(kind, str(key))
            return None
        return dict(json.loads(row["data"]))

    async def get_user_data(self) -> dict[int, Data]:
        """All users' data (none with a reloader: it loads each on first use)."""
        if self.reloader is not None:
            return {}
        return {int(k): v for k, v in (await self._load("user")).items()}

    async def get_chat_data(self) -> dict[int, Data]:
        """All chats' data (none with a reloader: it loads each on first use)."""
        if self.reloader is not None:
            return {}
        return {int(k): v for k, v in (await self._load("chat")).items()}

    async def get_bot_data(self) -> Data:
        """Bot-wide data (not stored)."""
        return {}

    async def get_callback_data(self) -> None:
        """Arbitrary callback data is not used."""
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        """The states of one named conversation handler."""
        stored = await self._load(f"conv:{name}")
        return {_text_to_key(k): v for k, v in stored.items()}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        """Store or clear one conversation's state."""
        if new_state is None:
            await self._drop(f"conv:{name}", _key_to_text(key))
        else:
            await self._store(f"conv:{name}", _key_to_text(key), new_state)

    async def update_user_data(self, user_id: int, data: Data) -> None:
        """Store one user's data (an empty dict removes the row)."""
        if data:
            await self._store("user", str(user_id), data)
        else:
            await self._drop("user", str(user_id))

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        """Store one chat's data (an empty dict removes the row)."""
        if data:
            await self._store("chat", str(chat_id), data)
        else:
            await self._drop("chat", str(chat_id))

    async def update_bot_data(self, data: Data) -> None:
        """Bot data is not stored."""

    async def update_callback_data(self, data: Any) -> None:
        """Callback data is not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forget one chat's data."""
        await self._drop("chat", str(chat_id))

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        await self._drop("user", str(user_id))

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        """The database is only written by this process; the reloader may bring dropped data back."""
        if self.reloader is not None:
            await self.reloader.refresh("user", user_id, user_data)

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        """As refresh_user_data."""
        if self.reloader is not None:
            await self.reloader.refresh("chat", chat_id, chat_data)

    async def refresh_bot_data(self, bot_data: Data) -> None:
        """Nothing to refresh."""

    async def flush(self) -> None:
        """Every write is committed before it returns; wait for a batch still in flight."""
        batch = self._batch
        if batch is not None:
            await asyncio.shield(batch)

    async def forget_user_everywhere(self, user_id: int) -> None:
        """Delete a user's data and private-chat conversation states (data deletion)."""
        await self._drop("user", str(user_id))
        await self._drop("chat", str(user_id))
        # GLOB (case-sensitive) can use the primary key index; LIKE would read every row.
        rows = await self.db.fetchall("SELECT kind, key FROM persistence WHERE kind GLOB 'conv:*'")
        for row in rows:
            key = json.loads(row["key"])
            if user_id in key:
                await self._drop(str(row["kind"]), str(row["key"]))

    async def rows_of(self, user_id: int) -> list[tuple[str, Any]]:
        """(kind, data) of the user's stored rows: user and private-chat data, conversation states."""
        rows = await self.db.fetchall(
            "SELECT kind, key, data FROM persistence WHERE (kind IN ('user', 'chat') AND key = ?)"
            " OR kind LIKE 'conv:%'",
            (str(user_id),),
        )
        return [
            (str(r["kind"]), json.loads(r["data"]))
            for r in rows
            if not str(r["kind"]).startswith("conv:") or user_id in json.loads(r["key"])
        ]

    async def purge_stale(self, cutoff_day: str, today: str, seen_key: str) -> int:
        """Delete users' sessions stamped before the cutoff day; unstamped ones get today's stamp.

        Only the rows in the database are changed; the running application drops its own copies.
        The stale and the unstamped sessions are found by the index on the stamp
        (`persistence_seen`, for the key ``seen``), and changed `_CHUNK` users per
        transaction, so neither the writer's thread nor the write lock is held for long.
        """
        if not seen_key.isidentifier():
            raise ValueError(f"not a session stamp key: {seen_key!r}")
        path = f"$.{seen_key}"
        seen = f"json_extract(data, '{path}')"  # literally as indexed
        stale_rows = await self.db.fetchall(
            f"SELECT key FROM persistence WHERE kind = 'user' AND {seen} < ?"
            f" AND json_type(data, '{path}') = 'text' AND json_type(data) = 'object'",
            (cutoff_day,),
        )
        unstamped_rows = await self.db.fetchall(
            f"SELECT key FROM persistence WHERE kind = 'user' AND {seen} IS NULL"
            f" AND json_type(data, '{path}') IS NULL AND json_type(data) = 'object'"
        )
        stale = [int(r["key"]) for r in stale_rows]
        unstamped = [str(r["key"]) for r in unstamped_rows]
        for part in _chunks(unstamped):
            async with self.db.transaction() as conn:
                await conn.execute(
                    "UPDATE persistence SET data = json_set(data, ?, ?)"
                    f" WHERE kind = 'user' AND key IN ({_marks(part)})",
                    (path, today, *part),
                )
        for start in range(0, len(stale), _CHUNK):
            async with self.db.transaction() as conn:
                await _forget_sessions(conn, stale[start : start + _CHUNK])
        return len(stale)

    @staticmethod
    def snapshot(data: Data) -> Data:
        """A deep copy for tests and exports."""
        return deepcopy(data)


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


def persistence_of(app: Application[Any, Any, Any, Any, Any, Any]) -> SqlitePersistence:
    """The application's SQLite persistence (set by the application builder)."""
    persistence = app.persistence
    if not isinstance(persistence, SqlitePersistence):
        raise RuntimeError("the application has no SqlitePersistence")
    return persistence
