"""The buttons of an outgoing message, channel-free: what the domain offers, not how a channel draws it.

A `Button` is a label and the action (the short callback string the press comes back with);
`Buttons` are its rows. A `Menu` is a persistent keyboard of plain labels (the Telegram reply
keyboard; a web chat would show it as quick replies). The outbox stores both as JSON
(`to_data` / `from_data`), and each channel renders them (`handlers/telegram/keyboards.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Button",
    "Buttons",
    "Menu",
    "buttons_from_data",
    "buttons_to_data",
    "menu_from_data",
    "menu_to_data",
    "rows",
]


@dataclass(frozen=True)
class Button:
    """One button: the label shown and the action string sent back when it is pressed."""

    label: str
    action: str


Buttons = tuple[tuple[Button, ...], ...]
"""Rows of buttons under a message, top to bottom; an empty tuple removes the buttons."""


@dataclass(frozen=True)
class Menu:
    """A persistent keyboard of labels (pressing one sends its label as text)."""

    rows: tuple[tuple[str, ...], ...]


def rows(lines: Iterable[Iterable[Button]]) -> Buttons:
    """Buttons from any nested iterables (lists built step by step)."""
    return tuple(tuple(line) for line in lines)


def buttons_to_data(buttons: Buttons) -> list[list[dict[str, str]]]:
    """The JSON form stored in the outbox: rows of {"label", "action"}."""
    return [[{"label": b.label, "action": b.action} for b in line] for line in buttons]


def buttons_from_data(data: object) -> Buttons:
    """Buttons back from their stored form; ValueError when it is not that form."""
    if not isinstance(data, list):
        raise ValueError("buttons must be a list of rows")
    result: list[tuple[Button, ...]] = []
    for line in data:
        if not isinstance(line, list):
            raise ValueError("a row of buttons must be a list")
        result.append(tuple(_button(item) for item in line))
    return tuple(result)


def _button(item: Any) -> Button:
    if not isinstance(item, dict):
        raise ValueError("a button must be an object")
    label, action = item.get("label"), item.get("action")
    if not isinstance(label, str) or not isinstance(action, str):
        raise ValueError("a button needs a text label and a text action")
    return Button(label, action)


def menu_to_data(menu: Menu) -> list[list[str]]:
    """The JSON form stored in the outbox: rows of labels."""
    return [list(line) for line in menu.rows]


def menu_from_data(data: object) -> Menu:
    """A menu back from its stored form; ValueError when it is not that form."""
    if not isinstance(data, list) or not all(isinstance(line, list) for line in data):
        raise ValueError("a menu must be a list of rows")
    lines: Sequence[list[Any]] = data
    if not all(isinstance(label, str) for line in lines for label in line):
        raise ValueError("menu labels must be text")
    return Menu(tuple(tuple(str(label) for label in line) for line in lines))
