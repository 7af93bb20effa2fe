"""Web citizens beside Telegram ones: the same desk and queue, staff replies from the Telegram group.

The bot runs offline (real Application, real SQLite); the web citizen talks to `services.webchat`
(what the web pages call), the staff work in the Telegram group as usual.
"""

from __future__ import annotations

import re
from datetime import timedelta

from core.channels import WEB, channel_of
from core.clock import ManualClock
from core.webchat import Visitor, WebChat, WebMessage
from handlers.telegram.offline import ApiCall
from tests.auxil.harness import CITIZEN_ID, Harness

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
ANSWER = "Ja, mit einer Genehmigung vom Bauamt."


def chat(bot: Harness) -> WebChat:
    assert bot.services.webchat is not None
    return bot.services.webchat


async def history(bot: Harness, visitor: Visitor) -> list[WebMessage]:
    return await chat(bot).history(visitor)


def action(message: WebMessage, label_part: str) -> str:
    for line in message.payload.get("buttons", []):
        for button in line:
            if label_part.lower() in button["label"].lower():
                return str(button["action"])
    raise AssertionError(f"no button {label_part!r} in {message.payload}")


async def ask(bot: Harness, text: str, visitor: Visitor | None = None) -> Visitor:
    sent = await chat(bot).send(visitor, text)
    assert sent is not None
    await bot.settle()
    return sent


async def escalate(bot: Harness, visitor: Visitor) -> ApiCall:
    """Ask the unanswerable question, say yes; returns the card in the staff group."""
    await ask(bot, QUESTION, visitor)
    offer = (await history(bot, visitor))[-1]
    if "offene Anfrage" in offer.payload["text"]:  # a new question beside the open ticket
        assert await chat(bot).press(visitor, offer.id, action(offer, "Neue Frage"))
        offer = (await history(bot, visitor))[-1]
    assert await chat(bot).press(visitor, offer.id, action(offer, "Ja"))
    await bot.settle()
    return bot.to_staff()[-1]


async def count(bot: Harness, table: str) -> int:
    row = await bot.services.db.fetchone(f"SELECT COUNT(*) AS n FROM {table}")
    assert row is not None
    return int(row["n"])


async def test_nothing_is_stored_before_the_first_message(bot: Harness) -> None:
    assert await chat(bot).visitor(None) is None
    assert await chat(bot).visitor("forged.cookie") is None
    assert await chat(bot).send(None, "  \u200b ") is None
    for table in ("citizens", "web_citizens", "web_sessions", "web_messages", "users"):
        assert await count(bot, table) == 0, table


async def test_a_web_question_gets_the_same_faq_answer_as_in_telegram(bot: Harness) -> None:
    visitor = await ask(bot, "Was kostet ein Personalausweis?")
    assert visitor.cookie and channel_of(visitor.citizen_id) == WEB
    assert await chat(bot).visitor(visitor.cookie) == Visitor(visitor.citizen_id, visitor.token_hash, "de")
    mine, answer = await history(bot, visitor)
    assert (mine.author, mine.payload["text"]) == ("citizen", "Was kostet ein Personalausweis?")
    await bot.send("Was kostet ein Personalausweis?")  # the same question in Telegram
    assert answer.payload["text"] == bot.last_citizen().text
    assert await chat(bot).press(visitor, answer.id, action(answer, "Hat geholfen"))
    assert await bot.services.stats.feedback_for("personalausweis") == (1, 0)
    pressed, thanks = (await history(bot, visitor))[1:]
    assert "buttons" not in pressed.payload and "Danke" in thanks.payload["text"]
    citizen = await bot.services.db.fetchone("SELECT * FROM citizens WHERE id = ?", (visitor.citizen_id,))
    assert citizen is not None and citizen["channel"] == "web"
    assert bot.api.sent(visitor.citizen_id) == []  # nothing for a web citizen goes to Telegram


async def test_meinten_sie_works_in_the_web_chat(bot: Harness) -> None:
    visitor = await ask(bot, "Kann ich einen Termin machen?")
    offer = (await history(bot, visitor))[-1]
    assert "Meinten Sie" in offer.payload["text"]
    first = offer.payload["buttons"][0][0]
    assert first["action"].startswith("sg:")
    assert await chat(bot).press(visitor, offer.id, first["action"])
    entry = bot.services.faq.get(first["action"].removeprefix("sg:"))
    assert entry is not None
    assert any(entry.title in m.payload["text"] for m in await history(bot, visitor))


async def test_escalation_reaches_the_staff_group_and_the_reply_the_web_page(bot: Harness) -> None:
    first = await ask(bot, "Hallo")
    card = await escalate(bot, first)
    assert "Anfrage #1" in card.text and "Web-Chat" in card.text and QUESTION in card.text
    receipt = (await history(bot, first))[-1]
    assert "Ihre Nummer: <b>#1</b>" in receipt.payload["text"]
    assert re.search(r"Ihr Code: <b>[0-9A-Z]{3}-[0-9A-Z]{3}</b>", receipt.payload["text"])
    ticket = await bot.services.tickets.get(1)
    assert ticket is not None and ticket.channel == "web" and ticket.user_id == first.citizen_id
    with chat(bot).listeners.listen(first.citizen_id) as woken:
        await bot.staff_send(ANSWER, card)  # a reply to the card in the Telegram group
        await bot.settle()
        assert woken.is_set()
    answer = (await history(bot, first))[-1]
    assert answer.author == "bot" and ANSWER in answer.payload["text"] and "#1" in answer.payload["text"]
    assert "Antwort zu #1 wurde zugestellt" in bot.to_staff()[-1].text
    thread = await bot.services.tickets.repo.messages(1)
    assert [m.delivery for m in thread if m.author == "staff"] == ["sent"]


