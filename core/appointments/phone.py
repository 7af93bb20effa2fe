"""Phone numbers of the Vor-Ort request: parsed by `phonenumbers` (region DE), a short note kept."""

from __future__ import annotations

import re

import phonenumbers

__all__ = ["NOTE_MAX", "PHONE_MAX", "PhoneError", "normalise_phone", "phone_with_note", "split_phone"]

PHONE_MAX = 40
NOTE_MAX = 40

# The number: ASCII digits and the usual separators only ('0²⁰¹' and other Unicode digits are refused).
_NUMBER = re.compile(r"\(?\+?[0-9][0-9 \-/.()]*")
_NOTE_EDGES = " ,;:-–()[]"


class PhoneError(ValueError):
    """The text is no German phone number; `code` names why ('phone_invalid', 'phone_foreign', …)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def split_phone(raw: str) -> tuple[str, str]:
    """'0201 123456 (abends)' -> ('0201 123456', 'abends'); the note starts after a space or '('."""
    match = _NUMBER.match(raw)
    if match is None:
        raise PhoneError("phone_invalid")
    number, rest = match.group(0), raw[match.end() :]
    if rest and not number.endswith((" ", "(")) and not rest.startswith((" ", ",", ";")):
        raise PhoneError("phone_invalid")  # '0201 12a456', '0²⁰¹ 123456'
    if number.endswith("(") and rest:  # '0201 123456 (abends)': the '(' opens the note
        number = number[:-1]
    note = rest.strip(_NOTE_EDGES)
    if note and not note[0].isalpha():
        raise PhoneError("phone_invalid")
    if len(number) > PHONE_MAX or len(note) > NOTE_MAX:
        raise PhoneError("phone_invalid")
    return number.strip(), note


def normalise_phone(number: str) -> str:
    """A German phone number in any usual spelling -> '+49…' (E.164); raises PhoneError."""
    compact = re.sub(r"[ \-/.()]", "", number)
    if not compact.startswith(("0", "+")):
        raise PhoneError("phone_no_area_code" if compact.isascii() and compact.isdigit() else "phone_invalid")
    try:
        parsed = phonenumbers.parse(number, "DE")
    except phonenumbers.NumberParseException as exc:
        raise PhoneError("phone_invalid") from exc
    if parsed.country_code != 49:
        raise PhoneError("phone_foreign")
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneError("phone_invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_with_note(raw: str) -> str:
    """'0201 123456 (abends)' -> '+49201123456 (abends)'; the note is kept for the call back."""
    number, note = split_phone(raw)
    e164 = normalise_phone(number)
    return f"{e164} ({note})" if note else e164
