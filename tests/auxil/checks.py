"""Checks shared by the reliability tests: what reached a chat, an intact database, a crash's files."""

from __future__ import annotations

import shutil
from pathlib import Path

from storage import Database
from tests.auxil.harness import Harness


def delivered(bot: Harness, chat_id: int, text: str) -> int:
    """How many accepted messages to chat_id contain text."""
    return sum(1 for c in bot.api.sent(chat_id) if text in c.text and c.result)


async def consistent(db: Database) -> None:
    """The database file is intact and no foreign key dangles."""
    assert (await db.fetchone("PRAGMA integrity_check"))[0] == "ok"  # type: ignore[index]
    assert await db.fetchall("PRAGMA foreign_key_check") == []


def snapshot_files(database: Path, target: Path) -> None:
    """What kill -9 leaves on disk: the database file and its write-ahead log, copied as they are."""
    target.mkdir()
    for suffix in ("", "-wal"):
        source = Path(str(database) + suffix)
        if source.exists():
            shutil.copy(source, target / f"bot.sqlite3{suffix}")
