"""The PTB Application: the builder chain, every handler registered in one function, the jobs."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from core.audit import STATS_FLUSH_SECONDS
from core.channels import TELEGRAM
from core.config import SendLimitsSection
from core.faq_review import REVIEW_HOUR, send_review_digest
from core.privacy import PURGE_AT
from core.services import Services
from handlers.telegram import (
    appointments,
    audit,
    errors,
    faq_review,
    followups,
    guard,
    inputs,
    media,
    memory,
    privacy,
    questions,
    sessions,
    staff,
    staff_replies,
    start,
    stops,
    stops_import,
    stops_staff,
)
from handlers.telegram.appointments import staff as appointments_staff
from handlers.telegram.common import menu_pattern
from handlers.telegram.context import BotApplication, BotContext, BotData
from handlers.telegram.limits import BoundedBot
from handlers.telegram.persistence import SqlitePersistence
from handlers.telegram.processor import ChatOrderedProcessor
from handlers.telegram.ratelimit import PriorityRateLimiter, RateLimits
from handlers.telegram.sender import TelegramSender
from handlers.telegram.staff_auth import TelegramStaffDirectory
from handlers.telegram.staff_help import STAFF_COMMANDS
from handlers.telegram.stops_view import keyboard_pattern

__all__ = ["OFFLINE_TOKEN", "build_application", "rate_limits", "register_handlers"]

logger = logging.getLogger(__name__)

OFFLINE_TOKEN = "7000001:OFFLINE-console-token-not-for-telegram"

CITIZEN_COMMANDS = {
    "de": [
        ("start", "Begrüßung und Menü"),
        ("hilfe", "Was der Bot kann"),
        ("termin", "Besuch zu Hause anfragen"),
        ("buergermobil", "Wo steht das Bürgermobil?"),
        ("abo", "Erinnerungen an Bürgermobil-Halte"),
        ("meineanfragen", "Meine Anfragen"),
        ("sprache", "Sprache wechseln"),
        ("datenschutz", "Datenschutz"),
    ],
    "en": [
        ("start", "Welcome and menu"),
        ("help", "What the bot can do"),
        ("termin", "Request a home visit"),
        ("buergermobil", "Where is the Bürgermobil?"),
        ("abo", "Reminders of Bürgermobil stops"),
        ("meineanfragen", "My requests"),
        ("language", "Change language"),
        ("datenschutz", "Privacy"),
    ],
}


def register_handlers(app: BotApplication) -> None:
    """Every handler of the bot, in the order they are tried."""
    services = app.bot_data.services
    staff_chats = filters.Chat(chat_id=sorted(services.staff.chat_ids)) if services.staff.chat_ids else None
    private = filters.ChatType.PRIVATE

    # -- guards: run before everything else (group -1) --------------------------------------------
    # stranger groups ignored, flood control, edited messages answered (handlers/guard.py)
    app.add_handler(TypeHandler(Update, guard.FloodGuard().check), group=-1)

    # -- conversations (before the plain commands and the free-text handler) --------------------
    # Bürgermobil stops: a staff member's reply to a guided /ausfall or /verlegen question
    if staff_chats is not None:
        app.add_handler(
            MessageHandler(
                staff_chats
                & filters.REPLY
                & filters.TEXT
                & ~filters.COMMAND
                & stops_staff.pending_reply_filter(app),
                stops_staff.pending_reply,
            )
        )
    # Vor-Ort-Service requests: the citizen's conversation, request buttons, the staff side
    app.add_handler(appointments.build_conversation())
    # /abbrechen outside a request
    app.add_handler(
        CommandHandler(appointments.CANCEL_COMMANDS, appointments.nothing_to_cancel, filters=private)
    )
    app.add_handler(CallbackQueryHandler(appointments.citizen_button, pattern=appointments.CITIZEN_BUTTONS))
    app.add_handler(CallbackQueryHandler(appointments.stale_button, pattern=r"^v[oc]:"))
    app.add_handler(CallbackQueryHandler(appointments_staff.force_button, pattern=r"^va:force:"))
    app.add_handler(CallbackQueryHandler(appointments_staff.card_button, pattern=r"^va:"))
    app.add_handler(CommandHandler("vorschlag", appointments_staff.propose_command))
    app.add_handler(CommandHandler("termine", appointments_staff.upcoming_command))
    if staff_chats is not None:  # the one staff-reply dispatcher: to the request or ticket replied to
        app.add_handler(
            MessageHandler(
                staff_chats & filters.REPLY & filters.TEXT & ~filters.COMMAND, staff_replies.staff_reply
            )
        )

    # commands for everyone
    app.add_handler(CommandHandler("start", start.start))
    app.add_handler(CommandHandler(["hilfe", "help"], start.help_command))
    app.add_handler(CommandHandler(["sprache", "language"], start.choose_language))
    app.add_handler(CommandHandler(["kontakt", "contact"], start.contact))
    app.add_handler(CommandHandler(["meineanfragen", "myrequests"], questions.my_tickets))

    # staff commands (refused politely outside the staff chats or for non-members)
    app.add_handler(CommandHandler("offen", staff.open_tickets))
    app.add_handler(CommandHandler("ticket", staff.ticket_command))
    app.add_handler(CommandHandler("schliessen", staff.close_command))
    app.add_handler(CommandHandler("oeffnen", staff.reopen_command))
    app.add_handler(CommandHandler("statistik", staff.stats_command))
    app.add_handler(CommandHandler("weiter", staff.handover_command))
    app.add_handler(CommandHandler("lernen", faq_review.learn_command))
    app.add_handler(CommandHandler("entwurf", faq_review.draft_command))

    # buttons
    app.add_handler(CallbackQueryHandler(start.set_language, pattern=r"^lang:"))
    app.add_handler(CallbackQueryHandler(questions.feedback, pattern=r"^fb:"))
    app.add_handler(CallbackQueryHandler(questions.suggestion, pattern=r"^sg:"))
    app.add_handler(CallbackQueryHandler(questions.escalate, pattern=r"^esc:"))
    app.add_handler(CallbackQueryHandler(followups.ticket_done, pattern=r"^tk:done:"))
    app.add_handler(CallbackQueryHandler(followups.ticket_more, pattern=r"^tk:more:"))
    app.add_handler(CallbackQueryHandler(questions.add_to_ticket, pattern=r"^tk:"))
    app.add_handler(CallbackQueryHandler(staff.ticket_button, pattern=r"^t:"))
    app.add_handler(CallbackQueryHandler(faq_review.learn_button, pattern=r"^lr:"))

    # main menu buttons (reply keyboard texts, both languages)
    app.add_handler(MessageHandler(private & filters.Regex(menu_pattern("btn.ask")), start.ask))
    app.add_handler(MessageHandler(private & filters.Regex(menu_pattern("btn.contact")), start.contact))

    # -- Bürgermobil stops ------------------------------------------------------------------------
    app.add_handler(CommandHandler("buergermobil", stops.stops_menu))
    app.add_handler(MessageHandler(filters.TEXT & filters.Regex(stops.COMMAND_TEXT), stops.stops_menu))
    app.add_handler(MessageHandler(private & filters.Regex(menu_pattern("btn.stops")), stops.stops_menu))
    app.add_handler(CommandHandler(["abo", "subscriptions"], stops.abo_command))
    app.add_handler(CallbackQueryHandler(stops.stop_button, pattern=r"^so:"))
    stops_keys = ("stops.btn.today", "stops.btn.tomorrow", "stops.btn.week")
    app.add_handler(MessageHandler(private & filters.Regex(keyboard_pattern(*stops_keys)), stops.day_button))
    app.add_handler(
        MessageHandler(private & filters.Regex(keyboard_pattern("stops.btn.area")), stops.area_prompt)
    )
    app.add_handler(
        MessageHandler(private & filters.Regex(keyboard_pattern("stops.btn.location")), stops.location_hint)
    )
    app.add_handler(
        MessageHandler(private & filters.Regex(keyboard_pattern("stops.btn.menu")), stops.back_to_menu)
    )
    app.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.LOCATION, stops.shared_location)
    )
    app.add_handler(
        MessageHandler(
            private & filters.TEXT & ~filters.COMMAND & stops.awaiting_filter(app), stops.stops_text
        )
    )
    app.add_handler(CommandHandler("ausfall", stops_staff.cancel_command))
    app.add_handler(CommandHandler("verlegen", stops_staff.move_command))
    app.add_handler(CallbackQueryHandler(stops_staff.staff_stop_button, pattern=r"^sx:"))
    app.add_handler(CallbackQueryHandler(stops_import.import_button, pattern=r"^si:"))
    if staff_chats is not None:
        plan_files = (
            filters.Document.FileExtension("csv")
            | filters.Document.FileExtension("yaml")
            | filters.Document.FileExtension("yml")
        )
        app.add_handler(MessageHandler(staff_chats & plan_files, stops_import.import_document))

    # -- privacy ----------------------------------------------------------------------------------
    app.add_handler(CommandHandler(["datenschutz", "privacy"], privacy.privacy_notice))
    app.add_handler(CommandHandler(["meinedaten", "mydata"], privacy.my_data))
    app.add_handler(CommandHandler(["loeschen", "delete"], privacy.delete_command))
    app.add_handler(CallbackQueryHandler(privacy.delete_button, pattern=r"^del:"))
    app.add_handler(CommandHandler("protokoll", audit.audit_command))

    # free text in private chats: a question
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, questions.free_text))

    # -- everything else: other content types, unknown commands, groups of strangers -------------
    app.add_handler(ChatMemberHandler(inputs.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CallbackQueryHandler(inputs.unknown_button))
    files = filters.VOICE | filters.AUDIO | filters.PHOTO | filters.Document.ALL
    files = (files | filters.VIDEO | filters.VIDEO_NOTE) & ~filters.ANIMATION  # a GIF is like a sticker
    app.add_handler(MessageHandler(private & files, media.media_message))  # a question for the team
    app.add_handler(MessageHandler(filters.COMMAND, inputs.unknown_command))
    app.add_handler(
        MessageHandler(
            private & ~filters.LOCATION & ~filters.VENUE & ~filters.StatusUpdate.ALL, inputs.other_content
        )
    )

    app.add_error_handler(errors.error_handler)


async def _flush_outbox(context: BotContext) -> None:
    await context.services.outbox.flush()


STOP_ALERTS_JOB = "stop-alerts"


async def _stop_alerts(context: BotContext) -> None:
    """Pick up a changed plan file; after the alert hour remind subscribers of tomorrow's stops."""
    await context.services.stops.reload_if_changed()
    if await context.services.stops.send_alerts():
        context.services.kick_outbox()


