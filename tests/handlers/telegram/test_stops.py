"""The Bürgermobil lookups for citizens, through the real Application on the small test plan.

The clock stands at Wednesday 2026-11-25 10:00 Berlin. The test plan has Werden today
(11:00–15:00), Steele every Thursday, Kray every Monday (no coordinates), Altenessen on the
first Friday, Borbeck on the 2nd and 4th Tuesday (8.12. cancelled, 22.12. moved to 21.12.)
and a one-off stop in Rüttenscheid on 25.12.
"""

from __future__ import annotations

import json
from datetime import timedelta

from core.clock import ManualClock
from core.texts import t
from handlers.telegram.offline import UpdateFactory
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness
from tests.auxil.stops_support import last_call, share_location

MENU = "🚐 Wo ist das Bürgermobil?"


def texts_since(bot: Harness, count: int) -> str:
    """All texts sent to the citizen after the first `count` messages."""
    return "\n".join(c.text for c in bot.to_citizen()[count:])


async def ask(bot: Harness, text: str) -> str:
    """Send a text and return everything the citizen got for it."""
    before = len(bot.to_citizen())
    await bot.send(text)
    return texts_since(bot, before)


# -- the overview --------------------------------------------------------------------------------------


async def test_menu_button_shows_today_and_next_stops_from_the_plan(sbot: Harness) -> None:
    await sbot.send(MENU)
    overview, prompt = sbot.to_citizen()[-2:]
    assert "Heute, Mittwoch, 25. November" in overview.text
    assert "11:00–15:00 Uhr · Werden, Werdener Markt" in overview.text
    assert "Do 26.11., 10:00–13:00 Uhr · Steele, Dreiringplatz" in overview.text
    assert ("📅 Do 26.11. · Steele", "so:ics:2026-11-26-steele") in overview.buttons
    assert ("🔔 Erinnern", "so:sub:p:steele") in overview.buttons
    labels = [label for label, _ in prompt.buttons]
    assert labels == [
        "📅 Heute",
        "📅 Morgen",
        "🗓 Diese Woche",
        "🏘 Stadtteil oder PLZ eingeben",
        "📍 Standort senden",
        "↩️ Zurück zum Menü",
    ]
    keyboard = prompt.params["reply_markup"]
    markup = json.loads(keyboard) if isinstance(keyboard, str) else keyboard
    assert markup["keyboard"][2][0]["request_location"] is True


async def test_command_and_umlaut_command_and_running_stop(sbot: Harness, clock: ManualClock) -> None:
    await sbot.send("/buergermobil")
    assert "Werden, Werdener Markt" in sbot.to_citizen()[-2].text
    clock.set(clock.now().replace(hour=11))  # 12:00 Berlin: Werden is open now
    answer = await ask(sbot, "/bürgermobil")
    assert "Werden, Werdener Markt</b> – 🟢 jetzt geöffnet" in answer
    answer = await ask(sbot, "/bürgermobil morgen")
    assert "Bürgermobil morgen (Donnerstag, 26. November)" in answer


async def test_faq_answer_about_the_buergermobil_is_followed_by_the_live_plan(sbot: Harness) -> None:
    answer = await ask(sbot, "Was ist das Bürgermobil?")
    assert "rollendes Büro" in answer
    assert "Heute, Mittwoch, 25. November" in answer
    answer = await ask(sbot, "Wann kommt der Bürgerbus nach Borbeck?")
    assert "Bürgermobil in Borbeck" in answer
    assert "FÄLLT AUS: Di 8.12." in answer and "Weihnachtsmarkt" in answer
    assert "Mo 21.12., 09:00–12:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt) – verlegt" in answer


# -- by day ------------------------------------------------------------------------------------------------


async def test_lookups_by_day_words(sbot: Harness) -> None:
    await sbot.send(MENU)
    answer = await ask(sbot, "morgen")
    assert "Bürgermobil morgen (Donnerstag, 26. November)" in answer
    assert "10:00–13:00 Uhr · Steele, Dreiringplatz" in answer
    answer = await ask(sbot, "am Freitag")
    assert "Freitag, 27. November" in answer
    assert "An diesem Tag steht das Bürgermobil nirgends." in answer
    assert "Der nächste Halt danach:" in answer and "Mo 30.11., 09:00–10:00 Uhr · Kray" in answer
    answer = await ask(sbot, "nächste Woche")
    assert "nächste Woche (30.11.–6.12.)" in answer
    assert answer.index("Mo 30.11.") < answer.index("Do 3.12.") < answer.index("Fr 4.12.")
    assert "Altenessen, Altenessener Markt" in answer
    answer = await ask(sbot, "3.12.")
    assert "am Donnerstag, 3. Dezember" in answer and "Steele, Dreiringplatz" in answer
    answer = await ask(sbot, "8.12.")
    assert "❌ <b>FÄLLT AUS: 08:00–13:00 Uhr · Borbeck, Neuer Markt (Wochenmarkt) – Weihnachtsmarkt" in answer


