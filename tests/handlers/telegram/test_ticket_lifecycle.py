"""The ticket life cycle the citizen sees (open -> answered -> closed), through a real Application."""

from __future__ import annotations

from datetime import timedelta

from core.clock import ManualClock
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"


async def _answered(bot: Harness) -> None:
    """A ticket #1, answered by staff."""
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    await bot.staff_send("Ja, mit Genehmigung.", bot.to_staff()[-1])


async def _staff(bot: Harness, text: str) -> str:
    await bot.send(text, user=bot.staff, chat_id=STAFF_CHAT)
    return bot.to_staff()[-1].text


async def _status(bot: Harness) -> str:
    ticket = await bot.services.tickets.get(1)
    assert ticket is not None
    return ticket.status


async def test_the_answer_offers_done_and_another_question(bot: Harness) -> None:
    await _answered(bot)
    answer = next(c for c in bot.to_citizen() if "Antwort zu Ihrer Anfrage #1" in c.text)
    assert [label for label, _ in answer.buttons] == ["✅ Danke, erledigt", "❓ Ich habe noch eine Frage"]
    assert "Rückfragen sind bis 02.12.2026 möglich" in answer.text  # seven days by default
    assert "Offene Anfragen" not in await _staff(bot, "/offen")
    assert "Rückfrage noch möglich: 1 (#1)" in bot.to_staff()[-1].text


async def test_done_closes_tells_staff_and_a_second_press_changes_nothing(bot: Harness) -> None:
    await _answered(bot)
    await bot.press("tk:done:1")
    assert "#1</b> ist jetzt abgeschlossen" in bot.last_citizen().text
    assert "»Danke, erledigt«" in bot.to_staff()[-1].text
    assert await _status(bot) == "closed"
    staff_before = len(bot.to_staff())
    await bot.press("tk:done:1")  # a second press, or Telegram redelivering it
    assert "bereits abgeschlossen" in bot.last_citizen().text
    assert len(bot.to_staff()) == staff_before
    entries = await bot.services.tickets.audit.entries("ticket", 1)
    assert [e.action for e in entries].count("ticket_closed_by_citizen") == 1
    # after closing, a new message is a new question: no "does it belong to #1?"
    await bot.send("Was kostet ein Personalausweis?")
    assert "Personalausweis" in bot.last_citizen().text
    assert not bot.last_citizen().buttons or "tk:add:1" not in [d for _, d in bot.last_citizen().buttons]


async def test_another_question_becomes_a_rueckfrage_that_staff_and_citizen_see_as_open(bot: Harness) -> None:
    await _answered(bot)
    await bot.press("tk:more:1")
    assert "Schreiben Sie Ihre Frage zu Anfrage <b>#1</b>" in bot.last_citizen().text
    await bot.restart()  # the wish survives a restart (PTB persistence)
    await bot.send("Wo bekomme ich die Genehmigung?")
    assert "Ihre Rückfrage zu <b>#1</b> ist beim Team" in bot.last_citizen().text
    note = bot.to_staff()[-1]
    assert "Rückfrage zu #1" in note.text and "Wo bekomme ich die Genehmigung?" in note.text
    assert ("Übernehmen", "t:claim:1") in note.buttons
    assert await _status(bot) == "open"
    assert "Offene Anfragen (1)" in await _staff(bot, "/offen")
    await bot.send("/meineanfragen")
    assert "#1 · wartet auf das Team" in bot.last_citizen().text
    # staff answer the Rückfrage by replying to its note
    await bot.staff_send("Beim Bauamt, Zimmer 12.", note)
    assert "Zimmer 12" in bot.last_citizen().text
    assert await _status(bot) == "answered"
    await bot.send("/meineanfragen")
    mine = bot.last_citizen()
    assert "#1 · beantwortet · Rückfragen möglich bis" in mine.text
    assert ("✅ #1 erledigt", "tk:done:1") in mine.buttons


async def test_a_message_in_the_window_asks_whether_it_is_a_rueckfrage(bot: Harness) -> None:
    await _answered(bot)
    await bot.send("Und wie lange dauert das?")
    offer = bot.last_citizen()
    assert "Rückfrage zu Ihrer Anfrage #1" in offer.text
    await bot.press(bot.button(offer, "Neue Frage"))
    assert await _status(bot) == "answered"  # a new question leaves #1 as it was


