"""The Telegram channel's parts of the services: the staff directory and the PTB sessions.

`core` builds the services without the channel (`ListedStaff`, no session owner); the
application builder adds `TelegramStaffDirectory` and the sessions' data owner, and the
daily job (`handlers/telegram/sessions.py`) purges stale sessions in SQLite and in memory.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.clock import ManualClock
from core.config import StaffSection
from core.dataowners import DataOwnerRegistry
from core.services import create_services
from core.staff import ListedStaff, StaffDirectory
from handlers.telegram.sessions import SEEN_KEY, SessionOwner, purge_job
from handlers.telegram.staff_auth import TelegramStaffDirectory
from tests.auxil.harness import CITIZEN_ID, OFFICE_TIME, STAFF_CHAT, STAFF_ID, Harness, make_config

CORE_OWNERS = [
    "users",
    "tickets",
    "outbox",
    "history",
    "citizen",
    "appointments",
    "stop_subscriptions",
    "web_chat",
    "faq_reviews",
]
STRANGER_ID = 31337


def staff_directories(bot: Harness) -> list[StaffDirectory]:
    """Both implementations, typed as the core protocol (mypy checks the same in services.py and app.py)."""
    return [ListedStaff(bot.config.staff), TelegramStaffDirectory(bot.config.staff, bot.app.bot)]


async def test_core_services_alone_know_only_the_listed_staff(tmp_path: Path) -> None:
    config = make_config(tmp_path, staff={"user_ids": [STAFF_ID]})
    services = await create_services(config, ManualClock(OFFICE_TIME))
    try:
        assert isinstance(services.staff, ListedStaff)
        assert not isinstance(services.staff, TelegramStaffDirectory)
        assert await services.staff.is_staff(STAFF_ID)
        assert not await services.staff.is_staff(STRANGER_ID, STAFF_CHAT)
        assert services.staff.chat_ids == {STAFF_CHAT} and services.staff.is_staff_chat(STAFF_CHAT)
        assert services.data_owners.names() == CORE_OWNERS  # no channel, no sessions
    finally:
        await services.close()


async def test_the_application_builder_injects_the_telegram_staff_directory(bot: Harness) -> None:
    staff = bot.services.staff
    assert isinstance(staff, TelegramStaffDirectory) and staff.bot is bot.app.bot
    assert await staff.is_staff(STAFF_ID, STAFF_CHAT)  # a member of the staff group (getChatMember)
    assert not await staff.is_staff(STRANGER_ID, STAFF_CHAT)
    asked = [c for c in bot.api.calls if c.method == "getChatMember"]
    assert await staff.is_staff(STAFF_ID, STAFF_CHAT)  # cached: Telegram is not asked again
    assert len([c for c in bot.api.calls if c.method == "getChatMember"]) == len(asked)
    bot.api.remove_member(STAFF_CHAT, STAFF_ID)
    staff.forget(STAFF_ID)
    assert not await staff.is_staff(STAFF_ID, STAFF_CHAT)


async def test_both_directories_answer_the_protocol_alike_for_chats_and_listed_ids(
    bot: Harness,
) -> None:
    listed = StaffSection(chat_id=STAFF_CHAT, routes={"bau": -100777}, user_ids=(STAFF_ID,))
    for directory in [ListedStaff(listed), TelegramStaffDirectory(listed, bot.app.bot)]:
        typed: StaffDirectory = directory
        assert typed.chat_ids == {STAFF_CHAT, -100777}
        assert typed.is_staff_chat(-100777) and not typed.is_staff_chat(CITIZEN_ID)
        assert not typed.is_staff_chat(None)
        assert await typed.is_staff(STAFF_ID)  # listed: no membership needed
    assert all(d.chat_ids == {STAFF_CHAT} for d in staff_directories(bot))


async def test_the_session_owner_is_registered_in_its_old_place(bot: Harness) -> None:
    names = bot.services.data_owners.names()
    assert names == [
        "users",
        "tickets",
        "outbox",
        "session",
        "history",
        "citizen",
        "appointments",
        "stop_subscriptions",
        "web_chat",
        "faq_reviews",
    ]


class NamedOwner:
    """A data owner that stores nothing (only its name matters for the order)."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def export(self, user_id: int) -> dict[str, Any]:
        return {}

    async def delete(self, user_id: int) -> int:
        return 0

    async def purge(self, finished_before: datetime) -> int:
        return 0


def test_register_before_keeps_the_order_and_appends_after_an_unknown_name() -> None:
    registry = DataOwnerRegistry()
    for name in ["a", "b", "c"]:
        registry.register(NamedOwner(name))
    registry.register(NamedOwner("x"), before="b")
    registry.register(NamedOwner("y"), before="nobody")
    assert registry.names() == ["a", "x", "b", "c", "y"]
    with pytest.raises(ValueError, match="twice"):
        registry.register(NamedOwner("x"), before="a")


async def test_the_purge_job_drops_stale_sessions_in_sqlite_and_memory(
    bot: Harness, clock: ManualClock
) -> None:
    days = bot.config.privacy.retention_days
    old = bot.factory.user(STRANGER_ID, "Otto", "de")
    await bot.send("/start", user=old)  # stamped today, then never again
    clock.advance(timedelta(days=days + 1))
    await bot.send("/start")  # the citizen is back: a fresh stamp
    await bot.app.update_persistence()
    assert STRANGER_ID in bot.app.user_data

    await purge_job_now(bot)

    assert STRANGER_ID not in bot.app.user_data
    assert await bot.persistence.load("user", STRANGER_ID) is None
    stored = await bot.persistence.load("user", CITIZEN_ID)
    assert stored is not None and stored[SEEN_KEY] == clock.now().date().isoformat()
    assert CITIZEN_ID in bot.app.user_data
    entry = (await bot.services.audit.entries())[0]
    assert entry.action == "retention_purge" and "session=1" in (entry.detail or "")


async def test_the_session_owner_exports_and_deletes_through_the_persistence(bot: Harness) -> None:
    await bot.send("/start")
    await bot.app.update_persistence()
    owner = SessionOwner(bot.persistence, bot.services.clock)
    exported = await owner.export(CITIZEN_ID)
    assert SEEN_KEY in exported["user_data"]
    key = json.dumps([CITIZEN_ID, CITIZEN_ID])
    await bot.services.db.execute(
        "INSERT INTO persistence (kind, key, data) VALUES ('conv:vo', ?, '1')", (key,)
    )
    assert (await owner.export(CITIZEN_ID))["conversations"] == {"vo": 1}
    assert await owner.delete(CITIZEN_ID) >= 2
    assert await owner.export(CITIZEN_ID) == {}


async def purge_job_now(bot: Harness) -> None:
    """Run the registered daily job once, as the job queue would."""
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("privacy-purge")
    assert job.callback is purge_job
    await job.run(bot.app)
    await bot.settle()
