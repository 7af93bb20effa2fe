"""/lernen and /entwurf: the review loop end to end, through the real Application offline.

The questions here are this test's own (never copied from evaluation/cases).
"""

from __future__ import annotations

import yaml

from core.faq_learning_reload import overlay_path
from faq import Decision
from faq.question_rules import evaluation_questions
from handlers.telegram.offline import ApiCall
from tests.auxil.harness import STAFF_CHAT, Harness

PARROT = "Wo darf mein Papagei tagsüber frei fliegen?"
NURSING = "Gibt es im Rathaus einen Raum zum Stillen?"
NEWCOMER = {"id": 4711, "is_bot": False, "first_name": "Nele", "language_code": "de"}


async def _staff(bot: Harness, text: str) -> str:
    await bot.send(text, user=bot.staff, chat_id=STAFF_CHAT)
    return bot.to_staff()[-1].text


async def _staff_press(bot: Harness, data: str) -> str:
    await bot.press(data, user=bot.staff, chat_id=STAFF_CHAT)
    return bot.to_staff()[-1].text


async def test_a_missed_question_becomes_an_example_question_and_is_answered_next_time(bot: Harness) -> None:
    await bot.send(PARROT)
    assert "keine sichere Antwort" in bot.last_citizen().text
    await bot.press("esc:yes")  # it becomes ticket #1
    await bot.send("Wo darf mein Papagei tagsueber frei fliegen", user=bot.factory.user(77, "Uta", "de"))

    shown = await _staff(bot, "/lernen")
    assert "Papagei" in shown and "2× gefragt" in shown and "#1" in shown
    card = bot.to_staff()[-1]
    pick = await _staff_press(bot, bot.button(card, "Als Beispielfrage"))
    assert "Zu welchem Eintrag passt" in pick
    choices = bot.to_staff()[-1].buttons
    assert choices and all(data.startswith("lr:a:") for _, data in choices)
    add = choices[0][1]
    entry_id = add.rsplit(":", 1)[1]
    done = await _staff_press(bot, add)
    assert "ist jetzt eine Beispielfrage" in done and entry_id in done

    overlay = yaml.safe_load(overlay_path(bot.services.config).read_text(encoding="utf-8"))
    assert PARROT in overlay["questions"][entry_id] or "Wo darf mein Papagei tagsueber frei fliegen" in (
        overlay["questions"][entry_id]
    )
    assert bot.services.faq.get(entry_id) is not None
    await bot.send(PARROT, user=NEWCOMER)  # the running bot answers it now, without a restart
    answer = bot.api.last(NEWCOMER["id"]).text
    assert "keine sichere Antwort" not in answer
    assert bot.services.faq.get(entry_id).title in answer  # type: ignore[union-attr]

    again = await _staff_press(bot, add)  # the same button a second time
    assert "schon erledigt" in again
    assert len(overlay_path(bot.services.config).read_text(encoding="utf-8").split("Papagei")) == 2
    assert "Keine offenen Fragen" in await _staff(bot, "/lernen")


async def test_suggestion_choice_and_thumbs_down_go_into_the_review_list(bot: Harness) -> None:
    await bot.send(NURSING)
    suggestion = next(data for _, data in bot.last_citizen().buttons if data.startswith("sg:"))
    await bot.press(suggestion)  # "Meinten Sie …?" chosen
    await bot.press(bot.button(bot.last_citizen(), "nicht geholfen"))  # and 👎 under it
    shown = await _staff(bot, "/lernen")
    assert "Stillen" in shown
    assert "„Meinten Sie“ gewählt" in shown and "👎 nicht geholfen" in shown
    assert suggestion.removeprefix("sg:") in shown


async def test_staff_without_rights_cannot_use_lernen_or_its_buttons(bot: Harness) -> None:
    await bot.send(PARROT)
    await _staff(bot, "/lernen")
    add_button = bot.button(bot.to_staff()[-1], "Als Beispielfrage")
    stranger = bot.factory.user(666, "Mallory", "de")
    await bot.send("/lernen", user=stranger, chat_id=STAFF_CHAT)
    assert "nur für das Team" in bot.to_staff()[-1].text
    await bot.press(add_button, user=stranger, chat_id=STAFF_CHAT)
    assert "nur für das Team" in bot.to_staff()[-1].text
    item = add_button.rsplit(":", 1)[1]
    await bot.press(f"lr:a:{item}:kontakt", user=stranger, chat_id=STAFF_CHAT)
    assert "nur für das Team" in bot.to_staff()[-1].text
    assert not overlay_path(bot.services.config).exists()
    await bot.send("/lernen", user=bot.staff)  # staff, but in a private chat
    assert "nur für das Team" in bot.api.last(bot.staff["id"]).text


