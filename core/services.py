"""The services the handlers use, built once from the config: one place for the wiring."""

from __future__ import annotations

import asyncio
import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from core.appointments import AppointmentDataOwner, AppointmentService
from core.channels import WEB, ChannelRouter
from core.clock import Clock, SystemClock
from core.config import Config
from core.console import StaffConsole
from core.dataowners import DataOwnerRegistry
from core.faq_learning import FaqLearning, FaqReviewOwner
from core.faq_learning_reload import FaqLibrary, faq_cache_folder, overlay_path
from core.officehours import OfficeHours
from core.outbox import Outbox, OutboxPolicy
from core.privacy import Privacy
from core.privacy import install as install_privacy
from core.questions import QuestionDesk
from core.sender import Sender
from core.staff import ListedStaff, StaffDirectory
from core.staff_accounts import StaffAccounts
from core.statistics import Statistics
from core.stops import StopPlan, load_plan
from core.stops.service import StopService
from core.texts import use_facts
from core.ticket_media import FileSource
from core.tickets import TicketService
from core.webchat import Identity, Listeners, WebChat, WebChatOwner, WebInbox
from faq import Faq, FaqMatcher, load_synonyms
from faq.index import prepare_matcher
from faq.matcher import SHORTLIST_FROM
from faq.overlay import load_with_overlay
from storage import (
    AuditRepository,
    Database,
    StatsRepository,
    UserRepository,
    apply_migrations,
)
from storage.faq_reviews import FaqReviewRepository
from storage.owners import PersonalDataRepository
from storage.webchat import WebChatRepository

__all__ = ["Services", "create_services"]

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything a handler may call; reached through `context.services`."""

    config: Config
    db: Database
    clock: Clock
    faq: Faq
    matcher: FaqMatcher
    office_hours: OfficeHours
    outbox: Outbox
    tickets: TicketService
    appointments: AppointmentService
    users: UserRepository
    stats: StatsRepository
    audit: AuditRepository
    stops: StopService
    data_owners: DataOwnerRegistry
    privacy: Privacy
    staff: StaffDirectory
    """Who is staff; the config's list until a channel puts its own directory here."""
    accounts: StaffAccounts
    """Web console accounts and sessions."""
    console: StaffConsole
    """The web console's inbox, notes and canned answers."""
    channels: ChannelRouter
    """One sender per channel (web from the start); the outbox sends through it once a channel connects."""
    statistics: Statistics
    """The figures of the statistics page, /statistik and the monthly report."""
    webchat: WebChat | None = None
    """The web chat (channel-free); set by `create_services`."""
    learning: FaqLearning | None = None
    """The FAQ review list and its changes to the overlay (/lernen); set by `create_services`."""
    extras: dict[str, Any] = field(default_factory=dict)
    _kick: asyncio.Task[int] | None = None
    _kick_again: bool = False

    def connect(self, channel: str, sender: Sender) -> None:
        """A channel is up: its messages go out through `sender` (the outbox sends from now on)."""
        self.channels.register(channel, sender)
        self.outbox.sender = self.channels
        if isinstance(sender, FileSource):  # its files can be shown in the staff console
            self.console.files[channel] = sender

    def use_faq(self, faq: Faq, matcher: FaqMatcher) -> None:
        """Run on a new FAQ from now on: swapped in one step (no await), so no reader sees a mix."""
        self.faq, self.matcher = faq, matcher
        self.tickets.faq = faq
        use_facts(faq.facts, self.today)

    def today(self) -> datetime.date:
        """Today in the city's timezone (the day facts and review dates are judged by)."""
        return self.clock.now().astimezone(self.config.office_hours.tz).date()

    def kick_outbox(self) -> None:
        """Send what the outbox holds, in the background (one flush at a time)."""
        if self._kick is not None and not self._kick.done():
            self._kick_again = True
            return
        self._kick = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> int:
        sent = 0
        while True:
            self._kick_again = False
            try:
                sent += await self.outbox.flush()
            except Exception:
                logger.exception("outbox flush failed")
            if not self._kick_again:
                return sent

    async def database_ok(self) -> bool:
        """Whether the database answers (health checks)."""
        try:
            await self.db.fetchone("SELECT 1")
        except Exception:
            logger.exception("health check: the database does not answer")
            return False
        return True

    async def settle(self) -> None:
        """Wait until a background outbox flush has finished (tests, shutdown)."""
        while self._kick is not None and not self._kick.done():
            await asyncio.wait({self._kick})

    async def close(self) -> None:
        """Finish sending what is in flight, write the buffered FAQ events, close the database."""
        await self.settle()
        try:
            await self.stats.flush()
        except Exception:
            logger.exception("buffered FAQ events could not be written at shutdown")
        await self.db.close()