async def test_keyboard_day_buttons_work_without_the_flag_and_holidays_are_named(sbot: Harness) -> None:
    answer = await ask(sbot, "🗓 Diese Woche")
    assert "diese Woche (25.11.–29.11.)" in answer
    assert "Werden" in answer and "Steele" in answer
    answer = await ask(sbot, "📅 Morgen")
    assert "Steele, Dreiringplatz" in answer
    await sbot.send(MENU)
    answer = await ask(sbot, "26.12.")
    assert "Feiertag: Zweiter Weihnachtstag" in answer


async def test_flag_never_swallows_an_ordinary_question(sbot: Harness) -> None:
    await sbot.send(MENU)
    answer = await ask(sbot, "Was kostet ein Personalausweis?")
    assert "Personalausweis" in answer and "46,00" in answer
    assert "Bürgermobil" not in answer
    # the flag is gone: a bare weekday is an ordinary text again (a bare district name is
    # always a stop lookup: tests/handlers/telegram/test_intents.py)
    answer = await ask(sbot, "Donnerstag")
    assert "Bürgermobil am" not in answer


async def test_back_to_menu_ends_the_lookup(sbot: Harness) -> None:
    await sbot.send(MENU)
    await sbot.send("↩️ Zurück zum Menü")
    assert sbot.last_citizen().buttons[0][0] == "❓ Frage stellen"
    answer = await ask(sbot, "Donnerstag")
    assert "Bürgermobil am" not in answer


# -- by district or postal code ------------------------------------------------------------------------


async def test_fuzzy_district_and_postal_code_lookups(sbot: Harness) -> None:
    await sbot.send(MENU)
    for query in ("Rü", "Rüttenscheid", "45130"):
        answer = await ask(sbot, query)
        assert "Fr 25.12., 11:00–14:00 Uhr · Rüttenscheid, Weihnachtsfeier" in answer, query
        assert "Rüttenscheider Platz, 45130 Essen" in answer
    assert "Bürgermobil in PLZ 45130 (Rüttenscheid)" in answer
    assert ("🔔 Erinnern für PLZ 45130 (Rüttenscheid)", "so:sub:d:45130") in sbot.last_citizen().buttons
    answer = await ask(sbot, "Borbek")
    assert "Bürgermobil in Borbeck" in answer
    assert ("🔔 Erinnern für Borbeck", "so:sub:d:Borbeck") in sbot.last_citizen().buttons


async def test_district_without_stops_gets_the_nearest_elsewhere(sbot: Harness) -> None:
    await sbot.send("🏘 Stadtteil oder PLZ eingeben")
    assert "Stadtteil oder Ihre Postleitzahl" in sbot.last_citizen().text
    answer = await ask(sbot, "Frohnhausen")
    assert "In Frohnhausen ist zurzeit kein Halt geplant" in answer
    borbeck, altenessen, werden = (answer.index(p) for p in ("Borbeck,", "Altenessen,", "Werden,"))
    assert borbeck < altenessen < werden
    assert "(3,5 km entfernt)" in answer
    # no coordinates for Schönebeck: the stops in its borough (IV: Borbeck)
    answer = await ask(sbot, "Schönebeck")
    assert "In Schönebeck ist zurzeit kein Halt geplant" in answer and "Borbeck, Neuer Markt" in answer


async def test_ambiguous_typo_offers_the_other_district_and_foreign_postcode(sbot: Harness) -> None:
    await sbot.send(MENU)
    answer = await ask(sbot, "Schonebeck")
    assert "Schonnebeck" in answer
    other = sbot.button(sbot.last_citizen(), "Meinten Sie Schönebeck")
    await sbot.press(other)
    assert "Bürgermobil in Schönebeck" in sbot.last_citizen().text
    answer = await ask(sbot, "44787")
    assert "44787 ist keine Essener Postleitzahl" in answer
    assert "Werden, Werdener Markt" in answer


# -- by location ---------------------------------------------------------------------------------------


