"""One schema step (`Migration`) and the error of a failed one; the registry is in storage/schema.py."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

__all__ = ["Migration", "MigrationError"]


class MigrationError(Exception):
    """A migration failed; it was rolled back and the database is as before it."""


@dataclass(frozen=True)
class Migration:
    """One named schema step; `sql` may hold several statements."""

    name: str
    sql: str

    def statements(self) -> list[str]:
        """Split the script into single statements; a trigger's `BEGIN … END` stays one statement."""
        found: list[str] = []
        pending = ""
        for part in self.sql.split(";"):
            pending += part + ";"
            if sqlite3.complete_statement(pending):
                if pending.strip(" \n\t;"):
                    found.append(pending.strip().removesuffix(";").strip())
                pending = ""
        if pending.strip(" \n\t;"):
            found.append(pending.strip().removesuffix(";").strip())
        return found
