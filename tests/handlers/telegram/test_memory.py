"""Bounded memory (bot.memory): idle users' data leaves RAM and comes back from SQLite intact."""

from __future__ import annotations

from typing import Any

from handlers.telegram.memory import IDLE_SECONDS, MemoryBound
from tests.auxil.harness import CITIZEN_ID, Harness


class FakeMonotonic:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def bound_of(bot: Harness) -> tuple[MemoryBound, FakeMonotonic]:
    """The installed bound, switched to a clock the test controls."""
    bound = bot.services.extras["memory"]
    assert isinstance(bound, MemoryBound)
    clock = FakeMonotonic()
    bound.clock = clock
    return bound, clock


async def choose_english(bot: Harness) -> None:
    await bot.send("/sprache")
    await bot.press("lang:en")
    assert "in English" in bot.last_citizen().text


async def test_nothing_is_loaded_at_start_and_data_comes_back_on_first_use(bot: Harness) -> None:
    await choose_english(bot)
    await bot.restart()
    assert CITIZEN_ID not in bot.app.user_data
    await bot.send("/hilfe")
    assert "How it works" in bot.last_citizen().text
    assert bot.app.user_data[CITIZEN_ID]["lang"] == "en"


async def test_idle_user_is_dropped_from_memory_and_reloaded_intact(bot: Harness) -> None:
    bound, clock = bound_of(bot)
    await choose_english(bot)
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    clock.now += IDLE_SECONDS + 1
    assert await bound.sweep() >= 1
    assert CITIZEN_ID not in bot.app.user_data
    assert CITIZEN_ID not in bot.app.chat_data
    stored = await bot.persistence.load("user", CITIZEN_ID)
    assert stored is not None and stored["lang"] == "en"

    await bot.press("esc:yes")  # the pending question survived the drop
    assert "#1" in bot.last_citizen().text
    assert "Your question has reached our team" in bot.last_citizen().text
    assert bound.reloaded >= 1


async def test_recently_active_users_stay_and_memory_follows_active_users(bot: Harness) -> None:
    bound, clock = bound_of(bot)
    for user_id in range(2000, 2010):
        await bot.send("Was kostet ein Personalausweis?", user=bot.factory.user(user_id))
    clock.now += IDLE_SECONDS - 60
    await bot.send("Was kostet ein Reisepass?")
    clock.now += 120
    await bound.sweep()
    assert set(bot.app.user_data) == {CITIZEN_ID}
    assert bound.active("user") == 1
    clock.now += IDLE_SECONDS
    await bound.sweep()
    assert len(bot.app.user_data) == 0
    assert bound.active("user") == 0 and bound.active("chat") == 0
    assert not bot.persistence._absent  # what the persistence knew of the dropped chats goes too


async def test_unreadable_stored_data_drops_the_update_and_keeps_the_data(bot: Harness) -> None:
    bound, clock = bound_of(bot)
    await choose_english(bot)
    clock.now += IDLE_SECONDS + 1
    await bound.sweep()
    sent = len(bot.to_citizen())
    await bot.services.db.execute("ALTER TABLE persistence RENAME TO persistence_away")
    await bot.send("/hilfe")
    assert len(bot.to_citizen()) == sent  # not handled on an empty copy
    await bot.services.db.execute("ALTER TABLE persistence_away RENAME TO persistence")
    await bot.app.update_persistence()
    stored = await bot.persistence.load("user", CITIZEN_ID)
    assert stored is not None and stored["lang"] == "en"
    await bot.send("/hilfe")
    assert "How it works" in bot.last_citizen().text


async def test_a_job_for_a_dropped_user_sees_the_stored_data(bot: Harness) -> None:
    bound, clock = bound_of(bot)
    await choose_english(bot)
    clock.now += IDLE_SECONDS + 1
    await bound.sweep()
    seen: list[Any] = []

    async def callback(context: Any) -> None:
        seen.append(context.user_data.get("lang"))

    assert bot.app.job_queue is not None
    job = bot.app.job_queue.run_once(callback, when=3600, user_id=CITIZEN_ID)
    await job.run(bot.app)
    job.schedule_removal()
    assert seen == ["en"]
    await bot.app.update_persistence()
    stored = await bot.persistence.load("user", CITIZEN_ID)
    assert stored is not None and stored["lang"] == "en"


async def test_deleted_data_is_not_brought_back(bot: Harness) -> None:
    await choose_english(bot)
    bot.app.drop_user_data(CITIZEN_ID)
    await bot.app.update_persistence()
    assert await bot.persistence.load("user", CITIZEN_ID) is None
    await bot.send("/hilfe")
    assert "So funktioniert es" in bot.last_citizen().text
