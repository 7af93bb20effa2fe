"""Stop subscriptions (/abo), the evening-before reminders and the broadcast of staff changes.

All through the real Application and SQLite, with a manual clock in Europe/Berlin time,
including the end of daylight-saving time on Sunday 2026-10-25.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.clock import ManualClock
from handlers.telegram.offline import UpdateFactory
from tests.auxil.harness import CITIZEN_ID, Harness
from tests.auxil.stops_support import run_alert_job

OLGA, PAUL, JOHN, BLOCKER = 1002, 1003, 1004, 1005


def person(user_id: int, language: str = "de") -> dict[str, Any]:
    """Another citizen."""
    return UpdateFactory.user(user_id, f"User{user_id}", language)


def berlin(text: str) -> datetime:
    """A wall-clock time in Essen (ISO without offset) as an aware datetime."""
    from core.stops import BERLIN

    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def delivered(bot: Harness, chat_id: int, part: str) -> list[str]:
    """Texts containing `part` that Telegram accepted for a chat."""
    return [c.text for c in bot.api.sent(chat_id) if c.result and part in c.text]


def alerts_to(bot: Harness, chat_id: int) -> list[str]:
    """Reminder texts a chat received."""
    return delivered(bot, chat_id, "Morgen kommt") + delivered(bot, chat_id, "comes tomorrow")


# -- subscriptions ---------------------------------------------------------------------------------------


async def test_subscribe_list_and_remove(sbot: Harness) -> None:
    await sbot.press("so:sub:p:steele")
    confirmation = sbot.last_citizen().text
    assert "<b>Steele, Dreiringplatz</b>" in confirmation
    assert "Nächster Halt: <b>Do 26.11., 10:00–13:00 Uhr · Steele, Dreiringplatz</b>" in confirmation
    await sbot.press("so:sub:p:steele")
    assert "haben Sie schon" in sbot.last_citizen().text
    await sbot.send("/abo Borbek")
    assert "<b>Borbeck</b>" in sbot.last_citizen().text
    await sbot.send("/abo")
    listing = sbot.last_citizen()
    assert "Steele, Dreiringplatz" in listing.text and "• Borbeck" in listing.text
    assert [label for label, _ in listing.buttons] == [
        "❌ Steele, Dreiringplatz entfernen",
        "❌ Borbeck entfernen",
    ]
    await sbot.press(sbot.button(listing, "Borbeck"))
    edited = sbot.api.sent(CITIZEN_ID, "editMessageText")[-1]
    assert "Die Erinnerung für <b>Borbeck</b> ist gelöscht." in edited.text
    assert [label for label, _ in edited.buttons] == ["❌ Steele, Dreiringplatz entfernen"]
    subscriptions = await sbot.services.stops.subscriptions.for_user(CITIZEN_ID)
    assert [(s.kind, s.key) for s in subscriptions] == [("place", "steele")]


async def test_forged_or_unknown_subscription_presses_change_nothing(sbot: Harness) -> None:
    await sbot.press("so:sub:d:Steele", user=person(OLGA))
    (olgas,) = await sbot.services.stops.subscriptions.for_user(OLGA)
    await sbot.press(f"so:uns:{olgas.id}")  # the citizen tries to remove Olga's reminder
    assert "gibt es nicht (mehr)" in sbot.last_citizen().text
    assert await sbot.services.stops.subscriptions.for_user(OLGA) == [olgas]
    await sbot.press("so:sub:p:nirgendwo")
    assert "gibt es nicht mehr im Plan" in sbot.last_citizen().text
    await sbot.press("so:sub:d:Atlantis")
    assert "gibt es nicht mehr im Plan" in sbot.last_citizen().text
    await sbot.press("so:uns:abc")
    assert "nicht mehr gültig" in sbot.last_citizen().text
    assert await sbot.services.stops.subscriptions.for_user(CITIZEN_ID) == []
    await sbot.send("/abo")
    assert "keine Erinnerungen" in sbot.last_citizen().text


async def test_subscriptions_are_exported_and_deleted_with_the_users_data(sbot: Harness) -> None:
    await sbot.press("so:sub:p:kray")
    owner = next(o for o in sbot.services.data_owners if o.name == "stop_subscriptions")
    exported = await owner.export(CITIZEN_ID)
    assert exported["subscriptions"][0]["label"] == "Kray, Ohne Koordinaten"
    assert await owner.delete(CITIZEN_ID) == 1
    assert await owner.export(CITIZEN_ID) == {}


# -- evening-before reminders ----------------------------------------------------------------------------


async def test_reminder_once_after_alert_hour_and_not_before(sbot: Harness, clock: ManualClock) -> None:
    await sbot.press("so:sub:p:kray")  # Kray: every Monday 09:00
    await sbot.send("/abo Kray")  # the district as well: still one reminder per stop
    await sbot.press("so:sub:p:kray", user=person(OLGA))
    await sbot.press("so:sub:d:Kray", user=person(JOHN, "en"))
    clock.set(berlin("2026-11-29T17:59"))
    await run_alert_job(sbot)
    assert alerts_to(sbot, CITIZEN_ID) == []
    clock.set(berlin("2026-11-29T18:00"))
    await run_alert_job(sbot)
    (reminder,) = alerts_to(sbot, CITIZEN_ID)
    assert "Mo 30.11., 09:00–10:00 Uhr · Kray" in reminder
    assert len(alerts_to(sbot, OLGA)) == 1
    (english,) = alerts_to(sbot, JOHN)
    assert "Reminder: the Bürgermobil comes tomorrow" in english and "Mon 30 Nov" in english
    clock.set(berlin("2026-11-29T18:10"))
    await run_alert_job(sbot)
    await sbot.restart()
    await run_alert_job(sbot)
    assert len(alerts_to(sbot, CITIZEN_ID)) == 1
    assert len(alerts_to(sbot, OLGA)) == 1


async def test_no_reminder_for_a_cancelled_stop(sbot: Harness, clock: ManualClock) -> None:
    await sbot.press("so:sub:p:borbeck")  # Borbeck on Tuesday 8.12. is cancelled in the plan
    clock.set(berlin("2026-12-07T19:00"))
    await run_alert_job(sbot)
    assert alerts_to(sbot, CITIZEN_ID) == []


async def test_reminder_around_the_end_of_daylight_saving_time(sbot: Harness, clock: ManualClock) -> None:
    clock.set(berlin("2026-10-20T10:00"))
    await sbot.press("so:sub:p:kray")  # Monday 2026-10-26 09:00, the day after the clocks go back
    # Sunday 25 Oct, 16:30 UTC is 17:30 in Essen (CET): a fixed +2 h offset would say 18:30
    clock.set(datetime(2026, 10, 25, 16, 30, tzinfo=UTC))
    await run_alert_job(sbot)
    assert alerts_to(sbot, CITIZEN_ID) == []
    clock.set(datetime(2026, 10, 25, 17, 0, tzinfo=UTC))  # 18:00 in Essen
    await run_alert_job(sbot)
    (reminder,) = alerts_to(sbot, CITIZEN_ID)
    assert "Mo 26.10., 09:00–10:00 Uhr · Kray" in reminder
    # the evening before, under summer time (Saturday 24 Oct 18:00 CEST = 16:00 UTC) nothing was due
    rows = await sbot.services.db.fetchall("SELECT stop_id, day, sent_at FROM stop_alerts_sent")
    assert [(r["stop_id"], r["day"], r["sent_at"]) for r in rows] == [
        ("2026-10-26-kray", "2026-10-26", "2026-10-25T17:00:00+00:00")
    ]


# -- the broadcast of a staff change -------------------------------------------------------------------


async def test_cancellation_reaches_subscribers_and_unsubscribes_a_blocked_user(sbot: Harness) -> None:
    await sbot.press("so:sub:p:steele")
    await sbot.press("so:sub:d:Steele", user=person(OLGA))
    await sbot.press("so:sub:d:45276", user=person(PAUL))  # Steele's postal code
    await sbot.press("so:sub:p:steele", user=person(BLOCKER))
    await sbot.press("so:sub:p:werden", user=person(JOHN))  # another place: not told
    sbot.api.blocked_chats.add(BLOCKER)
    await sbot.staff_send("/ausfall 2026-11-26-steele Sturmwarnung")
    assert "Benachrichtigt werden: 4" in sbot.to_staff()[-1].text
    for chat in (CITIZEN_ID, OLGA, PAUL):
        (notice,) = delivered(sbot, chat, "Der Halt fällt aus")
        assert "Do 26.11., 10:00–13:00 Uhr · Steele, Dreiringplatz" in notice
        assert "Grund: Sturmwarnung" in notice
        assert "Nächster Halt dort: <b>Do 3.12." in notice
    assert not delivered(sbot, JOHN, "fällt aus") and not delivered(sbot, BLOCKER, "fällt aus")
    assert await sbot.services.stops.subscriptions.for_user(BLOCKER) == []
    for user in (CITIZEN_ID, OLGA, PAUL):
        assert len(await sbot.services.stops.subscriptions.for_user(user)) == 1
    rows = await sbot.services.db.fetchall(
        "SELECT chat_id, status FROM outbox WHERE purpose = 'stop_notice' ORDER BY chat_id"
    )
    assert [(r["chat_id"], r["status"]) for r in rows] == [
        (CITIZEN_ID, "sent"),
        (OLGA, "sent"),
        (PAUL, "sent"),
        (BLOCKER, "failed"),
    ]


async def test_a_failed_send_is_retried(sbot: Harness, clock: ManualClock) -> None:
    await sbot.press("so:sub:p:steele")
    sbot.api.fail_next("sendMessage", chat_id=CITIZEN_ID, kind="network")
    await sbot.staff_send("/ausfall 2026-11-26-steele Sturm")
    assert "Benachrichtigt werden: 1" in sbot.to_staff()[-1].text
    assert not delivered(sbot, CITIZEN_ID, "Der Halt fällt aus")
    clock.advance(timedelta(seconds=sbot.services.outbox.policy.base_delay + 1))
    await sbot.settle()
    assert len(delivered(sbot, CITIZEN_ID, "Der Halt fällt aus")) == 1
    assert len(await sbot.services.stops.subscriptions.for_user(CITIZEN_ID)) == 1


async def test_purge_drops_subscriptions_of_users_who_blocked_the_bot(
    sbot: Harness, clock: ManualClock
) -> None:
    await sbot.press("so:sub:p:kray")
    await sbot.press("so:sub:p:kray", user=person(OLGA))
    clock.set(berlin("2026-11-29T18:00"))
    await run_alert_job(sbot)
    await sbot.services.users.mark_blocked(OLGA, sbot.services.clock.now())
    owner = next(o for o in sbot.services.data_owners if o.name == "stop_subscriptions")
    # reminders sent before the cut-off are forgotten, and Olga's subscription with them
    assert await owner.purge(berlin("2026-11-29T19:00")) == 3
    assert await sbot.services.stops.subscriptions.for_user(OLGA) == []
    assert len(await sbot.services.stops.subscriptions.for_user(CITIZEN_ID)) == 1
