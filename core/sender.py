"""The port a channel sends through, and the neutral outcome of one send or edit.

The outbox (`core/outbox.py`) and the card blanking (`core/appointments/retention.py`) call a
`Sender`; the Telegram channel implements it (`handlers/telegram/sender.py`) and turns the
channel's errors into one of the outcomes below, so the retry policy stays in the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from core.messages import Buttons

__all__ = [
    "Failed",
    "FailureReason",
    "GroupRefused",
    "Migrated",
    "Outcome",
    "RetryLater",
    "Sender",
    "Sent",
    "Transient",
]


class FailureReason(StrEnum):
    """Why a message was given up."""

    BLOCKED = "blocked"
    """The person blocked the bot (or their account refuses it)."""
    CHAT_GONE = "chat_gone"
    """The chat or account does not exist any more."""
    REFUSED = "refused"
    """The channel refused this message (a bad request)."""
    MIGRATED = "migrated"
    """The chat moved to a new id (a group became a supergroup)."""
    EXHAUSTED = "exhausted"
    """Transient errors until the attempts ran out."""


@dataclass(frozen=True)
class Sent:
    """The channel accepted the message; its id (the last part's id when it was split)."""

    message_id: int


@dataclass(frozen=True)
class RetryLater:
    """The channel asks to wait this long (a rate limit); not counted as an attempt."""

    seconds: float
    detail: str
    parts_sent: int = 0
    """Of a message split into parts: how many leading parts were accepted (the retry skips them)."""


@dataclass(frozen=True)
class Transient:
    """A network error, timeout or server error: back off and try again."""

    detail: str
    parts_sent: int = 0
    """Of a message split into parts: how many leading parts were accepted (the retry skips them)."""


@dataclass(frozen=True)
class Failed:
    """Final: the message cannot be delivered (the detail is the channel's own words)."""

    reason: FailureReason
    detail: str


@dataclass(frozen=True)
class Migrated:
    """The chat has a new id; the message was not delivered."""

    new_chat_id: int
    detail: str


@dataclass(frozen=True)
class GroupRefused:
    """A group chat refuses the bot (it was removed): the message waits until it is back."""

    detail: str
    parts_sent: int = 0
    """Of a message split into parts: how many leading parts were accepted (the retry skips them)."""


Outcome = Sent | RetryLater | Transient | Failed | Migrated | GroupRefused


class Sender(Protocol):
    """Sends stored messages and edits sent ones in one channel."""

    async def send(self, chat_id: int, payload: Mapping[str, Any]) -> Outcome:
        """Send one stored message (`core.outbox.message_payload`) to a chat."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None) -> Outcome:
        """Replace the text (HTML) and buttons of a message the bot sent."""
        ...
