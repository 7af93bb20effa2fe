"""Button presses are crash-safe and idempotent: work first, visible change second, one ticket per press."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Update

from core.clock import ManualClock
from tests.auxil.appointment_steps import fill_request, started
from tests.auxil.checks import consistent, delivered, snapshot_files
from tests.auxil.harness import STAFF_CHAT, Harness, make_config

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"


async def _count(bot: Harness, sql: str) -> int:
    row = await bot.services.db.fetchone(sql)
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("kind", ["timeout", "network", "http"])
async def test_a_failure_removing_the_buttons_does_not_abort_the_escalation(bot: Harness, kind: str) -> None:
    await bot.send(QUESTION)
    bot.api.fail_next("editMessageReplyMarkup", kind=kind, code=500, description="Internal Server Error")
    await bot.press("esc:yes")
    assert "#1" in bot.last_citizen().text and "angekommen" in bot.last_citizen().text
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1
    assert not any("schiefgegangen" in text for text in bot.api.texts())


async def test_a_press_replayed_after_kill_9_creates_no_second_ticket(
    bot: Harness, tmp_path: Path, clock: ManualClock
) -> None:
    await bot.send(QUESTION)
    await bot.app.update_persistence()  # the pending question was flushed (every 2 s) before the press
    press = bot.factory.callback(bot.citizen, "esc:yes")
    await bot.app.process_update(press)
    await bot.settle()
    assert delivered(bot, STAFF_CHAT, "Anfrage #1") == 1
    crashed = tmp_path / "after-kill"
    snapshot_files(Path(bot.config.storage.database), crashed)  # kill -9: nothing flushed after the press
    after = Harness(make_config(crashed), clock)
    after.api = bot.api  # the same Telegram, which delivers the unconfirmed update again
    async with after:
        replay = Update.de_json(press.to_dict(), after.app.bot)
        assert replay is not None
        await after.app.process_update(replay)
        await after.settle()
        assert await _count(after, "SELECT COUNT(*) FROM tickets") == 1
        assert await _count(after, "SELECT COUNT(*) FROM ticket_messages WHERE author = 'citizen'") == 1
        assert delivered(after, STAFF_CHAT, "Anfrage #1") == 1  # no second card
        assert not any("#2" in text for text in after.api.texts())
        assert "#1" in after.last_citizen().text  # the receipt names the first ticket
        await consistent(after.services.db)


async def test_two_presses_of_one_button_make_one_ticket(bot: Harness) -> None:
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    await bot.press("esc:yes")
    assert await _count(bot, "SELECT COUNT(*) FROM tickets") == 1
    assert "keine offene Frage" in bot.last_citizen().text


async def test_a_request_sent_before_kill_9_is_not_sent_twice_and_its_draft_stays_gone(
    tmp_path: Path, clock: ManualClock
) -> None:
    async with started(tmp_path, clock) as bot:
        await fill_request(bot, send=False)
        await bot.app.update_persistence()  # the draft was flushed (every 2 s) before 'Absenden'
        await bot.press("vo:send")
        assert await _count(bot, "SELECT COUNT(*) FROM appointments") == 1
        crashed = tmp_path / "after-kill"
        snapshot_files(Path(bot.config.storage.database), crashed)  # kill -9 before PTB's next flush
        after = Harness(make_config(crashed, limits={"messages_per_minute": 1000}), clock)
        after.api = bot.api
        async with after:
            stored = await after.persistence.load("user", bot.citizen["id"]) or {}
            assert "vo_draft" not in stored  # the draft's end was committed with the request
            await after.press("vo:send")  # the old button again (or a replayed update)
            assert await _count(after, "SELECT COUNT(*) FROM appointments") == 1
            cards = [c for c in after.to_staff() if "Vor-Ort-Anfrage VO-1" in c.text]
            assert [c.method for c in cards].count("sendMessage") == 1
            assert not any("VO-2" in text for text in after.api.texts())
            await after.send("/termin")  # the draft ended with the request: no 'continue?' offer
            assert "Weitermachen" not in [label for label, _ in after.last_citizen().buttons]
            await consistent(after.services.db)


async def test_a_staff_reply_delivered_twice_answers_once(bot: Harness) -> None:
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    replied = bot.factory.bot_message_json(card)
    reply = bot.factory.text(bot.staff, "Ja, bis 3 m.", chat_id=STAFF_CHAT, reply_to=replied)
    await bot.process(reply)
    again = Update.de_json(reply.to_dict(), bot.app.bot)  # Telegram delivers it again after a crash
    assert again is not None
    await bot.process(again)
    assert await _count(bot, "SELECT COUNT(*) FROM ticket_messages WHERE author = 'staff'") == 1
    assert delivered(bot, bot.citizen["id"], "Ja, bis 3 m.") == 1


async def test_a_faq_answer_press_delivered_twice_answers_once(bot: Harness) -> None:
    await bot.send("Mein Perso ist weg und ich brauche Hilfe beim Amt, bitte rufen Sie an")
    await bot.press("esc:yes")
    await bot.press("t:faq:1", user=bot.staff, chat_id=STAFF_CHAT)
    picker = [c for c in bot.api.calls if c.method == "editMessageReplyMarkup"][-1]
    choice = next(data for _, data in picker.buttons if data.startswith("t:send:1:"))
    press = bot.factory.callback(bot.staff, choice, chat_id=STAFF_CHAT)
    await bot.process(press)
    again = Update.de_json(press.to_dict(), bot.app.bot)  # Telegram delivers the press again after a crash
    assert again is not None
    await bot.process(again)
    assert await _count(bot, "SELECT COUNT(*) FROM ticket_messages WHERE author = 'staff'") == 1
    assert delivered(bot, bot.citizen["id"], "Antwort zu Ihrer Anfrage #1") == 1


async def test_a_follow_up_press_replayed_after_kill_9_adds_the_text_once(
    bot: Harness, tmp_path: Path, clock: ManualClock
) -> None:
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    await bot.send("Noch eine Info: das Baumhaus wird 2 m hoch.")
    assert "tk:add:1" in [data for _, data in bot.last_citizen().buttons]
    await bot.app.update_persistence()  # the pending text was flushed before the press
    press = bot.factory.callback(bot.citizen, "tk:add:1")
    await bot.process(press)
    crashed = tmp_path / "after-kill"
    snapshot_files(Path(bot.config.storage.database), crashed)  # kill -9: the session not flushed after
    after = Harness(make_config(crashed), clock)
    after.api = bot.api
    async with after:
        again = Update.de_json(press.to_dict(), after.app.bot)  # Telegram delivers the press again
        assert again is not None
        await after.process(again)
        assert await _count(after, "SELECT COUNT(*) FROM ticket_messages WHERE author = 'citizen'") == 2
        assert delivered(after, STAFF_CHAT, "2 m hoch") == 1
