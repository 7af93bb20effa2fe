"""Batched writes: FAQ events counted in memory, persistence runs in one transaction."""

from __future__ import annotations

import pytest

from handlers.telegram.offline import UpdateFactory
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness

QUESTION = "Wie beantrage ich einen Personalausweis?"


async def faq_event_rows(bot: Harness) -> int:
    row = await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM faq_events")
    assert row is not None
    return int(row["n"])


async def persisted(bot: Harness, kind: str, key: int) -> str | None:
    row = await bot.services.db.fetchone(
        "SELECT data FROM persistence WHERE kind = ? AND key = ?", (kind, str(key))
    )
    return None if row is None else str(row["data"])


def hold_faq_job(bot: Harness) -> None:
    """Pause the recurring write (it runs every second in real time) so the test decides when."""
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("faq-events")
    job.enabled = False


# -- FAQ events --------------------------------------------------------------------------------


async def test_faq_events_are_counted_in_memory_and_written_by_flush(bot: Harness) -> None:
    hold_faq_job(bot)
    await bot.send(QUESTION)
    await bot.send("qwertz unklar")
    assert await faq_event_rows(bot) == 0
    assert bot.services.stats.buffered == 2
    assert await bot.services.stats.flush() == 2
    assert await faq_event_rows(bot) == 2
    assert bot.services.stats.buffered == 0
    assert await bot.services.stats.flush() == 0


async def test_the_recurring_job_writes_the_faq_events(bot: Harness) -> None:
    await bot.send(QUESTION)
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name("faq-events")
    await job.run(bot.app)
    assert await faq_event_rows(bot) == 1


async def test_faq_events_reach_the_database_at_shutdown(bot: Harness) -> None:
    hold_faq_job(bot)
    await bot.send(QUESTION)
    await bot.send(QUESTION)
    await bot.restart()
    assert await faq_event_rows(bot) == 2


async def test_statistics_include_the_buffered_questions(bot: Harness) -> None:
    hold_faq_job(bot)
    await bot.send(QUESTION)
    await bot.send("qwertz unklar")
    await bot.send("/statistik", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Fragen: 2" in bot.to_staff()[-1].text


async def test_a_failed_write_keeps_the_events_for_the_next_try(bot: Harness) -> None:
    hold_faq_job(bot)
    await bot.send(QUESTION)
    db = bot.services.db
    await db.execute("ALTER TABLE faq_events RENAME TO faq_events_away")
    with pytest.raises(Exception, match="faq_events"):
        await bot.services.stats.flush()
    assert bot.services.stats.buffered == 1
    await bot.send("qwertz unklar")  # the citizen is still answered
    assert bot.services.stats.buffered == 2
    await db.execute("ALTER TABLE faq_events_away RENAME TO faq_events")
    assert await bot.services.stats.flush() == 2
    assert await faq_event_rows(bot) == 2


# -- persistence -------------------------------------------------------------------------------


async def test_one_persistence_run_is_one_transaction(bot: Harness) -> None:
    users = [UpdateFactory.user(CITIZEN_ID + n, f"Person {n}", "de") for n in range(1, 6)]
    for user in users:
        await bot.send("qwertz unklar", user=user)
    persistence = bot.persistence
    before = persistence.batches
    await bot.app.update_persistence()
    assert persistence.batches == before + 1
    for user in users:
        stored = await persisted(bot, "user", user["id"])
        assert stored is not None and "qwertz unklar" in stored
        assert await persisted(bot, "chat", user["id"]) is None  # empty chat data: no row
    await bot.restart()
    await bot.send("/start", user=users[2])
    assert bot.app.user_data[users[2]["id"]].get("pending_question") == "qwertz unklar"


async def test_a_value_that_cannot_be_stored_does_not_stop_the_others(bot: Harness) -> None:
    other = UpdateFactory.user(CITIZEN_ID + 1, "Person", "de")
    await bot.send("qwertz unklar")
    await bot.send("qwertz unklar", user=other)
    bot.app.user_data[CITIZEN_ID]["broken"] = {1, 2}  # a set: not JSON
    await bot.app.update_persistence()
    assert await persisted(bot, "user", CITIZEN_ID) is None
    assert await persisted(bot, "user", other["id"]) is not None


async def test_emptied_data_is_deleted_in_the_batch(bot: Harness) -> None:
    await bot.send("qwertz unklar")
    await bot.app.update_persistence()
    assert await persisted(bot, "user", CITIZEN_ID) is not None
    bot.app.user_data[CITIZEN_ID].clear()
    bot.app.mark_data_for_update_persistence(user_ids=CITIZEN_ID)
    await bot.app.update_persistence()
    assert await persisted(bot, "user", CITIZEN_ID) is None
    await bot.persistence.flush()


async def test_an_empty_chat_without_a_row_costs_no_delete(bot: Harness) -> None:
    statements: list[str] = []
    await bot.send("qwertz unklar")
    await bot.app.update_persistence()  # the chat's row was read as missing, or deleted once
    await bot.services.db.trace(statements.append)
    try:
        await bot.send("qwertz unklar")
        await bot.app.update_persistence()
    finally:
        await bot.services.db.trace(None)
    assert not [s for s in statements if s.startswith("DELETE FROM persistence")]
    assert [s for s in statements if s.startswith("INSERT INTO persistence")]  # the user's data
    assert await persisted(bot, "chat", CITIZEN_ID) is None


async def test_chat_data_stored_then_emptied_is_deleted(bot: Harness) -> None:
    await bot.send("qwertz unklar")
    await bot.app.update_persistence()
    bot.app.chat_data[CITIZEN_ID]["note"] = "x"
    bot.app.mark_data_for_update_persistence(chat_ids=CITIZEN_ID)
    await bot.app.update_persistence()
    assert await persisted(bot, "chat", CITIZEN_ID) == '{"note": "x"}'
    bot.app.chat_data[CITIZEN_ID].clear()
    bot.app.mark_data_for_update_persistence(chat_ids=CITIZEN_ID)
    await bot.app.update_persistence()
    assert await persisted(bot, "chat", CITIZEN_ID) is None
    bot.app.chat_data[CITIZEN_ID]["note"] = "y"  # and stored again after that
    bot.app.mark_data_for_update_persistence(chat_ids=CITIZEN_ID)
    await bot.app.update_persistence()
    assert await persisted(bot, "chat", CITIZEN_ID) == '{"note": "y"}'
