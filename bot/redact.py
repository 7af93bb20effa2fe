"""Keep the bot token out of every log line: a filter on the root handlers (PTB, httpx, ours)."""

from __future__ import annotations

import logging
import re

__all__ = ["REDACTED", "TokenFilter", "install_token_filter", "redact"]

REDACTED = "<token>"
_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
"""What a Bot API token looks like ('123456789:AA…'), also inside URLs (…/bot<token>/getMe)."""


def redact(text: str, token: str | None = None) -> str:
    """`text` with the token (and anything shaped like a token) replaced by '<token>'."""
    if token:
        text = text.replace(token, REDACTED)
    return _TOKEN_SHAPE.sub(REDACTED, text)


class TokenFilter(logging.Filter):
    """Rewrites each record's message and traceback with the token redacted; drops nothing."""

    def __init__(self, token: str | None = None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the message, the arguments and a traceback of the record."""
        message = record.getMessage()
        clean = redact(message, self.token)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.token)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.token)
        return True


def install_token_filter(token: str | None) -> TokenFilter:
    """Put one TokenFilter on every handler of the root logger (call after logging is set up)."""
    token_filter = TokenFilter(token)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, TokenFilter)]:
            handler.removeFilter(old)
        handler.addFilter(token_filter)
    return token_filter
