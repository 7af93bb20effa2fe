"""Citizens who talked to the bot: chat id and language, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.citizens import CitizenRepository
from storage.db import Database, from_iso, to_iso

__all__ = ["User", "UserRepository"]


@dataclass(frozen=True)
class User:
    """A citizen known to the bot (`user_id` is the internal citizen id, `storage/citizens.py`)."""

    user_id: int
    chat_id: int
    language: str
    first_seen: datetime
    last_seen: datetime
    blocked_at: datetime | None


class UserRepository:
    """SQL for users."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def touch(self, user_id: int, chat_id: int, language: str, now: datetime) -> User:
        """Insert or refresh a user; keeps a stored language choice."""
        stamp = to_iso(now)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (user_id, chat_id, language, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " chat_id = excluded.chat_id, last_seen = excluded.last_seen, blocked_at = NULL",
                (user_id, chat_id, language, stamp, stamp),
            )
            await CitizenRepository.ensure_telegram(conn, user_id, now)
        user = await self.get(user_id)
        assert user is not None
        return user

    async def get(self, user_id: int) -> User | None:
        """One user by id."""
        row = await self.db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return User(
            user_id=row["user_id"],
            chat_id=row["chat_id"],
            language=row["language"],
            first_seen=from_iso(row["first_seen"]),  # type: ignore[arg-type]
            last_seen=from_iso(row["last_seen"]),  # type: ignore[arg-type]
            blocked_at=from_iso(row["blocked_at"]),
        )

    async def set_language(self, user_id: int, language: str) -> None:
        """Store the user's language choice."""
        await self.db.execute("UPDATE users SET language = ? WHERE user_id = ?", (language, user_id))

    async def mark_blocked(self, chat_id: int, now: datetime) -> None:
        """The user blocked the bot."""
        await self.db.execute("UPDATE users SET blocked_at = ? WHERE chat_id = ?", (to_iso(now), chat_id))

    async def delete(self, user_id: int) -> None:
        """Forget a user."""
        await self.db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
