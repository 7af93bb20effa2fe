"""The web chat's parts without a channel: codes and signed tokens, the inbox, the channel router."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest

from core.channels import TELEGRAM, WEB, ChannelRouter
from core.clock import ManualClock
from core.messages import Button, Buttons
from core.outbox import message_payload
from core.sender import Failed, FailureReason, Outcome, RetryLater, Sent
from core.services import Services
from core.webchat import Identity, normalise_code
from core.webchat.limits import RateLimiter
from core.webchat.turns import Turn, current_turn, turn
from storage.citizens import WEB_ID_MIN
from tests.auxil.harness import STAFF_CHAT


class Recorder:
    """A channel's sender that records what it was given (the network edge)."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, Mapping[str, Any]]] = []

    async def send(self, chat_id: int, payload: Mapping[str, Any]) -> Outcome:
        self.sent.append((chat_id, payload))
        return Sent(len(self.sent))

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None) -> Outcome:
        return Sent(message_id)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("K7M-4QP", "K7M-4QP"), ("k7m 4qp", "K7M-4QP"), ("k7m4qp", "K7M-4QP"), ("O1L-IAB", "011-1AB")],
)
def test_typed_codes_are_forgiven(typed: str, code: str) -> None:
    assert normalise_code(typed) == code


@pytest.mark.parametrize("typed", ["", "K7M-4Q", "K7M-4QPX", "K7U-4QP", "K7M-4Q²", "Ｋ7M-4QP"])
def test_what_cannot_be_a_code(typed: str) -> None:
    assert normalise_code(typed) is None


def test_tokens_are_signed_and_stored_as_hashes() -> None:
    identity = Identity(b"k" * 32)
    cookie, stored = identity.new_token()
    assert identity.token_hash(cookie) == stored and stored not in cookie
    token, signature = cookie.split(".")
    assert identity.token_hash(f"{token}.{'0' * len(signature)}") is None
    assert identity.token_hash(f"{token}x.{signature}") is None
    assert identity.token_hash(cookie + ".x") is None
    assert identity.token_hash(None) is None
    assert Identity(b"x" * 32).token_hash(cookie) is None  # another key
    code = identity.new_code()
    assert normalise_code(code) == code and identity.code_hash(code) != Identity(b"x" * 32).code_hash(code)
    with pytest.raises(ValueError, match="16 bytes"):
        Identity(b"short")


async def test_the_router_sends_by_channel_and_waits_for_a_missing_one(services: Services) -> None:
    web_citizen = WEB_ID_MIN + 5
    router = ChannelRouter()
    assert isinstance(await router.send(STAFF_CHAT, {"text": "x"}), RetryLater)
    assert isinstance(await router.edit(web_citizen, 1, "x"), RetryLater)
    telegram, web = Recorder(), Recorder()
    router.register(TELEGRAM, telegram)
    router.register(WEB, web)
    with pytest.raises(ValueError, match="unknown channel"):
        router.register("fax", web)
    await router.send(STAFF_CHAT, {"text": "card"})
    await router.send(1001, {"text": "telegram citizen"})
    await router.send(web_citizen, {"text": "web citizen"})
    assert [chat for chat, _ in telegram.sent] == [STAFF_CHAT, 1001]
    assert [chat for chat, _ in web.sent] == [web_citizen]


async def test_the_inbox_stores_for_known_web_citizens_only(services: Services) -> None:
    assert services.webchat is not None
    visitor = await services.webchat.send(None, "Hallo")
    assert visitor is not None
    inbox = services.channels.sender_for(visitor.citizen_id)
    assert inbox is not None
    buttons = ((Button("Ja", "esc:yes"),),)
    with services.webchat.listeners.listen(visitor.citizen_id) as woken:
        outcome = await inbox.send(visitor.citizen_id, message_payload("<b>Antwort</b>", buttons))
        assert isinstance(outcome, Sent) and woken.is_set()
    stored = (await services.webchat.history(visitor))[-1]
    assert stored.id == outcome.message_id and stored.payload["text"] == "<b>Antwort</b>"
    assert isinstance(await inbox.edit(visitor.citizen_id, stored.id, "neu"), Sent)
    assert (await services.webchat.history(visitor))[-1].payload == {"text": "neu"}
    missing = await inbox.edit(visitor.citizen_id, 99_999, "x")
    assert missing == Failed(FailureReason.REFUSED, "no such web message")
    gone = await inbox.send(visitor.citizen_id + 1, {"text": "x"})
    assert isinstance(gone, Failed) and gone.reason is FailureReason.CHAT_GONE


async def test_the_outbox_waits_for_telegram_but_delivers_web_messages(services: Services) -> None:
    assert services.webchat is not None and services.outbox.sender is None
    visitor = await services.webchat.send(None, "Darf ich im Garten ein Baumhaus bauen?")
    assert visitor is not None
    services.connect(WEB, services.channels.sender_for(visitor.citizen_id))  # type: ignore[arg-type]
    offer = (await services.webchat.history(visitor))[-1]
    assert await services.webchat.press(visitor, offer.id, "esc:yes")
    await services.settle()
    await services.outbox.flush()
    texts = [m.payload["text"] for m in await services.webchat.history(visitor)]
    assert "Ihre Nummer: <b>#1</b>" in texts[-1]
    card = await services.db.fetchone("SELECT status, attempts FROM outbox WHERE purpose = 'ticket_card'")
    assert card is not None and (card["status"], card["attempts"]) == ("pending", 0)


