"""Personal data owners: every feature that stores personal data registers one.

/meinedaten, /loeschen and the daily retention purge ask every registered owner, so a
new feature cannot forget its part of the privacy duties.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, Protocol

__all__ = ["DataOwner", "DataOwnerRegistry"]


class DataOwner(Protocol):
    """What a feature must offer for the data it stores about a person."""

    name: str

    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the user, JSON-serialisable (empty dict when nothing)."""
        ...

    async def delete(self, user_id: int) -> int:
        """Delete or anonymise the user's personal data; returns how many records changed."""
        ...

    async def purge(self, finished_before: datetime) -> int:
        """Anonymise records finished (closed, done, cancelled) before the moment."""
        ...


class DataOwnerRegistry:
    """The registered owners, in registration order."""

    def __init__(self) -> None:
        self._owners: dict[str, DataOwner] = {}

    def register(self, owner: DataOwner, *, before: str | None = None) -> None:
        """Add an owner (names are unique), last or in front of the owner named `before`.

        The order is the order of the sections in an export; a channel that registers its
        owner after the core keeps its place with `before`.
        """
        if owner.name in self._owners:
            raise ValueError(f"data owner registered twice: {owner.name}")
        if before is None or before not in self._owners:
            self._owners[owner.name] = owner
            return
        owners = list(self._owners.items())
        at = [name for name, _ in owners].index(before)
        self._owners = dict([*owners[:at], (owner.name, owner), *owners[at:]])

    def __iter__(self) -> Iterator[DataOwner]:
        return iter(list(self._owners.values()))

    def names(self) -> list[str]:
        """The registered names."""
        return list(self._owners)
