"""User-facing texts, German first, English second, looked up by key.

Every catalog maps a key to {"de": ..., "en": ...}. Texts are HTML (Telegram parse mode);
`t()` escapes every argument unless it is wrapped in `Raw` (already safe HTML).
A template may name a structured fact, `{fact:servicecenter_115}` (see faq/facts.yaml): it is
filled in (escaped) for the day the text is made, from the facts `use_facts` installed
(by default the shipped facts and the system clock).
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Iterator, Mapping
from zoneinfo import ZoneInfo

from core.texts import appointment_input as appointment_input_texts
from core.texts import appointment_notices as appointment_notice_texts
from core.texts import appointment_options as appointment_option_texts
from core.texts import appointments as appointment_texts
from core.texts import conversation as conversation_texts
from core.texts import core
from core.texts import learning as learning_texts
from core.texts import privacy as privacy_texts
from core.texts import stops as stop_texts
from core.texts import talk as talk_texts
from core.texts import tickets as ticket_texts
from core.texts import web as web_texts
from faq.facts import DEFAULT_FACTS_PATH, PLACEHOLDER_RE, FactBook, load_facts

__all__ = ["LANGUAGES", "Raw", "fill_facts", "has_text", "t", "templates", "use_facts"]

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
    appointment_input_texts.TEXTS,
    appointment_notice_texts.TEXTS,
    appointment_option_texts.TEXTS,
    stop_texts.TEXTS,
    ticket_texts.TEXTS,
    conversation_texts.TEXTS,
    web_texts.TEXTS,
    talk_texts.TEXTS,
    learning_texts.TEXTS,
)


_BERLIN = ZoneInfo("Europe/Berlin")


def _system_today() -> datetime.date:
    return datetime.datetime.now(_BERLIN).date()


class _Facts:
    """The facts the texts draw on and the day they are shown for."""

    book: FactBook | None = None
    today: Callable[[], datetime.date] = staticmethod(_system_today)


def use_facts(book: FactBook, today: Callable[[], datetime.date]) -> None:
    """Fill `{fact:…}` placeholders of the texts from `book`, as they hold on `today()`."""
    _Facts.book = book
    _Facts.today = staticmethod(today)


def _book() -> FactBook:
    if _Facts.book is None:
        _Facts.book = load_facts(DEFAULT_FACTS_PATH)
    return _Facts.book


def fill_facts(text: str, lang: str) -> str:
    """Plain text (an FAQ answer) with its `{fact:…}` filled in for today; not escaped."""
    if "{fact:" not in text:
        return text
    return _book().render(text, lang, _Facts.today())


def _fill_facts(template: str, lang: str) -> str:
    if "{fact:" not in template:
        return template
    book, day = _book(), _Facts.today()
    return PLACEHOLDER_RE.sub(
        lambda m: html.escape(book.render(m.group(0), lang, day), quote=False), template
    )


def templates() -> Iterator[tuple[str, str]]:
    """Every template as (key/lang, text): for `faq check` to find the facts they name."""
    for key, variants in _TEXTS.items():
        for lang, text in variants.items():
            yield f"{key}/{lang}", text


def has_text(key: str) -> bool:
    """Whether a text key exists."""
    return key in _TEXTS


def t(key: str, lang: str = "de", **values: object) -> str:
    """The text for key in lang (German when missing), with escaped values filled in."""
    variants = _TEXTS[key]
    template = _fill_facts(variants.get(lang) or variants["de"], lang)
    if not values:
        return template
    safe = {
        name: value if isinstance(value, Raw) else html.escape(str(value), quote=False)
        for name, value in values.items()
    }
    return template.format(**safe)