async def test_shared_location_lists_nearest_stops_by_distance_with_map_pins(sbot: Harness) -> None:
    await share_location(sbot, 51.452, 7.075)  # near the Dreiringplatz in Steele
    header = sbot.api.sent(CITIZEN_ID, "sendMessage")[-1]
    venues = sbot.api.sent(CITIZEN_ID, "sendVenue")
    assert "Die nächsten Halte in Ihrer Nähe" in header.text
    places = [v.params["title"].split(" · ")[0] for v in venues]
    assert places == ["Steele, Dreiringplatz", "Altenessen, Altenessener Markt", "Werden, Werdener Markt"]
    assert [v.params["title"].split(" · ")[1] for v in venues] == ["250 m", "6,3 km", "8,7 km"]
    assert [header.text.index(p) for p in places] == sorted(header.text.index(p) for p in places)
    first = venues[0]
    assert (first.params["latitude"], first.params["longitude"]) == (51.45, 7.077)
    assert first.params["address"].startswith("Do 26.11., 10:00–13:00 Uhr")
    assert first.buttons == [
        ("📅 In den Kalender", "so:ics:2026-11-26-steele"),
        ("🔔 Erinnern", "so:sub:p:steele"),
    ]
    # the places without coordinates (Kray) never appear as pins
    assert all("Kray" not in v.params["title"] for v in venues)


async def test_location_far_from_essen_says_so(sbot: Harness) -> None:
    await share_location(sbot, 52.52, 13.405)  # Berlin
    assert "nicht in Essen" in sbot.api.sent(CITIZEN_ID, "sendMessage")[-1].text
    assert len(sbot.api.sent(CITIZEN_ID, "sendVenue")) == 3


# -- the calendar file ----------------------------------------------------------------------------------


async def test_calendar_button_sends_an_ics_file(sbot: Harness) -> None:
    await sbot.send(MENU)
    await sbot.press(sbot.button(sbot.to_citizen()[-2], "Do 26.11."))
    document = last_call(sbot, CITIZEN_ID, "sendDocument")
    content = next(iter(document.files.values())).decode("utf-8")
    assert "BEGIN:VCALENDAR" in content and "BEGIN:VEVENT" in content
    assert "DTSTART;TZID=Europe/Berlin:20261126T100000" in content
    assert "UID:2026-11-26-steele@buergermobil-essen" in content
    assert "Dreiringplatz" in content
    assert "In den Kalender" not in document.text and "Steele, Dreiringplatz" in document.text


async def test_calendar_button_for_unknown_or_cancelled_stop(sbot: Harness) -> None:
    await sbot.press("so:ics:2031-01-01-nirgendwo")
    assert any("nicht mehr im Plan" in c.text for c in sbot.to_citizen()[-2:])
    await sbot.press("so:ics:2026-12-08-borbeck")
    assert "Dieser Halt fällt aus" in sbot.last_citizen().text
    assert not sbot.api.sent(CITIZEN_ID, "sendDocument")
    await sbot.press("so:nonsense")
    assert sbot.last_citizen().text == t("stale_button")


async def test_english_user_and_the_overview_in_the_staff_group(sbot: Harness) -> None:
    english = UpdateFactory.user(CITIZEN_ID, "John", "en")
    await sbot.send("🚐 Where is the Bürgermobil?", user=english)
    overview, prompt = sbot.to_citizen()[-2:]
    assert "Today, Wednesday, 25 November" in overview.text
    assert "Thu 26 Nov, 10:00–13:00 · Steele, Dreiringplatz" in overview.text
    assert ("🔔 Remind me", "so:sub:p:steele") in overview.buttons
    assert "📍 Send my location" in [label for label, _ in prompt.buttons]
    await sbot.send("tomorrow", user=english)
    assert "Bürgermobil tomorrow (Thursday, 26 November)" in sbot.last_citizen().text
    # in the staff group: the plan, without reminder buttons and without the citizen keyboard
    await sbot.staff_send("/buergermobil")
    assert "Werden, Werdener Markt" in sbot.to_staff()[-1].text
    assert sbot.to_staff()[-1].buttons == []
    await sbot.press("so:sub:p:steele", user=sbot.staff, chat_id=STAFF_CHAT)
    assert await sbot.services.stops.subscriptions.for_user(sbot.staff["id"]) == []


async def test_whole_city_and_unknown_words(sbot: Harness) -> None:
    await sbot.send(MENU)
    answer = await ask(sbot, "Essen")
    assert "Heute, Mittwoch, 25. November" in answer
    answer = await ask(sbot, "/buergermobil Atlantis")
    assert "»Atlantis« kenne ich nicht" in answer


async def test_the_lookup_flag_survives_a_restart_and_expires(sbot: Harness, clock: ManualClock) -> None:
    await sbot.send(MENU)
    await sbot.restart()
    answer = await ask(sbot, "morgen")
    assert "Bürgermobil morgen" in answer
    clock.advance(timedelta(hours=2))  # the flag expires after half an hour without a lookup
    answer = await ask(sbot, "Donnerstag")
    assert "Bürgermobil am" not in answer


async def test_cancel_ends_a_pending_stop_lookup(sbot: Harness) -> None:
    await sbot.send("/buergermobil")
    await sbot.send("/abbrechen")
    assert "Gut, abgebrochen" in sbot.last_citizen().text
    await sbot.send("/abbrechen")
    assert "Es läuft gerade nichts" in sbot.last_citizen().text
