"""The citizen's Vor-Ort-Service request conversation, driven through a real Application."""

from __future__ import annotations

from datetime import timedelta

from telegram.ext import ConversationHandler

from core.appointments import flow
from core.clock import ManualClock
from handlers.telegram.appointments import CONVERSATION_TIMEOUT
from storage.appointments import AppointmentRepository
from tests.auxil.appointment_steps import CARE_HOME, card_of, fill_request
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness
from tests.auxil.telegram_html import sent_html_problems


async def _count(bot: Harness) -> int:
    return sum((await AppointmentRepository(bot.services.db).counts_by_status()).values())


def _draft(bot: Harness) -> dict[str, object]:
    data = bot.app.user_data[CITIZEN_ID].get(flow.DRAFT_KEY)
    assert isinstance(data, dict)
    return data


async def test_the_whole_request_reaches_staff_as_an_escaped_card(bot: Harness) -> None:
    created = await fill_request(bot)
    assert "VO-1" in created.text and "/meineanfragen" in created.text
    a = await bot.services.appointments.get(1)
    assert a.status == "neu"
    assert a.relationship == "relative" and a.reason == "care_home"
    assert a.services == ("address", "id_card")
    assert a.place == CARE_HOME and a.district == "Borbeck-Mitte" and a.postal_code == "45355"
    assert [(p.name, p.year) for p in a.applicants] == [("Erna Muster", 1938)]
    assert a.contact_name == "Klaus Muster" and a.phone == "+491701234567"
    assert a.preferred_time == "morning" and a.consent_at is not None
    card = card_of(bot, "VO-1")
    assert "Erna Muster (geb. 1938)" in card.text and "+491701234567" in card.text
    assert [label for label, _ in card.buttons] == [
        "Übernehmen",
        "Termin vorschlagen",
        "Rückfrage",
        "Ablehnen",
        "Erledigt",
    ]
    events = await bot.services.appointments.repo.events(1)
    assert [(e.from_status, e.to_status) for e in events] == [(None, "neu")]
    assert flow.DRAFT_KEY not in bot.app.user_data[CITIZEN_ID]


async def test_every_step_offers_back_and_cancel(bot: Harness) -> None:
    await fill_request(bot, send=False)
    prompts = [c for c in bot.to_citizen() if "Schritt" in c.text]
    assert len(prompts) >= 12
    for call in prompts:
        data = [d for _, d in call.buttons]
        assert "vo:cancel" in data, call.text
        if "Schritt 1 von 8" not in call.text:
            assert "vo:back" in data, call.text


async def test_menu_button_and_faq_button_start_the_request(bot: Harness) -> None:
    await bot.send("🏠 Termin zu Hause (Vor-Ort-Service)")
    assert "Für wen ist der Besuch?" in bot.last_citizen().text
    await bot.press("vo:cancel")
    await bot.send("Kommt jemand vom Amt zu mir nach Hause?")
    offer = bot.last_citizen()
    assert bot.button(offer, "Besuch hier anfragen") == "vo:start"
    await bot.press("vo:start")
    assert "Für wen ist der Besuch?" in bot.last_citizen().text


async def test_english_request_for_myself_skips_the_contact_name(bot: Harness) -> None:
    english = bot.factory.user(CITIZEN_ID, "John", "en")
    await bot.send("/termin", user=english)
    assert "Who is the visit for?" in bot.last_citizen().text
    await bot.press("vo:who:self", user=english)
    await bot.press("vo:why:mobility", user=english)
    await bot.press("vo:svc:passport", user=english)
    await bot.press("vo:svc:done", user=english)
    await bot.press("vo:where:home", user=english)
    await bot.send("Rüttenscheider Str. 10, 45130 Essen", user=english)
    await bot.send("John Smith", user=english)
    assert "In which year" in bot.last_citizen().text
    await bot.send("1950", user=english)
    assert "Which phone number" in bot.last_citizen().text  # no contact name for oneself
    await bot.send("+49 201 123456", user=english)
    await bot.press("vo:time:any", user=english)
    checklist = bot.last_citizen().text
    assert "power of attorney" not in checklist and "photo" in checklist
    await bot.press("vo:ok", user=english)
    await bot.press("vo:consent:yes", user=english)
    await bot.press("vo:send", user=english)
    assert "Your number: <b>VO-1</b>" in bot.last_citizen().text
    a = await bot.services.appointments.get(1)
    assert a.language == "en" and a.contact_name == "John Smith" and a.phone == "+49201123456"
    assert a.persons == 1 and a.district == "Rüttenscheid"