async def create_services(config: Config, clock: Clock | None = None) -> Services:
    """Load the content files, open the database, apply migrations: everything the bot needs.

    Content files are read first, so a broken FAQ or stop plan stops the start before the
    database is touched; if anything fails after the database is open, it is closed again.
    """
    clock = clock or SystemClock()
    folder = faq_cache_folder(config)
    faq = load_with_overlay(config.faq.path, overlay_path(config), cache=folder)
    use_facts(faq.facts, lambda: clock.now().astimezone(config.office_hours.tz).date())
    synonyms = load_synonyms(config.faq.synonyms_path)
    thresholds: dict[str, float] = {}
    if config.faq.answer_threshold is not None:
        thresholds["answer_threshold"] = config.faq.answer_threshold
    if config.faq.suggest_threshold is not None:
        thresholds["suggest_threshold"] = config.faq.suggest_threshold
    # a big FAQ: its entries, its matchers' state and the shortlist's lexical index, cached on disk
    cache = folder if len(faq) >= SHORTLIST_FROM else None
    matcher = await asyncio.to_thread(prepare_matcher, faq, synonyms, cache, **thresholds)
    plan = await asyncio.to_thread(load_plan, config.stops.plan_path)
    db = await Database.open(config.storage.database)
    try:
        return await _build_services(config, clock, db, faq, matcher, plan)
    except BaseException:
        await db.close()
        raise


async def _build_services(
    config: Config, clock: Clock, db: Database, faq: Faq, matcher: FaqMatcher, plan: StopPlan
) -> Services:
    await apply_migrations(db)
    office_hours = OfficeHours(config.office_hours)
    channels = ChannelRouter()
    outbox = Outbox(
        db,
        clock,
        OutboxPolicy(private_chat_interval=1.0 if config.telegram.rate_limit else 0.0),
    )
    staff_chats = (config.staff.chat_id, *config.staff.routes.values())
    outbox.alert_chats = (*(c for c in staff_chats if c is not None), *config.staff.user_ids)
    tickets = TicketService(
        db,
        outbox,
        clock,
        faq,
        office_hours,
        config.staff.chat_id,
        dict(config.staff.routes),
        reminder_hours=config.staff.reminder_after_hours,
        followup_days=config.staff.followup_days,
        close_after_days=config.staff.close_after_days,
    )
    appointments = AppointmentService.from_config(config, db, outbox, clock, faq)
    stops = await StopService.open(
        db, outbox, clock, config.stops.plan_path, config.stops.alert_hour, base=plan
    )
    # -- data owners (privacy: export, deletion, retention purge); a channel adds its own --
    owners = DataOwnerRegistry()
    personal_data, audit = PersonalDataRepository(db), AuditRepository(db)
    install_privacy(owners, personal_data, audit, outbox, clock)
    owners.register(AppointmentDataOwner(appointments))
    owners.register(stops.data_owner())
    web_repo = WebChatRepository(db)
    owners.register(WebChatOwner(web_repo))
    reviews = FaqReviewRepository(db)
    owners.register(FaqReviewOwner(reviews))
    console = StaffConsole(db, clock, outbox)
    owners.register(console.search_owner)
    stats = StatsRepository(db)
    services = Services(
        config=config,
        db=db,
        clock=clock,
        faq=faq,
        matcher=matcher,
        office_hours=office_hours,
        outbox=outbox,
        tickets=tickets,
        appointments=appointments,
        users=UserRepository(db),
        stats=stats,
        audit=audit,
        stops=stops,
        data_owners=owners,
        privacy=Privacy(personal_data, audit, clock, owners, config.privacy.retention_days),
        staff=ListedStaff(config.staff),
        accounts=StaffAccounts(db, clock, config.web.session_minutes),
        console=console,
        channels=channels,
        statistics=Statistics(db, clock, office_hours, lambda: services.faq, stats.flush),
    )
    services.learning = FaqLearning(
        db=db,
        repo=reviews,
        clock=clock,
        audit=audit,
        tickets=tickets,
        library=FaqLibrary(config, services.use_faq),
        current=lambda: (services.faq, services.matcher),
        today=services.today,
    )
    listeners = Listeners()
    channels.register(WEB, WebInbox(web_repo, clock, listeners))
    services.webchat = WebChat(
        db=db,
        clock=clock,
        desk=lambda: QuestionDesk.of(services),
        tickets=tickets,
        appointments=appointments,
        users=services.users,
        privacy=services.privacy,
        phone=config.office_hours.phone,
        kick_outbox=services.kick_outbox,
        identity=Identity(await web_repo.key("web_session")),
        listeners=listeners,
        channels=channels,
    )
    return services