def test_rate_limits_slide_and_stay_bounded() -> None:
    limiter = RateLimiter(limit=2, window=60, max_keys=3)
    assert limiter.allow("a", 0) and limiter.allow("a", 1)
    assert not limiter.allow("a", 2)
    assert limiter.retry_after("a", 2) == 58
    assert limiter.allow("b", 2)  # another key has its own window
    assert limiter.allow("a", 60.5)  # the first event slid out
    for key in ("c", "d", "e"):
        limiter.allow(key, 61)
    assert len(limiter) == 3 and limiter.retry_after("a", 61) == 0  # the oldest keys were forgotten
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(limit=0)


async def test_a_sessions_last_use_is_written_once_a_minute(services: Services, clock: ManualClock) -> None:
    chat = services.webchat
    assert chat is not None
    first = await chat.send(None, "Hallo")
    assert first is not None and first.cookie is not None
    visitor = await chat.visitor(first.cookie)
    assert visitor is not None

    async def stamps() -> tuple[str, str]:
        row = await services.db.fetchone(
            "SELECT s.last_seen AS s, c.last_seen AS c FROM web_sessions s"
            " JOIN web_citizens c ON c.citizen_id = s.citizen_id"
        )
        assert row is not None
        return str(row["s"]), str(row["c"])

    await chat.send(visitor, "Danke")
    written = await stamps()
    clock.advance(timedelta(seconds=30))
    await chat.send(visitor, "Hallo")
    assert await stamps() == written  # within the minute: no write
    clock.advance(timedelta(seconds=31))
    await chat.send(visitor, "Hallo")
    later = await stamps()
    assert later != written and later[0] == later[1] > written[0]


async def test_a_question_is_one_transaction_and_its_messages_are_handed_to_the_open_page(
    services: Services,
) -> None:
    chat = services.webchat
    assert chat is not None
    visitor = await chat.send(None, "Hallo")
    assert visitor is not None
    statements: list[str] = []
    with chat.listeners.listen(visitor.citizen_id) as page:
        await services.db.trace(statements.append)
        try:
            await chat.send(visitor, "Was kostet ein Personalausweis?")
        finally:
            await services.db.trace(None)
        assert page.is_set()
        handed = page.take()
    assert not page.is_set()
    writes = [s for s in statements if s.startswith(("BEGIN", "INSERT", "UPDATE"))]
    assert sum(s.startswith("BEGIN") for s in writes) == 1, writes  # the question, the answer, pending
    assert not any(s.startswith("SELECT") and "web_messages" in s for s in statements)
    stored = (await chat.history(visitor))[-2:]
    assert handed is not None and [m.id for m in handed] == [m.id for m in stored]
    assert [m.author for m in handed] == ["citizen", "bot"]
    assert [m.payload for m in handed] == [m.payload for m in stored]
    pending = await chat.repo.pending(visitor.citizen_id)
    assert pending is not None and pending["text"] == "Was kostet ein Personalausweis?"


async def test_a_page_reads_when_a_change_is_not_handed_over(services: Services) -> None:
    chat = services.webchat
    assert chat is not None
    visitor = await chat.send(None, "Hallo")
    assert visitor is not None
    message = (await chat.history(visitor))[-1]
    with chat.listeners.listen(visitor.citizen_id) as page:
        assert chat.listeners.notify(visitor.citizen_id, [message]) == 1
        assert page.take() == [message] and page.take() == []
        chat.listeners.notify(visitor.citizen_id)  # a change without its messages
        chat.listeners.notify(visitor.citizen_id, [message])
        assert page.take() is None
        chat.listeners.notify(visitor.citizen_id, [message] * 65)  # more than a page keeps
        assert page.take() is None
    assert chat.listeners.count() == 0


async def test_a_turn_belongs_to_its_task_and_its_block() -> None:
    started = asyncio.Event()

    async def later() -> Turn | None:
        await started.wait()
        return current_turn(5)

    async with turn(5) as collected:
        assert current_turn(5) is collected and current_turn(6) is None
        task = asyncio.get_running_loop().create_task(later())  # copies the context
    started.set()
    assert await task is None  # after the block a task writes on its own
    assert current_turn(5) is None


def test_rate_limiter_forgets_the_least_recently_used_key() -> None:
    limiter = RateLimiter(2, window=60.0, max_keys=2)
    assert limiter.allow("a", 0.0) and limiter.allow("b", 1.0) and limiter.allow("a", 2.0)
    assert not limiter.allow("a", 3.0)  # two in the window
    assert limiter.allow("c", 4.0)  # "b" is the least recently used and goes
    assert len(limiter) == 2 and limiter.retry_after("b", 4.0) == 0.0
    assert limiter.retry_after("a", 4.0) == pytest.approx(56.0)
    assert limiter.allow("a", 61.0)  # the first stamp left the window
