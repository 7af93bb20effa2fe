"""Staff side of Vor-Ort-Service requests: card buttons, proposals, confirmation, reminders, rights."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from core.clock import ManualClock
from handlers.telegram.offline import ApiCall
from tests.auxil.appointment_steps import card_of, fill_request, staff_press
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness
from tests.auxil.telegram_html import sent_html_problems

# the harness clock: Wednesday 2026-11-25 10:00 Berlin; Friday 27.11. is a working day
FRIDAY_SLOT = "27.11. 10:00-11:00"


def _staff_texts(bot: Harness) -> list[str]:
    return [c.text for c in bot.api.sent(STAFF_CHAT, "sendMessage")]


def _prompt(bot: Harness, marker: str) -> ApiCall:
    for call in reversed(bot.to_staff()):
        if marker in call.text:
            return call
    raise AssertionError(f"no staff message with {marker!r}")


async def _status(bot: Harness, number: int = 1) -> str:
    return (await bot.services.appointments.get(number)).status


async def _propose(bot: Harness, slot: str = FRIDAY_SLOT, number: int = 1) -> None:
    await staff_press(bot, f"va:propose:{number}")
    await bot.staff_send(slot, _prompt(bot, "Antworten Sie auf diese Nachricht mit Datum und Zeit"))


async def test_request_proposal_confirmation_reminder_done(bot: Harness, clock: ManualClock) -> None:
    await fill_request(bot)
    await staff_press(bot, "va:claim:1")
    assert "VO-1 übernommen von Sam Team" in _staff_texts(bot)[-1]
    assert "wird jetzt bearbeitet" in bot.last_citizen().text
    await staff_press(bot, "va:propose:1")
    prompt = _prompt(bot, "Antworten Sie auf diese Nachricht mit Datum und Zeit")
    assert "3.12. 10:00-11:00" in prompt.text and "Werktags vormittags" in prompt.text
    await bot.staff_send(FRIDAY_SLOT, prompt)
    proposal = bot.last_citizen()
    assert "Terminvorschlag zu VO-1" in proposal.text
    assert "Fr, 27.11.2026, 10:00–11:00 Uhr" in proposal.text
    assert [d for _, d in proposal.buttons] == ["vc:yes:1:1", "vc:no:1:1"]
    assert "Vorschlag für VO-1 gesendet" in _staff_texts(bot)[-1]

    await bot.press("vc:yes:1:1")
    messages = bot.to_citizen()
    # the short reply ("… kommt gleich") and the outbox's confirmation race: either may come first
    confirmations = [c for c in messages if "Ihr Termin ist bestätigt" in c.text]
    confirmation = next(c for c in confirmations if "kommt gleich" not in c.text)
    assert "Fr, 27.11.2026, 10:00–11:00 Uhr" in confirmation.text
    assert "Wohnungsgeberbestätigung" in confirmation.text  # checklist for the address change
    assert "Vollmacht" in confirmation.text  # a relative acts for the resident
    document = bot.api.sent(CITIZEN_ID, "sendDocument")[-1]
    ics = b"".join(document.files.values()).decode("utf-8")
    assert "DTSTART;TZID=Europe/Berlin:20261127T100000" in ics
    assert "DTEND;TZID=Europe/Berlin:20261127T110000" in ics
    assert "Haus Abendsonne" in ics
    assert await _status(bot) == "bestaetigt"
    assert "Termin bestätigt" in _staff_texts(bot)[-1]
    edited = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "Status: <b>bestätigt</b>" in edited.text
    assert edited.params["message_id"] == card_of(bot, "VO-1").message_id

    await bot.send("/termine", user=bot.staff, chat_id=STAFF_CHAT)
    listing = _staff_texts(bot)[-1]
    assert "Fr, 27.11.2026" in listing and "10:00–11:00 · VO-1 · Borbeck-Mitte" in listing

    assert await bot.services.appointments.send_reminders() == 0  # Wednesday: not yet
    clock.advance(timedelta(days=1))  # Thursday 10:00
    assert await bot.services.appointments.send_reminders() == 1
    await bot.settle()
    assert "Erinnerung: Morgen kommt das Bürgeramt" in bot.last_citizen().text
    assert "Morgen: Besuch VO-1" in _staff_texts(bot)[-1]
    assert await bot.services.appointments.send_reminders() == 0  # once only
    await bot.restart()
    assert await bot.services.appointments.send_reminders() == 0  # also after a restart

    clock.advance(timedelta(days=1, hours=2))
    await staff_press(bot, "va:done:1")
    assert "ist erledigt" in bot.last_citizen().text
    events = await bot.services.appointments.repo.events(1)
    changes = [(e.from_status, e.to_status) for e in events if e.from_status != e.to_status]
    assert changes == [
        (None, "neu"),
        ("neu", "in_bearbeitung"),
        ("in_bearbeitung", "termin_vorgeschlagen"),
        ("termin_vorgeschlagen", "bestaetigt"),
        ("bestaetigt", "erledigt"),
    ]
    assert {e.actor_name for e in events} >= {"citizen", "Sam Team", "system"}
    audit = await bot.services.audit.entries("appointment", 1)
    assert {"appointment_claimed", "appointment_accepted", "appointment_done"} <= {e.action for e in audit}
    assert sent_html_problems(bot.api.calls) == []  # every message is valid Telegram HTML


async def test_reminder_is_scheduled_from_the_database_by_the_job(bot: Harness, clock: ManualClock) -> None:
    await fill_request(bot)
    await _propose(bot, "26.11. 14:00-15:00")
    await bot.press("vc:yes:1:1")
    await bot.restart()
    job = next(j for j in bot.app.job_queue.jobs() if j.name == "appointment-reminders")  # type: ignore[union-attr]
    await job.run(bot.app)
    await bot.settle()
    assert "Erinnerung: Morgen kommt das Bürgeramt" in bot.last_citizen().text
    a = await bot.services.appointments.get(1)
    assert a.reminded_at is not None


async def test_no_reminders_at_night(bot: Harness, clock: ManualClock) -> None:
    await fill_request(bot)
    await _propose(bot, "26.11. 14:00-15:00")
    await bot.press("vc:yes:1:1")
    clock.advance(timedelta(hours=12))  # Wednesday 22:00
    assert await bot.services.appointments.send_reminders() == 0


async def test_passt_nicht_with_a_wish_then_a_new_proposal(bot: Harness) -> None:
    await fill_request(bot)
    await _propose(bot)
    await bot.press("vc:no:1:1")
    assert "Wann passt es Ihnen besser?" in bot.last_citizen().text
    assert await _status(bot) == "termin_vorgeschlagen"  # nothing changes before the answer
    await bot.send("Lieber nachmittags, ab 14 Uhr")
    assert "anderen Termin" in bot.last_citizen().text
    a = await bot.services.appointments.get(1)
    assert a.status == "in_bearbeitung" and a.citizen_wish == "Lieber nachmittags, ab 14 Uhr"
    assert "Wunsch: Lieber nachmittags, ab 14 Uhr" in _staff_texts(bot)[-1]
    await bot.press("vc:yes:1:1")  # the old proposal
    assert "gilt nicht mehr" in bot.last_citizen().text
    await bot.send("/vorschlag VO-1 30.11.2026 14:00-15:00", user=bot.staff, chat_id=STAFF_CHAT)
    assert bot.button(bot.last_citizen(), "Passt") == "vc:yes:1:2"
    await bot.press("vc:no:1:2")
    await bot.press("vc:nowish:1")
    assert (await bot.services.appointments.get(1)).citizen_wish is None
    assert "kein Wunsch angegeben" in _staff_texts(bot)[-1]


async def test_a_new_proposal_replaces_the_old_one(bot: Harness) -> None:
    await fill_request(bot)
    await _propose(bot)
    await _propose(bot, "30.11. 09:00-10:00")
    await bot.press("vc:yes:1:1")
    assert "gilt nicht mehr" in bot.last_citizen().text
    await bot.press("vc:yes:1:2")
    a = await bot.services.appointments.get(1)
    assert a.status == "bestaetigt" and a.proposal_seq == 2
    assert a.visit_start is not None and a.visit_start.day == 30


async def test_invalid_dates_are_explained_and_change_nothing(bot: Harness) -> None:
    await fill_request(bot)
    await staff_press(bot, "va:propose:1")
    prompt = _prompt(bot, "Antworten Sie auf diese Nachricht mit Datum und Zeit")
    before = len(bot.to_citizen())
    for wrong, expected in (
        ("24.11. 10:00-11:00", "in der Vergangenheit"),
        ("25.11.2026 08:00-09:00", "in der Vergangenheit"),  # today, but earlier
        ("29.11. 10:00-11:00", "Sonntag"),
        ("25.12. 10-11 Uhr", "Feiertag"),
        ("3.12. 11:00-10:00", "Ende muss nach dem Beginn"),
        ("bald mal", "nicht erkannt"),
        ("31.2. 10:00-11:00", "nicht erkannt"),
    ):
        await bot.staff_send(wrong, prompt)
        assert expected in _staff_texts(bot)[-1], wrong
    assert await _status(bot) == "neu" and len(bot.to_citizen()) == before
    await bot.send("/vorschlag 1", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Bitte so" in _staff_texts(bot)[-1]
    await bot.send("/vorschlag 1 6.12. 10:00-11:00", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Sonntag" in _staff_texts(bot)[-1]
    await bot.send("/vorschlag 99 3.12. 10:00-11:00", user=bot.staff, chat_id=STAFF_CHAT)
    assert "VO-99 gibt es nicht" in _staff_texts(bot)[-1]
    await bot.staff_send("3.12. 10:00-11:00", prompt)  # the same prompt still works
    assert await _status(bot) == "termin_vorgeschlagen"


async def test_rueckfrage_both_ways(bot: Harness) -> None:
    await fill_request(bot)
    card = card_of(bot, "VO-1")
    await bot.staff_send("Hat Frau Muster noch ihren alten <Ausweis>?", card)
    question = bot.last_citizen()
    assert "Rückfrage des Teams zu VO-1" in question.text
    assert "&lt;Ausweis&gt;" in question.text
    await bot.press(bot.button(question, "Antworten"))
    await bot.send("Ja, er ist aber abgelaufen & kaputt.")
    assert "Antwort zu VO-1 ist beim Team" in bot.last_citizen().text
    answer = _prompt(bot, "Antwort zu VO-1")
    assert "abgelaufen &amp; kaputt" in answer.text
    await staff_press(bot, "va:ask:1")
    ask_prompt = _prompt(bot, "Antworten Sie auf diese Nachricht mit Ihrer Frage")
    await bot.staff_send("Welche Station?", ask_prompt)
    assert "Welche Station?" in bot.last_citizen().text
    await bot.staff_send("Und wann ist sie zurück?", answer)  # a reply to the citizen's answer
    assert "Und wann ist sie zurück?" in bot.last_citizen().text
    notes = [
        e for e in await bot.services.appointments.repo.events(1) if e.action in ("question", "citizen_reply")
    ]
    assert len(notes) == 4
    assert await _status(bot) == "neu"


async def test_reject_with_a_reason(bot: Harness) -> None:
    await fill_request(bot)
    await staff_press(bot, "va:reject:1")
    await bot.staff_send("Die Person wohnt nicht in Essen.", _prompt(bot, "Grund der Ablehnung"))
    rejection = bot.last_citizen().text
    assert "kann das Team leider nicht übernehmen" in rejection and "wohnt nicht in Essen" in rejection
    a = await bot.services.appointments.get(1)
    assert a.status == "abgelehnt" and a.reject_reason == "Die Person wohnt nicht in Essen."
    card = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "Ablehnungsgrund" in card.text and card.buttons == []
    await staff_press(bot, "va:propose:1")
    assert "geht im Status »abgelehnt« nicht" in _staff_texts(bot)[-1]
    await bot.send(f"/vorschlag 1 {FRIDAY_SLOT}", user=bot.staff, chat_id=STAFF_CHAT)
    assert "geht im Status »abgelehnt« nicht" in _staff_texts(bot)[-1]


async def test_non_staff_cannot_act_on_requests(bot: Harness) -> None:
    await fill_request(bot)
    card = card_of(bot, "VO-1")
    stranger = bot.factory.user(666, "Mallory", "de")
    for action in ("claim", "propose", "ask", "reject", "done"):
        await bot.press(f"va:{action}:1", user=stranger, chat_id=STAFF_CHAT)
        assert "nur für das Team" in _staff_texts(bot)[-1]
    await bot.send(
        "Mach ich!", user=stranger, chat_id=STAFF_CHAT, reply_to=bot.factory.bot_message_json(card)
    )
    assert "nur für das Team" in _staff_texts(bot)[-1]
    await bot.send(f"/vorschlag 1 {FRIDAY_SLOT}", user=stranger, chat_id=STAFF_CHAT)
    await bot.send("/termine", user=stranger, chat_id=STAFF_CHAT)
    assert _staff_texts(bot)[-1].startswith("Diese Funktion ist nur für das Team")
    await bot.press("va:claim:1")  # the citizen in the private chat
    assert "nur für das Team" in bot.last_citizen().text
    await bot.send(f"/vorschlag 1 {FRIDAY_SLOT}")
    assert "nur für das Team" in bot.last_citizen().text
    a = await bot.services.appointments.get(1)
    assert a.status == "neu" and a.claimed_by is None
    assert not any("Rückfrage" in c.text for c in bot.to_citizen())


async def test_forged_staff_buttons_are_answered(bot: Harness) -> None:
    await fill_request(bot)
    for data, expected in (
        ("va:claim:999", "VO-999 gibt es nicht"),
        ("va:zap:1", "nicht mehr gültig"),
        ("va:claim:abc", "nicht mehr gültig"),
        ("va:claim:99999999999999999999999", "nicht mehr gültig"),
        ("va:claim", "nicht mehr gültig"),
    ):
        await staff_press(bot, data)
        assert expected in _staff_texts(bot)[-1], data
    await staff_press(bot, "va:claim:1")
    await staff_press(bot, "va:claim:1")
    assert "VO-1 ist schon bei Sam Team" in _staff_texts(bot)[-1]


async def test_ticket_replies_still_reach_the_ticket(bot: Harness) -> None:
    await fill_request(bot)
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    ticket_card = bot.to_staff()[-1]
    assert "Anfrage #1" in ticket_card.text
    await bot.staff_send("Ja, bis 30 Kubikmeter.", ticket_card)
    assert "Antwort zu Ihrer Anfrage #1" in bot.last_citizen().text
    await bot.staff_send("Ist das Heim barrierefrei?", card_of(bot, "VO-1"))
    assert "Rückfrage des Teams zu VO-1" in bot.last_citizen().text
    ticket = await bot.services.tickets.repo.get(1)
    assert ticket is not None and ticket.status == "answered"


async def test_a_citizen_cannot_see_or_touch_someone_elses_request(bot: Harness) -> None:
    other = bot.factory.user(4242, "Otto", "de")
    await fill_request(bot, other)
    await bot.send("/meineanfragen")
    assert "VO-1" not in bot.last_citizen().text
    await bot.send("/meineanfragen", user=other)
    own = bot.api.last(4242)
    assert "VO-1" in own.text and bot.button(own, "VO-1 absagen") == "vc:cancel:1"
    await _propose(bot)
    for data in ("vc:cancel:1", "vc:cancelok:1", "vc:yes:1:1", "vc:no:1:1", "vc:ans:1", "vc:keep:1"):
        await bot.press(data)
        assert "nicht gefunden" in bot.last_citizen().text, data
    a = await bot.services.appointments.get(1)
    assert a.status == "termin_vorgeschlagen"
    assert not any("VO-1" in c.text and "Erna" in c.text for c in bot.to_citizen())


async def test_the_citizen_cancels_their_own_request(bot: Harness) -> None:
    await fill_request(bot)
    await _propose(bot)
    await bot.press("vc:yes:1:1")
    await bot.send("/meineanfragen")
    listing = bot.last_citizen()
    assert "Termin bestätigt" in listing.text and "Fr, 27.11.2026" in listing.text
    await bot.press(bot.button(listing, "absagen"))
    confirm = bot.last_citizen()
    await bot.press(bot.button(confirm, "Nein, behalten"))
    assert await _status(bot) == "bestaetigt"
    await bot.press("vc:cancel:1")
    await bot.press("vc:cancelok:1")
    assert "ist abgesagt" in bot.last_citizen().text
    note = _staff_texts(bot)[-1]  # a dated visit: the team is told the date, not to drive there
    assert "VO-1 abgesagt</b> von der Person" in note and "Fr, 27.11.2026" in note
    assert await _status(bot) == "abgesagt"
    assert "abgesagt (von der Person)" in bot.api.sent(STAFF_CHAT, "editMessageText")[-1].text
    await bot.press("vc:cancelok:1")
    assert "schon abgeschlossen" in bot.last_citizen().text
    assert await bot.services.appointments.send_reminders() == 0


async def test_undeliverable_proposal_is_reported_to_staff(bot: Harness) -> None:
    await fill_request(bot)
    bot.api.blocked_chats.add(CITIZEN_ID)
    await _propose(bot)
    note = _staff_texts(bot)[-1]
    assert "konnte nicht zugestellt werden" in note and "+491701234567" in note


async def test_restart_between_proposal_and_answer(bot: Harness) -> None:
    await fill_request(bot)
    await staff_press(bot, "va:propose:1")
    prompt_before = _prompt(bot, "Antworten Sie auf diese Nachricht mit Datum und Zeit")
    await bot.restart()
    await bot.staff_send(FRIDAY_SLOT, prompt_before)
    await bot.restart()
    await bot.press("vc:yes:1:1")
    assert await _status(bot) == "bestaetigt"
    assert bot.api.sent(CITIZEN_ID, "sendDocument")


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def _delivered(bot: Harness, method: str = "sendMessage") -> list[str]:
    return [c.text for c in bot.api.sent(STAFF_CHAT, method) if c.result is not None]


@pytest.mark.parametrize("kind", ["http", "network"])
async def test_a_failed_card_edit_during_a_staff_action_is_only_logged(
    bot: Harness, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    await fill_request(bot)
    bot.api.fail_next("editMessageText", kind=kind)
    await staff_press(bot, "va:done:1")
    assert await _status(bot) == "erledigt"  # the state change is stored
    assert "VO-1 erledigt (Sam Team)" in _delivered(bot)[-1]  # the outbox note arrives
    assert "ist erledigt" in bot.last_citizen().text
    assert bot.api.sent(STAFF_CHAT, "editMessageText")[-1].result is None  # the edit failed …
    assert _errors(caplog) == []  # … and no exception reached the error handler
    assert not any("Technischer Fehler" in text for text in _staff_texts(bot))


async def test_a_failed_staff_chat_message_during_a_staff_action_is_only_logged(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    await fill_request(bot)
    bot.api.fail_next("sendMessage", chat_id=STAFF_CHAT, kind="network")
    await staff_press(bot, "va:claim:1")  # the answer "übernommen" is lost
    assert await _status(bot) == "in_bearbeitung"
    assert "wird jetzt bearbeitet" in bot.last_citizen().text
    card = bot.api.sent(STAFF_CHAT, "editMessageText")[-1]
    assert "in Bearbeitung" in card.text and card.result is not None  # the card still shows it
    assert not any("übernommen" in text for text in _delivered(bot))

    bot.api.fail_next("sendMessage", chat_id=STAFF_CHAT)
    await staff_press(bot, "va:propose:1")  # the prompt is lost: nothing is linked to it
    assert not any("mit Datum und Zeit" in text for text in _delivered(bot))
    await _propose(bot)  # pressing again works
    assert "Vorschlag für VO-1 gesendet" in _delivered(bot)[-1]
    assert "Terminvorschlag zu VO-1" in bot.last_citizen().text
    assert await _status(bot) == "termin_vorgeschlagen"

    bot.api.fail_next("sendMessage", chat_id=STAFF_CHAT)
    await bot.send("/termine", user=bot.staff, chat_id=STAFF_CHAT)
    bot.api.fail_next("sendMessage", chat_id=STAFF_CHAT)
    await bot.send("/vorschlag 1 1.1.2020 10:00", user=bot.staff, chat_id=STAFF_CHAT)
    assert _errors(caplog) == []
    assert not any("Technischer Fehler" in text for text in _staff_texts(bot))
    assert sum("staff chat message not sent" in r.getMessage() for r in caplog.records) == 4
