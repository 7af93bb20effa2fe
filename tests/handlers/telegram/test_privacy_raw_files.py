"""After /loeschen the database files themselves (db, -wal, -shm) hold no trace of the citizen.

Searched byte for byte while the bot still runs: the Telegram id (as text and as SQLite's
4-byte integer), the name and the question. History entries of the citizen's own actions
lose the id; staff actions keep theirs.
"""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.history_privacy import HistoryOwner
from tests.auxil.appointment_steps import fill_request, started
from tests.auxil.harness import STAFF_CHAT, STAFF_ID, Harness

USER_ID = 987_654_321
NAME = "Zyxwertina"
QUESTION = "Darf ich ein Qwxyzbaumhaus im Garten bauen?"


@pytest.fixture
async def pbot(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Harness]:
    """A running bot for a citizen with a name and an id found nowhere else."""
    async with started(tmp_path, clock) as harness:
        harness.citizen = harness.factory.user(USER_ID, NAME, "de")
        yield harness


def _raw(bot: Harness) -> bytes:
    files = [Path(f"{bot.config.storage.database}{suffix}") for suffix in ("", "-wal", "-shm")]
    return b"".join(path.read_bytes() for path in files if path.exists())


def _traces(data: bytes) -> list[str]:
    needles = {
        "id as text": str(USER_ID).encode(),
        "id as integer": struct.pack(">i", USER_ID),
        "name": NAME.encode(),
        "question": b"Qwxyzbaumhaus",
    }
    return [label for label, needle in needles.items() if needle in data]


async def test_no_trace_of_a_deleted_citizen_in_the_database_files(pbot: Harness) -> None:
    bot = pbot
    await bot.send("/start")
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    await bot.staff_send("Ja, bis 3 m Höhe.", bot.to_staff()[-1])
    await fill_request(bot)
    await bot.press("vc:cancel:1")
    await bot.press("vc:cancelok:1")
    await bot.app.update_persistence()
    db = bot.services.db
    events = await db.fetchone("SELECT COUNT(*) AS n FROM appointment_events WHERE actor_id = ?", (USER_ID,))
    assert events is not None and events["n"] >= 1  # the history held the id before
    assert _traces(_raw(bot)), "the test data never reached the files"

    await bot.send("/loeschen")
    await bot.press(bot.button(bot.api.last(USER_ID), "Ja, alles löschen"))
    assert "Ihre Daten sind gelöscht" in bot.api.last(USER_ID).text
    await bot.app.update_persistence()
    await db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")  # the persistence flush wrote after the deletion
    assert _traces(_raw(bot)) == []
    staff = await db.fetchone("SELECT COUNT(*) AS n FROM audit_log WHERE actor_id = ?", (STAFF_ID,))
    assert staff is not None and staff["n"] >= 1  # staff actions keep their actor


async def test_the_purge_nulls_citizen_ids_on_anonymised_history(pbot: Harness) -> None:
    bot = pbot
    await fill_request(bot)
    await bot.press("vc:cancel:1")
    await bot.press("vc:cancelok:1")
    db = bot.services.db
    async with db.transaction() as conn:  # the retention purge anonymised the request
        await conn.execute("UPDATE appointments SET anonymised_at = finished_at WHERE id = 1")
    owner = HistoryOwner(db)
    before = (await owner.export(USER_ID))["entries_with_your_id"]
    assert before >= 2  # the cancellation: one request event, one audit entry
    assert await owner.purge(bot.clock.now()) == before
    assert await owner.export(USER_ID) == {}


async def test_offen_lists_that_quoted_a_deleted_question_are_blanked(pbot: Harness) -> None:
    bot = pbot
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    other = bot.factory.user(USER_ID + 1, "Other", "de")
    await bot.send("Wie beantrage ich einen Anwohnerparkausweis heute?", user=other)
    await bot.press("esc:yes", user=other)
    await bot.send("/offen", user=bot.staff, chat_id=STAFF_CHAT)
    listing = bot.to_staff()[-1]
    assert "Qwxyzbaumhaus" in listing.text
    await bot.send("/loeschen")
    await bot.press(bot.button(bot.api.last(USER_ID), "Ja, alles löschen"))
    await bot.settle()
    target = listing.message_id
    edits = [c for c in bot.api.sent(STAFF_CHAT, "editMessageText") if c.params.get("message_id") == target]
    assert edits and "veraltet" in edits[-1].text and "Qwxyzbaumhaus" not in edits[-1].text
    assert await bot.services.db.fetchall("SELECT * FROM staff_list_messages") == []
