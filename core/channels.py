"""The outbox's sender for all channels: each message goes to the sender of its recipient's channel.

A recipient id says its channel (`storage/citizens.py`: web citizens have their own id range,
everything else, staff groups included, is Telegram). The core registers the web inbox at start;
the Telegram channel registers its sender when the Application starts (`handlers/telegram/app.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.messages import Buttons
from core.sender import Outcome, RetryLater, Sender
from storage.citizens import CHANNELS, TELEGRAM, WEB, channel_of

__all__ = ["TELEGRAM", "WEB", "ChannelRouter", "channel_of"]

_WAIT_FOR_CHANNEL = 60.0


class ChannelRouter:
    """`core.sender.Sender` that routes each send and edit by the recipient's channel."""

    def __init__(self, senders: Mapping[str, Sender] | None = None) -> None:
        self._senders: dict[str, Sender] = {}
        for channel, sender in (senders or {}).items():
            self.register(channel, sender)

    def register(self, channel: str, sender: Sender) -> None:
        """Send this channel's messages with `sender` (replaces an earlier one)."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel: {channel}")
        self._senders[channel] = sender

    def sender_for(self, chat_id: int) -> Sender | None:
        """The sender of the recipient's channel, if that channel is connected."""
        return self._senders.get(channel_of(chat_id))

    async def send(self, chat_id: int, payload: Mapping[str, Any]) -> Outcome:
        """Send through the recipient's channel; an unconnected channel makes the message wait."""
        sender = self.sender_for(chat_id)
        if sender is None:
            return RetryLater(_WAIT_FOR_CHANNEL, f"channel {channel_of(chat_id)} is not connected")
        return await sender.send(chat_id, payload)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None) -> Outcome:
        """Edit through the recipient's channel."""
        sender = self.sender_for(chat_id)
        if sender is None:
            return RetryLater(_WAIT_FOR_CHANNEL, f"channel {channel_of(chat_id)} is not connected")
        return await sender.edit(chat_id, message_id, text, buttons)
