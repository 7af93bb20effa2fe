"""Smaller points of the conversation: the data-protection contact, readable exports, long questions."""

from __future__ import annotations

from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness


async def test_the_privacy_notice_names_the_data_protection_contact(bot: Harness) -> None:
    await bot.send("/datenschutz")
    notice = bot.last_citizen().text
    assert "Fragen zum Datenschutz: Büro der Datenschutzbeauftragten der Stadt Essen" in notice
    assert "datenschutz@essen.de" in notice
    english = bot.factory.user(2002, "John", "en")
    await bot.send("/privacy", user=english)
    assert "Privacy questions: Büro der Datenschutzbeauftragten" in bot.api.last(2002).text


async def test_my_data_shows_states_in_words_not_codes(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    await bot.send("/meinedaten")
    readable = "\n".join(c.text for c in bot.api.sent(CITIZEN_ID, "sendMessage")[-3:])
    assert "Status: wartet auf das Team" in readable
    assert "von: Sie" in readable
    assert "Status: open" not in readable and "von: citizen" not in readable


async def test_a_long_dictated_question_is_taken_and_staff_get_the_whole_text(bot: Harness) -> None:
    sentence = "Ich habe einen Brief vom Amt bekommen und verstehe ihn nicht. "
    question = (sentence * 60)[:3500] + "Ende der Nachricht."
    await bot.send(question)
    assert "sehr lang" not in bot.last_citizen().text
    await bot.press("esc:yes")
    shown = "".join(c.text for c in bot.api.sent(STAFF_CHAT, "sendMessage"))
    assert "Ende der Nachricht." in shown and shown.count("verstehe ihn nicht") >= 55
    await bot.send("x" * 4097)  # above Telegram's limit only a forged update can go: refused politely
    assert "sehr lang" in bot.last_citizen().text
