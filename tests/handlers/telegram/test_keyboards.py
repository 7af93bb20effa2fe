"""Neutral buttons (core/messages.py) and their Telegram form (handlers/telegram/keyboards.py)."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardMarkup

from core.appointments.prompts import prompt
from core.messages import (
    Button,
    Menu,
    buttons_from_data,
    buttons_to_data,
    menu_from_data,
    menu_to_data,
    rows,
)
from core.tickets import ticket_keyboard
from handlers.telegram.keyboards import markup, menu_markup


def test_markup_keeps_rows_labels_and_actions() -> None:
    yes_no = (Button("Ja", "vc:yes:1:2"), Button("Nein", "vc:no:1:2"))
    keyboard = markup((yes_no, (Button("Zurück", "vo:back"),)))
    assert isinstance(keyboard, InlineKeyboardMarkup)
    drawn = [[(b.text, b.callback_data) for b in line] for line in keyboard.inline_keyboard]
    assert drawn == [[("Ja", "vc:yes:1:2"), ("Nein", "vc:no:1:2")], [("Zurück", "vo:back")]]


def test_no_buttons_is_none_and_no_rows_removes_them() -> None:
    assert markup(None) is None
    empty = markup(())
    assert isinstance(empty, InlineKeyboardMarkup) and empty.inline_keyboard == ()
    reopen = markup(ticket_keyboard(3, "closed"))  # a closed card keeps only "Wieder öffnen"
    assert reopen is not None
    assert [[(b.text, b.callback_data) for b in line] for line in reopen.inline_keyboard] == [
        [("Wieder öffnen", "t:reopen:3")]
    ]


def test_menu_markup_is_a_persistent_resized_reply_keyboard() -> None:
    keyboard = menu_markup(Menu((("Frage",), ("Termin",))))
    assert [[b.text for b in line] for line in keyboard.keyboard] == [["Frage"], ["Termin"]]
    assert keyboard.resize_keyboard is True and keyboard.is_persistent is True


def test_the_domain_builds_neutral_buttons() -> None:
    card = ticket_keyboard(7, "open")
    assert [[b.action for b in line] for line in card] == [["t:claim:7", "t:close:7"], ["t:faq:7"]]
    assert card[0][0] == Button("Übernehmen", "t:claim:7")
    assert ticket_keyboard(7, "answered") == rows([[card[0][1]], [card[1][0]]])
    _, buttons = prompt("for_whom", {}, "de", retention_days=30)
    assert all(isinstance(b, Button) and b.action.startswith("vo:") for line in buttons for b in line)


def test_stored_forms_round_trip() -> None:
    buttons = ((Button("A", "x:1"),), (Button("B", "x:2"), Button("C", "x:3")))
    assert buttons_from_data(buttons_to_data(buttons)) == buttons
    menu = Menu((("Eins",), ("Zwei", "Drei")))
    assert menu_from_data(menu_to_data(menu)) == menu


@pytest.mark.parametrize(
    "data",
    [
        None,
        "x",
        [["x"]],
        [[{"label": "A"}]],
        [[{"label": 1, "action": "a"}]],
        [{"label": "A", "action": "a"}],
    ],
)
def test_broken_stored_buttons_are_refused(data: object) -> None:
    with pytest.raises(ValueError):
        buttons_from_data(data)


@pytest.mark.parametrize("data", [None, ["A"], [[1]]])
def test_broken_stored_menus_are_refused(data: object) -> None:
    with pytest.raises(ValueError):
        menu_from_data(data)
