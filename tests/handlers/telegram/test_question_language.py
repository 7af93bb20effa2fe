"""The reply's language follows the question's words, not only the phone's setting."""

from __future__ import annotations

from tests.auxil.harness import CITIZEN_ID, Harness


async def test_english_question_on_a_german_phone_gets_an_english_answer(bot: Harness) -> None:
    await bot.send("How much does a passport cost?")
    answer = bot.last_citizen()
    assert "Applying for a passport" in answer.text
    assert "Reisepass beantragen" not in answer.text
    await bot.press(bot.button(answer, "That helped"))
    assert "Thank you for your feedback" in bot.last_citizen().text


async def test_german_question_on_an_english_phone_gets_a_german_answer(bot: Harness) -> None:
    english = bot.factory.user(CITIZEN_ID, "John", "en")
    await bot.send("Was kostet ein neuer Reisepass?", user=english)
    answer = bot.last_citizen()
    assert "Reisepass beantragen" in answer.text
    assert bot.button(answer, "Hat geholfen")


async def test_an_unclear_message_keeps_the_phone_language(bot: Harness) -> None:
    english = bot.factory.user(CITIZEN_ID, "John", "en")
    await bot.send("Reisepass", user=english)
    text = bot.last_citizen().text
    assert "passport" in text.lower()
    assert "Meinten Sie" not in text
