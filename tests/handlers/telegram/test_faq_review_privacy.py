"""The review list is personal data: in /meinedaten, gone with /loeschen and with the retention purge."""

from __future__ import annotations

from datetime import timedelta

from core.clock import ManualClock
from handlers.telegram.offline_bot import CITIZEN_ID
from tests.auxil.harness import STAFF_CHAT, Harness

OTHER = {"id": 5150, "is_bot": False, "first_name": "Otto", "language_code": "de"}
QUESTION = "Wo darf mein Papagei tagsüber frei fliegen?"
OTHER_QUESTION = "Wer repariert die Bank vor meinem Hauseingang?"


async def _ask_escalate_answer(bot: Harness, text: str) -> None:
    await bot.send(text)
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    await bot.staff_send("Das klären wir gern am Telefon.", reply_to=card)


async def _review_rows(bot: Harness) -> list[tuple[int | None, int | None, str]]:
    rows = await bot.services.db.fetchall("SELECT user_id, ticket_id, text FROM faq_review_items ORDER BY id")
    return [(r["user_id"], r["ticket_id"], r["text"]) for r in rows]


async def test_the_review_list_is_in_the_export_and_linked_to_the_ticket(bot: Harness) -> None:
    await _ask_escalate_answer(bot, QUESTION)
    assert await _review_rows(bot) == [(CITIZEN_ID, 1, QUESTION)]
    exported = await bot.services.privacy.export_everything(CITIZEN_ID)
    assert exported["faq_reviews"]["questions"][0]["text"] == QUESTION
    assert exported["faq_reviews"]["questions"][0]["ticket_id"] == 1


async def test_loeschen_removes_the_citizens_questions_and_drafts_of_their_tickets(bot: Harness) -> None:
    await _ask_escalate_answer(bot, QUESTION)
    await bot.send(OTHER_QUESTION, user=OTHER)  # someone else's question stays
    await bot.press("lr:d:1", user=bot.staff, chat_id=STAFF_CHAT)  # a draft from the answer to #1
    assert "Entwurf 1" in bot.to_staff()[-1].text
    await bot.send("/loeschen")
    await bot.press(bot.button(bot.last_citizen(), "Ja, alles löschen"))
    assert "Ihre Daten sind gelöscht" in bot.last_citizen().text
    assert await _review_rows(bot) == [(OTHER["id"], None, OTHER_QUESTION)]
    assert await bot.services.db.fetchall("SELECT * FROM faq_drafts") == []
    assert "faq_reviews" not in await bot.services.privacy.export_everything(CITIZEN_ID)
    assert "faq_reviews" in await bot.services.privacy.export_everything(OTHER["id"])


async def test_the_purge_removes_questions_of_purged_tickets_and_old_ones(
    bot: Harness, clock: ManualClock
) -> None:
    days = bot.config.privacy.retention_days
    await _ask_escalate_answer(bot, QUESTION)
    await bot.send("/schliessen 1", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.press("lr:d:1", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.send("/entwurf 1 link https://www.essen.de/", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.press("lr:ok:1", user=bot.staff, chat_id=STAFF_CHAT)
    assert "ist freigegeben" in bot.to_staff()[-1].text
    await bot.send(OTHER_QUESTION, user=OTHER)  # no ticket: goes after the retention days
    clock.advance(timedelta(days=days - 10))
    recent = "Wer mäht die Wiese hinter dem Bürgerhaus?"
    await bot.send(recent, user=OTHER)
    clock.advance(timedelta(days=11))

    counts = await bot.services.privacy.run_purge()
    assert counts["faq_reviews"] >= 2
    assert await _review_rows(bot) == [(OTHER["id"], None, recent)]
    draft = await bot.services.db.fetchone("SELECT * FROM faq_drafts WHERE id = 1")
    assert draft is not None and draft["status"] == "approved"
    assert draft["user_id"] is None and draft["ticket_id"] is None and draft["question"] is None
    assert (await bot.services.privacy.run_purge())["faq_reviews"] == 0  # nothing left to purge
