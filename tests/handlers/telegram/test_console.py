"""The console chat: edits of printed messages show as edits, `:team N` answers the chosen ticket."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.services import create_services
from handlers.telegram.console import CITIZEN_ID, DEMO_STAFF_CHAT, Console
from tests.auxil.harness import make_config

QUESTION_1 = "Darf ich im Garten ein Baumhaus bauen?"
QUESTION_2 = "Gibt es im Rathaus einen Kicker für die Mittagspause?"


class Typed:
    """A console whose output is collected; `type` enters lines and returns what they printed."""

    def __init__(self, console: Console, lines: list[str]) -> None:
        self.console = console
        self.lines = lines

    async def type(self, *typed: str) -> str:
        start = len(self.lines)
        for line in typed:
            assert await self.console.handle_line(line)
        return "\n".join(self.lines[start:])


@pytest.fixture
async def console(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Typed]:
    """The console on a temporary database, inside office hours."""
    config = make_config(tmp_path)
    config = replace(config, staff=replace(config.staff, chat_id=DEMO_STAFF_CHAT))
    lines: list[str] = []
    chat = Console(await create_services(config, clock), write=lines.append)
    await chat.start()
    try:
        yield Typed(chat, lines)
    finally:
        await chat.stop()


async def test_removed_buttons_show_as_an_edit_and_cannot_be_pressed_again(console: Typed) -> None:
    await console.type(QUESTION_1)
    output = await console.type("1")  # "Ja, an das Team senden"
    removed = "✏️ Bot → Sie (geändert): Knöpfe unter »Dazu habe ich leider keine sichere Antwort.« entfernt"
    assert removed in output
    assert "Anfrage #1" in output
    again = await console.type("1")  # the buttons are gone: "1" is a text now, no second ticket
    assert "Anfrage #2" not in again and "offene Anfrage (#1)" in again
    assert len(await console.console.services.tickets.unanswered()) == 1


async def test_new_buttons_of_a_printed_card_are_shown_and_pressable(console: Typed) -> None:
    await console.type(QUESTION_1, "1", ":team")
    output = await console.type("1")  # "Übernehmen" on the card
    assert "✏️ Bot → Team-Chat (geändert):" in output
    assert "Neue Knöpfe unter »🆕 Anfrage #1" in output
    assert "[1] Erledigt" in output and "Übernehmen" not in output.split("(geändert)")[1]
    view = console.console.views[console.console.staff_chat]
    assert [label for label, _ in view.inline][:1] == ["Erledigt"]  # "1" now presses the edited keyboard


async def test_an_edited_text_shows_the_new_text_and_what_it_replaced(console: Typed) -> None:
    typed = ["/termin", "1", "2", "2"]  # for me, bedridden, ID card
    output = await console.type(*typed)
    ticked = "Neue Knöpfe unter »✔️ Bettlägerig oder stark gehbehindert«\n   [1] ▫️ An- oder Ummeldung\n"
    assert ticked + "   [2] ✅ Personalausweis" in output
    await console.type("6", "1", "Rüttenscheider Str. 5, 45130 Essen", "Erika Muster, 1950", "0201 123456")
    await console.type("1", "1", "1", "8", ":team")  # mornings, checklist read, consent, send
    output = await console.type("1")  # the team claims the request: its card is rewritten
    assert "✏️ Bot → Team-Chat (geändert):\n   (vorher: »🏠 Vor-Ort-Anfrage VO-1" in output
    assert "Status: in Bearbeitung · bei Sam Team" in output
    assert "[1] Termin vorschlagen" in output


async def test_an_edit_of_a_message_never_printed_is_not_shown_as_removed_buttons(console: Typed) -> None:
    bot = console.console.app.bot
    await bot.edit_message_reply_markup(chat_id=CITIZEN_ID, message_id=999, reply_markup=None)
    assert console.lines == []
    await bot.edit_message_text("Neu", chat_id=CITIZEN_ID, message_id=999)
    assert console.lines[-1] == "\n✏️ Bot → Sie (geändert):\n   Neu"


async def test_team_lists_the_open_tickets_and_answers_the_chosen_one(console: Typed) -> None:
    await console.type(QUESTION_1, "1", QUESTION_2, "2", "1")  # a second, new question
    listing = await console.type(":team")
    assert "Offene Anfragen:" in listing
    assert f"#1  {QUESTION_1}" in listing and f"#2  {QUESTION_2}" in listing
    chosen = await console.type(":team 1")
    assert "Anfrage #1 (wartet auf das Team)" in chosen
    answer = await console.type("Ja, ein Baumhaus bis 2 m braucht keine Genehmigung.")
    assert "Antwort zu Ihrer Anfrage #1" in answer and "Antwort zu #1 wurde zugestellt" in answer
    tickets = console.console.services.tickets
    first, second = await tickets.get(1), await tickets.get(2)
    assert first is not None and first.status == "answered"
    assert second is not None and second.status == "open"  # the newer card was not answered


async def test_without_a_choice_the_text_answers_the_last_card_even_after_a_note(console: Typed) -> None:
    await console.type(QUESTION_1, "1", ":team", "1")  # claimed: a note follows the card
    answer = await console.type("Ja.")
    assert "Antwort zu Ihrer Anfrage #1" in answer and "Ich weiß nicht, zu welcher Anfrage" not in answer


async def test_team_with_an_unknown_or_bad_number_chooses_nothing(console: Typed) -> None:
    await console.type(QUESTION_1, "1")
    assert "Anfrage #7 gibt es nicht" in await console.type(":team 7")
    assert "Anfrage #abc gibt es nicht" in await console.type(":team abc")
    assert console.console.ticket is None
    assert "Keine offenen Anfragen" not in await console.type(":team")


async def test_team_without_open_tickets_says_so(console: Typed) -> None:
    assert "Keine offenen Anfragen" in await console.type(":team")
    assert "Sie schreiben jetzt als Bürgerin" in await console.type(":buerger")
