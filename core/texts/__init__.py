"""User-facing texts, German first, English second, looked up by key.

Every catalog maps a key to {"de": ..., "en": ...}. Texts are HTML (Telegram parse mode);
`t()` escapes every argument unless it is wrapped in `Raw` (already safe HTML).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from core.texts import appointments as appointment_texts
from core.texts import core
from core.texts import privacy as privacy_texts
from core.texts import stops as stop_texts
from core.texts import talk as talk_texts
from core.texts import tickets as ticket_texts
from core.texts import web as web_texts

__all__ = ["LANGUAGES", "Raw", "has_text", "t"]

LANGUAGES = ("de", "en")

Catalog = Mapping[str, Mapping[str, str]]


class Raw(str):
    """A string that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def _merge(*catalogs: Catalog) -> dict[str, Mapping[str, str]]:
    merged: dict[str, Mapping[str, str]] = {}
    for catalog in catalogs:
        for key, value in catalog.items():
            if key in merged:
                raise ValueError(f"text key defined twice: {key}")
            merged[key] = value
    return merged


_TEXTS = _merge(
    core.TEXTS,
    privacy_texts.TEXTS,
    appointment_texts.TEXTS,
    stop_texts.TEXTS,
    ticket_texts.TEXTS,
    web_texts.TEXTS,
    talk_texts.TEXTS,
)


def has_text(key: str) -> bool:
    """Whether a text key exists."""
    return key in _TEXTS


def t(key: str, lang: str = "de", **values: object) -> str:
    """The text for key in lang (German when missing), with escaped values filled in."""
    variants = _TEXTS[key]
    template = variants.get(lang) or variants["de"]
    if not values:
        return template
    safe = {
        name: value if isinstance(value, Raw) else html.escape(str(value), quote=False)
        for name, value in values.items()
    }
    return template.format(**safe)
