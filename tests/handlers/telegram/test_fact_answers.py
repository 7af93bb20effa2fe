"""FAQ answers in the running bot fill in their facts for the bot's clock."""

from __future__ import annotations

from datetime import UTC, datetime

from core.clock import ManualClock
from tests.auxil.harness import Harness


async def test_answer_states_the_fee_from_the_fact_table(bot: Harness) -> None:
    await bot.send("Was kostet ein Personalausweis?")
    text = bot.last_citizen().text
    assert "46,00 Euro" in text and "27,60 Euro" in text
    assert "{fact:" not in text


async def test_a_passed_deadline_is_not_stated_as_future(bot: Harness, clock: ManualClock) -> None:
    clock.set(datetime(2027, 1, 19, 22, 30, tzinfo=UTC))  # 23:30 in Essen: still 19 January
    await bot.send("Bis wann muss ich meinen Führerschein umtauschen?")
    before = bot.last_citizen().text
    assert "Umtausch bis spätestens 19. Januar 2027" in before
    clock.set(datetime(2027, 1, 19, 23, 30, tzinfo=UTC))  # 00:30 on 20 January in Essen
    await bot.send("Bis wann muss ich meinen Führerschein umtauschen?")
    after = bot.last_citizen().text
    assert "bis spätestens 19. Januar 2027" not in after
    assert "Die Frist ist am 19. Januar 2027 abgelaufen" in after
