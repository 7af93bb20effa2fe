"""`python -m bot export audit`: the audit log of staff actions as CSV."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.settings import resolve_config
from core.audit import entries_between, write_csv
from storage import AuditEntry, Database

__all__ = ["register_export"]


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-25, got {value!r}") from exc


def _cmd_export_audit(args: argparse.Namespace) -> int:
    """`python -m bot export audit`: the audit log as CSV."""
    config = resolve_config(args.config)
    if not config.storage.database.exists():
        print(f"{config.storage.database}: no database yet", file=sys.stderr)
        return 2
    tz = config.office_hours.tz
    start = datetime.combine(args.start, time(0), tz) if args.start else None
    end = datetime.combine(args.end + timedelta(days=1), time(0), tz) if args.end else None
    if start and end and end <= start:
        print("--to must not be before --from", file=sys.stderr)
        return 2

    async def load() -> list[AuditEntry]:
        db = await Database.open(config.storage.database)
        try:
            return await entries_between(db, start, end)
        finally:
            await db.close()

    entries = asyncio.run(load())
    if args.output == "-":
        count = write_csv(entries, sys.stdout, tz)
    else:
        target = Path(args.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            count = write_csv(entries, handle, tz)
        print(f"{count} Einträge geschrieben: {target}", file=sys.stderr)
    return 0


def register_export(export_sub: Any) -> None:
    """Add `audit` to the `export` subcommands of the CLI."""
    parser = export_sub.add_parser(
        "audit",
        help="the audit log of staff actions as CSV",
        description="Write the audit log (who saw, answered, changed what) as CSV. "
        "Dates are days in the configured timezone, both inclusive.",
    )
    parser.add_argument("--config", metavar="PATH", help="config file (default as for `run`)")
    parser.add_argument("--from", dest="start", type=_day, metavar="YYYY-MM-DD", help="first day")
    parser.add_argument("--to", dest="end", type=_day, metavar="YYYY-MM-DD", help="last day")
    parser.add_argument("--output", required=True, metavar="FILE", help="CSV file to write ('-' for stdout)")
    parser.set_defaults(func=_cmd_export_audit)
