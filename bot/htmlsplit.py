"""Cut and split Telegram HTML without breaking tags or entities (a message holds at most 4096 characters)."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MESSAGE_LIMIT", "split_blocks", "truncate_html"]

MESSAGE_LIMIT = 4000
"""Below Telegram's 4096 characters, counted on the raw HTML (which is never shorter than the text)."""

_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>|&#?[a-zA-Z0-9]+;|[^<&]+|[<&]")


def truncate_html(text: str, limit: int = MESSAGE_LIMIT, ellipsis: str = "…") -> str:
    """Shorten HTML to at most `limit` characters, closing the tags still open."""
    if len(text) <= limit:
        return text
    out: list[str] = []
    stack: list[str] = []
    used = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        closing = sum(len(name) + 3 for name in stack)
        room = limit - used - closing - len(ellipsis)
        name = match.group(2)
        if name is not None:
            is_close = match.group(1) == "/"
            needed = len(token) + (0 if is_close else len(name) + 3)
            if needed > room:
                break
            out.append(token)
            used += len(token)
            if not is_close:
                stack.append(name.lower())
            elif stack and stack[-1] == name.lower():
                stack.pop()
        elif token.startswith("&") and len(token) > 1:
            if len(token) > room:
                break
            out.append(token)
            used += len(token)
        else:
            if len(token) > room:
                out.append(token[: max(room, 0)])
                break
            out.append(token)
            used += len(token)
    return "".join(out) + ellipsis + "".join(f"</{name}>" for name in reversed(stack))


def split_blocks(blocks: Iterable[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Join HTML blocks into as few messages as fit; a block too long on its own is shortened."""
    messages: list[str] = []
    current = ""
    for raw in blocks:
        block = truncate_html(raw, limit)
        candidate = f"{current}{separator}{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages
