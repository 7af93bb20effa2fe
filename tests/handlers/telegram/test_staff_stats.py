"""/statistik shows the bot's share of the answers week by week (core/statistics.py, as the console)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.clock import ManualClock
from tests.auxil.harness import OFFICE_TIME, STAFF_CHAT, Harness


async def test_statistik_shows_the_bots_share_week_by_week(bot: Harness, clock: ManualClock) -> None:
    clock.set(datetime(2026, 11, 18, 9, 0, tzinfo=UTC))  # Wednesday of week 47
    await bot.send("Was kostet ein Personalausweis?")
    assert "Personalausweis" in bot.last_citizen().text
    clock.set(OFFICE_TIME)  # week 48
    await bot.send("Was kostet ein Personalausweis?")
    await bot.send("Was kostet ein Reisepass?")
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    await bot.staff_send("Bis 30 m³ ohne Genehmigung.", card)
    assert "Bis 30 m³" in bot.last_citizen().text
    await bot.send("/statistik", user=bot.staff, chat_id=STAFF_CHAT)  # counted events are flushed first
    stats = bot.to_staff()[-1].text
    assert "Vom Bot beantwortet, Woche für Woche" in stats
    lines = stats.split("Woche für Woche</b>", 1)[1].strip().splitlines()
    assert lines == [
        "KW 45: – (noch keine Antworten)",
        "KW 46: – (noch keine Antworten)",
        "KW 47: 100 % (1 von 1)",
        "KW 48: 67 % (2 von 3)",
    ]


async def test_statistik_share_is_for_staff_only(bot: Harness) -> None:
    await bot.send("/statistik")
    assert "Woche für Woche" not in bot.last_citizen().text
