"""Forms that take real answers: names with roles, phones with notes, resident lists, corrections."""

from __future__ import annotations

from tests.auxil.appointment_steps import CARE_HOME
from tests.auxil.harness import Harness


async def _to_residents(bot: Harness) -> None:
    """A relative's care-home request, up to the first resident."""
    await bot.send("/termin")
    steps = ("vo:who:relative", "vo:why:care_home", "vo:svc:id_card", "vo:svc:done", "vo:where:care_home")
    for data in steps:
        await bot.press(data)
    await bot.send(CARE_HOME)


async def _finish(bot: Harness) -> None:
    await bot.press("vo:time:morning")
    await bot.press("vo:ok")
    await bot.press("vo:consent:yes")
    await bot.press("vo:send")


async def test_names_with_roles_and_titles_and_phones_with_notes_are_taken(bot: Harness) -> None:
    await _to_residents(bot)
    await bot.send("Dr. Erna von der Heide, 1938")
    await bot.press("vo:more:no")
    await bot.send("Schmitz-Becker (Tochter)")
    await bot.send("0201 123456 (abends)")
    await _finish(bot)
    (request,) = await bot.services.appointments.for_user(bot.citizen["id"])
    assert request.contact_name == "Schmitz-Becker (Tochter)"
    assert request.phone == "+49201123456 (abends)"
    assert [(p.name, p.year) for p in request.applicants] == [("Dr. Erna von der Heide", 1938)]


async def test_a_residents_list_one_per_line_with_optional_years(bot: Harness) -> None:
    await _to_residents(bot)
    await bot.send("Erna Muster, 1938\nKarl O'Neill (Jg. 1941)\nAnna Schmitz-Becker")
    assert "3 Personen notiert" in bot.last_citizen().text
    await bot.press("vo:more:no")
    await bot.send("Klaus Muster, Sohn")
    await bot.send("+49 201 123456")
    await _finish(bot)
    (request,) = await bot.services.appointments.for_user(bot.citizen["id"])
    assert [(p.name, p.year) for p in request.applicants] == [
        ("Erna Muster", 1938),
        ("Karl O'Neill", 1941),
        ("Anna Schmitz-Becker", None),
    ]
    assert request.contact_name == "Klaus Muster (Sohn)" and request.phone == "+49201123456"


async def test_a_bad_line_in_the_list_is_named_and_nothing_is_lost(bot: Harness) -> None:
    await _to_residents(bot)
    await bot.send("Erna Muster, 1938\n12345\nKarl Muster, 1850")
    problem = bot.last_citizen().text
    assert "Zeile 2" in problem and "z. B." in problem  # re-asked politely with an example
    await bot.send("Erna Muster, 1938\nKarl Muster, 1941")
    assert "2 Personen notiert" in bot.last_citizen().text


async def test_a_postal_code_correction_changes_only_the_postal_code(bot: Harness) -> None:
    await _to_residents(bot)
    await bot.send("oh sorry, 45356")  # typed at the name step, meant for the address
    note = bot.last_citizen().text
    assert "nur die Postleitzahl geändert" in note
    assert "Haus Abendsonne, Borbecker Str. 5, 45356 Essen" in note
    await bot.send("Erna Muster, 1938")  # the form goes on where it was
    await bot.press("vo:more:no")
    await bot.send("Klaus Muster")
    await bot.send("sorry, ich meinte 0201 654321")  # a marker before the phone number
    await _finish(bot)
    (request,) = await bot.services.appointments.for_user(bot.citizen["id"])
    assert request.place == "Haus Abendsonne, Borbecker Str. 5, 45356 Essen"
    assert request.postal_code == "45356" and request.district in ("Bochold", "Bergeborbeck", "Vogelheim")
    assert request.contact_name == "Klaus Muster" and request.phone == "+49201654321"


async def test_an_unclear_correction_is_asked_about_and_changes_nothing(bot: Harness) -> None:
    await _to_residents(bot)
    await bot.send("Oh sorry!")
    assert "Was möchten Sie korrigieren?" in bot.last_citizen().text
    await bot.send("Erna Muster, 1938")
    await bot.press("vo:more:no")
    await bot.send("Klaus Muster")
    await bot.send("0201 123456")
    await _finish(bot)
    (request,) = await bot.services.appointments.for_user(bot.citizen["id"])
    assert request.place == CARE_HOME and [p.name for p in request.applicants] == ["Erna Muster"]
