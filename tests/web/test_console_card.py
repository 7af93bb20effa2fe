"""A console action edits the ticket's card in the staff group in place (state, who, buttons)."""

from __future__ import annotations

import json
from typing import Any

from tests.auxil.console import Desk, csrf_of, escalate, sign_in
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT


def _labels(call: Any) -> list[str]:
    keyboard = call.params.get("reply_markup") or {}
    if isinstance(keyboard, str):
        keyboard = json.loads(keyboard)
    return [button["text"] for row in keyboard.get("inline_keyboard", []) for button in row]


async def _act(desk: Desk, number: int, action: str, **fields: str) -> None:
    page = await desk.client.get(f"/console/tickets/{number}")
    answer = await desk.client.post(
        f"/console/tickets/{number}/{action}", data={"csrf": csrf_of(page.text), **fields}
    )
    assert answer.status_code == 303, answer.text
    await desk.bot.settle()


async def test_claim_reply_close_reopen_edit_the_card(desk: Desk) -> None:
    bot = desk.bot
    await sign_in(desk.client)
    number = await escalate(bot)
    card = next(c for c in bot.api.sent(STAFF_CHAT, "sendMessage") if f"Anfrage #{number}" in c.text)
    card_id = card.message_id
    sent_before = len(bot.api.sent(STAFF_CHAT, "sendMessage"))

    await _act(desk, number, "claim")
    edit = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert edit.params["message_id"] == card_id
    assert f"Status: in Bearbeitung · 👤 #{number} übernommen von anna (Web-Konsole)." in edit.text
    assert "Baumhaus" in edit.text and f"Anfrage #{number}" in edit.text  # the card, not a note
    assert "Übernehmen" not in _labels(edit) and "Erledigt" in _labels(edit)
    assert len(bot.api.sent(STAFF_CHAT, "sendMessage")) == sent_before  # no new message

    await _act(desk, number, "reply", text="Ja, bis 30 m³ <ohne> Genehmigung.")
    edit = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "Status: beantwortet · 💬 Antwort von anna (Web-Konsole)" in edit.text
    assert "Ja, bis 30 m³ &lt;ohne&gt; Genehmigung." in edit.text  # escaped: valid HTML for Telegram
    assert edit.text.count("Status:") == 1  # built on the first card, nothing piles up
    assert "Ja, bis 30 m³ &lt;ohne&gt; Genehmigung." in bot.api.texts(CITIZEN_ID)[-1]
    news = [c.text for c in bot.api.sent(STAFF_CHAT, "sendMessage")[sent_before:]]
    assert news == [f"✅ Antwort zu #{number} wurde zugestellt."]  # the delivery, as for group answers

    await _act(desk, number, "close", reason="")
    edit = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "Status: abgeschlossen · ✔️" in edit.text and _labels(edit) == ["Wieder öffnen"]
    await _act(desk, number, "reopen")
    edit = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "Status: wartet auf das Team · 🔁" in edit.text and "Übernehmen" in _labels(edit)
    assert len(bot.api.sent(STAFF_CHAT, "sendMessage")) == sent_before + 1

    await bot.press(f"t:claim:{number}", user=bot.staff, chat_id=STAFF_CHAT)  # the group's button still works
    ticket = await bot.services.tickets.get(number)
    assert ticket is not None and ticket.claimed_by_name == "Sam Team"
    await _act(desk, number, "reply", text="Lang " * 200)
    edit = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "Lang Lang …" in edit.text and len(edit.text) < 1500  # the card shows the start
    assert ("Lang " * 200).strip() in bot.api.texts(CITIZEN_ID)[-1]  # the citizen gets all of it


async def test_a_card_that_cannot_be_edited_gets_the_line_as_a_new_message(desk: Desk) -> None:
    bot = desk.bot
    await sign_in(desk.client)
    number = await escalate(bot)
    bot.api.fail_next(
        "editMessageText", chat_id=STAFF_CHAT, description="Bad Request: message to edit not found"
    )
    await _act(desk, number, "claim")
    await bot.settle()
    assert bot.api.texts(STAFF_CHAT)[-1] == f"👤 #{number} übernommen von anna (Web-Konsole)."


async def test_not_modified_counts_as_done(desk: Desk) -> None:
    bot = desk.bot
    await sign_in(desk.client)
    number = await escalate(bot)
    bot.api.fail_next(
        "editMessageText", chat_id=STAFF_CHAT, description="Bad Request: message is not modified"
    )
    await _act(desk, number, "claim")
    await bot.settle()
    line = f"👤 #{number} übernommen von anna (Web-Konsole)."
    assert not any(call.text == line for call in bot.api.sent(STAFF_CHAT, "sendMessage"))  # no fallback
    rows = await bot.services.db.fetchall("SELECT status FROM outbox WHERE purpose = 'ticket_card_edit'")
    assert [row["status"] for row in rows] == ["sent"]


async def test_before_the_card_is_out_the_line_is_a_new_message(desk: Desk) -> None:
    bot = desk.bot
    await sign_in(desk.client)
    number = await bot.services.tickets.create(  # the card waits in the outbox (not flushed yet)
        user_id=CITIZEN_ID, chat_id=CITIZEN_ID, language="de", text="Frage ohne Karte", guesses=()
    )
    await _act(desk, number, "claim")
    texts = bot.api.texts(STAFF_CHAT)
    assert any(f"Anfrage #{number}" in text for text in texts)
    assert texts[-1] == f"👤 #{number} übernommen von anna (Web-Konsole)."
    assert not bot.api.sent(STAFF_CHAT, "editMessageText")
