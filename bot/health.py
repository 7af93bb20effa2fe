"""Operator checks on the stored state, for `check-config`: staff chats that refuse the bot."""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["refused_staff_chats"]


def refused_staff_chats(database: str | Path) -> list[tuple[int, int]]:
    """(chat id, waiting messages) of group chats whose last send was refused with 403."""
    path = Path(database)
    if not path.is_file():
        return []
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
            rows = conn.execute(
                "SELECT chat_id, COUNT(*) FROM outbox WHERE status = 'pending' AND chat_id < 0"
                " AND last_error LIKE 'Forbidden%' GROUP BY chat_id ORDER BY chat_id"
            ).fetchall()
    except sqlite3.Error:  # no outbox table yet (a new database): nothing waits
        return []
    return [(int(chat), int(count)) for chat, count in rows]
