"""An offline Bot API whose answers take a little (random) time, and which notes overlapping calls."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from typing import Any

from handlers.telegram.offline import OfflineBotApi

__all__ = ["SlowApi"]


class SlowApi(OfflineBotApi):
    """Every call waits `low`..`high` seconds (seeded), so concurrent updates really overlap."""

    def __init__(self, low: float = 0.001, high: float = 0.01, seed: int = 7) -> None:
        super().__init__()
        self.low = low
        self.high = high
        self._random = random.Random(seed)
        self.in_flight = 0
        self.most_in_flight = 0
        self._per_chat: Counter[int] = Counter()
        self.most_per_chat = 0

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Answer like OfflineBotApi, after a delay; count what overlaps."""
        chat = self._chat_of(args[0] if args else kwargs.get("request_data"))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        if chat is not None:
            self._per_chat[chat] += 1
            self.most_per_chat = max(self.most_per_chat, self._per_chat[chat])
        try:
            await asyncio.sleep(self._random.uniform(self.low, self.high))
            return await super().do_request(url, method, *args, **kwargs)
        finally:
            self.in_flight -= 1
            if chat is not None:
                self._per_chat[chat] -= 1

    @staticmethod
    def _chat_of(request_data: Any) -> int | None:
        if request_data is None:
            return None
        chat = request_data.parameters.get("chat_id")
        return int(chat) if isinstance(chat, int | str) and str(chat).lstrip("-").isdigit() else None
