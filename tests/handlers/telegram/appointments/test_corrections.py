"""Typed corrections on the request's summary: only the named field changes, checked like at first entry."""

from __future__ import annotations

from core.appointments import Appointment
from tests.auxil.appointment_steps import CARE_HOME, fill_request
from tests.auxil.harness import Harness

SUMMARY = "Bitte prüfen Sie Ihre Angaben"


def _edit_buttons(bot: Harness) -> list[str]:
    return [data for _, data in bot.last_citizen().buttons if data.startswith("vo:edit:")]


async def _sent(bot: Harness) -> Appointment:
    await bot.press("vo:send")
    (request,) = await bot.services.appointments.for_user(bot.citizen["id"])
    return request


async def test_a_typed_phone_correction_changes_only_the_phone(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.send("Telefon: 0201 654321 (abends)")
    shown = bot.last_citizen().text
    assert "Geändert: <b>Telefon</b> – <i>+49201654321 (abends)</i>" in shown
    assert SUMMARY in shown and "+49201654321 (abends)" in shown and "Klaus Muster" in shown
    assert "vo:send" in [data for _, data in bot.last_citizen().buttons]
    request = await _sent(bot)
    assert request.phone == "+49201654321 (abends)"
    assert request.place == CARE_HOME and request.contact_name == "Klaus Muster"
    assert [(p.name, p.year) for p in request.applicants] == [("Erna Muster", 1938)]


async def test_postal_code_address_and_contact_corrections(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.send("oh sorry, 45356")
    assert "Haus Abendsonne, Borbecker Str. 5, 45356 Essen" in bot.last_citizen().text
    await bot.send("Ansprechperson: Klaus Schmitz-Becker (Sohn)")
    assert "Klaus Schmitz-Becker (Sohn)" in bot.last_citizen().text
    await bot.send("Adresse: Haus am Park, Rüttenscheider Str. 5, 45130 Essen")
    assert "Rüttenscheid" in bot.last_citizen().text and SUMMARY in bot.last_citizen().text
    request = await _sent(bot)
    assert request.place == "Haus am Park, Rüttenscheider Str. 5, 45130 Essen"
    assert request.postal_code == "45130" and request.district == "Rüttenscheid"
    assert request.contact_name == "Klaus Schmitz-Becker (Sohn)" and request.phone == "+491701234567"


async def test_name_and_year_of_the_one_person(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.send("Geburtsjahr 1941")
    assert "Erna Muster (geb. 1941)" in bot.last_citizen().text
    await bot.send("Name: Dr. Erna von der Heide")
    assert "Dr. Erna von der Heide (geb. 1941)" in bot.last_citizen().text
    request = await _sent(bot)
    assert [(p.name, p.year) for p in request.applicants] == [("Dr. Erna von der Heide", 1941)]


async def test_with_several_persons_the_bot_asks_which_one(bot: Harness) -> None:
    await fill_request(bot, residents=("Erna Muster, 1938", "Karl Muster, 1936"), send=False)
    await bot.send("Geburtsjahr 1941")
    assert "Für welche Person?" in bot.last_citizen().text
    assert "vo:edit:persons" in _edit_buttons(bot)  # buttons over typing
    await bot.send("Geburtsjahr: Karl Muster, 1937")
    assert "Karl Muster (geb. 1937)" in bot.last_citizen().text
    request = await _sent(bot)
    assert [(p.name, p.year) for p in request.applicants] == [("Erna Muster", 1938), ("Karl Muster", 1937)]


async def test_invalid_values_are_explained_and_change_nothing(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.send("Telefon: 12")
    problem = bot.last_citizen().text
    assert "z. B." in problem and SUMMARY not in problem
    assert "vo:edit:phone" in _edit_buttons(bot)
    await bot.send("Adresse: Unter den Linden 1, 10117 Berlin")
    assert "Essen" in bot.last_citizen().text and "vo:edit:where" in _edit_buttons(bot)
    await bot.send("Geburtsjahr 1820")
    assert "vo:edit:persons" in _edit_buttons(bot)
    request = await _sent(bot)
    assert request.phone == "+491701234567" and request.place == CARE_HOME
    assert [(p.name, p.year) for p in request.applicants] == [("Erna Muster", 1938)]


async def test_unclear_text_asks_with_the_change_buttons(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.send("Das stimmt so nicht")
    assert "Was möchten Sie ändern?" in bot.last_citizen().text
    assert {"vo:edit:phone", "vo:edit:persons", "vo:edit:where"} <= set(_edit_buttons(bot))
    request = await _sent(bot)
    assert request.phone == "+491701234567" and request.contact_name == "Klaus Muster"


async def test_a_button_field_opens_its_buttons_and_the_summary_comes_back(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.send("Anliegen: auch Reisepass")
    assert "mit den Knöpfen" in bot.last_citizen().text
    assert "vo:svc:passport" in [data for _, data in bot.last_citizen().buttons]
    await bot.press("vo:svc:passport")
    await bot.press("vo:svc:done")
    await bot.press("vo:ok")  # the checklist changed with the services
    assert SUMMARY in bot.last_citizen().text and "Reisepass" in bot.last_citizen().text
    await bot.send("Wunschzeit")
    assert "vo:time:afternoon" in [data for _, data in bot.last_citizen().buttons]
    await bot.press("vo:time:afternoon")
    assert SUMMARY in bot.last_citizen().text
    request = await _sent(bot)
    assert "passport" in request.services and request.preferred_time == "afternoon"


async def test_a_correction_survives_a_restart(bot: Harness) -> None:
    await fill_request(bot, send=False)
    await bot.send("Telefon 0201 999999")
    await bot.restart()
    request = await _sent(bot)
    assert request.phone == "+49201999999"