async def _flush_stats(context: BotContext) -> None:
    """Write the FAQ events counted in memory (storage/audit.py StatsRepository)."""
    await context.services.stats.flush()


REVIEW_JOB = "faq-review"
MONDAY = 1
"""PTB's day numbers run 0-6 from Sunday."""


async def _review_digest(context: BotContext) -> None:
    """Mondays: the staff group gets the FAQ entries and facts due for review."""
    if await send_review_digest(context.services):
        context.services.kick_outbox()


async def _remind_tickets(context: BotContext) -> None:
    """Remind staff of overdue tickets; close answered tickets that got no reply in time."""
    reminded = await context.services.tickets.remind_overdue()
    if await context.services.tickets.close_stale() or reminded:
        await context.services.outbox.flush()


OVERLAY_CHECK_SECONDS = 60
"""How often the running bot looks for a changed FAQ overlay (`faq review`, a change by hand)."""


async def _faq_overlay(context: BotContext) -> None:
    """Run on the FAQ overlay when its file changed; a broken one is refused (logged), the FAQ stays."""
    learning = context.services.learning
    if learning is not None:
        await learning.library.reload_if_changed()


def schedule_jobs(app: BotApplication) -> None:
    """Recurring jobs: outbox retries, reminders, stop alerts, privacy purge, the weekly review list."""
    services = app.bot_data.services
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    interval = services.config.bot.outbox_interval_seconds
    queue.run_repeating(_flush_outbox, interval=interval, first=interval, name="outbox")
    queue.run_repeating(_remind_tickets, interval=timedelta(minutes=5), first=60, name="ticket-reminders")
    queue.run_repeating(
        appointments_staff.remind_job, interval=timedelta(minutes=5), first=90, name="appointment-reminders"
    )
    queue.run_repeating(_stop_alerts, interval=timedelta(minutes=10), first=120, name=STOP_ALERTS_JOB)
    purge_at = PURGE_AT.replace(tzinfo=services.office_hours.tz)
    queue.run_daily(sessions.purge_job, time=purge_at, name="privacy-purge")
    review_at = REVIEW_HOUR.replace(tzinfo=services.office_hours.tz)
    queue.run_daily(_review_digest, time=review_at, days=(MONDAY,), name=REVIEW_JOB)
    queue.run_repeating(
        _flush_stats, interval=STATS_FLUSH_SECONDS, first=STATS_FLUSH_SECONDS, name="faq-events"
    )
    every = OVERLAY_CHECK_SECONDS
    queue.run_repeating(_faq_overlay, interval=every, first=every, name="faq-overlay")
    memory.install(app)  # user/chat data: loaded on first use, dropped from RAM when idle


