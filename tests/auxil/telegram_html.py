"""A checker for Telegram's HTML parse mode: the tags it allows, balanced; no stray '<', '>' or '&'.

Telegram rejects a message with malformed markup, and the message is lost; every text the bot
sends with parse_mode HTML must pass this check.
"""

from __future__ import annotations

import html
import re
from typing import Any

from handlers.telegram.offline import ApiCall

__all__ = ["html_problems", "sent_html_problems", "visible_text"]

ALLOWED = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "span": {"class"},
    "tg-spoiler": set(),
    "a": {"href"},
    "tg-emoji": {"emoji-id"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
}
NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\")?)*)\s*>"
    r"|&(?P<entity>#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
    r"|(?P<stray>[<>&])"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:=\"[^\"]*\")?")
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def html_problems(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """What Telegram would reject in this HTML text (empty when it is well-formed)."""
    problems: list[str] = []
    stack: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.group("stray"):
            problems.append(f"stray {match.group('stray')!r} at {match.start()}")
        elif match.group("entity") is not None:
            entity = match.group("entity")
            if not entity.startswith("#") and entity not in NAMED_ENTITIES:
                problems.append(f"unsupported entity &{entity};")
        else:
            name = match.group("name").lower()
            if name not in ALLOWED:
                problems.append(f"tag <{name}> not allowed")
                continue
            if match.group("close"):
                if not stack or stack[-1] != name:
                    problems.append(f"</{name}> closes {stack[-1] if stack else 'nothing'}")
                else:
                    stack.pop()
                continue
            for attr in _ATTR.findall(match.group("attrs") or ""):
                if attr not in ALLOWED[name]:
                    problems.append(f"attribute {attr} not allowed on <{name}>")
            stack.append(name)
    if stack:
        problems.append(f"unclosed tags: {stack}")
    length = len(visible_text(text))
    if length > limit:
        problems.append(f"{length} characters (limit {limit})")
    if not text.strip() and limit == TEXT_LIMIT:
        problems.append("empty text")
    return problems


def visible_text(text: str) -> str:
    """The text a reader sees: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^<>]*>", "", text))


def _parse_mode(params: dict[str, Any]) -> str | None:
    value = params.get("parse_mode")
    return str(value) if value is not None else None


def sent_html_problems(calls: list[ApiCall]) -> list[tuple[str, str, list[str]]]:
    """(method, text, problems) for every recorded call whose HTML text or caption is malformed."""
    found = []
    for call in calls:
        if _parse_mode(call.params) != "HTML":
            continue
        for key, limit in (("text", TEXT_LIMIT), ("caption", CAPTION_LIMIT)):
            value = call.params.get(key)
            if value is None:
                continue
            problems = html_problems(str(value), limit)
            if problems:
                found.append((call.method, str(value)[:200], problems))
    return found
