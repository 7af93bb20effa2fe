"""Strict parsing of numbers that users control (callback data, command arguments).

Only ASCII digits count (``'²'``, ``'١'`` and other Unicode digits pass ``str.isdigit()`` but are
no ids), and the length is capped so that a forged number never reaches SQLite as an overflow.
"""

from __future__ import annotations

import re

__all__ = ["MAX_ID_DIGITS", "ascii_digits", "callback_id", "parse_id"]

MAX_ID_DIGITS = 15
"""Longer numbers are forged (SQLite integers end at 19 digits)."""

_DIGITS = re.compile(r"[0-9]+")


def ascii_digits(text: str | None, max_digits: int = MAX_ID_DIGITS) -> bool:
    """True when `text` is 1 to `max_digits` ASCII digits and nothing else."""
    return text is not None and 0 < len(text) <= max_digits and _DIGITS.fullmatch(text) is not None


def parse_id(text: str | None, *, max_digits: int = MAX_ID_DIGITS, minimum: int = 1) -> int | None:
    """'12' -> 12; None for anything else (signs, spaces, Unicode digits, too long, below `minimum`)."""
    if not ascii_digits(text, max_digits):
        return None
    assert text is not None
    value = int(text)
    return value if value >= minimum else None


def callback_id(data: str | None, index: int = 2, *, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """The id at part `index` of callback data such as 'vc:yes:12:3'; None when it is not one."""
    parts = (data or "").split(":")
    return parse_id(parts[index], max_digits=max_digits) if len(parts) > index else None
