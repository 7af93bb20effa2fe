"""The console's inbox query: the text search through the FTS5 trigram index, kept in step by triggers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import Database, Migration, TicketRepository, apply_migrations
from storage.inbox import InboxRepository

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "inbox.sqlite3")
    await apply_migrations(database)
    yield database
    await database.close()


async def _ticket(db: Database, text: str, minutes: int, user: int = 1001) -> int:
    async with db.transaction() as conn:
        return await TicketRepository(db).create(
            conn,
            user_id=user,
            chat_id=user,
            language="de",
            text=text,
            topic=None,
            staff_chat_id=-100,
            now=NOW + timedelta(minutes=minutes),
        )


async def _found(db: Database, text: str) -> list[int]:
    return [row.ticket.id for row in await InboxRepository(db).search(text=text)]


async def test_substrings_in_any_case_newest_first(db: Database) -> None:
    first = await _ticket(db, "Darf ich im Garten ein Baumhaus bauen?", 1)
    second = await _ticket(db, "Wer genehmigt ein KINDERBAUMHAUS?", 2)
    await _ticket(db, "Wann hat das Bürgerbüro geöffnet?", 3)
    assert await _found(db, "baumhaus") == [second, first]
    assert await _found(db, "BaumHaus") == [second, first]  # any case, inside a compound word
    assert await _found(db, "Bürgerbüro") == [3]
    assert await _found(db, "Baumhäuser") == []


async def test_short_and_odd_search_texts(db: Database) -> None:
    quoted = await _ticket(db, 'Was heißt "Meldebescheinigung" auf Englisch? 50% schneller_', 1)
    other = await _ticket(db, "Ab wann gilt es?", 2)
    assert await _found(db, '"Meldebescheinigung"') == [quoted]  # quotes are text, not FTS syntax
    assert await _found(db, "50%") == [quoted]
    assert await _found(db, "r_") == [quoted]  # shorter than a trigram: LIKE, with % and _ as text
    assert await _found(db, "Ab") == [other]
    assert await _found(db, "NEAR(") == []
    assert await _found(db, "* OR x") == []


async def test_the_index_follows_anonymising_and_deleting(db: Database) -> None:
    kept = await _ticket(db, "Baumhaus im Vorgarten", 1)
    anonymised = await _ticket(db, "Baumhaus am Teich", 2)
    deleted = await _ticket(db, "Baumhaus auf dem Dach", 3)
    repo = TicketRepository(db)
    async with db.transaction() as conn:
        await repo.add_message(conn, ticket_id=kept, author="staff", text="Antwort zum Carport", now=NOW)
        await conn.execute("UPDATE ticket_messages SET text = NULL WHERE ticket_id = ?", (anonymised,))
        await conn.execute("DELETE FROM tickets WHERE id = ?", (deleted,))  # the messages go with it
    assert await _found(db, "Baumhaus") == [kept]
    assert await _found(db, "carport") == [kept]  # a staff answer is searched too
    async with db.transaction() as conn:
        await conn.execute("UPDATE ticket_messages SET text = 'Ein Gartenhaus' WHERE ticket_id = ?", (kept,))
    assert await _found(db, "Baumhaus") == []
    assert await _found(db, "gartenhaus") == [kept]
    async with db.transaction() as conn:  # raises when the index and the texts disagree
        await conn.execute("INSERT INTO ticket_search (ticket_search) VALUES ('integrity-check')")


async def test_an_existing_database_gets_its_texts_indexed(tmp_path: Path) -> None:
    """Tickets written before the index migration are found after it."""
    from storage.schema import ALL

    db = await Database.open(tmp_path / "old.sqlite3")
    at = [m.name for m in ALL].index("indexes_0004_console_search")
    await apply_migrations(db, ALL[:at])
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO tickets (id, user_id, chat_id, status, created_at, updated_at)"
            " VALUES (7, 1001, 1001, 'open', '2026-11-25T09:00:00+00:00', '2026-11-25T09:00:00+00:00')"
        )
        await conn.execute(
            "INSERT INTO ticket_messages (ticket_id, author, text, created_at)"
            " VALUES (7, 'citizen', 'Ein altes Baumhaus', '2026-11-25T09:00:00+00:00')"
        )
    await apply_migrations(db)
    assert await _found(db, "baumhaus") == [7]
    await db.close()


def test_a_trigger_body_is_one_statement() -> None:
    migration = Migration(
        "x",
        "CREATE TABLE a (v TEXT); CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET v = 'x;y'; END;"
        " CREATE INDEX a_v ON a (v)",
    )
    assert migration.statements() == [
        "CREATE TABLE a (v TEXT)",
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET v = 'x;y'; END",
        "CREATE INDEX a_v ON a (v)",
    ]


async def test_counts_per_state_follow_every_change(db: Database) -> None:
    repo, inbox = TicketRepository(db), InboxRepository(db)
    first = await _ticket(db, "Eins", 1)
    second = await _ticket(db, "Zwei", 2)
    await _ticket(db, "Drei", 3)
    assert await inbox.counts() == {"open": 3}
    async with db.transaction() as conn:
        await repo.set_status(conn, first, "claimed", NOW, claimed_by=5, claimed_by_name="Sam")
        await repo.set_status(conn, second, "answered", NOW)
        await repo.set_status(conn, second, "answered", NOW)  # the same state again counts once
    assert await inbox.counts() == {"open": 1, "claimed": 1, "answered": 1}
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM tickets WHERE id = ?", (first,))
    assert await inbox.counts() == {"open": 1, "answered": 1}
    rows = await db.fetchall("SELECT status, COUNT(*) AS n FROM tickets GROUP BY status")
    assert {row["status"]: row["n"] for row in rows} == await inbox.counts()


async def test_search_with_the_other_filters_and_pages(db: Database) -> None:
    numbers = [await _ticket(db, f"Baumhaus Nummer {k}", k, user=1000 + k % 2) for k in range(1, 8)]
    repo, inbox = TicketRepository(db), InboxRepository(db)
    async with db.transaction() as conn:
        await repo.set_status(conn, numbers[2], "claimed", NOW, claimed_by=5, claimed_by_name="Sam")
    found = await inbox.search(text="baumhaus", states=("open",), limit=3)
    assert [row.ticket.id for row in found] == [numbers[6], numbers[5], numbers[4]]
    assert found[0].question == "Baumhaus Nummer 7"
    later = await inbox.search(text="baumhaus", states=("open",), limit=3, offset=3)
    assert [row.ticket.id for row in later] == [numbers[3], numbers[1], numbers[0]]
    mine = await inbox.search(text="baumhaus", claimed_by=5)
    assert [row.ticket.id for row in mine] == [numbers[2]]
    assert [row.ticket.id for row in await inbox.search(text=f"#{numbers[3]}")] == [numbers[3]]
