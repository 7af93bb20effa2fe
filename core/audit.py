"""The audit log of staff actions: who saw, answered, changed what. Rendering, "who saw", CSV export.

The entries themselves are written by the domain services in the transaction of the change
(storage.AuditRepository.record); this module reads them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from core.staff import StaffActor
from core.texts import t
from core.texts.privacy import AUDIT_ACTIONS
from core.tickets import REF
from storage import AuditEntry, AuditRepository, Database, to_iso
from storage.audit import FLUSH_SECONDS as STATS_FLUSH_SECONDS

if TYPE_CHECKING:
    from core.services import Services

__all__ = [
    "CSV_COLUMNS",
    "STATS_FLUSH_SECONDS",
    "action_label",
    "entries_between",
    "record_staff_action",
    "render_entry",
    "write_csv",
]

CSV_COLUMNS = ("id", "at_utc", "at_local", "actor_id", "actor_name", "action", "ref_type", "ref_id", "detail")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def action_label(action: str) -> str:
    """The German label of an action (its name when unknown)."""
    return AUDIT_ACTIONS.get(action, action)


def _who(entry: AuditEntry) -> str:
    if entry.actor_name == "citizen":
        return t("audit.citizen")
    if entry.actor_name in (None, "system"):
        return t("audit.system")
    return entry.actor_name


def render_entry(entry: AuditEntry, tz: ZoneInfo) -> str:
    """One audit entry as a line of HTML."""
    ref = ""
    if entry.ref_type == REF and entry.ref_id is not None:
        ref = f" · #{entry.ref_id}"
    elif entry.ref_type is not None:
        ref = f" · {entry.ref_type} {entry.ref_id if entry.ref_id is not None else ''}".rstrip()
    return t(
        "audit.line",
        when=f"{entry.at.astimezone(tz):%d.%m.%Y %H:%M}",
        who=_who(entry),
        action=action_label(entry.action),
        ref=ref,
        detail=f" ({entry.detail})" if entry.detail else "",
    )


async def record_staff_action(
    services: Services,
    actor: StaffActor,
    action: str,
    ticket_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Append an entry for something a staff member did or saw (e.g. viewed a ticket)."""
    async with services.db.transaction() as conn:
        await services.audit.record(
            conn,
            now=services.clock.now(),
            actor_id=actor.user_id,
            actor_name=actor.name,
            action=action,
            ref_type=REF if ticket_id is not None else None,
            ref_id=ticket_id,
            detail=detail,
        )


async def entries_between(db: Database, start: datetime | None, end: datetime | None) -> list[AuditEntry]:
    """Entries with start <= at < end, oldest first."""
    return await AuditRepository(db).between(start, end)


def _cell(value: object) -> str:
    """A CSV cell that spreadsheet programs do not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(entries: Sequence[AuditEntry], out: TextIO, tz: ZoneInfo) -> int:
    """Write entries as CSV (UTF-8, header row); returns how many."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.id,
                to_iso(e.at),
                f"{e.at.astimezone(tz):%Y-%m-%d %H:%M:%S}",
                e.actor_id if e.actor_id is not None else "",
                _cell(e.actor_name),
                _cell(e.action),
                _cell(e.ref_type),
                e.ref_id if e.ref_id is not None else "",
                _cell(e.detail),
            ]
        )
    return len(entries)
