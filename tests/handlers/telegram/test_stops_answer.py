"""The Bürgermobil intro card: once per conversation before the first schedule, never before every one."""

from __future__ import annotations

from datetime import timedelta

from core.clock import ManualClock
from core.texts import t
from handlers.telegram.offline import ApiCall, UpdateFactory
from handlers.telegram.offline_bot import CITIZEN_ID
from handlers.telegram.stops_answer import ABOUT
from tests.auxil.harness import Harness

MENU = "🚐 Wo ist das Bürgermobil?"
FAQ_CARD = "Das Bürgermobil – rollendes Büro in den Stadtteilen"


async def _replies(bot: Harness, text: str, user: dict[str, object] | None = None) -> list[ApiCall]:
    before = len(bot.to_citizen())
    await bot.send(text, user=user)
    return bot.to_citizen()[before:]


async def test_the_intro_comes_before_the_first_schedule_only(sbot: Harness, clock: ManualClock) -> None:
    first = await _replies(sbot, MENU)
    assert first[0].text == t("stops.intro")
    assert "Heute, Mittwoch, 25. November" in first[1].text  # the schedule right after it
    for text in (MENU, "morgen", "Steele"):  # the same conversation: the schedule alone
        again = await _replies(sbot, text)
        assert all(call.text != t("stops.intro") for call in again), text
        assert "Bürgermobil" in again[0].text
    clock.advance(timedelta(days=1))  # a new day is a new conversation
    assert (await _replies(sbot, MENU))[0].text == t("stops.intro")


async def test_the_intro_is_in_english_for_english_users(sbot: Harness) -> None:
    english = UpdateFactory.user(CITIZEN_ID, "John", "en")
    answer = await _replies(sbot, "🚐 Where is the Bürgermobil?", user=english)
    assert answer[0].text == t("stops.intro", "en")
    assert "office on wheels" in answer[0].text and "Today, Wednesday, 25 November" in answer[1].text


async def test_the_faq_answer_is_the_intro_and_is_not_repeated(sbot: Harness) -> None:
    first = await _replies(sbot, "Was ist das Bürgermobil?")
    assert FAQ_CARD in first[0].text  # the long intro, with its feedback buttons
    assert all(call.text != t("stops.intro") for call in first)  # no short card on top of it
    assert "Die nächsten Halte" in first[-1].text
    assert ABOUT not in [data for _, data in first[-1].buttons]
    second = await _replies(sbot, "Infobus der Stadt Essen")  # the FAQ entry again, same conversation
    assert all(FAQ_CARD not in call.text for call in second)
    (plan,) = second
    assert ("ℹ️ Was ist das Bürgermobil?", ABOUT) in plan.buttons
    await sbot.press(ABOUT)  # the explanation on request, without the plan again
    assert FAQ_CARD in sbot.last_citizen().text and "Die nächsten Halte" not in sbot.last_citizen().text
    menu = await _replies(sbot, MENU)
    assert all(call.text != t("stops.intro") for call in menu)


async def test_the_intro_card_counts_for_the_faq_answer_too(sbot: Harness) -> None:
    await _replies(sbot, MENU)
    answer = await _replies(sbot, "Was ist das Bürgermobil?")
    assert all(FAQ_CARD not in call.text for call in answer)  # seen the intro: the plan with the button
    assert ("ℹ️ Was ist das Bürgermobil?", ABOUT) in answer[-1].buttons


async def test_the_intro_is_remembered_across_a_restart(sbot: Harness) -> None:
    await _replies(sbot, MENU)
    await sbot.restart()
    assert all(call.text != t("stops.intro") for call in await _replies(sbot, "Steele"))


async def test_no_intro_in_the_staff_group_or_under_a_pressed_plan_button(sbot: Harness) -> None:
    before = len(sbot.to_staff())
    await sbot.staff_send("/buergermobil")
    assert sbot.to_staff()[before].text.startswith("🚐")
    await sbot.press("so:area:Steele")  # "Meinten Sie …?" under a plan: no card first
    assert sbot.last_citizen().text.startswith(t("stops.area_header", area="Steele"))
    assert all(call.text != t("stops.intro") for call in sbot.to_citizen())
