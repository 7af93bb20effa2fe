"""`python -m bot staff add|list|disable`: the accounts of the staff web console."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.settings import resolve_config
from core.clock import SystemClock
from core.config import Config
from core.staff_accounts import MIN_PASSWORD, ROLES, AccountError, StaffAccounts
from storage import Database, apply_migrations

__all__ = ["register"]

T = TypeVar("T")


def _with_accounts(config: Config, work: Callable[[StaffAccounts], Awaitable[T]]) -> T:
    async def run() -> T:
        config.storage.database.parent.mkdir(parents=True, exist_ok=True)
        db = await Database.open(config.storage.database)
        try:
            await apply_migrations(db)
            return await work(StaffAccounts(db, SystemClock(), config.web.session_minutes))
        finally:
            await db.close()

    return asyncio.run(run())


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"Passwort für das Konto (mindestens {MIN_PASSWORD} Zeichen): ")
    second = getpass.getpass("Passwort wiederholen: ")
    if first != second:
        print("Die Passwörter sind verschieden / the passwords differ", file=sys.stderr)
        return None
    return first


def _cmd_add(args: argparse.Namespace) -> int:
    config = resolve_config(args.config)
    password = _read_password(args.password_stdin)
    if password is None:
        return 2
    try:
        _with_accounts(
            config,
            lambda accounts: accounts.add(args.name, args.role, password, telegram_user_id=args.telegram_id),
        )
    except AccountError as exc:
        print(f"Konto nicht angelegt / account not added: {exc}", file=sys.stderr)
        return 2
    print(f"Konto angelegt: {args.name} ({args.role})")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    config = resolve_config(args.config)
    accounts = _with_accounts(config, lambda accounts: accounts.all())
    tz = config.office_hours.tz
    if not accounts:
        print("Noch keine Konten. Anlegen: python -m bot staff add NAME --role agent")
    for account in accounts:
        state = "abgeschaltet" if account.disabled_at else "aktiv"
        last = "–"
        if account.last_login_at is not None:
            last = account.last_login_at.astimezone(tz).strftime("%d.%m.%Y %H:%M")
        linked = f" telegram={account.telegram_user_id}" if account.telegram_user_id else ""
        print(f"{account.name}\t{account.role}\t{state}\tzuletzt {last}{linked}")
    return 0


def _cmd_disable(args: argparse.Namespace) -> int:
    config = resolve_config(args.config)
    try:
        _with_accounts(config, lambda accounts: accounts.disable(args.name))
    except AccountError as exc:
        print(f"{exc}", file=sys.stderr)
        return 2
    print(f"Konto abgeschaltet, alle Sitzungen beendet: {args.name}")
    return 0


def register(sub: Any) -> None:
    """Add `staff add|list|disable` to the CLI."""
    staff = sub.add_parser("staff", help="accounts of the staff web console")
    commands = staff.add_subparsers(dest="staff_command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="add an account (asks for the password)")
    add.add_argument("name")
    add.add_argument(
        "--role", choices=ROLES, required=True, help="agent: tickets, vorort: appointments, admin: all"
    )
    add.add_argument("--telegram-id", type=int, default=None, help="the same person's Telegram user id")
    add.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    add.set_defaults(func=_cmd_add)
    listing = commands.add_parser("list", help="list the accounts")
    listing.set_defaults(func=_cmd_list)
    disable = commands.add_parser("disable", help="disable an account and end its sessions")
    disable.add_argument("name")
    disable.set_defaults(func=_cmd_disable)
    for command in (add, listing, disable):
        command.add_argument("--config", metavar="PATH", help="config file")