async def _post_init(app: BotApplication) -> None:
    """Publish the command menus; send what the outbox kept from before a restart."""
    services = app.bot_data.services
    services.connect(TELEGRAM, TelegramSender(app.bot))
    try:
        for lang, commands in CITIZEN_COMMANDS.items():
            await app.bot.set_my_commands(
                [BotCommand(c, d) for c, d in commands],
                scope=BotCommandScopeAllPrivateChats(),
                language_code=None if lang == "de" else lang,
            )
        for chat_id in services.staff.chat_ids:
            await app.bot.set_my_commands(
                [BotCommand(c, d) for c, d in STAFF_COMMANDS], scope=BotCommandScopeChat(chat_id)
            )
    except TelegramError as exc:
        logger.warning("could not set the command menus: %s", exc)


async def _post_stop(app: BotApplication) -> None:
    """On shutdown: finish the outbox flush in flight (pending rows stay stored); write the FAQ events."""
    await app.bot_data.services.settle()
    try:
        await app.bot_data.services.stats.flush()
    except Exception:  # services.close tries again
        logger.exception("buffered FAQ events could not be written at stop")


def _api_base(url: str) -> tuple[str, str]:
    """Bot API base URLs for a server root like 'http://localhost:8081'."""
    root = url.rstrip("/")
    root = root[: -len("/bot")] if root.endswith("/bot") else root
    return f"{root}/bot", f"{root}/file/bot"


