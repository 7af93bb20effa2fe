"""Stored bot messages (Telegram's HTML subset) as safe HTML for the page.

The texts are the Telegram channel's: `<b>`, `<i>`, `<a href>`, `<code>` and line breaks, with
every user or staff text escaped when it was written. The page never trusts that: only the
whitelisted tags pass (links only to http, https, mailto and tel, opened in a new tab without a
referrer), everything else is shown as text, and line breaks become `<br>`.
"""

from __future__ import annotations

import functools
import html
import json
from collections import OrderedDict
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

__all__ = ["RenderedMessages", "safe_html", "visible_text"]

_TAGS = {
    "b": "strong",
    "strong": "strong",
    "i": "em",
    "em": "em",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_SCHEMES = ("http://", "https://", "mailto:", "tel:")


class _Whitelist(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = next((value for name, value in attrs if name == "href" and value), "")
            if href.lower().startswith(_SCHEMES):
                self.out.append(
                    f'<a href="{html.escape(href, quote=True)}" target="_blank" rel="noopener noreferrer">'
                )
                self.open.append("a")
                return
            self.open.append("")  # a link we do not keep: its text stays
            return
        mapped = _TAGS.get(tag)
        if mapped is not None:
            self.out.append(f"<{mapped}>")
        self.open.append(mapped or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            return
        mapped = self.open.pop()
        if mapped:
            self.out.append(f"</{mapped}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self.out.append(html.escape(data, quote=False).replace("\n", "<br>\n"))

    def close_all(self) -> str:
        self.close()
        while self.open:
            mapped = self.open.pop()
            if mapped:
                self.out.append(f"</{mapped}>")
        return "".join(self.out)


@functools.lru_cache(maxsize=4096)
def safe_html(text: str) -> str:
    """The stored HTML with only whitelisted tags (the page marks it safe for Jinja2); cached, it is pure."""
    parser = _Whitelist()
    parser.feed(text)
    return parser.close_all()


@functools.lru_cache(maxsize=4096)
def visible_text(text: str) -> str:
    """The text a reader sees (for titles and screen-reader announcements)."""
    parser = _Whitelist()
    parser.feed(text)
    parser.close_all()
    return "".join(parser.text)


class RenderedMessages:
    """The page HTML of recent messages, so the page and the event stream render each message once.

    The key is everything the rendering reads: the id, the language, the text, the buttons and the
    file's name; an edited message has another key. Least recently used entries go first.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._html: OrderedDict[tuple[int, str, str, str, str], str] = OrderedDict()

    def get(self, message_id: int, lang: str, payload: dict[str, Any], render: Callable[[], str]) -> str:
        """The cached HTML of the message, or `render()` stored for the next time."""
        document = payload.get("document")
        key = (
            message_id,
            lang,
            str(payload.get("text") or ""),
            json.dumps(payload.get("buttons") or [], ensure_ascii=False),
            str(document.get("filename") or "") if isinstance(document, dict) else "",
        )
        found = self._html.get(key)
        if found is not None:
            self._html.move_to_end(key)
            return found
        made = self._html[key] = render()
        if len(self._html) > self.size:
            self._html.popitem(last=False)
        return made
