"""The PTB persistence on SQLite: user data and conversation states round-trip and are forgotten."""

from __future__ import annotations

from pathlib import Path

from handlers.telegram.persistence import SqlitePersistence
from storage import Database, apply_migrations


async def test_persistence_round_trip_and_forget(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "e.sqlite3")
    await apply_migrations(db)
    persistence = SqlitePersistence(db)
    await persistence.update_user_data(7, {"lang": "en", "pending_question": "Hallo"})
    await persistence.update_conversation("visit", (7, 7), 3)
    await persistence.update_conversation("visit", (8, 8), 1)
    assert (await persistence.get_user_data())[7]["lang"] == "en"
    assert await persistence.get_conversations("visit") == {(7, 7): 3, (8, 8): 1}
    await persistence.forget_user_everywhere(7)
    assert 7 not in await persistence.get_user_data()
    assert await persistence.get_conversations("visit") == {(8, 8): 1}
    await persistence.update_conversation("visit", (8, 8), None)
    assert await persistence.get_conversations("visit") == {}
    await db.close()
