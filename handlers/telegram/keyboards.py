"""Neutral buttons and menus (`core.messages`) drawn as Telegram keyboards."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from core.messages import Buttons, Menu

__all__ = ["markup", "menu_markup"]


def markup(buttons: Buttons | None) -> InlineKeyboardMarkup | None:
    """Inline buttons (action = callback data); None stays None, no rows remove the buttons."""
    if buttons is None:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.action) for b in line] for line in buttons]
    )


def menu_markup(menu: Menu) -> ReplyKeyboardMarkup:
    """A persistent reply keyboard, sized to its labels."""
    return ReplyKeyboardMarkup([list(line) for line in menu.rows], resize_keyboard=True, is_persistent=True)
