"""Split Telegram HTML into messages without breaking tags or entities (at most 4096 characters each)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["MESSAGE_LIMIT", "TELEGRAM_LIMIT", "split_blocks", "split_html", "visible_length"]

TELEGRAM_LIMIT = 4096
"""Telegram's limit on a message's text, counted after the HTML is parsed."""

MESSAGE_LIMIT = 4000
"""What a part may hold, counted on the raw HTML (which is never shorter than the text it shows)."""

_ATOM = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>|&#?[a-zA-Z0-9]+;|\s+|[^\s<&]{1,200}|[<&]")
_TAG = re.compile(r"<[^<>]*>")


def visible_length(text: str) -> int:
    """How many characters Telegram counts: tags removed, entities as one character."""
    return len(html.unescape(_TAG.sub("", text)))


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut HTML into parts of at most `limit` characters at spaces; open tags are closed and reopened."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    stack: list[tuple[str, str]] = []  # (tag name, opening tag)
    current: list[str] = []
    used = 0

    def closing() -> int:
        return sum(len(name) + 3 for name, _ in stack)

    for match in _ATOM.finditer(text):
        atom = match.group(0)
        name = match.group(2)
        grows = len(name) + 3 if name is not None and not match.group(1) else 0
        if current and used + len(atom) + closing() + grows > limit:
            parts.append("".join(current) + "".join(f"</{n}>" for n, _ in reversed(stack)))
            reopened = "".join(tag for _, tag in stack)
            current, used = [reopened], len(reopened)
            if atom.isspace():
                continue
        current.append(atom)
        used += len(atom)
        if name is not None:
            if not match.group(1):
                stack.append((name.lower(), atom))
            elif stack and stack[-1][0] == name.lower():
                stack.pop()
    last = "".join(current)
    if last.strip():
        parts.append(last)
    return [part for part in parts if html.unescape(_TAG.sub("", part)).strip()]


def split_blocks(blocks: Iterable[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Join HTML blocks into as few messages as fit; a block too long on its own is split."""
    messages: list[str] = []
    current = ""
    for raw in blocks:
        for block in split_html(raw, limit):
            candidate = f"{current}{separator}{block}" if current else block
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    messages.append(current)
                current = block
    if current:
        messages.append(current)
    return messages
