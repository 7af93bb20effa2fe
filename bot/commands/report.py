"""`python -m bot report --month 2026-11 --output report.pdf`: the council's monthly report as PDF."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot.settings import resolve_config
from core.clock import SystemClock
from core.officehours import OfficeHours
from core.statistics import BadMonth, Statistics, month_start, parse_month
from core.statistics_pdf import report_pdf
from faq import load_faq
from storage import Database

__all__ = ["register"]


def _month(value: str) -> date:
    try:
        return parse_month(value)
    except BadMonth as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _cmd_report(args: argparse.Namespace) -> int:
    """Write the month's report."""
    config = resolve_config(args.config)
    if not config.storage.database.exists():
        print(f"{config.storage.database}: no database yet", file=sys.stderr)
        return 2
    clock = SystemClock()
    office_hours = OfficeHours(config.office_hours)
    today = clock.now().astimezone(office_hours.tz).date()
    if args.month > month_start(today):
        print(f"--month {args.month:%Y-%m} has not begun yet (today is {today:%Y-%m-%d})", file=sys.stderr)
        return 2
    faq = load_faq(config.faq.path)

    async def make() -> bytes:
        db = await Database.open(config.storage.database)
        try:
            statistics = Statistics(db, clock, office_hours, lambda: faq)
            return report_pdf(await statistics.month_report(args.month), args.lang, office_hours.tz)
        finally:
            await db.close()

    data = asyncio.run(make())
    target = Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    print(f"Monatsbericht {args.month:%Y-%m} geschrieben: {target} ({len(data):,} Bytes)", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    """Add `report` to the CLI's subcommands."""
    parser = sub.add_parser(
        "report",
        help="the monthly report for the council as PDF",
        description="Write one month's figures (questions, the bot's share, answer times, SLA, topics, "
        "Vor-Ort-Service, stop alerts) with charts as a PDF. No personal data. Days and months are "
        "those of the configured timezone.",
    )
    parser.add_argument("--config", metavar="PATH", help="config file (default as for `run`)")
    parser.add_argument(
        "--month", required=True, type=_month, metavar="YYYY-MM", help="the month, e.g. 2026-11"
    )
    parser.add_argument("--output", required=True, metavar="FILE", help="the PDF file to write")
    parser.add_argument(
        "--lang", choices=("de", "en"), default="de", help="language of the report (default de)"
    )
    parser.set_defaults(func=_cmd_report)
