"""Corrections typed into the request form: "oh sorry, 45136" changes the postal code, nothing else.

People correct themselves in the next message ("sorry, 45136", "ich meinte 0201 654321").
`find_correction` recognises such a message and the one field it names; the form then
changes only that field (`replace_postal` keeps the rest of the address) and asks again when
the correction names nothing it can place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.places import POSTAL_CODES

__all__ = ["POSTAL_CODE", "Correction", "find_correction", "replace_postal", "strip_correction"]

POSTAL_CODE = "postal_code"
"""The field a lone postal code corrects: the postal code of the place."""

_MARKERS = re.compile(
    r"^(?:\s*(?:oh(?:\s+je)?|ups|hoppla|oops|sorry|entschuldigung|verzeihung|pardon|korrektur|"
    r"nein|falsch|ich\s+meinte|gemeint\s+ist|richtig\s+ist|richtig|i\s+meant|correction)\b[\s,.:;!–-]*)+",
    re.IGNORECASE,
)
_POSTAL_ONLY = re.compile(
    r"^(?:(?:die\s+)?(?:plz|postleitzahl)(?:\s+ist)?[\s:]*)?(\d{5})[\s.!]*$", re.IGNORECASE
)
_FIVE_DIGITS = re.compile(r"(?<!\d)\d{5}(?!\d)")


@dataclass(frozen=True)
class Correction:
    """A message that corrects one field: which (`POSTAL_CODE`) and the new value."""

    field: str
    value: str


def strip_correction(text: str) -> tuple[bool, str]:
    """('oh sorry, 0201 654321') -> (True, '0201 654321'); a text without such words is kept."""
    match = _MARKERS.match(text)
    if match is None or match.end() == 0:
        return False, text.strip()
    return True, text[match.end() :].strip()


def find_correction(text: str) -> Correction | None:
    """The field a short correction names, or None (a lone Essen postal code counts, marked or not)."""
    _, rest = strip_correction(text)
    match = _POSTAL_ONLY.match(rest)
    if match is not None and match.group(1) in POSTAL_CODES:
        return Correction(POSTAL_CODE, match.group(1))
    return None


def replace_postal(place: str, code: str) -> str:
    """The address with its postal code changed (or added at the end); the rest stays as typed."""
    if _FIVE_DIGITS.search(place):
        return _FIVE_DIGITS.sub(code, place, count=1)
    return f"{place.rstrip(' ,')}, {code}"
