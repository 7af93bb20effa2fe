"""Staff: who acts (`StaffActor`) and who may (`StaffDirectory`, answered by a channel).

The core only needs to know *that* someone is staff; how a channel finds out (Telegram:
membership of the staff group, a web console: the city's log-in) is the channel's part.
`ListedStaff` is the channel-free answer from the config alone: the listed user ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.config import StaffSection

__all__ = ["ListedStaff", "StaffActor", "StaffDirectory"]


@dataclass(frozen=True)
class StaffActor:
    """The staff member doing something."""

    user_id: int
    name: str


class StaffDirectory(Protocol):
    """Answers "is this user staff?" and "is this a staff chat?"; implemented by a channel."""

    @property
    def chat_ids(self) -> set[int]:
        """The main staff chat and all routed chats."""
        ...

    def is_staff_chat(self, chat_id: int | None) -> bool:
        """Whether a chat is one of the staff chats."""
        ...

    async def is_staff(self, user_id: int, chat_id: int | None = None) -> bool:
        """Whether the user may use staff functions (in chat_id, when that is a staff chat)."""
        ...

    def forget(self, user_id: int) -> None:
        """Drop what is remembered about a user (e.g. when someone leaves the staff group)."""
        ...


class ListedStaff:
    """The staff chats and `staff.user_ids` of the config; a channel adds its membership check."""

    def __init__(self, section: StaffSection) -> None:
        self.section = section

    @property
    def chat_ids(self) -> set[int]:
        """The main staff chat and all routed chats."""
        chats = set(self.section.routes.values())
        if self.section.chat_id is not None:
            chats.add(self.section.chat_id)
        return chats

    def is_staff_chat(self, chat_id: int | None) -> bool:
        """Whether a chat is one of the staff chats."""
        return chat_id is not None and chat_id in self.chat_ids

    async def is_staff(self, user_id: int, chat_id: int | None = None) -> bool:
        """Whether the user is listed in `staff.user_ids`."""
        return user_id in self.section.user_ids

    def forget(self, user_id: int) -> None:
        """Nothing is cached."""