async def test_going_back_keeps_the_answers_and_returns_step_by_step(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:relative")
    await bot.press("vo:why:hospital")
    await bot.press("vo:svc:id_card")
    await bot.press("vo:svc:done")
    await bot.press("vo:back")
    assert "Was wird gebraucht?" in bot.last_citizen().text
    assert ("✅ Personalausweis", "vo:svc:id_card") in bot.last_citizen().buttons
    await bot.press("vo:back")
    assert "Warum ist ein Besuch" in bot.last_citizen().text
    await bot.press("vo:back")
    assert "Für wen ist der Besuch?" in bot.last_citizen().text
    await bot.press("vo:who:care_staff")  # care-home staff: the reason step is skipped
    assert "Was wird gebraucht?" in bot.last_citizen().text
    await bot.press("vo:back")
    assert "Für wen ist der Besuch?" in bot.last_citizen().text
    assert _draft(bot)["reason"] == "care_home"


async def test_summary_change_returns_to_the_summary(bot: Harness) -> None:
    await fill_request(bot, send=False)
    assert "Bitte prüfen Sie Ihre Angaben" in bot.last_citizen().text
    await bot.press("vo:edit:phone")
    assert "Telefonnummer" in bot.last_citizen().text
    await bot.send("0201/4455667")
    summary = bot.last_citizen().text
    assert "Bitte prüfen Sie Ihre Angaben" in summary and "+492014455667" in summary
    await bot.press("vo:edit:svc")
    await bot.press("vo:svc:passport")
    await bot.press("vo:svc:done")
    assert "Bitte legen Sie für den Besuch bereit" in bot.last_citizen().text  # checklist changed
    await bot.press("vo:ok")
    assert "Reisepass" in bot.last_citizen().text and "Bitte prüfen" in bot.last_citizen().text
    await bot.press("vo:edit:who")
    await bot.press("vo:back")  # nothing changed: straight back to the summary
    assert "Bitte prüfen Sie Ihre Angaben" in bot.last_citizen().text
    await bot.press("vo:send")
    a = await bot.services.appointments.get(1)
    assert a.phone == "+492014455667" and "passport" in a.services


async def test_cancel_with_the_button_and_with_the_command(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await bot.press("vo:cancel")
    assert "abgebrochen" in bot.last_citizen().text
    assert flow.DRAFT_KEY not in bot.app.user_data[CITIZEN_ID]
    await bot.send("Wie spät ist es?")  # a question again, not an answer to the request
    assert "Schritt" not in bot.last_citizen().text
    await fill_request(bot, send=False)
    await bot.send("/abbrechen")
    assert "abgebrochen" in bot.last_citizen().text
    await bot.send("Klaus Muster")
    assert "Schritt" not in bot.last_citizen().text
    assert await _count(bot) == 0 and bot.to_staff() == []


async def test_cancel_outside_a_request_is_answered_politely(bot: Harness) -> None:
    await bot.send("/abbrechen")
    answer = bot.last_citizen()
    assert answer.text == "Es läuft gerade nichts, das ich abbrechen könnte."
    assert "Diesen Befehl kenne ich nicht" not in answer.text
    assert ("🏠 Termin zu Hause (Vor-Ort-Service)", "🏠 Termin zu Hause (Vor-Ort-Service)") in answer.buttons
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await bot.send("/abbrechen")
    assert "abgebrochen" in bot.last_citizen().text
    await bot.send("/abbrechen")  # the request is over: nothing left to cancel
    assert bot.last_citizen().text == "Es läuft gerade nichts, das ich abbrechen könnte."
    english = bot.factory.user(4243, "Ann", "en")
    await bot.send("/cancel", user=english)
    assert bot.api.last(4243).text == "Nothing is running right now that I could cancel."
    assert await _count(bot) == 0 and bot.to_staff() == []


async def test_cancel_after_a_pause_forgets_the_paused_request(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await bot.send("📞 Kontakt & Telefon")
    assert "angehalten" in bot.last_citizen().text
    await bot.send("/abbrechen")  # outside the conversation, but a paused request is waiting
    assert "abgebrochen" in bot.last_citizen().text
    assert flow.DRAFT_KEY not in bot.app.user_data[CITIZEN_ID]
    await bot.send("/termin")
    assert "Für wen ist der Besuch?" in bot.last_citizen().text  # a fresh start, no resume offer
    await bot.send("/abbrechen")
    await bot.send("/abbrechen")
    assert bot.last_citizen().text == "Es läuft gerade nichts, das ich abbrechen könnte."


async def test_invalid_input_at_every_text_step_keeps_the_step(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:relative")
    await bot.send("Ich will das nicht tippen")  # a button step
    assert "Bitte tippen Sie auf einen der Knöpfe" in bot.last_citizen().text
    await bot.press("vo:why:other")
    await bot.send("   ")
    assert "keinen Text" in bot.last_citizen().text
    await bot.send("x" * 501)
    assert "höchstens 500 Zeichen" in bot.last_citizen().text
    await bot.send("Sie kann nach einem Sturz nicht laufen")
    assert "/buergermobil" in bot.last_citizen().text  # a hint, never a refusal
    await bot.press("vo:svc:done")
    assert "mindestens ein Anliegen" in bot.last_citizen().text
    await bot.press("vo:svc:other")
    await bot.send(" \u200b ")
    assert "keinen Text" in bot.last_citizen().text
    await bot.send("Lebensbescheinigung für die Rente")
    await bot.press("vo:svc:done")
    await bot.press("vo:where:home")
    await bot.send("Musterweg 1, 44787 Bochum")
    outside = bot.last_citizen().text
    assert "44787 liegt nicht in Essen" in outside and "0201 88-0" in outside
    await bot.send("Hauptstraße 5")
    assert "keinen Essener Stadtteil" in bot.last_citizen().text
    await bot.send("y" * 301)
    assert "höchstens 300 Zeichen" in bot.last_citizen().text
    await bot.send("Musterweg 1, Borbek")
    assert "Erkannt: Borbeck-Mitte" in bot.last_citizen().text
    await bot.send("R2D2")
    assert "keine Ziffern" in bot.last_citizen().text
    await bot.send("Erna Muster, 1850")
    assert "zwischen 1906 und 2026" in bot.last_citizen().text
    await bot.send("neunzehnhundert")
    assert "vier Ziffern" in bot.last_citizen().text
    await bot.send("1938")
    await bot.send("<b>Klaus</b>")
    assert "nicht wie ein Name" in bot.last_citizen().text
    await bot.send("Klaus Muster")
    for wrong, expected in (
        ("keine Ahnung", "keine gültige Telefonnummer"),
        ("123456", "mit Vorwahl"),
        ("+43 1 234567", "deutsche Telefonnummer"),
        ("0170 12", "keine gültige Telefonnummer"),
    ):
        await bot.send(wrong)
        assert expected in bot.last_citizen().text, wrong
        assert bot.app.user_data[CITIZEN_ID][flow.DRAFT_KEY]["step"] == flow.PHONE
    await bot.send("0201-123 45 67")
    assert "Wann passt ein Besuch" in bot.last_citizen().text
    assert _draft(bot)["phone"] == "+492011234567"


async def test_non_text_messages_are_answered_politely(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await bot.press("vo:why:mobility")
    await bot.press("vo:svc:id_card")
    await bot.press("vo:svc:done")
    await bot.press("vo:where:home")
    sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1}
    update = bot.factory.message(bot.citizen, sticker={**sticker, "is_animated": False, "is_video": False})
    await bot.app.process_update(update)
    await bot.settle()
    assert "als Text" in bot.last_citizen().text
    assert _draft(bot)["step"] == flow.PLACE


async def test_restart_in_the_middle_continues_where_it_stopped(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:relative")
    await bot.press("vo:why:care_home")
    await bot.press("vo:svc:id_card")
    await bot.press("vo:svc:done")
    await bot.press("vo:where:care_home")
    await bot.send(CARE_HOME)
    await bot.restart()
    await bot.send("Erna Muster, 1938")  # the answer to the question asked before the restart
    assert "Bisher:" in bot.last_citizen().text
    await bot.restart()
    await bot.press("vo:more:no")
    await bot.send("Klaus Muster")
    await bot.send("0201 123456")
    await bot.press("vo:time:afternoon")
    await bot.press("vo:ok")
    await bot.press("vo:consent:yes")
    await bot.press("vo:send")
    assert "VO-1" in bot.last_citizen().text
    a = await bot.services.appointments.get(1)
    assert a.applicants[0].name == "Erna Muster" and a.phone == "+49201123456"


async def test_a_group_visit_lists_several_residents(bot: Harness) -> None:
    residents = ("Erna Muster, 1938", "Karl Beispiel 1941", "Anna Probe")
    await bot.send("/termin")
    await bot.press("vo:who:care_staff")
    await bot.press("vo:svc:id_card")
    await bot.press("vo:svc:done")
    await bot.press("vo:where:care_home")
    await bot.send(CARE_HOME)
    await bot.send(residents[0])
    await bot.press("vo:more:yes")
    await bot.send(residents[1])
    await bot.press("vo:more:yes")
    await bot.send(residents[2])
    assert "In welchem Jahr ist Anna Probe geboren?" in bot.last_citizen().text
    await bot.send("1944")
    listing = bot.last_citizen().text
    assert listing.count("• ") == 3
    await bot.press("vo:back")  # the last person is asked again
    await bot.send("Anna Probe, 1945")
    await bot.press("vo:more:no")
    await bot.send("Pflegerin Petra Pflege")
    await bot.send("0201 998877")
    await bot.press("vo:time:any")
    assert "Für jede Person eigene Unterlagen" in bot.last_citizen().text
    await bot.press("vo:ok")
    await bot.press("vo:consent:yes")
    await bot.press("vo:send")
    a = await bot.services.appointments.get(1)
    assert a.relationship == "care_staff" and a.reason == "care_home" and a.persons == 3
    assert [(p.name, p.year) for p in a.applicants] == [
        ("Erna Muster", 1938),
        ("Karl Beispiel", 1941),
        ("Anna Probe", 1945),
    ]
    card = card_of(bot, "VO-1").text
    assert "Person(en) (3)" in card and "Karl Beispiel (geb. 1941)" in card


async def test_a_home_visit_is_for_one_person_only(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:relative")
    await bot.press("vo:why:mobility")
    await bot.press("vo:svc:address")
    await bot.press("vo:svc:done")
    await bot.press("vo:where:home")
    await bot.send("Am Ruhrufer 3, 45239 Essen")
    await bot.send("Erna Muster, 1938")
    assert "Wie heißen Sie?" in bot.last_citizen().text  # no 'another person' at home


async def test_menu_button_pauses_and_termin_resumes(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await bot.press("vo:why:mobility")
    await bot.send("📞 Kontakt & Telefon")
    assert "angehalten" in bot.last_citizen().text
    await bot.send("📞 Kontakt & Telefon")
    assert "ServiceCenter" in bot.last_citizen().text
    await bot.send("/termin")
    resume = bot.last_citizen()
    assert "angefangene Anfrage" in resume.text
    await bot.press(bot.button(resume, "Weitermachen"))
    assert "Was wird gebraucht?" in bot.last_citizen().text
    await bot.send("🏠 Termin zu Hause (Vor-Ort-Service)")  # the visit button again: resume offer
    await bot.press("vo:new")
    assert "Für wen ist der Besuch?" in bot.last_citizen().text
    assert _draft(bot)["for_whom"] is None


async def test_an_old_draft_expires_also_after_a_restart(bot: Harness, clock: ManualClock) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await bot.press("vo:why:mobility")
    await bot.press("vo:svc:id_card")
    await bot.press("vo:svc:done")
    await bot.press("vo:where:home")
    await bot.restart()
    clock.advance(flow.DRAFT_TTL + timedelta(minutes=1))
    await bot.send("Rüttenscheider Str. 10, 45130 Essen")
    assert "nicht geantwortet" in bot.last_citizen().text
    assert flow.DRAFT_KEY not in bot.app.user_data[CITIZEN_ID]
    await bot.send("/termin")
    assert "Für wen ist der Besuch?" in bot.last_citizen().text  # a fresh start, no resume offer


async def test_old_buttons_are_answered_and_change_nothing(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await bot.press("vo:who:relative")  # a button of step 1 while at step 2
    assert "früheren Schritt" in bot.last_citizen().text
    assert _draft(bot)["for_whom"] == "self"
    await bot.press("vo:cancel")
    for data in ("vo:why:care_home", "vo:send", "vc:yes:1:1", "vc:nowish:1", "vo:svc:zzz"):
        before = len(bot.to_citizen())
        await bot.press(data)
        assert len(bot.to_citizen()) == before + 1, data
        assert "nicht mehr gültig" in bot.last_citizen().text or "nicht gefunden" in bot.last_citizen().text
    assert await _count(bot) == 0


async def test_no_consent_means_nothing_is_stored(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.press("vo:back")
    await bot.press("vo:consent:no")
    assert "nichts gespeichert" in bot.last_citizen().text
    assert await _count(bot) == 0 and bot.to_staff() == []


async def test_daily_limit(bot: Harness) -> None:
    limit = bot.services.config.limits.requests_per_day
    for _ in range(limit):
        await fill_request(bot)
    await bot.send("/termin")
    assert "schon 5 Anfragen" in bot.last_citizen().text
    assert await _count(bot) == limit
    assert len([c for c in bot.to_staff() if "Vor-Ort-Anfrage" in c.text]) == limit
    assert bot.api.sent(STAFF_CHAT)


async def test_the_conversation_times_out_politely(bot: Harness) -> None:
    conversation = next(
        h for h in bot.app.handlers[0] if isinstance(h, ConversationHandler) and h.name == "vor_ort_request"
    )
    assert conversation.conversation_timeout == CONVERSATION_TIMEOUT
    await bot.send("/termin")
    await bot.press("vo:who:self")
    job = conversation.timeout_jobs[(CITIZEN_ID, CITIZEN_ID)]
    await job.run(bot.app)  # what the job queue does after two quiet hours
    await bot.settle()
    assert "nicht geantwortet" in bot.last_citizen().text
    assert flow.DRAFT_KEY not in bot.app.user_data[CITIZEN_ID]
    await bot.send("Rüttenscheid")  # no longer an answer inside the request
    assert "Schritt" not in bot.last_citizen().text


async def test_free_texts_reach_staff_escaped(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:relative")
    await bot.press("vo:why:other")
    await bot.send("Sie ist <b>blind</b> & taub")
    await bot.press("vo:svc:other")
    await bot.send("Lebensbescheinigung <script>alert(1)</script>")
    await bot.press("vo:svc:done")
    await bot.press("vo:where:home")
    await bot.send("Weg <i>1</i> & Co, 45130 Essen")
    await bot.send("Erna Muster, 1938")
    summary_step = bot.last_citizen().text
    assert "Wie heißen Sie?" in summary_step
    await bot.send("Klaus Muster")
    await bot.send("0201 123456")
    await bot.press("vo:time:any")
    await bot.press("vo:ok")
    await bot.press("vo:consent:yes")
    summary = bot.last_citizen().text
    assert "Sie ist &lt;b&gt;blind&lt;/b&gt; &amp; taub" in summary
    assert "&lt;script&gt;" in summary and "Weg &lt;i&gt;1&lt;/i&gt; &amp; Co" in summary
    await bot.press("vo:send")
    card = card_of(bot, "VO-1").text
    assert "Sie ist &lt;b&gt;blind&lt;/b&gt; &amp; taub" in card
    assert "Lebensbescheinigung &lt;script&gt;alert(1)&lt;/script&gt;" in card
    assert "Weg &lt;i&gt;1&lt;/i&gt; &amp; Co, 45130 Essen" in card
    assert "<script>" not in card and "<i>1</i>" not in card
    assert sent_html_problems(bot.api.calls) == []  # every message is valid Telegram HTML