async def test_telegram_citizens_keep_their_id_and_get_a_telegram_identity(bot: Harness) -> None:
    await bot.send("/start")
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    assert "· Telegram ·" in bot.to_staff()[-1].text
    row = await bot.services.db.fetchone("SELECT * FROM citizens WHERE id = ?", (CITIZEN_ID,))
    assert row is not None and (row["channel"], row["external_id"]) == ("telegram", str(CITIZEN_ID))
    ticket = await bot.services.tickets.get(1)
    assert ticket is not None and ticket.channel == "telegram"


async def test_come_back_with_the_code_on_another_device(bot: Harness) -> None:
    phone = await ask(bot, QUESTION)
    await escalate(bot, phone)
    receipt = (await history(bot, phone))[-1].payload["text"]
    code = re.search(r"Ihr Code: <b>(\w{3}-\w{3})</b>", receipt)
    assert code is not None
    assert await chat(bot).resume("XXX-XXX") is None
    assert await chat(bot).resume("") is None
    laptop = await chat(bot).resume(code.group(1).lower().replace("-", " "))
    assert laptop is not None and laptop.citizen_id == phone.citizen_id and laptop.cookie != phone.cookie
    assert [m.id for m in await history(bot, laptop)] == [m.id for m in await history(bot, phone)]
    # a second escalation keeps the code
    await escalate(bot, laptop)
    assert "Code bleibt derselbe" in (await history(bot, laptop))[-1].payload["text"]
    # a new code: the old one and the other devices stop working, this one stays
    new = await chat(bot).new_code(laptop)
    assert new != code.group(1)
    assert await chat(bot).resume(code.group(1)) is None
    assert await chat(bot).visitor(phone.cookie) is None
    assert await chat(bot).visitor(laptop.cookie) is not None
    again = await chat(bot).resume(new)
    assert again is not None and again.citizen_id == phone.citizen_id
    await chat(bot).sign_out(again)
    assert await chat(bot).visitor(again.cookie) is None


async def test_presses_are_checked_against_the_stored_buttons(bot: Harness) -> None:
    visitor = await ask(bot, QUESTION)
    offer = (await history(bot, visitor))[-1]
    other = await ask(bot, "Was kostet ein Personalausweis?", None)  # another citizen
    assert not await chat(bot).press(visitor, offer.id, "tk:add:1")  # not a button of that message
    assert not await chat(bot).press(other, offer.id, "esc:yes")  # not their message
    mine = (await history(bot, visitor))[0]
    assert not await chat(bot).press(visitor, mine.id, "esc:yes")  # the citizen's own message
    assert await chat(bot).press(visitor, offer.id, "esc:yes")
    assert not await chat(bot).press(visitor, offer.id, "esc:yes")  # a second press: buttons are gone
    await bot.settle()
    assert await count(bot, "tickets") == 1
    assert len([c for c in bot.to_staff() if "Anfrage #" in c.text]) == 1


async def test_a_follow_up_joins_the_open_ticket(bot: Harness) -> None:
    visitor = await ask(bot, "Hallo")
    card = await escalate(bot, visitor)
    await ask(bot, "Es ist 3 Meter hoch.", visitor)
    question = (await history(bot, visitor))[-1]
    assert "#1" in question.payload["text"]
    assert await chat(bot).press(visitor, question.id, action(question, "hinzufügen"))
    await bot.settle()
    assert "Es ist 3 Meter hoch." in bot.to_staff()[-1].text
    assert "#1" in (await history(bot, visitor))[-1].payload["text"]
    assert card.text != bot.to_staff()[-1].text


async def test_export_and_deletion_cover_web_citizens(bot: Harness) -> None:
    visitor = await ask(bot, "Hallo")
    card = await escalate(bot, visitor)
    exported = await bot.services.privacy.export_everything(visitor.citizen_id)
    assert exported["citizen"]["channel"] == "web"
    first = exported["web_chat"]["messages"][0]
    assert (first["from"], first["text"]) == ("citizen", "Hallo")
    assert exported["tickets"]["tickets"][0]["messages"][0]["text"] == QUESTION
    assert "token" not in str(exported["web_chat"]["sessions"])
    _, failed = await bot.services.privacy.delete_everything(visitor.citizen_id)
    assert failed == []
    for table in ("citizens", "web_citizens", "web_sessions", "web_messages", "users"):
        assert await count(bot, table) == 0, table
    assert await chat(bot).visitor(visitor.cookie) is None
    await bot.settle()
    assert "#1" in bot.to_staff()[-1].text  # the staff group is told the ticket was deleted
    await bot.staff_send(ANSWER, card)  # a late reply has nobody to go to
    await bot.settle()
    assert await count(bot, "web_messages") == 0


async def test_the_retention_purge_forgets_inactive_web_citizens(bot: Harness, clock: ManualClock) -> None:
    visitor = await ask(bot, "Hallo")
    card = await escalate(bot, visitor)
    idle = await ask(bot, "Was kostet ein Personalausweis?", None)
    days = bot.services.privacy.retention_days
    clock.advance(timedelta(days=days + 1))
    await bot.services.privacy.run_purge()
    # the open ticket keeps its citizen; the one who only asked the FAQ is forgotten
    assert await chat(bot).visitor(idle.cookie) is None
    assert await bot.services.db.fetchone("SELECT 1 FROM citizens WHERE id = ?", (idle.citizen_id,)) is None
    kept = "SELECT 1 FROM web_citizens WHERE citizen_id = ?"
    assert await bot.services.db.fetchone(kept, (visitor.citizen_id,)) is not None
    await bot.staff_send(ANSWER, card)
    await bot.settle()
    assert ANSWER in (await history(bot, visitor))[-1].payload["text"]
