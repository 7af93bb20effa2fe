"""Intent routing before the FAQ, through the real Application on the small test plan.

Small talk gets a short reply with the main menu and never the team queue; stop questions in
free text get the stop lookup; Vor-Ort wording gets the visit request. The clock stands at
Wednesday 2026-11-25 10:00 Berlin (Steele every Thursday, Borbeck on the 2nd and 4th Tuesday).
"""

from __future__ import annotations

import pytest

from core.texts import t
from tests.auxil.harness import Harness

MENU_LABEL = "❓ Frage stellen"
QUEUE_DATA = ("esc:yes", "esc:no")


async def replies(bot: Harness, text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Send a text; the (text, buttons) of every message the citizen got for it."""
    before = len(bot.to_citizen())
    await bot.send(text)
    return [(call.text, call.buttons) for call in bot.to_citizen()[before:]]


def offers_queue(answer: list[tuple[str, list[tuple[str, str]]]]) -> bool:
    return any(data in QUEUE_DATA or data.startswith("tk:") for _, buttons in answer for _, data in buttons)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hallo", "Guten Tag! 👋"),
        ("Guten Morgen!", "Guten Tag! 👋"),
        ("danke", "Gern geschehen!"),
        ("Vielen Dank 👍", "Gern geschehen!"),
        ("tschüss", "Auf Wiedersehen!"),
        ("menü", "Hier ist das Menü."),
        ("start", "Hier ist das Menü."),
        ("Hilfe", "So funktioniert es"),
        ("bist du ein mensch?", "kein Mensch"),
        ("du bist doof", "Das tut mir leid."),
        ("👍", "Gern geschehen!"),
        ("🤔", "in Worten"),
        ("ok", "Gut!"),
        ("ja", "tippen Sie auf einen Knopf unter meiner Nachricht"),
    ],
)
async def test_small_talk_gets_a_short_reply_with_the_menu_and_never_the_queue(
    sbot: Harness, text: str, expected: str
) -> None:
    answer = await replies(sbot, text)
    assert len(answer) == 1, answer
    reply_text, buttons = answer[0]
    assert expected in reply_text
    assert (MENU_LABEL, MENU_LABEL) in buttons  # the main menu keyboard
    assert not offers_queue(answer)
    assert "keine sichere Antwort" not in reply_text


async def test_english_small_talk_is_answered_in_english(sbot: Harness) -> None:
    (answer,) = await replies(sbot, "thank you!")
    assert "You are welcome!" in answer[0]
    assert ("❓ Ask a question", "❓ Ask a question") in answer[1]
    (answer,) = await replies(sbot, "are you a bot?")
    assert "not a person" in answer[0]


async def test_small_talk_with_an_open_ticket_is_not_added_to_it(sbot: Harness) -> None:
    await sbot.send("Darf ich auf dem Markt in Steele Waffeln verkaufen?")
    await sbot.press("esc:yes")
    assert "#1" in sbot.last_citizen().text
    answer = await replies(sbot, "Danke!")
    assert [text for text, _ in answer] == [t("talk.thanks")]
    assert not offers_queue(answer)
    # a real follow-up still asks whether it belongs to the ticket
    answer = await replies(sbot, "Und was kostet die Karte?")
    assert any(data == "tk:add:1" for _, buttons in answer for _, data in buttons)


async def test_a_question_after_a_greeting_is_still_a_question(sbot: Harness) -> None:
    answer = await replies(sbot, "Hallo, was kostet ein Personalausweis?")
    assert "46,00" in answer[0][0]


async def test_stop_question_with_a_weekday_gets_the_stop_lookup(sbot: Harness) -> None:
    answer = await replies(sbot, "wo steht der bus am dienstag")
    text = "\n".join(text for text, _ in answer)
    assert "Bürgermobil am Dienstag, 1. Dezember" in text
    assert not offers_queue(answer)


async def test_stop_question_about_a_district_gets_its_stops(sbot: Harness) -> None:
    answer = await replies(sbot, "kommt das bürgermobil nach kettwig")
    text = "\n".join(text for text, _ in answer)
    assert t("stops.area_header", area="Kettwig") in text
    assert t("stops.area_none", area="Kettwig") in text  # none planned there: the nearest ones
    assert "km entfernt" in text
    assert not offers_queue(answer)


@pytest.mark.parametrize("text", ["Steele", "steele?"])
async def test_a_bare_district_name_is_a_stop_lookup(sbot: Harness, text: str) -> None:
    answer = await replies(sbot, text)
    (intro, _), (reply_text, buttons) = answer  # the intro card comes before the first schedule
    assert intro == t("stops.intro")
    assert t("stops.area_header", area="Steele") in reply_text
    assert "Do 26.11., 10:00–13:00 Uhr" in reply_text
    assert ("📅 Do 26.11. · Steele", "so:ics:2026-11-26-steele") in buttons


async def test_a_bare_postal_code_is_a_stop_lookup(sbot: Harness) -> None:
    answer = await replies(sbot, "45257")
    text = "\n".join(text for text, _ in answer)
    assert "PLZ 45257" in text
    assert not offers_queue(answer)
    answer = await replies(sbot, "10115")  # not Essen: said so, with the next stops
    assert t("stops.not_essen", code="10115").split("\n")[0] in answer[0][0]


async def test_public_transport_is_not_the_stop_lookup(sbot: Harness) -> None:
    answer = await replies(sbot, "Wann fährt der nächste Bus nach Kettwig")
    text = "\n".join(text for text, _ in answer)
    assert "Bürgermobil in Kettwig" not in text
    assert t("stops.area_header", area="Kettwig") not in text


async def test_english_stop_question_is_answered_in_english(sbot: Harness) -> None:
    answer = await replies(sbot, "where is the bus tomorrow?")
    assert answer[0][0] == t("stops.intro", "en")
    assert "Thu" in answer[1][0] and "Steele" in answer[1][0]


async def test_home_visit_wording_offers_the_request_flow(sbot: Harness) -> None:
    answer = await replies(sbot, "Hausbesuch für meine bettlägerige Mutter")
    assert "Vor-Ort-Service" in answer[0][0]
    assert ("🏠 Besuch hier anfragen", "vo:start") in answer[-1][1]
    await sbot.press("vo:start")
    relative = ("Für Angehörige oder eine Person, die ich betreue", "vo:who:relative")
    assert relative in sbot.last_citizen().buttons


async def test_care_home_and_a_document_adds_the_visit_below_the_document_answer(sbot: Harness) -> None:
    answer = await replies(sbot, "Mein Vater ist im Pflegeheim und sein Personalausweis ist abgelaufen")
    assert ("🏠 Besuch hier anfragen", "vo:start") in answer[-1][1]
    # a document answer without the wording: no visit offered
    answer = await replies(sbot, "Was kostet ein Personalausweis?")
    assert all(data != "vo:start" for _, buttons in answer for _, data in buttons)


async def test_visit_wording_without_a_sure_answer_offers_the_visit_then_suggestions_and_team(
    sbot: Harness,
) -> None:
    question = "Meine Mutter ist im Heim, es geht um Dokumente"
    (answer,) = await replies(sbot, question)
    assert t("talk.visit") in answer[0]
    data = [item for _, item in answer[1]]
    assert data[0] == "vo:start" and data[-1] == "esc:yes"
    assert any(item.startswith("sg:") for item in data)  # the suggestions between them
    assert "sg:vor-ort-service" not in data  # the offer is that entry's follow-up already
    await sbot.press("esc:yes")  # the team as the last choice gets the question
    assert question in sbot.to_staff()[-1].text


async def test_visit_wording_the_faq_answers_gets_the_service_entry_and_the_request_below(
    sbot: Harness,
) -> None:
    answer = await replies(sbot, "Meine Oma ist bettlägerig")
    assert "Vor-Ort-Service" in answer[0][0]
    assert ("🏠 Besuch hier anfragen", "vo:start") in answer[-1][1]


async def test_visit_wording_under_another_topic_gets_that_answer_only(sbot: Harness) -> None:
    answer = await replies(sbot, "Oma kann nicht mehr aus dem Haus, wie geht Briefwahl?")
    assert "Briefwahl" in answer[0][0]
    assert all(data != "vo:start" for _, buttons in answer for _, data in buttons)