async def test_after_the_window_a_message_is_a_new_question_and_the_ticket_closes(
    bot: Harness, clock: ManualClock
) -> None:
    await _answered(bot)
    await bot.press("tk:more:1")  # the citizen wants to ask back, but only writes much later
    clock.advance(timedelta(days=8))
    await bot.send("Wie hoch darf das Baumhaus sein?")
    texts = [c.text for c in bot.to_citizen()[-2:]]
    assert "als neue Frage" in texts[0]  # told, and the text is not lost
    offered = [d for _, d in bot.last_citizen().buttons]
    assert "tk:add:1" not in offered and "esc:yes" in offered  # a new question, the team on offer
    assert await bot.services.tickets.close_stale() == 1
    await bot.settle()
    assert "abgeschlossen, weil keine Rückfrage mehr kam" in bot.last_citizen().text
    assert await _status(bot) == "closed"
    assert await bot.services.tickets.close_stale() == 0
    await bot.press("tk:more:1")  # the old button after closing
    assert "schon abgeschlossen" in bot.last_citizen().text
    await bot.send("/meineanfragen")
    assert "#1 · abgeschlossen" in bot.last_citizen().text


async def test_closing_without_an_answer_asks_a_reason_and_tells_the_citizen(bot: Harness) -> None:
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    await bot.press("t:close:1", user=bot.staff, chat_id=STAFF_CHAT)
    assert "noch keine Antwort" in bot.to_staff()[-1].text
    reasons = [c for c in bot.api.calls if c.method == "editMessageReplyMarkup"][-1].buttons
    assert [d for _, d in reasons] == ["t:why:1:phone", "t:why:1:duplicate", "t:why:1:other", "t:back:1"]
    assert await _status(bot) == "open"  # nothing closed yet
    await bot.press("t:why:1:duplicate", user=bot.staff, chat_id=STAFF_CHAT)
    assert "geschlossen von Sam Team (Dublette)" in bot.to_staff()[-1].text
    assert "war doppelt" in bot.last_citizen().text
    ticket = await bot.services.tickets.get(1)
    assert ticket is not None and ticket.status == "closed" and ticket.close_reason == "duplicate"
    await bot.press("t:why:1:duplicate", user=bot.staff, chat_id=STAFF_CHAT)  # second press
    assert "bereits geschlossen" in bot.to_staff()[-1].text
    assert sum("war doppelt" in c.text for c in bot.to_citizen()) == 1


async def test_staff_reopen_a_closed_ticket_and_the_citizen_is_told(bot: Harness) -> None:
    await _answered(bot)
    await bot.press("t:close:1", user=bot.staff, chat_id=STAFF_CHAT)  # answered: no reason asked
    assert "geschlossen von Sam Team" in bot.to_staff()[-1].text
    assert "ist abgeschlossen" in bot.last_citizen().text
    closed = [c for c in bot.api.calls if c.method == "editMessageReplyMarkup"][-1].buttons
    assert closed == [("Wieder öffnen", "t:reopen:1")]
    await bot.press("t:reopen:1", user=bot.staff, chat_id=STAFF_CHAT)
    assert "wieder geöffnet von Sam Team" in bot.to_staff()[-1].text
    assert "wieder offen" in bot.last_citizen().text
    assert "Offene Anfragen (1)" in await _staff(bot, "/offen")
    assert "nicht geschlossen" in await _staff(bot, "/oeffnen 1")  # a second reopen
    assert "/oeffnen 12" in await _staff(bot, "/oeffnen")
    assert "gibt es nicht" in await _staff(bot, "/oeffnen 99")
    await bot.send("Noch etwas dazu")  # reopened and waiting: the message may belong to it
    assert "noch eine offene Anfrage (#1)" in bot.last_citizen().text


async def test_forged_and_foreign_lifecycle_buttons_change_nothing(bot: Harness) -> None:
    await _answered(bot)
    other = bot.factory.user(4242, "Otto", "de")
    await bot.press("tk:done:1", user=other)  # not Otto's ticket
    assert "nicht mehr gültig" in bot.api.last(4242).text
    await bot.press("tk:more:1", user=other)
    assert "nicht mehr gültig" in bot.api.last(4242).text
    for data in ("tk:done:abc", "tk:more:²", "tk:done:999", "tk:more:999"):
        await bot.press(data)
        assert "nicht mehr gültig" in bot.last_citizen().text
    await bot.press("t:why:1:spam", user=bot.staff, chat_id=STAFF_CHAT)  # unknown reason, answered ticket
    assert await _status(bot) == "closed"  # an answered ticket closes without a reason ("answered")
    assert bot.api.sent(CITIZEN_ID)[-1].text.startswith("Ihre Anfrage #1 ist abgeschlossen")
