"""The citizen conversation and the staff escalation loop, through a real Application."""

from __future__ import annotations

from datetime import timedelta

from core.clock import ManualClock
from storage import TicketRepository
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness


async def test_start_greets_in_german_with_menu_and_privacy(bot: Harness) -> None:
    await bot.send("/start")
    greeting = bot.last_citizen()
    assert "Guten Tag, Erika" in greeting.text
    assert "/datenschutz" in greeting.text
    labels = [label for label, _ in greeting.buttons]
    assert labels == [
        "❓ Frage stellen",
        "🏠 Termin zu Hause (Vor-Ort-Service)",
        "🚐 Wo ist das Bürgermobil?",
        "📞 Kontakt & Telefon",
    ]


async def test_english_telegram_user_gets_english_and_language_switch(bot: Harness) -> None:
    english = bot.factory.user(CITIZEN_ID, "John", "en")
    await bot.send("/start", user=english)
    assert "Hello, John" in bot.last_citizen().text
    await bot.send("/sprache", user=english)
    await bot.press(bot.button(bot.last_citizen(), "Deutsch"), user=english)
    assert "auf Deutsch" in bot.last_citizen().text
    await bot.send("/hilfe", user=english)
    assert "So funktioniert es" in bot.last_citizen().text


async def test_confident_answer_has_link_review_date_and_feedback(bot: Harness) -> None:
    await bot.send("Was kostet ein Personalausweis?")
    answer = bot.last_citizen()
    assert "Personalausweis" in answer.text
    assert "<a href=" in answer.text
    assert "Stand:" in answer.text
    helped = bot.button(answer, "Hat geholfen")
    await bot.press(helped)
    assert "Danke" in bot.last_citizen().text
    up, down = await bot.services.stats.feedback_for("personalausweis")
    assert (up, down) == (1, 0)


async def test_not_helpful_offers_the_team(bot: Harness) -> None:
    await bot.send("Was kostet ein Personalausweis?")
    await bot.press(bot.button(bot.last_citizen(), "nicht geholfen"))
    offer = bot.last_citizen()
    assert "Team" in offer.text
    await bot.press(bot.button(offer, "Ja"))
    assert "#1" in bot.last_citizen().text
    assert await bot.services.stats.feedback_for("personalausweis") == (0, 1)


