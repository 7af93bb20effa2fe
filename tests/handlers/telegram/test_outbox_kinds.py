"""Every kind of outbox message under every fault Telegram can answer with: 429, 500, timeout, 403.

Each kind is made by its real flow (escalation, staff answer and close, reminder, Vor-Ort request
and its cancellation, stop cancellation and evening reminder); the first send of that message
fails. Transient faults and 429 deliver it exactly once after the wait; a 403 from a staff
group keeps it waiting until the bot is back; a 403 from a citizen's chat (blocked) fails it at
once and for good, never sent twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.clock import ManualClock
from handlers.telegram.offline_bot import CITIZEN_ID
from tests.auxil.appointment_steps import fill_request
from tests.auxil.harness import STAFF_CHAT, Harness
from tests.auxil.paths import DATA
from tests.auxil.stops_support import run_alert_job, stops_harness
from tests.auxil.updates import membership

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
ANSWER = "Ja, bis 3 m Höhe ohne Genehmigung."
KICKED = "Forbidden: bot was kicked from the supergroup chat"
BLOCKED = "Forbidden: bot was blocked by the user"

Action = Callable[[Harness], Awaitable[None]]


@dataclass(frozen=True)
class Kind:
    """One outbox purpose: how to get there, the step that queues it, where it goes, what it says."""

    purpose: str
    setup: Action
    trigger: Action
    chat: int
    marker: str


async def _nothing(bot: Harness) -> None:
    return None


async def _ask(bot: Harness) -> None:
    await bot.send(QUESTION)


async def _escalate(bot: Harness) -> None:
    await bot.press("esc:yes")


async def _asked_and_escalated(bot: Harness) -> None:
    await _ask(bot)
    await _escalate(bot)


async def _answer_with(bot: Harness, text: str) -> None:
    card = next(c for c in bot.to_staff() if "Anfrage #1" in c.text and c.method == "sendMessage")
    await bot.staff_send(text, card)


async def _answer(bot: Harness) -> None:
    await _answer_with(bot, ANSWER)


async def _answered(bot: Harness) -> None:
    await _asked_and_escalated(bot)
    await _answer(bot)


async def _close(bot: Harness) -> None:
    await bot.press("t:close:1", user=bot.staff, chat_id=STAFF_CHAT)


async def _remind(bot: Harness) -> None:
    bot.clock.advance(timedelta(hours=6))  # past reminder_after_hours of working time
    assert await bot.services.tickets.remind_overdue() == 1
    bot.services.kick_outbox()
    await bot.settle()


async def _filled(bot: Harness) -> None:
    await fill_request(bot, send=False)


async def _send_request(bot: Harness) -> None:
    await bot.press("vo:send")


async def _sent_request(bot: Harness) -> None:
    await fill_request(bot)


async def _cancel_request(bot: Harness) -> None:
    await bot.press("vc:cancelok:1")


async def _subscribe_steele(bot: Harness) -> None:
    await bot.press("so:sub:p:steele")


async def _cancel_stop(bot: Harness) -> None:
    await bot.staff_send("/ausfall 2026-11-26-steele Sturmwarnung")


async def _subscribe_kray_on_the_evening(bot: Harness) -> None:
    await bot.press("so:sub:p:kray")
    bot.clock.set(datetime(2026, 11, 29, 17, 0, tzinfo=UTC))  # 18:00 in Essen, the alert hour


async def _alert_job(bot: Harness) -> None:
    await run_alert_job(bot)


KINDS = (
    Kind("ticket_card", _ask, _escalate, STAFF_CHAT, "Anfrage #1"),
    Kind("ticket_receipt", _ask, _escalate, CITIZEN_ID, "angekommen"),
    Kind("ticket_answer", _asked_and_escalated, _answer, CITIZEN_ID, ANSWER),
    Kind("ticket_closed", _answered, _close, CITIZEN_ID, "ist abgeschlossen"),
    Kind("ticket_staff_note", _asked_and_escalated, _remind, STAFF_CHAT, "wartet seit"),
    Kind("appointment_card", _filled, _send_request, STAFF_CHAT, "Vor-Ort-Anfrage VO-1"),
    Kind("appointment_citizen", _filled, _send_request, CITIZEN_ID, "VO-1"),
    Kind("appointment_staff_note", _sent_request, _cancel_request, STAFF_CHAT, "von der Person abgesagt"),
    Kind("stop_notice", _subscribe_steele, _cancel_stop, CITIZEN_ID, "Der Halt fällt aus"),
    Kind("stop_change_confirmation", _subscribe_steele, _cancel_stop, STAFF_CHAT, "Abgesagt von"),
    Kind("stop_alert", _subscribe_kray_on_the_evening, _alert_job, CITIZEN_ID, "Morgen kommt das"),
)

FAULTS: dict[str, dict[str, Any]] = {
    "429": {"kind": "retry_after", "code": 429, "retry_after": 30},
    "500": {"kind": "http", "code": 500, "description": "Internal Server Error"},
    "timeout": {"kind": "timeout", "code": 0},
    "403": {"kind": "http", "code": 403},
}


def _accepted(bot: Harness, chat: int, marker: str, since: int) -> int:
    return sum(
        1
        for c in bot.api.calls[since:]
        if c.method == "sendMessage" and c.chat_id == chat and c.result and marker in c.text
    )


async def _row(bot: Harness, purpose: str) -> dict[str, Any]:
    row = await bot.services.db.fetchone(
        "SELECT status, attempts, last_error FROM outbox WHERE purpose = ? ORDER BY id DESC LIMIT 1",
        (purpose,),
    )
    assert row is not None, f"no {purpose} was queued"
    return dict(row)


@pytest.fixture
async def kbot(tmp_path: Path, clock: ManualClock) -> Any:
    bot = stops_harness(tmp_path, clock)
    bot.with_config(faq=dataclasses.replace(bot.config.faq, path=DATA / "faq_small.yaml"))
    async with bot:
        yield bot


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("kind", KINDS, ids=[k.purpose for k in KINDS])
async def test_each_outbox_kind_survives_each_fault(
    kbot: Harness, clock: ManualClock, kind: Kind, fault: str
) -> None:
    bot = kbot
    await kind.setup(bot)
    since = len(bot.api.calls)
    options = dict(FAULTS[fault])
    if fault == "403":
        options["description"] = KICKED if kind.chat < 0 else BLOCKED
    bot.api.fail_next("sendMessage", chat_id=kind.chat, **options)
    await kind.trigger(bot)
    row = await _row(bot, kind.purpose)
    missed = f"the fault missed {kind.purpose}: {row}"
    assert row["last_error"] is not None and row["status"] != "sent", missed
    assert _accepted(bot, kind.chat, kind.marker, since) == 0
    if fault == "403" and kind.chat > 0:  # the citizen blocked the bot: final at once
        assert row["status"] == "failed"
        clock.advance(timedelta(hours=2))
        await bot.settle()
        assert _accepted(bot, kind.chat, kind.marker, since) == 0
        return
    if fault == "403":  # the bot was removed from the staff group: waits for its return
        clock.advance(timedelta(minutes=5))
        await bot.settle()
        assert (await _row(bot, kind.purpose))["status"] == "pending"
        await bot.raw(membership(STAFF_CHAT, bot.staff, old="left", new="member"))
    for _ in range(3):
        clock.advance(timedelta(seconds=31))
        await bot.settle()
    assert _accepted(bot, kind.chat, kind.marker, since) == 1, f"{kind.purpose} after {fault}"
    assert (await _row(bot, kind.purpose))["status"] == "sent"
    clock.advance(timedelta(hours=2))
    await bot.settle()
    assert _accepted(bot, kind.chat, kind.marker, since) == 1, f"{kind.purpose} sent twice after {fault}"


@pytest.mark.parametrize("fault", ["429", "500", "timeout"])
async def test_a_long_answer_sent_in_parts_repeats_no_part_after_a_fault(
    kbot: Harness, clock: ManualClock, fault: str
) -> None:
    bot = kbot
    await _asked_and_escalated(bot)
    long_answer = " ".join(f"Satz{n} zur Genehmigung." for n in range(900))  # about 20,000 characters
    options = dict(FAULTS[fault], chat_id=CITIZEN_ID)

    def fail_the_next_part(call: Any, result: dict[str, Any]) -> None:
        if call.method == "sendMessage" and call.chat_id == CITIZEN_ID and "Satz0 " in call.text:
            bot.api.fail_next("sendMessage", **options)  # the first part got through, the second fails

    bot.api.on_call = fail_the_next_part
    await _answer_with(bot, long_answer)
    bot.api.on_call = None
    for _ in range(3):
        clock.advance(timedelta(seconds=31))
        await bot.settle()
    sent = [c for c in bot.api.calls if c.method == "sendMessage" and c.chat_id == CITIZEN_ID and c.result]
    parts = [c.text for c in sent]
    words = [w for part in parts for w in part.split() if w.startswith("Satz")]
    assert words == [f"Satz{n}" for n in range(900)], "a part was lost or sent twice"
    assert (await _row(bot, "ticket_answer"))["status"] == "sent"
