"""Staff tools in the group: /hilfe lists staff commands, /termine waiting requests, /statistik Vor-Ort."""

from __future__ import annotations

from handlers.telegram.staff_help import STAFF_COMMANDS
from tests.auxil.appointment_steps import fill_request, staff_press
from tests.auxil.harness import STAFF_CHAT, Harness

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}


async def _staff(bot: Harness, text: str) -> str:
    await bot.send(text, user=bot.staff, chat_id=STAFF_CHAT)
    return bot.to_staff()[-1].text


async def test_hilfe_in_the_staff_chat_lists_every_staff_command(bot: Harness) -> None:
    shown = await _staff(bot, "/hilfe")
    assert "Befehle im Team-Chat" in shown
    for command, _ in STAFF_COMMANDS:
        assert f"/{command} – " in shown
    assert "So funktioniert es" not in shown  # not the citizens' help
    await bot.send("/hilfe")
    assert "So funktioniert es" in bot.last_citizen().text  # the citizen still gets theirs


async def test_termine_lists_waiting_requests_with_age_state_and_buttons(bot: Harness) -> None:
    assert "Keine geplanten Besuche" in await _staff(bot, "/termine")
    await fill_request(bot)  # VO-1: new
    await fill_request(bot, OTTO)  # VO-2: proposed, waits for Otto's answer
    await bot.send("/vorschlag 2 27.11. 10:00-11:00", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.send("/termine", user=bot.staff, chat_id=STAFF_CHAT)
    listing = bot.to_staff()[-1]
    assert "10:00–11:00 · VO-2" in listing.text and "vorgeschlagen, noch nicht bestätigt" in listing.text
    assert "Warten auf einen Termin oder eine Antwort (2)" in listing.text
    assert "VO-1 · neu · seit 0 Min. · Borbeck-Mitte · 1 P." in listing.text
    assert "VO-2 · Termin vorgeschlagen" in listing.text
    assert listing.buttons == [("📅 VO-1 Termin vorschlagen", "va:propose:1")]
    await staff_press(bot, "va:propose:1")  # the button opens the usual proposal prompt
    assert "mit Datum und Zeit" in bot.to_staff()[-1].text


async def test_statistik_has_vor_ort_figures_and_stop_alert_subscribers(bot: Harness) -> None:
    await fill_request(bot)
    await fill_request(bot, OTTO)
    await bot.send("/vorschlag 1 27.11. 10:00-11:00", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.press("vc:yes:1:1")
    await bot.press("vc:cancel:2", user=OTTO)
    await bot.press("vc:cancelok:2", user=OTTO)
    await bot.services.stops.subscribe(user_id=4242, chat_id=4242, kind="district", key="45355", lang="de")
    stats = await _staff(bot, "/statistik")
    assert "Neue Anfragen: 2" in stats
    assert "Bestätigt: 1 · Erledigt: 0 · Abgesagt: 1" in stats
    assert "Mittlere Zeit bis zum Terminvorschlag: 0,0 Tage" in stats
    assert "Warten jetzt auf einen Termin oder eine Antwort: 0" in stats
    assert "1 Personen mit 1 Abos" in stats


async def test_weiter_without_configured_targets_says_why(bot: Harness) -> None:
    text = await _staff(bot, "/weiter 1 bauamt")
    assert "keine anderen Team-Chats eingerichtet" in text and "staff.routes" in text
