"""/protokoll for staff: the newest audit entries, or the history of one ticket.

/protokoll        the newest 20 entries
/protokoll 50     the newest 50 (at most 200)
/protokoll #12    everything about ticket 12 (also: /protokoll anfrage 12)
"""

from __future__ import annotations

from telegram import Update

from core.audit import record_staff_action, render_entry
from core.htmlsplit import split_blocks
from core.ids import parse_id
from core.texts import t
from core.tickets import REF
from handlers.telegram.common import actor, reply, require_staff
from handlers.telegram.context import BotContext

__all__ = ["audit_command", "parse_args"]

DEFAULT_COUNT = 20
MAX_COUNT = 200


def parse_args(args: list[str]) -> tuple[str, int] | None:
    """('latest', N) or ('ticket', number); None when the arguments make no sense."""
    if not args:
        return "latest", DEFAULT_COUNT
    first = args[0].lower()
    if first in ("anfrage", "ticket") and len(args) > 1:
        first = "#" + args[1]
    if first.startswith("#"):
        number = first[1:]
        ticket_id = parse_id(number, max_digits=9)
        return ("ticket", ticket_id) if ticket_id is not None else None
    count = parse_id(first, max_digits=5, minimum=0)
    return ("latest", max(1, min(count, MAX_COUNT))) if count is not None else None


async def audit_command(update: Update, context: BotContext) -> None:
    """/protokoll [N | #ticket]."""
    if not await require_staff(update, context):
        return
    parsed = parse_args(context.args or [])
    if parsed is None:
        await reply(update, t("audit.usage"))
        return
    kind, value = parsed
    services = context.services
    if kind == "ticket":
        entries = await services.audit.entries(REF, value, limit=MAX_COUNT)
        header = t("audit.header_ticket", number=value)
    else:
        entries = await services.audit.entries(limit=value)
        header = t("audit.header", count=len(entries))
    tz = services.office_hours.tz
    lines = [render_entry(entry, tz) for entry in reversed(entries)] or [t("audit.none")]
    for text in split_blocks([header, *lines], separator="\n"):
        await reply(update, text)
    user = update.effective_user
    if user is not None:
        await record_staff_action(
            services, actor(user), "audit_viewed", value if kind == "ticket" else None, detail=None
        )
