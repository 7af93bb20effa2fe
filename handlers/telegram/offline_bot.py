"""The real Application on the offline Bot API: the part the console chat and the tests share.

It builds the application on an `OfflineBotApi`, starts and stops it together with the services,
feeds it updates and lets the outbox send what is due. The console adds rendering and typed
commands on top, the test harness restarts and inspection.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from telegram import Update

from core.services import Services
from handlers.telegram.app import build_application
from handlers.telegram.context import BotApplication
from handlers.telegram.offline import OfflineBotApi, UpdateFactory

__all__ = ["CITIZEN_ID", "OfflineBot"]

CITIZEN_ID = 1001
"""The citizen who chats with the offline bot."""


class OfflineBot:
    """The application on an offline Bot API, with one citizen and one staff member in the staff chat."""

    def __init__(self, api: OfflineBotApi, staff_chat: int, staff_user_id: int) -> None:
        self.api = api
        self.staff_chat = staff_chat
        self.api.add_member(staff_chat, staff_user_id)
        self.citizen = UpdateFactory.user(CITIZEN_ID, "Erika", "de")
        self.staff = UpdateFactory.user(staff_user_id, "Sam Team", "de")
        self.services: Services
        self.app: BotApplication
        self.factory: UpdateFactory

    def attach(self, services: Services) -> None:
        """Build the application on these services (the Bot API stays the same across restarts)."""
        self.services = services
        self.app = build_application(services, request=self.api, rate_limit=False)
        self.factory = UpdateFactory(self.app.bot)

    async def start(self) -> None:
        """Initialise and start the application (jobs run in the background)."""
        await self.app.initialize()
        await self.app.start()

    async def stop(self) -> None:
        """Stop like a SIGTERM would: finish, store, close the database."""
        await self.app.stop()
        await self.app.shutdown()
        await self.services.close()

    async def settle(self) -> None:
        """Let the outbox send what is due."""
        await self.services.settle()
        await self.services.outbox.flush()

    async def process(self, update: Update) -> None:
        """Handle one update, then settle."""
        await self.app.process_update(update)
        await self.settle()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.stop()

