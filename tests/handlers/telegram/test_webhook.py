"""The webhook route: the secret token is checked before anything is read; real update JSON is handled."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from starlette.applications import Starlette

from bot.webhook import webhook_routes
from handlers.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER, WEBHOOK_PATH
from tests.auxil.harness import Harness

SECRET = "s3cret-token_for-tests"


def _update_json(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """An update as Telegram sends it (a private text message)."""
    user = {"id": user_id, "is_bot": False, "first_name": "Erika", "language_code": "de"}
    command = text.startswith("/")
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1764061200,
            "chat": {"id": user_id, "type": "private", "first_name": "Erika"},
            "from": user,
            "text": text,
            **({"entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]} if command else {}),
        },
    }


def _client(bot: Harness) -> httpx.AsyncClient:
    web = Starlette(routes=webhook_routes(bot.app, SECRET))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bot")


async def _handled(bot: Harness) -> None:
    await asyncio.wait_for(bot.app.update_queue.join(), timeout=10)
    await bot.settle()


async def test_a_real_update_is_queued_and_answered(bot: Harness) -> None:
    async with _client(bot) as client:
        answer = await client.post(
            WEBHOOK_PATH, json=_update_json(1, 4242, "/start"), headers={SECRET_HEADER: SECRET}
        )
    assert answer.status_code == 200
    await _handled(bot)
    assert "Bürgermobil" in bot.api.last(4242).text


async def test_without_or_with_a_wrong_secret_nothing_is_processed(bot: Harness) -> None:
    body = _update_json(2, 4343, "/start")
    async with _client(bot) as client:
        missing = await client.post(WEBHOOK_PATH, json=body)
        wrong = await client.post(WEBHOOK_PATH, json=body, headers={SECRET_HEADER: SECRET + "x"})
        empty = await client.post(WEBHOOK_PATH, json=body, headers={SECRET_HEADER: ""})
        get = await client.get(WEBHOOK_PATH, headers={SECRET_HEADER: SECRET})
    assert (missing.status_code, wrong.status_code, empty.status_code) == (401, 403, 403)
    assert get.status_code == 405
    await _handled(bot)
    assert bot.app.update_queue.qsize() == 0
    assert bot.api.sent(4343) == []


async def test_bodies_that_are_no_update_get_400(bot: Harness) -> None:
    headers = {SECRET_HEADER: SECRET, "content-type": "application/json"}
    async with _client(bot) as client:
        answers = [
            await client.post(WEBHOOK_PATH, content=b"{not json", headers=headers),
            await client.post(WEBHOOK_PATH, content=b"[1, 2]", headers=headers),
            await client.post(WEBHOOK_PATH, content=json.dumps({"message": {}}).encode(), headers=headers),
            await client.post(WEBHOOK_PATH, content=b"\xff\xfe", headers=headers),
        ]
        huge = await client.post(WEBHOOK_PATH, content=b" " * (MAX_BODY_BYTES + 1), headers=headers)
    assert [a.status_code for a in answers] == [400, 400, 400, 400]
    assert huge.status_code == 413
    await _handled(bot)
    assert not any(call.method == "sendMessage" for call in bot.api.calls)


async def test_a_burst_through_the_webhook_keeps_each_chats_order(bot: Harness) -> None:
    async with _client(bot) as client:
        for n in range(10):
            for user in (5001, 5002):
                text = "/start" if n == 0 else "/hilfe"
                body = _update_json(100 + n * 2 + user, user, text)
                answer = await client.post(WEBHOOK_PATH, json=body, headers={SECRET_HEADER: SECRET})
                assert answer.status_code == 200
    await _handled(bot)
    for user in (5001, 5002):
        texts = [call.text for call in bot.api.sent(user) if call.method == "sendMessage"]
        assert len(texts) >= 10
        assert "Bürgermobil" in texts[0]
