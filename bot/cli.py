"""Command line: `python -m bot <command>`; every command has --help."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bot.health import refused_staff_chats
from bot.redact import install_token_filter, redact
from bot.settings import resolve_config
from core.config import Config, ConfigError
from core.stops import PlanError
from faq import FaqError
from storage import MigrationError

if TYPE_CHECKING:
    from core.services import Services
    from handlers.telegram.context import BotApplication

__all__ = ["build_parser", "console_database", "main", "setup_logging"]

logger = logging.getLogger("bot")
_T = TypeVar("_T")


def setup_logging(level: str) -> None:
    """Log to stderr; keep libraries that print URLs (with the token) quiet."""
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $BUERGERMOBIL_CONFIG, ./config.yaml, else built-in defaults)",
    )


class StartError(Exception):
    """The bot could not start (token refused, Bot API unreachable); the message holds no token."""


async def _run_bot(config: Config) -> None:
    """Run against Telegram (polling or webhook) until SIGINT/SIGTERM; services closed on every path."""
    from core.services import create_services
    from handlers.telegram.app import build_application

    services = await create_services(config)
    try:
        app = build_application(services)
        await _serve(app, config, services)
    finally:
        await services.close()


async def _serve(app: BotApplication, config: Config, services: Services) -> None:
    from telegram.error import InvalidToken, NetworkError, TelegramError

    from handlers.telegram.app import ALLOWED_UPDATES
    from handlers.web import WebStartError

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    updater = app.updater
    assert updater is not None
    try:
        await app.initialize()
    except InvalidToken as exc:
        await app.shutdown()
        raise StartError("Telegram hat den Bot-Token abgelehnt (401) / the bot token was refused") from exc
    except NetworkError as exc:
        await app.shutdown()
        reason = redact(str(exc), config.telegram.token)
        raise StartError(f"Bot API nicht erreichbar / Bot API unreachable: {reason}") from exc
    except TelegramError as exc:
        await app.shutdown()
        reason = redact(str(exc), config.telegram.token)
        raise StartError(f"Bot API antwortet mit einem Fehler / Bot API error: {reason}") from exc
    webhook = config.telegram.mode == "webhook"
    async with app:
        await app.start()
        try:
            if not webhook:
                await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            async with _web(services, app, config) as url:
                if url is not None and config.web.enabled:
                    print(f"Web-Server: {url}  (Team-Konsole: {url}/console/)", file=sys.stderr)
                if webhook:  # the route is being served: now Telegram may send
                    await _register_webhook(app, config)
                logger.info("bot running (%s); stop with Ctrl+C or SIGTERM", config.telegram.mode)
                await stop.wait()
                logger.info("stopping: finishing what is in flight")
        except WebStartError as exc:  # also the webhook-only server's
            raise StartError(f"Web-Server startet nicht / web server did not start: {exc}") from exc
        finally:
            if updater.running:
                await updater.stop()
            await app.stop()  # the queued updates are handled, then the jobs and persistence stop


def _web(services: Services, app: BotApplication, config: Config) -> AbstractAsyncContextManager[str | None]:
    """The bot's web server: the shared one (console, webhook, …) or, with `web.enabled` off in
    webhook mode, one for the webhook alone on `telegram.webhook_listen:webhook_port`."""
    from bot.web import web_server
    from bot.webhook import webhook_server

    telegram = config.telegram
    if telegram.mode == "webhook" and not config.web.enabled:
        assert telegram.webhook_secret is not None  # the schema checks it in webhook mode
        return webhook_server(
            services, app, telegram.webhook_listen, telegram.webhook_port, telegram.webhook_secret
        )
    return web_server(services, app)


async def _register_webhook(app: BotApplication, config: Config) -> None:
    """Tell Telegram the public address and the secret (setWebhook)."""
    from handlers.telegram.app import ALLOWED_UPDATES

    telegram = config.telegram
    assert telegram.webhook_url is not None and telegram.webhook_secret is not None  # the schema checks
    await app.bot.set_webhook(
        url=telegram.webhook_url, secret_token=telegram.webhook_secret, allowed_updates=ALLOWED_UPDATES
    )


def cmd_run(args: argparse.Namespace) -> int:
    """Run the Telegram bot."""
    config = resolve_config(args.config)
    setup_logging(config.bot.log_level)
    install_token_filter(config.telegram.token)
    if not config.has_token:
        print(
            f"{config.source or '<defaults>'}: key 'telegram.token': expected a bot token "
            "(or set BOT_TOKEN); without one, use `python -m bot console`.",
            file=sys.stderr,
        )
        return 2
    try:
        asyncio.run(_run_bot(config))
    except StartError as exc:
        print(f"Start fehlgeschlagen / start failed: {exc}", file=sys.stderr)
        return 1
    return 0


def console_database(production: Path) -> Path:
    """The console's own database next to the bot's: its test tickets never mix with real ones."""
    return production.with_name(f"{production.stem}-konsole{production.suffix or '.sqlite3'}")


def cmd_console(args: argparse.Namespace) -> int:
    """Run the offline console chat."""
    from bot.web import demo_web_server
    from handlers.telegram.console import run_console
    from handlers.web import WebStartError

    config = resolve_config(args.config)
    demo = console_database(config.storage.database)
    config = dataclasses.replace(config, storage=dataclasses.replace(config.storage, database=demo))
    print(f"Konsole: eigene Datenbank {demo} (nicht die des Bots).\n")
    setup_logging("WARNING")
    try:
        asyncio.run(run_console(config, alongside=demo_web_server))
    except WebStartError as exc:
        print(f"Web-Server startet nicht / web server did not start: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Telegram when a token is configured, else the console chat."""
    config = resolve_config(args.config)
    if config.has_token:
        return cmd_run(args)
    print("Kein Telegram-Token konfiguriert: die Konsole startet (offline).\n")
    return cmd_console(args)


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database (safe while the bot runs)."""
    from storage import Database

    config = resolve_config(args.config)
    target = Path(args.path)
    if target.exists() and not args.force:
        print(f"{target}: exists already; use --force to overwrite", file=sys.stderr)
        return 2
    if not config.storage.database.exists():
        print(f"{config.storage.database}: no database yet", file=sys.stderr)
        return 2

    async def backup() -> None:
        db = await Database.open(config.storage.database)
        try:
            await db.backup_to(target)
        finally:
            await db.close()

    target.unlink(missing_ok=True)
    asyncio.run(backup())
    print(f"Sicherung geschrieben: {target}")
    return 0


def _checked(problems: list[str], load: Callable[[], _T]) -> _T | None:
    """Run one file check; its error goes to `problems` (so check-config names every file's problem)."""
    try:
        return load()
    except (FaqError, PlanError) as exc:
        problems.append(str(exc))
        return None


def cmd_check_config(args: argparse.Namespace) -> int:
    """Validate the config (and the files it names) without starting the bot."""
    from core.faq_learning_reload import overlay_path
    from core.stops import load_plan
    from faq import load_synonyms
    from faq.overlay import load_with_overlay

    config = resolve_config(args.config)  # the config's own problems are all reported at once
    problems: list[str] = []
    faq = _checked(problems, lambda: load_with_overlay(config.faq.path, overlay_path(config)))
    _checked(problems, lambda: load_synonyms(config.faq.synonyms_path))
    plan = _checked(problems, lambda: load_plan(config.stops.plan_path))
    if faq is None or plan is None or problems:
        print("Fehler in den Inhaltsdateien / content file errors:", file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    print(
        f"Konfiguration in Ordnung: {config.source or '<defaults>'} "
        f"({len(faq)} FAQ-Einträge, {len(plan.places)} Bürgermobil-Orte)"
    )
    for chat_id, waiting in refused_staff_chats(config.storage.database):
        print(
            f"WARNUNG: Team-Gruppe {chat_id} lehnt den Bot ab (403, aus der Gruppe entfernt?); "
            f"{waiting} Nachricht(en) warten. Bot wieder hinzufügen.",
            file=sys.stderr,
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from bot.commands import appointments as appointment_commands
    from bot.commands import audit as audit_commands
    from bot.commands import faq as faq_commands
    from bot.commands import report as report_commands
    from bot.commands import staff as staff_commands
    from bot.commands import stops as stop_commands

    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Bürgermobil-Bot der Stadt Essen (citizen service bot)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, func, help_text in (
        ("run", cmd_run, "run the Telegram bot (polling or webhook)"),
        ("console", cmd_console, "chat with the bot offline in this terminal"),
        ("demo", cmd_demo, "Telegram if a token is configured, else the console"),
        ("check-config", cmd_check_config, "validate the config and exit"),
    ):
        command = sub.add_parser(name, help=help_text, description=help_text)
        _add_config(command)
        command.set_defaults(func=func)
    backup = sub.add_parser("backup", help="consistent copy of the database, also while running")
    _add_config(backup)
    backup.add_argument("path", help="file to write")
    backup.add_argument("--force", action="store_true", help="overwrite an existing file")
    backup.set_defaults(func=cmd_backup)
    faq_commands.register(sub)
    stop_commands.register(sub)
    staff_commands.register(sub)
    report_commands.register(sub)
    export = sub.add_parser("export", help="export data (the audit log as CSV, …)")
    export_sub = export.add_subparsers(dest="what", required=True, metavar="WHAT")
    audit_commands.register_export(export_sub)
    appointment_commands.register_export(export_sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; config errors are printed before anything starts."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except ConfigError as exc:
        print(f"Konfigurationsfehler / configuration error: {exc}", file=sys.stderr)
        return 2
    except (FaqError, PlanError) as exc:
        print(f"Fehler in einer Inhaltsdatei / content file error:\n{exc}", file=sys.stderr)
        return 2
    except MigrationError as exc:
        print(f"Datenbankfehler / database error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return result
