"""Command line: `python -m bot export appointments --format ics|csv [--from D --to D] [--output F]`."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.settings import resolve_config
from core.appointments.export import requests_csv, visits_ics

__all__ = ["cmd_export_appointments", "register_export"]

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_DAYS = 90


def _day(text: str) -> date:
    """argparse type: 2026-12-03 or 03.12.2026."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
            return date.fromisoformat("-".join(part.zfill(2) for part in value.split("-")))
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' ist kein Datum (erwartet JJJJ-MM-TT oder TT.MM.JJJJ)")


def register_export(export_sub: Any) -> None:
    """Add `appointments` to the `export` subcommands of the CLI."""
    parser = export_sub.add_parser(
        "appointments",
        help="Vor-Ort-Termine als Kalender (ics) oder Liste (csv)",
        description=(
            "ics: bestätigte und erledigte Besuche mit Termin im Zeitraum (Standard: ab heute 90 Tage). "
            "csv: alle Anfragen, die im Zeitraum eingegangen sind (Standard: alle), ohne Namen und Telefon. "
            "Tage in der Zeitzone der Bürozeiten, beide einschließlich."
        ),
    )
    parser.add_argument("--config", metavar="PATH", help="config file")
    parser.add_argument("--format", choices=("ics", "csv"), default="ics", help="ics (Kalender) oder csv")
    parser.add_argument("--from", dest="start", type=_day, default=None, help="erster Tag (JJJJ-MM-TT)")
    parser.add_argument("--to", dest="end", type=_day, default=None, help="letzter Tag (JJJJ-MM-TT)")
    parser.add_argument("--output", type=Path, default=None, help="Datei (Standard: Ausgabe auf stdout)")
    parser.set_defaults(func=cmd_export_appointments)


def cmd_export_appointments(args: argparse.Namespace) -> int:
    """Write the export."""
    config = resolve_config(args.config)
    if args.start and args.end and args.end < args.start:
        print("--to liegt vor --from", file=sys.stderr)
        return EXIT_USAGE
    if not config.storage.database.exists():
        print(f"{config.storage.database}: no database yet", file=sys.stderr)
        return EXIT_USAGE
    data = asyncio.run(_export(config.storage.database, config.office_hours.tz, args))
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
        print(f"Export geschrieben: {args.output}", file=sys.stderr)
    return EXIT_OK


async def _export(path: Path, tz: Any, args: argparse.Namespace) -> bytes:
    from storage import Database, apply_migrations
    from storage.appointments import AppointmentRepository

    db = await Database.open(path)
    try:
        await apply_migrations(db)
        repo = AppointmentRepository(db)
        start = datetime.combine(args.start, time(0), tz) if args.start else None
        end = datetime.combine(args.end + timedelta(days=1), time(0), tz) if args.end else None
        if args.format == "csv":
            return requests_csv(await repo.created_between(start, end), tz).encode("utf-8")
        now = datetime.now(UTC)
        if start is None:
            start = datetime.combine(now.astimezone(tz).date(), time(0), tz)
        if end is None:
            end = start + timedelta(days=DEFAULT_DAYS)
        visits = await repo.visits_between(start, end, ("termin_vorgeschlagen", "bestaetigt", "erledigt"))
        return visits_ics(visits, now)
    finally:
        await db.close()
