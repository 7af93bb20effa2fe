"""Forged numbers for ids in callback data and commands: Unicode digits pass `str.isdigit()`."""

from __future__ import annotations

UNICODE_DIGITS = ["²", "³", "¹", "١٢", "٣", "۴", "߅", "१२", "௫", "᠒", "①", "𝟙", "⁰", "１２"]
FORGED_NUMBERS = [*UNICODE_DIGITS, "9" * 25, "9" * 16, "-1", "+1", " 1", "1 ", "1_000", "0x1", "", "0"]
