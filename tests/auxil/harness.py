"""A real PTB Application, driven offline, on a real SQLite file: the test harness.

Only the network edge is fake (`OfflineBotApi`); handlers, services, storage are the real ones.
Building, starting, stopping and settling are the console chat's (`OfflineBot`).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Update

from core.clock import ManualClock
from core.config import Config, load_config
from core.services import create_services
from handlers.telegram.offline import ApiCall, OfflineBotApi
from handlers.telegram.offline_bot import CITIZEN_ID, OfflineBot
from handlers.telegram.persistence import SqlitePersistence, persistence_of

STAFF_CHAT = -1001234567890
STAFF_ID = 500
# Wednesday 2026-11-25 10:00 Berlin time: inside office hours.
OFFICE_TIME = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def make_config(tmp_path: Path, **sections: Any) -> Config:
    """Defaults with a temporary database, a staff chat and no pacing."""
    data: dict[str, Any] = {
        "storage": {"database": str(tmp_path / "bot.sqlite3")},
        "staff": {"chat_id": STAFF_CHAT},
        "telegram": {"rate_limit": False},
        "bot": {"outbox_interval_seconds": 3600, "persistence_interval_seconds": 3600},
        # tests drive many updates at one instant of the manual clock; flood control has its own tests
        "limits": {"messages_per_minute": 1000},
        # a web server started in a test takes any free port (tests run side by side)
        "web": {"port": 0},
        # staff-approved FAQ additions go to the test's folder, never next to the shipped FAQ
        "faq": {"overlay_path": str(tmp_path / "essen.local.yaml")},
    }
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value}
    return load_config(None, overrides=data)


class Harness(OfflineBot):
    """Starts the bot, sends updates as citizens and staff, restarts it; `async with` starts and stops."""

    def __init__(self, config: Config, clock: ManualClock) -> None:
        super().__init__(OfflineBotApi(), STAFF_CHAT, STAFF_ID)
        self.config = config
        self.clock = clock

    async def start(self) -> None:
        """Open services and start the application."""
        self.attach(await create_services(self.config, self.clock))
        await super().start()

    @property
    def persistence(self) -> SqlitePersistence:
        """The application's PTB persistence (built by the Telegram adapter)."""
        return persistence_of(self.app)

    async def restart(self) -> None:
        """Stop and start again on the same database (Telegram's side stays as it is)."""
        await self.stop()
        await self.start()

    async def send(self, text: str, user: dict[str, Any] | None = None, **kwargs: Any) -> None:
        """A text message from a user (the citizen by default)."""
        await self.process(self.factory.text(user or self.citizen, text, **kwargs))

    async def press(self, data: str, user: dict[str, Any] | None = None, chat_id: int | None = None) -> None:
        """A button press."""
        await self.process(self.factory.callback(user or self.citizen, data, chat_id=chat_id))

    async def staff_send(self, text: str, reply_to: ApiCall | None = None) -> None:
        """A message in the staff group, optionally as a reply to a bot message."""
        reply = self.factory.bot_message_json(reply_to) if reply_to else None
        await self.send(text, self.staff, chat_id=STAFF_CHAT, reply_to=reply)

    def to_citizen(self) -> list[ApiCall]:
        """Messages the citizen received."""
        return self.api.sent(CITIZEN_ID)

    def to_staff(self) -> list[ApiCall]:
        """Messages in the staff group."""
        return self.api.sent(STAFF_CHAT)

    def last_citizen(self) -> ApiCall:
        """The last message to the citizen."""
        return self.api.last(CITIZEN_ID)

    def button(self, call: ApiCall, label_part: str) -> str:
        """The callback data of the button whose label contains label_part."""
        for label, data in call.buttons:
            if label_part.lower() in label.lower():
                return data
        raise AssertionError(f"no button {label_part!r} in {call.buttons}")

    def with_config(self, **changes: Any) -> None:
        """Replace config sections (takes effect at the next start)."""
        self.config = replace(self.config, **changes)

    async def raw(self, payload: dict[str, Any]) -> None:
        """Any update given as Bot API JSON (without update_id), e.g. my_chat_member."""
        update = Update.de_json({"update_id": next(self._raw_ids), **payload}, self.app.bot)
        assert update is not None
        await self.process(update)

    _raw_ids = itertools.count(900_000)
