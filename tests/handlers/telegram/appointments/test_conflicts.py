"""The double-booking guard in the staff group: a colliding proposal shows the conflict, needs an override."""

from __future__ import annotations

from tests.auxil.appointment_steps import fill_request, staff_press
from tests.auxil.harness import STAFF_CHAT, Harness

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}


async def _propose(bot: Harness, number: int, slot: str) -> None:
    await bot.send(f"/vorschlag {number} {slot}", user=bot.staff, chat_id=STAFF_CHAT)


async def _two_requests_one_confirmed(bot: Harness) -> None:
    await fill_request(bot)  # VO-1, confirmed Friday 10-11
    await fill_request(bot, OTTO)  # VO-2, waiting for a date
    await _propose(bot, 1, "27.11. 10:00-11:00")
    await bot.press("vc:yes:1:1")


async def test_an_overlapping_proposal_shows_the_conflict_and_sends_nothing(bot: Harness) -> None:
    await _two_requests_one_confirmed(bot)
    before = len(bot.api.sent(4242))
    await _propose(bot, 2, "27.11. 10:30-11:30")
    warning = bot.to_staff()[-1]
    assert "VO-2: Fr, 27.11.2026, 10:30–11:30 Uhr überschneidet sich" in warning.text
    line = "• VO-1 · Fr, 27.11.2026, 10:00–11:00 Uhr · Borbeck-Mitte · bestätigt – gleichzeitig"
    assert line in warning.text
    assert "30 Min. Fahrzeit" in warning.text
    assert [label for label, _ in warning.buttons] == ["Trotzdem vorschlagen"]
    assert len(bot.api.sent(4242)) == before  # Otto got no proposal
    assert (await bot.services.appointments.get(2)).status == "neu"


async def test_too_little_travel_time_is_a_conflict_too_and_a_free_slot_is_not(bot: Harness) -> None:
    await _two_requests_one_confirmed(bot)
    await _propose(bot, 2, "27.11. 11:15-12:00")
    assert "nur 15 Min. Abstand" in bot.to_staff()[-1].text
    await _propose(bot, 2, "27.11. 11:30-12:30")  # exactly the buffer: fine
    assert "Terminvorschlag zu VO-2" in bot.api.last(4242).text
    # the proposed VO-2 holds its time as well: a third request may not take it silently
    await fill_request(bot, {**OTTO, "id": 4343, "first_name": "Ute"})
    await _propose(bot, 3, "27.11. 12:00-13:00")
    assert "VO-2 · Fr, 27.11.2026, 11:30–12:30 Uhr" in bot.to_staff()[-1].text
    assert "termin vorgeschlagen" in bot.to_staff()[-1].text.lower()


async def test_the_override_proposes_once_and_says_so(bot: Harness) -> None:
    await _two_requests_one_confirmed(bot)
    await _propose(bot, 2, "27.11. 10:30-11:30")
    force = bot.button(bot.to_staff()[-1], "Trotzdem")
    await staff_press(bot, force)
    assert "Terminvorschlag zu VO-2" in bot.api.last(4242).text
    assert any("trotz Überschneidung mit VO-1" in c.text for c in bot.to_staff())
    assert (await bot.services.appointments.get(2)).status == "termin_vorgeschlagen"
    proposals = len([c for c in bot.api.sent(4242) if "Terminvorschlag" in c.text])
    await staff_press(bot, force)  # a second press of the same button
    assert "schon vorgeschlagen" in bot.to_staff()[-1].text
    assert len([c for c in bot.api.sent(4242) if "Terminvorschlag" in c.text]) == proposals
    events = await bot.services.appointments.repo.events(2)
    assert any(e.note and "trotz VO-1" in e.note for e in events)
    await bot.send("/termine", user=bot.staff, chat_id=STAFF_CHAT)
    listing = bot.to_staff()[-1].text
    assert "10:00–11:00 · VO-1" in listing and "10:30–11:30 · VO-2" in listing
    assert "vorgeschlagen, noch nicht bestätigt" in listing


async def test_forged_override_buttons_change_nothing(bot: Harness) -> None:
    await _two_requests_one_confirmed(bot)
    for data in ("va:force:2:abc:1", "va:force:2:100:200", "va:force:2", "va:force:2:29000000:28000000"):
        await staff_press(bot, data)
        assert "nicht mehr gültig" in bot.to_staff()[-1].text
    stranger = {**OTTO, "id": 666}
    await bot.press("va:force:2:99999999:99999999", user=stranger, chat_id=STAFF_CHAT)
    assert "nur für das Team" in bot.to_staff()[-1].text
    assert (await bot.services.appointments.get(2)).status == "neu"
