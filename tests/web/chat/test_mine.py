"""'Meine Anfragen' in the web chat: tickets and Vor-Ort requests with state, cancel, dates, answers.

The staff side is the real Telegram flow (offline Bot API): the card, "Termin vorschlagen" and
the date typed in the group; the citizen acts on the page without JavaScript.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from core.appointments import Slot
from core.staff import StaffActor
from tests.auxil.appointment_steps import staff_press
from tests.web.chat.conftest import ChatSite

NOT_FOUND = "Diese Anfrage habe ich nicht gefunden."
SLOT = "27.11. 10:00-11:00"  # Friday; the harness clock is Wednesday 25.11.2026 10:00 Berlin
FORM = {
    "key": "0123456789abcdef",
    "for_whom": "relative",
    "reason": "mobility",
    "services": "id_card",
    "place_kind": "home",
    "place": "Marktstraße 5, 45355 Essen",
    "name": "Erna Muster",
    "year": "1938",
    "contact_name": "Petra Muster",
    "phone": "0201 123456",
    "times": "morning",
    "consent": "yes",
    "step": "send",
}


async def send_request(site: ChatSite) -> None:
    """The Vor-Ort form, sent as a browser without JavaScript (the first thing this citizen does)."""
    sent = await site.client.post("/chat/vorort", data=FORM)
    assert sent.status_code == 200 and "VO-1" in sent.text
    await site.bot.settle()


async def propose(site: ChatSite) -> None:
    """The team proposes a date on the card in the Telegram group."""
    await staff_press(site.bot, "va:propose:1")
    prompt = next(c for c in reversed(site.bot.to_staff()) if "mit Datum und Zeit" in c.text)
    await site.bot.staff_send(SLOT, prompt)
    await site.bot.settle()


async def status_of(site: ChatSite) -> str:
    return (await site.bot.services.appointments.get(1)).status


def card_edits(site: ChatSite) -> list[str]:
    return [c.text for c in site.bot.api.calls if c.method == "editMessageText" and "VO-1" in (c.text or "")]


async def test_the_list_without_a_session_and_with_nothing_sent(site: ChatSite) -> None:
    page = await site.client.get("/chat/anfragen")
    assert page.status_code == 200 and "Sie haben noch keine Anfragen" in page.text
    assert (await site.client.post("/chat/anfragen/1/absagen", data={"reason": "x"})).status_code == 303
    assert await status_of_all(site) == []


async def status_of_all(site: ChatSite) -> list[str]:
    rows = await site.bot.services.db.fetchall("SELECT status FROM appointments")
    return [str(r["status"]) for r in rows]


async def test_cancel_with_a_reason_tells_the_staff_and_redraws_the_card(site: ChatSite) -> None:
    await send_request(site)
    page = (await site.client.get("/chat/anfragen")).text
    assert "VO-1" in page and "Hausbesuche (Vor-Ort-Service)" in page and "VO-1 absagen" in page
    assert 'href="/chat/anfragen"' in (await site.client.get("/chat")).text  # linked from the chat
    ask = await site.client.get("/chat/anfragen/1/absagen")
    assert "wirklich absagen" in ask.text and 'name="reason"' in ask.text
    too_long = await site.client.post("/chat/anfragen/1/absagen", data={"reason": "x" * 501})
    assert too_long.status_code == 422 and "höchstens 500 Zeichen" in too_long.text
    assert await status_of(site) == "neu"
    done = await site.client.post(
        "/chat/anfragen/1/absagen", data={"reason": "Meine Mutter ist im Krankenhaus."}
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/chat/anfragen?ok=cancelled")
    await site.bot.settle()
    assert await status_of(site) == "abgesagt"
    note = next(
        c.text for c in reversed(site.bot.to_staff()) if "VO-1 wurde von der Person abgesagt" in c.text
    )
    assert "Grund: Meine Mutter ist im Krankenhaus." in note
    event = await site.bot.services.db.fetchone(
        "SELECT note, actor_name FROM appointment_events WHERE action = 'cancelled'"
    )
    assert (
        event is not None
        and event["note"] == "Meine Mutter ist im Krankenhaus."
        and event["actor_name"] == "citizen"
    )
    assert card_edits(site), "the staff card shows the new state"
    listed = (await site.client.get(done.headers["location"])).text
    assert "Die Anfrage ist abgesagt" in listed and "abgesagt" in listed and "VO-1 absagen" not in listed
    assert "ist abgesagt. Das Team weiß Bescheid" in (await site.client.get("/chat")).text  # in the chat too
    # a second cancel (an old tab, a second press) changes nothing and says why
    again = await site.client.post("/chat/anfragen/1/absagen", data={"reason": ""})
    assert again.status_code == 409 and "abgesagt" in again.text
    assert sum("wurde von der Person abgesagt" in c.text for c in site.bot.to_staff()) == 1


async def test_a_reason_is_optional_and_someone_elses_request_is_not_found(site: ChatSite) -> None:
    await send_request(site)
    mine = dict(site.client.cookies)
    site.client.cookies.clear()
    await site.client.post("/chat/send", data={"text": "Hallo"})  # another citizen
    other = await site.client.post("/chat/anfragen/1/absagen", data={})
    assert other.status_code == 409 and NOT_FOUND in other.text
    assert await status_of(site) == "neu"
    assert (await site.client.get("/chat/anfragen/1/absagen")).status_code == 409
    assert (await site.client.get("/chat/anfragen/x/absagen")).status_code == 404
    site.client.cookies.clear()
    site.client.cookies.update(mine)
    assert (await site.client.post("/chat/anfragen/1/absagen", data={})).status_code == 303
    await site.bot.settle()
    note = next(c.text for c in reversed(site.bot.to_staff()) if "wurde von der Person abgesagt" in c.text)
    assert "Grund" not in note


async def test_another_date_with_a_wish_from_the_chat_button(site: ChatSite) -> None:
    await send_request(site)
    await propose(site)
    chat = (await site.client.get("/chat")).text
    link = re.search(r'<a class="button" href="(/chat/anfragen/1/termin\?seq=1)">❌ Passt nicht</a>', chat)
    assert link is not None, "the chat's 'Passt nicht' opens the wish form"
    listed = (await site.client.get("/chat/anfragen")).text
    assert "Termin vorgeschlagen" in listed and "27.11.2026" in listed and "anderer Termin" in listed
    form = await site.client.get(link.group(1))
    assert form.status_code == 200 and "Fr, 27.11.2026" in form.text and 'name="wish"' in form.text
    declined = await site.client.post(
        "/chat/anfragen/1/termin", data={"seq": "1", "answer": "no", "wish": "Lieber nachmittags"}
    )
    assert declined.status_code == 303 and "ok=declined" in declined.headers["location"]
    await site.bot.settle()
    a = await site.bot.services.appointments.get(1)
    assert a.status == "in_bearbeitung" and a.citizen_wish == "Lieber nachmittags"
    assert any("Termin passt nicht. Wunsch: Lieber nachmittags" in c.text for c in site.bot.to_staff())
    assert card_edits(site)
    # the old proposal is gone: its form and its buttons say so, nothing changes
    stale = await site.client.post("/chat/anfragen/1/termin", data={"seq": "1", "answer": "yes"})
    assert stale.status_code == 409 and "gilt nicht mehr" in stale.text
    assert (await site.client.get(link.group(1))).status_code == 409
    assert (await status_of(site)) == "in_bearbeitung"


async def test_accept_the_proposed_date_on_the_page(site: ChatSite) -> None:
    await send_request(site)
    await propose(site)
    accepted = await site.client.post("/chat/anfragen/1/termin", data={"seq": "1", "answer": "yes"})
    assert accepted.status_code == 303 and "ok=accepted" in accepted.headers["location"]
    await site.bot.settle()
    assert await status_of(site) == "bestaetigt"
    chat = (await site.client.get("/chat")).text
    assert "termin.ics" in chat  # the confirmation with the calendar file arrives in the chat
    assert (await site.client.post("/chat/anfragen/1/termin", data={"seq": "x"})).status_code == 409


async def test_the_chat_buttons_of_a_proposal_refresh_the_staff_card(site: ChatSite) -> None:
    await send_request(site)
    await propose(site)
    chat = (await site.client.get("/chat")).text
    message = re.search(r'name="message" value="(\d+)">(?:(?!</form>).)*value="vc:yes:1:1"', chat, re.S)
    assert message is not None
    await site.client.post("/chat/press", data={"message": message.group(1), "action": "vc:yes:1:1"})
    await site.bot.settle()
    assert await status_of(site) == "bestaetigt"
    assert card_edits(site), "a press in the web chat redraws the card, like a press in Telegram"


async def test_answer_a_question_of_the_team(site: ChatSite) -> None:
    await send_request(site)
    await staff_press(site.bot, "va:ask:1")
    prompt = next(c for c in reversed(site.bot.to_staff()) if c.method == "sendMessage")
    await site.bot.staff_send("Welche Etage?", prompt)
    await site.bot.settle()
    chat = (await site.client.get("/chat")).text
    assert "Welche Etage?" in chat and 'href="/chat/anfragen/1/antwort"' in chat
    empty = await site.client.post("/chat/anfragen/1/antwort", data={"text": "  "})
    assert empty.status_code == 422
    sent = await site.client.post("/chat/anfragen/1/antwort", data={"text": "Dritter Stock, mit Aufzug"})
    assert sent.status_code == 303
    await site.bot.settle()
    assert any("Antwort zu VO-1" in c.text and "Dritter Stock" in c.text for c in site.bot.to_staff())


async def test_tickets_with_their_state_and_done(site: ChatSite) -> None:
    await site.client.post("/chat/send", data={"text": "Darf ich im Garten ein Baumhaus bauen?"})
    await site.bot.settle()
    chat = (await site.client.get("/chat")).text
    message = re.search(r'name="message" value="(\d+)">(?:(?!</form>).)*value="esc:yes"', chat, re.S)
    assert message is not None
    await site.client.post("/chat/press", data={"message": message.group(1), "action": "esc:yes"})
    await site.bot.settle()
    listed = (await site.client.get("/chat/anfragen")).text
    assert "#1" in listed and "wartet auf das Team" in listed and "Baumhaus" in listed
    assert "#1 erledigt" not in listed  # nothing to close before an answer
    await site.bot.staff_send("Ja, mit Genehmigung.", site.bot.to_staff()[-1])
    await site.bot.settle()
    listed = (await site.client.get("/chat/anfragen")).text
    assert "beantwortet" in listed and "Rückfragen möglich bis" in listed and "#1 erledigt" in listed
    done = await site.client.post("/chat/anfragen/fragen/1/erledigt", data={"done": "1"})
    assert done.status_code == 303
    ticket = await site.bot.services.tickets.get(1)
    assert ticket is not None and ticket.status == "closed"
    assert "abgeschlossen" in (await site.client.get("/chat/anfragen")).text
    assert "ist jetzt abgeschlossen" in (await site.client.get("/chat")).text
    await site.client.post("/chat/anfragen/fragen/1/erledigt", data={"done": "1"})  # a second press
    assert "bereits abgeschlossen" in (await site.client.get("/chat")).text


async def test_the_answer_buttons_of_a_ticket_work_in_the_chat(site: ChatSite) -> None:
    await site.client.post("/chat/send", data={"text": "Darf ich im Garten ein Baumhaus bauen?"})
    await site.bot.settle()
    chat = (await site.client.get("/chat")).text
    message = re.search(r'name="message" value="(\d+)">(?:(?!</form>).)*value="esc:yes"', chat, re.S)
    assert message is not None
    await site.client.post("/chat/press", data={"message": message.group(1), "action": "esc:yes"})
    await site.bot.settle()
    await site.bot.staff_send("Ja, mit Genehmigung.", site.bot.to_staff()[-1])
    await site.bot.settle()
    chat = (await site.client.get("/chat")).text
    more = re.search(r'name="message" value="(\d+)">(?:(?!</form>).)*value="tk:more:1"', chat, re.S)
    assert more is not None
    await site.client.post("/chat/press", data={"message": more.group(1), "action": "tk:more:1"})
    chat = (await site.client.get("/chat")).text
    assert "Schreiben Sie Ihre Frage zu Anfrage <strong>#1</strong>" in chat
    await site.client.post("/chat/send", data={"text": "Wie hoch darf es sein?"})
    chat = (await site.client.get("/chat")).text
    assert 'value="tk:add:1"' in chat  # the next text is offered to ticket #1


async def _propose_dates(site: ChatSite) -> None:
    """The team proposes two dates (the console's path: the service with several slots)."""
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    slots = [Slot(friday, friday + timedelta(hours=1))]
    slots.append(Slot(friday + timedelta(days=4, hours=4), friday + timedelta(days=4, hours=5)))
    await site.bot.services.appointments.propose_options(1, StaffActor(42, "Sam Team"), slots)
    await site.bot.settle()


async def test_several_dates_on_the_page_one_button_each_and_a_radio_form(site: ChatSite) -> None:
    await send_request(site)
    await _propose_dates(site)
    listed = (await site.client.get("/chat/anfragen")).text
    assert "Vorschläge:" in listed and "2. Di, 01.12.2026, 14:00–15:00 Uhr" in listed
    assert 'name="option" value="1">✅ Di 1.12., 14:00 passt</button>' in listed
    assert "Keiner passt" in listed
    page = await site.client.get("/chat/anfragen/1/termin?seq=1")
    assert page.status_code == 200
    assert 'type="radio" id="option-1" name="option" value="1"' in page.text
    assert "VO-1: Welcher Termin passt Ihnen?" in page.text
    unchosen = await site.client.post("/chat/anfragen/1/termin", data={"seq": "1", "answer": "yes"})
    assert unchosen.status_code == 422 and 'id="option-error"' in unchosen.text
    assert 'aria-invalid="true"' in unchosen.text and await status_of(site) == "termin_vorgeschlagen"
    accepted = await site.client.post("/chat/anfragen/1/termin", data={"seq": "1", "option": "1"})
    assert accepted.status_code == 303 and "ok=accepted" in accepted.headers["location"]
    await site.bot.settle()
    a = await site.bot.services.appointments.get(1)
    assert a.status == "bestaetigt" and a.visit_start is not None and a.visit_start.day == 1
    again = await site.client.post("/chat/anfragen/1/termin", data={"seq": "1", "option": "0"})
    assert again.status_code == 409 and "schon bestätigt" in again.text
    assert (await site.bot.services.appointments.get(1)).visit_start == a.visit_start


async def test_the_chat_buttons_of_several_dates(site: ChatSite) -> None:
    await send_request(site)
    await _propose_dates(site)
    chat = (await site.client.get("/chat")).text
    assert "Terminvorschläge zu VO-1" in chat
    message = re.search(r'name="message" value="(\d+)">(?:(?!</form>).)*value="vc:opt:1:1:0"', chat, re.S)
    assert message is not None
    await site.client.post("/chat/press", data={"message": message.group(1), "action": "vc:opt:1:1:0"})
    await site.bot.settle()
    a = await site.bot.services.appointments.get(1)
    assert a.status == "bestaetigt" and a.visit_start is not None and a.visit_start.day == 27
    assert card_edits(site)
    chat = (await site.client.get("/chat")).text
    assert "termin.ics" in chat and 'value="vc:opt:1:1:1"' not in chat  # the buttons are gone
