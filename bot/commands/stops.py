"""Command line: `stops list` and `stops import` (registered into the bot's CLI)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from bot.settings import resolve_config
from core.places import resolve_area
from core.stops.certainty import list_legend
from core.stops.dates import parse_day_query
from core.stops.fields import FieldError, parse_date
from core.stops.importer import Format, ImportRejectedError, validate_import, write_import
from core.stops.loader import DEFAULT_PLAN_PATH, load_plan
from core.stops.model import BERLIN, PlanError
from core.stops.render import format_stop

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_PLAN_PATH", "main", "register"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _today() -> date:
    return datetime.now(UTC).astimezone(BERLIN).date()


def _day(text: str) -> date:
    """argparse type: 2026-12-08, 08.12.2026 or a day word like "morgen"."""
    try:
        return parse_date(text)
    except FieldError:
        query = parse_day_query(text, _today())
        if query is None:
            raise argparse.ArgumentTypeError(
                f"'{text}' ist kein Datum (erwartet JJJJ-MM-TT oder TT.MM.JJJJ)"
            ) from None
        return query.start


def register(subparsers: Any) -> None:
    """Add the `stops` command with `list` and `import` to an argparse subparsers object.

    Each leaf parser sets `func`, a callable taking the parsed Namespace and returning the
    exit code: `return args.func(args)`.
    """
    stops = subparsers.add_parser("stops", help="Haltestellenplan des Bürgermobils")
    commands = stops.add_subparsers(dest="stops_command", required=True)

    listing = commands.add_parser("list", help="kommende Halte anzeigen")
    listing.add_argument("--plan", type=Path, default=DEFAULT_PLAN_PATH, help=_PLAN_HELP)
    listing.add_argument("--config", metavar="PATH", default=None, help=_CONFIG_HELP)
    listing.add_argument("--from", dest="start", type=_day, default=None,
                         help="erster Tag (JJJJ-MM-TT oder TT.MM.JJJJ; Standard: heute)")
    listing.add_argument("--days", type=int, default=14, help="Anzahl Tage (Standard: 14)")
    listing.add_argument("--district", default=None, help="nur dieser Stadtteil oder PLZ")
    listing.add_argument("--lang", choices=("de", "en"), default="de")
    listing.set_defaults(func=_cmd_list)

    importing = commands.add_parser("import", help="Monatsplan (CSV oder YAML) übernehmen")
    importing.add_argument("file", type=Path, help="CSV- oder YAML-Datei")
    importing.add_argument("--plan", type=Path, default=DEFAULT_PLAN_PATH, help=_PLAN_HELP)
    importing.add_argument("--config", metavar="PATH", default=None, help=_CONFIG_HELP)
    importing.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts schreiben")
    importing.set_defaults(func=_cmd_import)


_PLAN_HELP = "Plandatei (Standard: stops.plan der Konfiguration, sonst der mitgelieferte Plan)"
_CONFIG_HELP = "Konfigurationsdatei (Standard: $BUERGERMOBIL_CONFIG, ./config.yaml)"


def _plan_path(args: argparse.Namespace) -> Path:
    """--plan, else the plan the bot's configuration names (so imports land where the bot reads)."""
    if args.plan is not None and Path(args.plan) != DEFAULT_PLAN_PATH:
        return Path(args.plan)
    return resolve_config(getattr(args, "config", None)).stops.plan_path


def _out(args: argparse.Namespace) -> TextIO:
    stream: TextIO = getattr(args, "stdout", None) or sys.stdout
    return stream


def _cmd_list(args: argparse.Namespace) -> int:
    """Print the stops of a period, one per line."""
    out = _out(args)
    try:
        plan = load_plan(_plan_path(args))
    except PlanError as exc:
        print(f"Fehler im Plan: {exc}", file=out)
        return EXIT_USAGE
    if args.days < 1:
        print("--days muss mindestens 1 sein", file=out)
        return EXIT_USAGE
    if args.district and resolve_area(args.district) is None:
        print(f"'{args.district}' ist kein Essener Stadtteil und keine Essener PLZ", file=out)
        return EXIT_USAGE
    start: date = args.start or _today()
    end = start + timedelta(days=args.days - 1)
    stops = plan.stops_between(start, end, include_cancelled=True, district=args.district)
    if not stops:
        print(f"Keine Halte vom {start:%d.%m.%Y} bis {end:%d.%m.%Y}.", file=out)
        return EXIT_OK
    for stop in stops:
        print(f"{format_stop(stop, args.lang)}  [{stop.stop_id}]", file=out)
    if any(not stop.confirmed and not stop.cancelled for stop in stops):
        print(f"\n{list_legend(args.lang)}", file=out)
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    """Check an import file and write it as the month's include file."""
    out = _out(args)
    suffix = args.file.suffix.casefold()
    formats: dict[str, Format] = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}
    fmt = formats.get(suffix)
    if fmt is None:
        print(f"{args.file.name}: erwartet eine .csv- oder .yaml-Datei", file=out)
        return EXIT_USAGE
    if not args.file.is_file():
        print(f"{args.file}: Datei nicht gefunden", file=out)
        return EXIT_USAGE
    try:
        plan = load_plan(_plan_path(args))
    except PlanError as exc:
        print(f"Fehler im Plan: {exc}", file=out)
        return EXIT_USAGE
    result = validate_import(args.file, fmt, plan)
    for warning in result.warnings:
        print(f"Hinweis: {warning}", file=out)
    for error in result.errors:
        print(f"Fehler: {error}", file=out)
    if not result.ok:
        print("Nichts importiert. Bitte die Datei korrigieren und erneut senden.", file=out)
        return EXIT_INVALID
    for event in result.stops:
        print(f"  {event.day:%d.%m.%Y} {event.start:%H:%M}–{event.end:%H:%M} Uhr · "
              f"{event.place.label}", file=out)
    if args.dry_run:
        print(f"Probelauf: {len(result.stops)} Termine geprüft, nichts geschrieben.", file=out)
        return EXIT_OK
    try:
        files = write_import(result, plan, _plan_path(args), args.file.name)
        load_plan(_plan_path(args))  # the plan with the new file must still load
    except (ImportRejectedError, PlanError) as exc:
        print(f"Fehler: {exc}", file=out)
        return EXIT_INVALID
    for file in files:
        print(f"Geschrieben: {file}", file=out)
    print(f"{len(result.stops)} Termine importiert.", file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run `stops …` on its own (for tests and `python -m bot.stops.commands`)."""
    parser = argparse.ArgumentParser(prog="buergermobil")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv) if argv is not None else None)
    args.stdout = stdout
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
