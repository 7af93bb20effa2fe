"""Benchmark 2: the escalation loop with the database on disk, and the latency of every update.

Phase 1: citizens ask questions the FAQ cannot answer and press "Ja, an das Team senden"
(`esc:yes`): tickets created per second, counted until every ticket card reached the staff
group through the outbox. Phase 2: staff reply to each card: answers relayed per second,
counted until every answer was delivered to its citizen. Phase 3: mixed traffic (FAQ
questions, escalations, staff answers) while the outbox and the persistence work in the
background, as in a busy hour. Each update is handed to `Application.process_update`
(what PTB's update fetcher calls for every update) and timed on its own.
Targets: an FAQ answer takes under 10 ms (median) and under 50 ms (99th percentile).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from telegram import Update

from benchmarks.common import (
    STAFF_CHAT,
    STAFF_ID,
    LeanApi,
    bench_config,
    citizen,
    figure,
    latency_figures,
    questions_from_faq,
    result,
)
from core.services import Services, create_services
from handlers.telegram.app import build_application
from handlers.telegram.context import BotApplication
from handlers.telegram.offline import BOT_ID, UpdateFactory

__all__ = ["run"]

MEDIAN_TARGET_MS = 10.0
P99_TARGET_MS = 50.0

UNANSWERABLE = (
    "Darf ich im Garten ein Baumhaus bauen? Nummer {i}",
    "Wer mäht die Wiese vor unserem Haus {i}?",
    "Mein Nachbar grillt jeden Abend, Fall {i}",
    "Kann ich beim Amt ein Pony anmelden {i}",
)


class Loop:
    """The running bot with helpers to send citizen and staff updates."""

    def __init__(self, services: Services, app: BotApplication, api: LeanApi) -> None:
        self.services = services
        self.app = app
        self.api = api
        self.factory = UpdateFactory(app.bot)
        self.staff = UpdateFactory.user(STAFF_ID, "Sam Team", "de")
        self.latencies: dict[str, list[float]] = defaultdict(list)

    async def timed(self, kind: str, update: Update) -> None:
        """Process one update and record how long it took."""
        started = time.perf_counter()
        await self.app.process_update(update)
        self.latencies[kind].append(time.perf_counter() - started)

    async def escalate(self, index: int) -> None:
        """A question without an FAQ answer, then 'yes, send it to the team'."""
        user = citizen(self.factory, index)
        text = UNANSWERABLE[index % len(UNANSWERABLE)].format(i=index)
        await self.timed("question without answer", self.factory.text(user, text))
        await self.timed("esc:yes (ticket created)", self.factory.callback(user, "esc:yes"))

    async def card_message(self, ticket_id: int) -> int:
        """The message id of a ticket's card in the staff group (waits for the outbox if needed)."""
        sql = (
            "SELECT message_id FROM staff_messages WHERE chat_id = ? AND ref_type = 'ticket' AND ref_id = ?"
            " ORDER BY message_id LIMIT 1"
        )
        row = await self.services.db.fetchone(sql, (STAFF_CHAT, ticket_id))
        if row is None:
            await self.services.settle()
            await self.services.outbox.flush()
            row = await self.services.db.fetchone(sql, (STAFF_CHAT, ticket_id))
        if row is None:
            raise RuntimeError(f"the card of ticket {ticket_id} was not delivered")
        return int(row["message_id"])

    async def staff_answer(self, ticket_id: int) -> None:
        """A staff member replies to the ticket's card."""
        card = {
            "message_id": await self.card_message(ticket_id),
            "date": int(time.time()),
            "chat": UpdateFactory.chat(STAFF_CHAT),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bürgermobil Essen"},
            "text": f"Anfrage #{ticket_id}",
        }
        text = f"Dafür brauchen Sie eine Genehmigung. Rufen Sie 0201 88-0 an. ({ticket_id})"
        update = self.factory.text(self.staff, text, chat_id=STAFF_CHAT, reply_to=card)
        await self.timed("staff answer relayed", update)

    async def faq_question(self, index: int, question: str) -> None:
        """A citizen's question the FAQ answers."""
        await self.timed("FAQ answer", self.factory.text(citizen(self.factory, index), question))

    async def count(self, sql: str) -> int:
        """A COUNT(*) query."""
        row = await self.services.db.fetchone(sql)
        return int(row[0]) if row else 0


