"""No silent cancellation: /loeschen and a relative's cancel name the visit and tell the Vor-Ort team."""

from __future__ import annotations

from tests.auxil.appointment_steps import fill_request, staff_press
from tests.auxil.harness import STAFF_CHAT, Harness

SLOT = "27.11. 10:00-11:00"  # Friday; the harness clock is Wednesday 25.11.2026 10:00 Berlin
WHEN = "Fr, 27.11.2026, 10:00–11:00 Uhr"


async def _proposed(bot: Harness) -> None:
    await fill_request(bot)
    await staff_press(bot, "va:propose:1")
    prompt = next(c for c in reversed(bot.to_staff()) if "mit Datum und Zeit" in c.text)
    await bot.staff_send(SLOT, prompt)


async def _delete(bot: Harness) -> None:
    await bot.send("/loeschen")
    await bot.press(bot.button(bot.last_citizen(), "löschen"))


async def _termine(bot: Harness) -> str:
    await bot.send("/termine", user=bot.staff, chat_id=STAFF_CHAT)
    return bot.to_staff()[-1].text


async def test_loeschen_with_a_confirmed_visit_warns_names_the_date_and_tells_the_team(bot: Harness) -> None:
    await _proposed(bot)
    await bot.press("vc:yes:1:1")
    assert "VO-1" in await _termine(bot)
    await bot.send("/loeschen")
    confirm = bot.last_citizen()
    assert f"Ihr Termin VO-1 am {WHEN} wird dann abgesagt" in confirm.text
    await bot.press(bot.button(confirm, "löschen"))
    note = next(c.text for c in reversed(bot.to_staff()) if "VO-1 abgesagt" in c.text)
    assert f"Der Termin am {WHEN} (Borbeck-Mitte) entfällt" in note and "nicht hinfahren" in note
    assert "Haus Abendsonne" not in note  # the team gets date and district, not the deleted address
    assert (await bot.services.appointments.get(1)).status == "abgesagt"
    assert "VO-1" not in await _termine(bot)  # the slot is free again


async def test_deletion_during_an_open_proposal_cancels_it_and_the_old_button_is_dead(bot: Harness) -> None:
    await _proposed(bot)
    proposal = bot.last_citizen()
    await bot.send("/loeschen")
    assert f"Ihr Termin VO-1 am {WHEN} wird dann abgesagt" in bot.last_citizen().text
    await bot.press(bot.button(bot.last_citizen(), "löschen"))
    assert any(f"Der Termin am {WHEN}" in c.text and "VO-1 abgesagt" in c.text for c in bot.to_staff())
    await bot.press(bot.button(proposal, "Passt"))  # the proposal's "Passt" after deletion
    assert (await bot.services.appointments.get(1)).status == "abgesagt"
    assert not any("Ihr Termin ist bestätigt" in c.text for c in bot.to_citizen())


async def test_loeschen_without_a_visit_has_no_warning(bot: Harness) -> None:
    await fill_request(bot)  # no date yet
    await bot.send("/loeschen")
    assert "wird dann abgesagt" not in bot.last_citizen().text
    await bot.press(bot.button(bot.last_citizen(), "löschen"))
    note = next(c.text for c in reversed(bot.to_staff()) if "VO-1" in c.text)
    assert "löschen lassen" in note and "Termin am" not in note


async def test_a_relative_cancelling_a_confirmed_visit_is_asked_with_the_date_and_the_team_told(
    bot: Harness,
) -> None:
    await _proposed(bot)
    await bot.press("vc:yes:1:1")
    await bot.press("vc:cancel:1")
    ask = bot.last_citizen()
    assert f"Termin <b>VO-1</b> am <b>{WHEN}</b> wirklich absagen" in ask.text
    await bot.press(bot.button(ask, "absagen"))
    assert "ist abgesagt" in bot.last_citizen().text
    note = next(c.text for c in reversed(bot.to_staff()) if "VO-1 abgesagt" in c.text)
    assert f"Der Termin am {WHEN} (Borbeck-Mitte) entfällt" in note
    assert "VO-1" not in await _termine(bot)
    await bot.press("vc:cancelok:1")  # a second press: already cancelled, nothing sent to staff again
    assert sum("VO-1 abgesagt" in c.text for c in bot.to_staff()) == 1
