"""The dates of a proposal: up to three options per proposal number, one of which the citizen picks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_iso, to_iso
from storage.migration import Migration

__all__ = ["MAX_OPTIONS", "MIGRATIONS", "OptionRepository", "ProposalOption", "option_of"]

MAX_OPTIONS = 3
"""At most this many dates in one proposal."""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "appointment_options_0001_proposal_options",
        """
        CREATE TABLE appointment_options (
            appointment_id INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
            proposal_seq INTEGER NOT NULL,
            option_index INTEGER NOT NULL CHECK (option_index >= 0 AND option_index < 3),
            slot_start TEXT NOT NULL,
            slot_end TEXT NOT NULL,
            PRIMARY KEY (appointment_id, proposal_seq, option_index)
        );
        CREATE INDEX appointment_options_start ON appointment_options (slot_start)
        """,
    ),
)
"""This feature's migrations; appended to storage.schema.ALL."""


@dataclass(frozen=True)
class ProposalOption:
    """One date of a proposal: its number (`seq`), its place in the list (`index`, from 0), the slot."""

    appointment_id: int
    seq: int
    index: int
    start: datetime
    end: datetime


def option_of(row: sqlite3.Row) -> ProposalOption:
    """A stored row as a ProposalOption."""
    return ProposalOption(
        appointment_id=row["appointment_id"],
        seq=row["proposal_seq"],
        index=row["option_index"],
        start=from_iso(row["slot_start"]),  # type: ignore[arg-type]
        end=from_iso(row["slot_end"]),  # type: ignore[arg-type]
    )


_CURRENT = (
    "SELECT o.* FROM appointment_options o JOIN appointments a ON a.id = o.appointment_id"
    " AND a.proposal_seq = o.proposal_seq WHERE o.appointment_id IN ({marks})"
    " ORDER BY o.appointment_id, o.option_index"
)


class OptionRepository:
    """SQL of the proposal options; writes take the caller's transaction connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    async def replace(
        conn: aiosqlite.Connection, appointment_id: int, seq: int, slots: Sequence[tuple[datetime, datetime]]
    ) -> None:
        """The request's options become `slots` for proposal `seq` (older proposals' options go)."""
        await conn.execute("DELETE FROM appointment_options WHERE appointment_id = ?", (appointment_id,))
        await conn.executemany(
            "INSERT INTO appointment_options"
            " (appointment_id, proposal_seq, option_index, slot_start, slot_end) VALUES (?, ?, ?, ?, ?)",
            [(appointment_id, seq, i, to_iso(s), to_iso(e)) for i, (s, e) in enumerate(slots)],
        )

    @staticmethod
    async def drop(conn: aiosqlite.Connection, appointment_id: int) -> None:
        """Remove every option of a request (accepted, declined, finished, anonymised)."""
        await conn.execute("DELETE FROM appointment_options WHERE appointment_id = ?", (appointment_id,))

    @staticmethod
    async def current_in(
        conn: aiosqlite.Connection, ids: Sequence[int]
    ) -> dict[int, tuple[ProposalOption, ...]]:
        """The options of the current proposal of each request (inside the caller's transaction)."""
        if not ids:
            return {}
        async with conn.execute(_CURRENT.format(marks=", ".join("?" * len(ids))), tuple(ids)) as cursor:
            rows = await cursor.fetchall()
        return _grouped(rows)

    async def current(self, ids: Sequence[int]) -> dict[int, tuple[ProposalOption, ...]]:
        """The options of the current proposal of each request."""
        if not ids:
            return {}
        rows = await self.db.fetchall(_CURRENT.format(marks=", ".join("?" * len(ids))), tuple(ids))
        return _grouped(rows)


def _grouped(rows: Iterable[sqlite3.Row]) -> dict[int, tuple[ProposalOption, ...]]:
    found: dict[int, list[ProposalOption]] = {}
    for row in rows:
        option = option_of(row)
        found.setdefault(option.appointment_id, []).append(option)
    return {key: tuple(value) for key, value in found.items()}
