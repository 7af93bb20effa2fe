"""Kill -9 at a chosen moment, and the bot restarted on what the disk holds then.

The moments a process can die at are counted while a step runs: just before each SQL COMMIT
(SQLite's trace callback on the write connection) and just before and just after each Bot API
call (Telegram got nothing / Telegram accepted it but the process never heard back). At the
chosen moment the database files are copied as they are (`snapshot_files`, what kill -9
leaves), and the process is dead from then on: every later Bot API call fails without reaching
"Telegram". The test then starts a new Application on the copy, on the same Telegram.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import NetworkError
from telegram.request import RequestData

from core.clock import ManualClock
from handlers.telegram.offline import OfflineBotApi
from tests.auxil.checks import snapshot_files
from tests.auxil.harness import STAFF_CHAT, STAFF_ID, Harness

__all__ = ["KillSwitch", "KillableApi", "resent", "restarted"]

COUNTED = frozenset(
    {"sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"}
)
"""Bot API methods whose call is a kill point (before it and after it)."""


class KillSwitch:
    """Counts kill points; at point number `at` it copies the files to `target` and kills."""

    def __init__(self, database: Path, target: Path, at: int | None) -> None:
        self.database = database
        self.target = target
        self.at = at
        self.points: list[str] = []
        self.dead = False
        self.telegram_calls_at_death = 0
        self.api: KillableApi | None = None

    def point(self, label: str) -> bool:
        """One moment to die at; True when the process died here."""
        if self.dead:
            return False
        self.points.append(label)
        if self.at is None or len(self.points) - 1 != self.at:
            return False
        snapshot_files(self.database, self.target)
        self.dead = True
        self.telegram_calls_at_death = len(self.api.calls) if self.api is not None else 0
        return True

    def on_sql(self, statement: str) -> None:
        """SQLite's trace callback: a COMMIT is about to run."""
        if statement.strip().upper() == "COMMIT":
            self.point("before COMMIT")

    async def arm(self, bot: Harness) -> None:
        """Count the points of this running bot from now on."""
        assert isinstance(bot.api, KillableApi)
        self.api = bot.api
        bot.api.switch = self
        await bot.services.db.conn.set_trace_callback(self.on_sql)


class KillableApi(OfflineBotApi):
    """The offline Bot API, with kill points around each counted call; dead, it answers nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.switch: KillSwitch | None = None
        self.add_member(STAFF_CHAT, STAFF_ID)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer a call, unless the process is dead (before or after Telegram saw the call)."""
        switch = self.switch
        name = url.rsplit("/", 1)[-1]
        counted = switch is not None and name in COUNTED
        if switch is not None and (switch.dead or (counted and switch.point(f"before {name}"))):
            raise NetworkError("the process was killed")
        answer = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if switch is not None and counted and switch.point(f"after {name}"):
            raise NetworkError("the process was killed")  # Telegram has it; the process never heard
        return answer

    def revive(self) -> None:
        """Telegram stays; the next process is a new one (no kill points)."""
        self.switch = None


def restarted(bot: Harness, snapshot: Path, clock: ManualClock) -> Harness:
    """A new bot on the copied files, talking to the same Telegram."""
    storage = dataclasses.replace(bot.config.storage, database=snapshot / "bot.sqlite3")
    after = Harness(dataclasses.replace(bot.config, storage=storage), clock)
    assert isinstance(bot.api, KillableApi)
    bot.api.revive()
    after.api = bot.api
    return after


def resent(bot: Harness, switch: KillSwitch) -> list[tuple[int, str]]:
    """(chat, text) of messages Telegram accepted whose outbox row the copied files still hold pending.

    The one window at-least-once delivery cannot close: the process died after Telegram accepted a
    message and before the "sent" was committed, so the restarted bot sends it again.
    """
    with closing(sqlite3.connect(switch.target / "bot.sqlite3")) as conn:
        rows = conn.execute("SELECT chat_id, payload FROM outbox WHERE status = 'pending'").fetchall()
    pending = {(int(chat), str(json.loads(payload).get("text", ""))) for chat, payload in rows}
    accepted = {(c.chat_id, c.text) for c in bot.api.calls[: switch.telegram_calls_at_death] if c.result}
    return sorted((chat, text) for chat, text in pending if (chat, text) in accepted)