async def test_a_broken_overlay_is_refused_with_file_and_key_and_the_old_faq_stays(bot: Harness) -> None:
    path = overlay_path(bot.services.config)
    broken = "version: 1\nquestions:\n  anmeldnug: ['Wo melde ich meinen Papagei an?']\n"
    path.write_text(broken, encoding="utf-8")
    before = bot.services.faq
    await _staff(bot, "/lernen")
    refused = await _staff_press(bot, "lr:r")
    assert "Die FAQ hat Fehler" in refused and str(path) in refused
    assert "questions.anmeldnug" in refused and "anmeldung" in refused
    assert bot.services.faq is before
    await bot.send(PARROT)  # a change while the file is broken is refused too, nothing written
    item = bot.button(await _lernen_card(bot), "Als Beispielfrage").rsplit(":", 1)[1]
    assert "Die FAQ hat Fehler" in await _staff_press(bot, f"lr:a:{item}:kontakt")
    assert "anmeldnug" in path.read_text(encoding="utf-8")
    fixed = "version: 1\nquestions:\n  kontakt: ['Wo erreiche ich das Team mit meinem Papagei?']\n"
    path.write_text(fixed, encoding="utf-8")
    assert "FAQ neu geladen" in await _staff_press(bot, "lr:r")
    assert bot.services.faq is not before
    kontakt = bot.services.faq.get("kontakt")
    assert kontakt is not None and "Wo erreiche ich das Team mit meinem Papagei?" in kontakt.questions


async def _lernen_card(bot: Harness) -> ApiCall:
    await _staff(bot, "/lernen")
    return bot.to_staff()[-1]


async def test_a_staff_answer_becomes_a_draft_that_is_completed_and_approved(bot: Harness) -> None:
    await bot.send(PARROT)
    await bot.press("esc:yes")
    card = next(call for call in reversed(bot.to_staff()) if "Anfrage #1" in call.text)
    await bot.staff_send("Vögel dürfen in Essen nur in eigenen Räumen frei fliegen.", reply_to=card)
    assert "Antwort zu Ihrer Anfrage #1" in bot.last_citizen().text

    draft_button = bot.button(await _lernen_card(bot), "Entwurf aus Antwort #1")
    shown = await _staff_press(bot, draft_button)
    assert "Entwurf 1" in shown and "Vögel dürfen" in shown and "fehlt" in shown
    assert "noch einen Link" in await _staff_press(bot, "lr:ok:1")  # no official source yet
    assert "Entwurf 1" in await _staff(bot, "/entwurf 1 titel Papageien und Vögel frei fliegen lassen")
    shown = await _staff(bot, "/entwurf 1 link https://www.essen.de/leben/umwelt/index.de.html")
    assert "https://www.essen.de/leben/umwelt/index.de.html" in shown
    assert "Entwurf 1" in await _staff_press(bot, draft_button)  # the same draft again, not a second one
    approved = await _staff_press(bot, "lr:ok:1")
    assert "ist freigegeben" in approved
    entry_id = approved.split("„")[1].split("“")[0]
    entry = bot.services.faq.get(entry_id)
    assert entry is not None and entry.title == "Papageien und Vögel frei fliegen lassen"
    assert "schon freigegeben" in await _staff_press(bot, "lr:ok:1")  # a second press changes nothing
    await bot.send(PARROT, user=NEWCOMER)
    assert "Papageien und Vögel" in bot.api.last(NEWCOMER["id"]).text
    assert "Keine offenen Fragen" in await _staff(bot, "/lernen")
    assert "Keine offenen Entwürfe" in await _staff(bot, "/entwurf")

    await bot.restart()  # the overlay is read at start as well
    assert bot.services.faq.get(entry_id) is not None


async def test_next_goes_through_the_groups_and_wraps_around(bot: Harness) -> None:
    await bot.send(PARROT)
    await bot.send(PARROT, user=NEWCOMER)
    await bot.send("Wer repariert die Bank vor meinem Hauseingang?", user=NEWCOMER)
    first = await _staff(bot, "/lernen")
    assert "Gruppe 1 von 2" in first and "Papagei" in first and "2× gefragt" in first
    second = await _staff_press(bot, bot.button(bot.to_staff()[-1], "Nächste"))
    assert "Gruppe 2 von 2" in second and "Bank vor meinem Hauseingang" in second
    again = await _staff_press(bot, bot.button(bot.to_staff()[-1], "Nächste"))
    assert "Gruppe 1 von 2" in again
    assert "Gruppe 2 von 2" in await _staff(bot, "/lernen 2")
    assert "Gruppe 2 von 2" in await _staff(bot, "/lernen 9")  # beyond the last: the last one
    dismissed = await _staff_press(bot, bot.button(bot.to_staff()[-1], "Verwerfen"))
    assert "Bank vor meinem Hauseingang" in dismissed and "von der Liste" in dismissed
    assert "Gruppe 1 von 1" in await _staff(bot, "/lernen")
    assert "FAQ: Frage verworfen" in await _staff(bot, "/protokoll")


def _unanswered_evaluation_case(bot: Harness) -> str:
    """An evaluation case the running bot does not answer (it lands on the review list)."""
    for question in sorted(evaluation_questions()):
        if bot.services.matcher.match(question).decision is Decision.NONE and len(question) > 20:
            return question
    raise AssertionError("every evaluation case is answered or suggested")


async def test_an_evaluation_case_cannot_become_an_example_question(bot: Harness) -> None:
    question = _unanswered_evaluation_case(bot)
    await bot.send(question)
    shown = await _staff(bot, "/lernen")
    assert question.split()[0] in shown.lower()
    await _staff_press(bot, bot.button(bot.to_staff()[-1], "Als Beispielfrage"))
    add = bot.to_staff()[-1].buttons[0][1]
    refused = await _staff_press(bot, add)
    assert "kann so keine Beispielfrage werden" in refused and "evaluation case" in refused
    assert not overlay_path(bot.services.config).exists()  # nothing written
    assert question.split()[0] in (await _staff(bot, "/lernen")).lower()  # still on the list
