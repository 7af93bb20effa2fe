"""A proposal with several dates in Telegram: one button per date, 'Keiner passt', double and stale presses.

The dates are proposed through the service (the console's path; the group keeps its one-date
flow); the citizen's side is the real Application on the offline Bot API.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.appointments import Slot
from core.staff import StaffActor
from tests.auxil.appointment_steps import card_of, fill_request
from tests.auxil.harness import STAFF_CHAT, Harness

SAM = StaffActor(user_id=42, name="Sam Team")
FRIDAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 in Berlin; the harness clock is Wed 25.11.


def _slot(days: int, hour: int) -> Slot:
    start = FRIDAY + timedelta(days=days, hours=hour - 10)
    return Slot(start, start + timedelta(hours=1))


def _confirmations(bot: Harness) -> list[str]:
    return [c.text for c in bot.to_citizen() if "Ihr Termin ist bestätigt</b>" in c.text]


def _card_edits(bot: Harness) -> list[str]:
    return [c.text for c in bot.api.sent(STAFF_CHAT, "editMessageText") if "Vor-Ort-Anfrage VO-1" in c.text]


async def test_the_citizen_picks_the_second_date_once(bot: Harness) -> None:
    await fill_request(bot)
    card = card_of(bot, "VO-1")
    await bot.services.appointments.propose_options(1, SAM, [_slot(0, 10), _slot(4, 14)])
    await bot.services.appointments.redraw_cards(1)
    await bot.settle()
    proposal = bot.last_citizen()
    assert "Terminvorschläge zu VO-1" in proposal.text
    assert "1. Fr, 27.11.2026, 10:00–11:00 Uhr" in proposal.text
    assert "2. Di, 01.12.2026, 14:00–15:00 Uhr" in proposal.text
    assert proposal.buttons == [
        ("✅ Fr 27.11., 10:00 passt", "vc:opt:1:1:0"),
        ("✅ Di 1.12., 14:00 passt", "vc:opt:1:1:1"),
        ("❌ Keiner passt", "vc:no:1:1"),
    ]
    edited = _card_edits(bot)[-1]
    assert "Vorgeschlagene Termine:" in edited and "2. Di, 01.12.2026, 14:00–15:00 Uhr" in edited
    assert bot.api.sent(STAFF_CHAT, "editMessageText")[-1].params["message_id"] == card.message_id

    await bot.press(bot.button(proposal, "Di 1.12."))
    a = await bot.services.appointments.get(1)
    assert a.status == "bestaetigt" and a.visit_start == _slot(4, 14).start
    assert len(_confirmations(bot)) == 1 and "Di, 01.12.2026, 14:00–15:00 Uhr" in _confirmations(bot)[0]
    edited = _card_edits(bot)[-1]  # the card shows the chosen date now
    assert "bestätigt" in edited and "<b>Termin:</b> Di, 01.12.2026, 14:00–15:00 Uhr" in edited
    assert "Vorgeschlagene Termine" not in edited
    assert any("VO-1: Termin bestätigt – Di, 01.12.2026, 14:00–15:00 Uhr" in c.text for c in bot.to_staff())

    for again in ("vc:opt:1:1:1", "vc:opt:1:1:0"):  # double press, and the other date afterwards
        await bot.press(again)
        assert "schon bestätigt: Di, 01.12.2026, 14:00–15:00 Uhr" in bot.last_citizen().text
    assert len(_confirmations(bot)) == 1  # no second confirmation
    assert (await bot.services.appointments.get(1)).visit_start == _slot(4, 14).start


async def test_an_old_proposals_buttons_answer_politely_and_none_fits_goes_back(bot: Harness) -> None:
    await fill_request(bot)
    await bot.services.appointments.propose_options(1, SAM, [_slot(0, 10), _slot(0, 14)])
    await bot.settle()
    old = bot.last_citizen()
    await bot.services.appointments.propose_options(1, SAM, [_slot(4, 9), _slot(5, 9), _slot(6, 9)])
    await bot.settle()
    new = bot.last_citizen()
    assert [d for _, d in new.buttons] == ["vc:opt:1:2:0", "vc:opt:1:2:1", "vc:opt:1:2:2", "vc:no:1:2"]
    await bot.press(bot.button(old, "Fr 27.11., 14:00"))
    assert "Dieser Vorschlag ist nicht mehr aktuell" in bot.last_citizen().text
    await bot.press("vc:opt:1:2:7")  # forged: no such date
    assert "nicht mehr aktuell" in bot.last_citizen().text
    assert (await bot.services.appointments.get(1)).status == "termin_vorgeschlagen"
    assert not _confirmations(bot)

    await bot.press(bot.button(new, "Keiner passt"))
    await bot.send("Lieber nachmittags")
    a = await bot.services.appointments.get(1)
    assert a.status == "in_bearbeitung" and a.citizen_wish == "Lieber nachmittags" and a.options == ()
    assert any("Termin passt nicht. Wunsch: Lieber nachmittags" in c.text for c in bot.to_staff())
    await bot.press(bot.button(new, "Di 1.12."))  # after "Keiner passt" the dates are gone
    assert "nicht mehr aktuell" in bot.last_citizen().text
    assert (await bot.services.appointments.get(1)).status == "in_bearbeitung"
