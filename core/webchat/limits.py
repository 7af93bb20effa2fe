"""Rate limits for the web chat: a sliding window per key (a session, an IP address), bounded memory."""

from __future__ import annotations

from collections import OrderedDict, deque

__all__ = ["RateLimiter"]


class RateLimiter:
    """At most `limit` events per `window` seconds for each key; keeps at most `max_keys` keys."""

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = 10_000) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a rate limit needs a positive limit and window")
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._events)

    def allow(self, key: str, now: float) -> bool:
        """Count one event for the key at `now` (seconds, monotonic); False when over the limit."""
        stamps = self._events.get(key)
        if stamps is None:
            stamps = self._events[key] = deque()
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)
        else:
            self._events.move_to_end(key)  # most recently used last
            edge = now - self.window
            while stamps and stamps[0] <= edge:
                stamps.popleft()
        allowed = len(stamps) < self.limit
        if allowed:
            stamps.append(now)
        return allowed

    def retry_after(self, key: str, now: float) -> float:
        """Seconds until the key may act again (0 when it may now)."""
        stamps = self._events.get(key)
        if not stamps or len(stamps) < self.limit:
            return 0.0
        return max(0.0, stamps[0] + self.window - now)