def rate_limits(section: SendLimitsSection) -> RateLimits:
    """The limiter's limits from the config section `telegram.limits`."""
    return RateLimits(
        overall_per_second=section.overall_per_second,
        chat_per_second=section.chat_per_second,
        chat_burst=section.chat_burst,
        group_per_minute=section.group_per_minute,
        max_retries=section.max_retries,
    )


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    rate_limit: bool | None = None,
    jobs: bool = True,
) -> BotApplication:
    """Build the Application for the services; `request` replaces the network (console, tests)."""
    config = services.config
    token = config.telegram.token or OFFLINE_TOKEN
    use_limiter = config.telegram.rate_limit if rate_limit is None else rate_limit
    # Telegram's limits with priorities: a citizen's reply before staff-group traffic and
    # broadcasts; overall sends evenly spaced (one every 1/30 s), not 30 at once
    limiter: Any = PriorityRateLimiter(rate_limits(config.telegram.limits)) if use_limiter else None
    base, files = _api_base(config.telegram.base_url or "https://api.telegram.org")
    bot = BoundedBot(
        token,
        base_url=base,
        base_file_url=config.telegram.base_file_url or files,
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=request or HTTPXRequest(),
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=services.office_hours.tz),
        rate_limiter=limiter,
    )
    # the channel's parts of the services: who is staff, the PTB sessions (and their data owner)
    services.staff = TelegramStaffDirectory(config.staff, bot)
    persistence = SqlitePersistence(services.db, config.bot.persistence_interval_seconds)
    sessions.install(services, persistence)
    builder: Any = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .persistence(persistence)
        .concurrent_updates(ChatOrderedProcessor(config.telegram.concurrent_updates))
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if request is not None:
        builder = builder.updater(None)
    app: BotApplication = builder.build()
    app.bot_data.services = services
    services.connect(TELEGRAM, TelegramSender(app.bot))
    register_handlers(app)
    if jobs:
        schedule_jobs(app)
    return app


ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]
