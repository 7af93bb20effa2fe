"""The import of a month's stop plan sent as a CSV or YAML document in the staff group.

The file is checked first (errors per row, nothing changed); a summary with two buttons
follows. On "Übernehmen" the file is fetched again by its file id, checked again against
the current plan, written next to the plan file, and the plan is reloaded.

Callback data (staff only; the import is looked up again on every press):
  si:ok:<token>   apply a checked import (token -> file in chat_data, JSON)
  si:no:<token>   discard it
"""

from __future__ import annotations

import html
import logging
import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from core.stops import Event
from core.stops.importer import ImportResult
from core.stops.service import StopActionError
from core.stops.upload import MAX_IMPORT_BYTES, format_of
from core.texts import Raw, t
from handlers.telegram.common import actor, end_button_press, reply, require_staff
from handlers.telegram.context import BotContext

__all__ = ["IMPORTS", "MAX_IMPORT_BYTES", "import_button", "import_document"]

logger = logging.getLogger(__name__)

IMPORTS = "stop_imports"
"""chat_data: checked imports waiting for confirmation, by token (JSON)."""
PENDING_SECONDS = 60 * 60
MAX_LINES = 30


async def _download(context: BotContext, file_id: str) -> bytes | None:
    try:
        file = await context.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())
    except (TelegramError, OSError) as exc:
        logger.warning("stop import: download failed: %s", exc)
        return None


def _event_line(event: Event) -> str:
    return f"{event.day:%d.%m.%Y} {event.start:%H:%M}–{event.end:%H:%M} Uhr · {event.place.label}"


def _capped(lines: list[str], budget: int = 2500) -> str:
    """Bullet lines, as many as fit the budget of characters (one message holds 4096)."""
    shown: list[str] = []
    used = 0
    for line in lines[:MAX_LINES]:
        bullet = f"• {html.escape(line)}"
        if used + len(bullet) > budget:
            break
        shown.append(bullet)
        used += len(bullet) + 1
    if len(shown) < len(lines):
        shown.append(t("stops.import.more", count=len(lines) - len(shown)))
    return "\n".join(shown)


async def import_document(update: Update, context: BotContext) -> None:
    """A CSV or YAML file in the staff group: check it and offer to apply it."""
    message = update.effective_message
    if message is None or message.document is None or not await require_staff(update, context):
        return
    document = message.document
    name = document.file_name or "plan"
    fmt = format_of(name)
    if fmt is None:
        return
    if (document.file_size or 0) > MAX_IMPORT_BYTES:
        await reply(update, t("stops.import.too_big", limit=MAX_IMPORT_BYTES // 1024))
        return
    data = await _download(context, document.file_id)
    if data is None:
        await reply(update, t("stops.import.download_failed"))
        return
    service = context.services.stops
    result = await service.check_import(data, fmt)
    if not result.ok:
        errors = result.errors or ["Die Datei enthält keine Termine."]
        await reply(
            update, t("stops.import.errors", name=name, count=len(errors), lines=Raw(_capped(errors)))
        )
        return
    token = secrets.token_hex(4)
    if context.chat_data is not None:
        waiting = context.chat_data.setdefault(IMPORTS, {})
        waiting[token] = {
            "file_id": document.file_id,
            "name": name,
            "fmt": fmt,
            "until": service.now().timestamp() + PENDING_SECONDS,
        }
    await reply(update, _summary(name, result), _confirm_keyboard(token))


def _summary(name: str, result: ImportResult) -> str:
    warnings = t("stops.import.warnings", lines=Raw(_capped(result.warnings, 800))) if result.warnings else ""
    return t(
        "stops.import.summary",
        name=name,
        count=len(result.stops),
        months=", ".join(result.months()),
        lines=Raw(_capped([_event_line(e) for e in result.stops], 2000)),
        warnings=Raw(warnings),
    )


def _confirm_keyboard(token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("stops.import.btn_apply"), callback_data=f"si:ok:{token}"),
                InlineKeyboardButton(t("stops.import.btn_discard"), callback_data=f"si:no:{token}"),
            ]
        ]
    )


async def import_button(update: Update, context: BotContext) -> None:
    """'Übernehmen' or 'Verwerfen' under a checked import."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or not await require_staff(update, context):
        return
    await end_button_press(query)
    parts = (query.data or "").split(":")
    waiting = context.chat_data.get(IMPORTS, {}) if context.chat_data is not None else {}
    service = context.services.stops
    pending = waiting.pop(parts[2], None) if len(parts) == 3 and isinstance(waiting, dict) else None
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < service.now().timestamp():
        await reply(update, t("stops.import.gone"))
        return
    if parts[1] != "ok":
        await reply(update, t("stops.import.discarded"))
        return
    fmt = format_of(str(pending.get("name", "")))
    data = await _download(context, str(pending.get("file_id")))
    if data is None or fmt is None:
        await reply(update, t("stops.import.download_failed"))
        return
    result = await service.check_import(data, fmt)
    if not result.ok:
        await reply(update, t("stops.import.changed", lines=Raw(_capped(result.errors))))
        return
    who = actor(user)
    try:
        await service.apply_import(result, str(pending.get("name")), who)
    except StopActionError as exc:
        await reply(update, str(exc))
        return
    await reply(
        update,
        t("stops.import.applied", name=who.name, count=len(result.stops), months=", ".join(result.months())),
    )
