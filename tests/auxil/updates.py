"""Bot API JSON for updates the `UpdateFactory` does not build: the bot's own membership changes."""

from __future__ import annotations

import time
from typing import Any

from handlers.telegram.offline import BOT_ID

BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Bürgermobil Essen"}


def membership(chat_id: int, by: dict[str, Any], old: str = "left", new: str = "member") -> dict[str, Any]:
    """A my_chat_member update: the bot's status in a chat changed."""
    chat: dict[str, Any] = (
        {"id": chat_id, "type": "supergroup", "title": "Fremde Gruppe"}
        if chat_id < 0
        else {"id": chat_id, "type": "private", "first_name": "Erika"}
    )
    return {
        "my_chat_member": {
            "chat": chat,
            "from": by,
            "date": int(time.time()),
            "old_chat_member": _member(old),
            "new_chat_member": _member(new),
        }
    }


def _member(status: str) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": BOT_USER}
    if status == "kicked":
        member["until_date"] = 0
    if status == "administrator":
        rights = (
            "can_be_edited is_anonymous can_manage_chat can_delete_messages can_manage_video_chats"
            " can_restrict_members can_promote_members can_change_info can_invite_users can_post_stories"
            " can_edit_stories can_delete_stories"
        )
        member.update(dict.fromkeys(rights.split(), False))
    return member