async def _ticket_ids(services: Services) -> list[int]:
    rows = await services.db.fetchall("SELECT id FROM tickets ORDER BY id")
    return [int(r["id"]) for r in rows]


async def measure(tickets: int, mixed: int, directory: Path) -> dict[str, Any]:
    """Run the three phases on a fresh database in directory."""
    services = await create_services(bench_config(directory))
    api = LeanApi()
    api.add_member(STAFF_CHAT, STAFF_ID)
    app = build_application(services, request=api, rate_limit=False)
    await app.initialize()
    await app.start()
    loop = Loop(services, app, api)
    try:
        questions = questions_from_faq(services.faq, max(mixed, 50))
        for i in range(20):  # warm-up, not counted
            await loop.faq_question(-1 - i, questions[i])
            await loop.escalate(-100 - i)
        await services.settle()
        for ticket_id in await _ticket_ids(services):
            await loop.staff_answer(ticket_id)
        await services.settle()
        loop.latencies.clear()
        done_before = await _ticket_ids(services)

        started = time.perf_counter()
        for i in range(tickets):
            await loop.escalate(i)
        await services.settle()
        created_seconds = time.perf_counter() - started
        new_tickets = [t for t in await _ticket_ids(services) if t not in set(done_before)]

        started = time.perf_counter()
        for ticket_id in new_tickets:
            await loop.staff_answer(ticket_id)
        await services.settle()
        relayed_seconds = time.perf_counter() - started
        delivered = await loop.count(
            "SELECT COUNT(*) FROM ticket_messages WHERE author = 'staff' AND delivery = 'sent'"
        )

        before_mix = sum(len(v) for v in loop.latencies.values())
        mix_tickets: list[int] = []
        started = time.perf_counter()
        for i in range(mixed):
            step = i % 10
            if step in (3, 8):
                await loop.escalate(tickets + i)
                mix_tickets.append(await loop.count("SELECT MAX(id) FROM tickets"))
            elif step in (5, 9) and mix_tickets:
                await loop.staff_answer(mix_tickets.pop(0))
            else:
                await loop.faq_question(tickets + i, questions[i % len(questions)])
        await services.settle()
        mixed_seconds = time.perf_counter() - started
        mixed_updates = sum(len(v) for v in loop.latencies.values()) - before_mix
    finally:
        await app.stop()
        await app.shutdown()
        await services.close()

    latencies = dict(loop.latencies)
    figures = [
        figure("tickets created (question → esc:yes → card)", tickets / created_seconds, "tickets/s"),
        figure("staff answers relayed to citizens", len(new_tickets) / relayed_seconds, "answers/s"),
        figure("mixed traffic", mixed_updates / mixed_seconds, "updates/s"),
        *latency_figures("FAQ answer", latencies.get("FAQ answer", []), MEDIAN_TARGET_MS, P99_TARGET_MS),
    ]
    for kind in ("question without answer", "esc:yes (ticket created)", "staff answer relayed"):
        figures.extend(latency_figures(kind, latencies.get(kind, [])))
    return result(
        "escalation",
        "Escalation loop (SQLite on disk) and latency per update",
        False,
        figures,
        tickets=tickets,
        mixed_steps=mixed,
        mixed_updates=mixed_updates,
        answers_delivered=delivered,
        samples={kind: len(values) for kind, values in latencies.items()},
    )


def run(quick: bool = False, size: int | None = None) -> dict[str, Any]:
    """Run the benchmark; `size` overrides the number of tickets (tests)."""
    tickets = size or (200 if quick else 1000)
    mixed = size * 3 if size else (600 if quick else 3000)
    with tempfile.TemporaryDirectory(prefix="bench-escalation-") as tmp:
        data = asyncio.run(measure(tickets, mixed, Path(tmp)))
    data["quick"] = quick
    return data


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, ensure_ascii=False))