async def test_full_loop_question_card_reply_answer(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    offer = bot.last_citizen()
    await bot.press(bot.button(offer, "Ja"))
    created = bot.last_citizen()
    assert "#1" in created.text
    assert "bis" in created.text  # inside office hours: a deadline
    card = bot.to_staff()[-1]
    assert "Anfrage #1" in card.text
    assert "Baumhaus" in card.text
    assert [label for label, _ in card.buttons] == ["Übernehmen", "Erledigt", "FAQ-Antwort senden"]

    await bot.staff_send("Dafür brauchen Sie eine Reisegewerbekarte. Rufen Sie 0201 88-0 an.", card)
    answer = bot.last_citizen()
    assert "Antwort zu Ihrer Anfrage #1" in answer.text
    assert "Reisegewerbekarte" in answer.text
    assert "✅ Antwort zu #1 wurde zugestellt." in bot.to_staff()[-1].text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.status == "answered"
    messages = await bot.services.tickets.repo.messages(1)
    assert [m.author for m in messages] == ["citizen", "staff"]
    assert messages[1].delivery == "sent"


async def test_outside_office_hours_says_when_the_team_is_back(bot: Harness, clock: ManualClock) -> None:
    clock.advance(timedelta(hours=12))  # Wednesday 22:00 Berlin
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press(bot.button(bot.last_citizen(), "Ja"))
    assert "morgen 07:30 Uhr" in bot.last_citizen().text


async def test_html_in_question_reaches_staff_escaped(bot: Harness) -> None:
    nasty = "Warum <b>kein</b> & <script>alert(1)</script> *fett* _x_ `code`?"
    await bot.send(nasty)
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    assert (
        "&lt;b&gt;kein&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; *fett* _x_ `code`" in card.text
    )
    await bot.staff_send("Antwort mit <Klammern> & Zeichen", card)
    assert "Antwort mit &lt;Klammern&gt; &amp; Zeichen" in bot.last_citizen().text


async def test_reply_to_a_later_message_of_the_ticket_also_works(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    await bot.press("t:claim:1", user=bot.staff, chat_id=STAFF_CHAT)
    claimed_note = bot.to_staff()[-1]
    assert "übernommen von Sam Team" in claimed_note.text
    await bot.staff_send("Erste Antwort", card)
    confirmation = bot.to_staff()[-1]
    await bot.staff_send("Noch ein Nachtrag", confirmation)
    assert "Noch ein Nachtrag" in bot.last_citizen().text


async def test_followup_goes_to_open_ticket_and_reopens(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    await bot.staff_send("Ja, mit Genehmigung.", card)
    await bot.send("Und wo bekomme ich die Genehmigung?")
    question = bot.last_citizen()
    assert "#1" in question.text
    assert "Rückfrage zu Ihrer Anfrage #1" in question.text
    await bot.press(bot.button(question, "#1"))
    assert "Rückfrage zu <b>#1</b> ist beim Team" in bot.last_citizen().text
    assert "Rückfrage zu #1" in bot.to_staff()[-1].text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.status == "open"


async def test_followup_can_be_a_new_question(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    await bot.send("Was kostet ein Personalausweis?")
    await bot.press("tk:new")
    assert "Personalausweis" in bot.last_citizen().text


async def test_no_means_nothing_is_sent(bot: Harness) -> None:
    await bot.send("qwertz")
    offer = bot.last_citizen()
    assert "keine sichere Antwort" in offer.text
    await bot.press(bot.button(offer, "Nein"))
    assert bot.to_staff() == []
    assert await TicketRepository(bot.services.db).count_unanswered() == 0


async def test_my_requests_lists_only_own_tickets(bot: Harness) -> None:
    other = bot.factory.user(4242, "Otto", "de")
    await bot.send("Gibt es Hitzefrei im Rathaus?", user=other)
    await bot.press("esc:yes", user=other)
    await bot.send("/meineanfragen")
    assert "keine Anfragen" in bot.last_citizen().text
    await bot.send("/meineanfragen", user=other)
    assert "Hitzefrei" in bot.api.last(4242).text


async def test_staff_can_send_a_faq_answer_from_the_card(bot: Harness) -> None:
    await bot.send("Mein Perso ist weg und ich brauche Hilfe beim Amt, bitte rufen Sie an")
    await bot.press("esc:yes")
    await bot.press("t:faq:1", user=bot.staff, chat_id=STAFF_CHAT)
    picker = bot.api.sent(STAFF_CHAT, "editMessageReplyMarkup") or bot.api.calls
    send_buttons = [c for c in bot.api.calls if c.method == "editMessageReplyMarkup"][-1].buttons
    choice = next(data for _, data in send_buttons if data.startswith("t:send:1:"))
    await bot.press(choice, user=bot.staff, chat_id=STAFF_CHAT)
    assert "Antwort zu Ihrer Anfrage #1" in bot.last_citizen().text
    assert picker


async def test_staff_commands_refused_for_non_members_and_outside_the_group(bot: Harness) -> None:
    stranger = bot.factory.user(666, "Mallory", "de")
    await bot.send("/offen", user=stranger, chat_id=STAFF_CHAT)
    assert "nur für das Team" in bot.to_staff()[-1].text
    await bot.send("/offen")
    assert "nur für das Team" in bot.last_citizen().text
    await bot.send("/offen", user=bot.staff)  # staff, but in a private chat
    assert "nur für das Team" in bot.api.last(bot.staff["id"]).text
    await bot.press("t:close:1", user=stranger, chat_id=STAFF_CHAT)
    assert "nur für das Team" in bot.to_staff()[-1].text


async def test_staff_commands_open_ticket_close_stats(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    await bot.send("/offen", user=bot.staff, chat_id=STAFF_CHAT)
    listing = bot.to_staff()[-1].text
    assert "Offene Anfragen (1)" in listing and "#1" in listing and "niemand" in listing
    await bot.send("/ticket 1", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Baumhaus" in bot.to_staff()[-1].text
    await bot.send("/ticket abc", user=bot.staff, chat_id=STAFF_CHAT)
    assert "/ticket 12" in bot.to_staff()[-1].text
    await bot.send("/ticket 99", user=bot.staff, chat_id=STAFF_CHAT)
    assert "gibt es nicht" in bot.to_staff()[-1].text
    await bot.send("/schliessen 1", user=bot.staff, chat_id=STAFF_CHAT)
    assert "noch keine Antwort" in bot.to_staff()[-1].text  # unanswered: asks for the reason
    await bot.send("/schliessen 1 telefonisch", user=bot.staff, chat_id=STAFF_CHAT)
    assert "geschlossen" in bot.to_staff()[-1].text
    assert "telefonisch geklärt" in bot.last_citizen().text
    await bot.send("/statistik", user=bot.staff, chat_id=STAFF_CHAT)
    stats = bot.to_staff()[-1].text
    assert "Fragen: 1" in stats and "An das Team weitergegeben: 1" in stats


async def test_blocked_user_staff_is_told_and_answer_kept(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    bot.api.blocked_chats.add(CITIZEN_ID)
    await bot.staff_send("Hier die Antwort", card)
    notice = bot.to_staff()[-1].text
    assert "konnte nicht zugestellt werden" in notice and "blockiert" in notice
    messages = await bot.services.tickets.repo.messages(1)
    assert messages[-1].text == "Hier die Antwort"
    assert messages[-1].delivery == "failed"


async def test_restart_between_question_and_answer_loses_nothing(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    await bot.restart()
    await bot.staff_send("Antwort nach dem Neustart", card)
    assert "Antwort nach dem Neustart" in bot.last_citizen().text


async def test_answer_stored_before_a_crash_is_sent_after_restart(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    bot.api.fail_next("sendMessage", chat_id=CITIZEN_ID, kind="network", times=1)
    await bot.staff_send("Antwort trotz Netzfehler", card)
    assert not any("trotz Netzfehler" in c.text and c.result for c in bot.to_citizen())
    await bot.restart()
    bot.clock.advance(timedelta(minutes=1))
    await bot.settle()
    delivered = [c for c in bot.to_citizen() if "trotz Netzfehler" in c.text and c.result]
    assert len(delivered) == 1


async def test_pending_question_survives_restart(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.restart()
    await bot.press("esc:yes")
    assert "#1" in bot.last_citizen().text
    assert "Baumhaus" in bot.to_staff()[-1].text


async def test_forged_and_stale_buttons_change_nothing(bot: Harness) -> None:
    for data in ("fb:1:gibtsnicht", "fb:7:anmeldung", "sg:unbekannt", "tk:add:999", "esc:yes", "lang:fr"):
        await bot.press(data)
        assert bot.last_citizen().text  # a clear answer every time
    assert await TicketRepository(bot.services.db).count_unanswered() == 0
    await bot.press("t:claim:abc", user=bot.staff, chat_id=STAFF_CHAT)
    assert "nicht mehr gültig" in bot.to_staff()[-1].text


async def test_overdue_ticket_is_reminded_once(bot: Harness, clock: ManualClock) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    clock.advance(timedelta(hours=5))
    assert await bot.services.tickets.remind_overdue() == 1
    await bot.settle()
    assert "wartet seit" in bot.to_staff()[-1].text
    assert await bot.services.tickets.remind_overdue() == 0


async def test_middle_band_offers_suggestions_and_the_team(bot: Harness) -> None:
    await bot.send("Kann ich einen Termin machen?")
    offer = bot.last_citizen()
    assert "Meinten Sie" in offer.text
    suggestions = [data for _, data in offer.buttons if data.startswith("sg:")]
    assert 1 <= len(suggestions) <= 3
    assert offer.buttons[-1] == ("Nein – Frage an das Team senden", "esc:yes")
    before = len(bot.to_citizen())
    await bot.press(suggestions[0])
    entry = bot.services.faq.get(suggestions[0].removeprefix("sg:"))
    # the answer may be followed by a feature's extra (e.g. the live stop plan)
    assert entry is not None and any(entry.title in c.text for c in bot.to_citizen()[before:])
    await bot.press("esc:yes")
    assert "Ihre Nummer: <b>#1</b>" in bot.last_citizen().text


async def test_start_in_the_staff_chat_explains_the_team_chat(bot: Harness) -> None:
    await bot.send("/start", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Team-Chat" in bot.to_staff()[-1].text
