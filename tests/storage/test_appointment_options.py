"""The proposal options table: its named migration on an existing database, reads, writes, deletion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import Database, all_migrations, apply_migrations, to_iso
from storage.appointment_options import MIGRATIONS, OptionRepository
from storage.appointment_reads import AppointmentReads
from storage.appointments import AppointmentRepository

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
FRIDAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


async def _proposed_request(db: Database) -> int:
    """A request proposed before the options table existed (its one date on the request itself)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO appointments (user_id, chat_id, status, relationship, reason, place_kind,"
            " preferred_time, visit_start, visit_end, proposal_seq, created_at, updated_at)"
            " VALUES (7, 7, 'termin_vorgeschlagen', 'self', 'mobility', 'home', 'any', ?, ?, 1, ?, ?)",
            (to_iso(FRIDAY), to_iso(FRIDAY + HOUR), to_iso(NOW), to_iso(NOW)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


async def test_the_migration_adds_the_table_to_an_existing_database(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "old.sqlite3")
    before = tuple(m for m in all_migrations() if m not in MIGRATIONS)
    await apply_migrations(db, before)
    number = await _proposed_request(db)
    assert await apply_migrations(db) == ["appointment_options_0001_proposal_options"]
    repo = AppointmentRepository(db)
    old = await repo.get(number)
    assert old is not None and old.options == () and old.visit_start == FRIDAY  # as before
    assert await AppointmentReads(db).option_visits(FRIDAY - HOUR, FRIDAY + 24 * HOUR) == []
    await db.close()


async def test_options_are_written_read_replaced_and_removed(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.sqlite3")
    await apply_migrations(db)
    repo = AppointmentRepository(db)
    number = await _proposed_request(db)
    slots = [(FRIDAY, FRIDAY + HOUR), (FRIDAY + 3 * HOUR, FRIDAY + 4 * HOUR)]
    async with db.transaction() as conn:
        await OptionRepository.replace(conn, number, 1, slots)
    a = await repo.get(number)
    assert a is not None and [(o.seq, o.index, o.start, o.end) for o in a.options] == [
        (1, 0, *slots[0]),
        (1, 1, *slots[1]),
    ]
    copies = await AppointmentReads(db).option_visits(FRIDAY + 2 * HOUR, FRIDAY + 24 * HOUR)
    assert [(c.id, c.option_index, c.visit_start) for c in copies] == [(number, 1, slots[1][0])]
    async with db.transaction() as conn:
        await OptionRepository.replace(conn, number, 2, slots[:1])  # a new proposal replaces them
        assert await repo.read(conn, number) is not None
    a = await repo.get(number)
    assert a is not None and a.options == ()  # the request is still at proposal 1: no current options
    async with db.transaction() as conn:
        await repo.update(conn, number, NOW, proposal_seq=2)
    a = await repo.get(number)
    assert a is not None and len(a.options) == 1
    single = await AppointmentReads(db).option_visits(FRIDAY - HOUR, FRIDAY + HOUR)
    assert [(c.id, c.option_index) for c in single] == [(number, None)]  # one date: just the request
    async with db.transaction() as conn:
        await repo.anonymise(conn, number, NOW)  # purge and deletion: no date of a proposal stays
    assert await db.fetchall("SELECT * FROM appointment_options") == []
    async with db.transaction() as conn:
        await OptionRepository.replace(conn, number, 2, slots)
        await conn.execute("DELETE FROM appointments WHERE id = ?", (number,))
    assert await db.fetchall("SELECT * FROM appointment_options") == []  # ON DELETE CASCADE
    await db.close()
