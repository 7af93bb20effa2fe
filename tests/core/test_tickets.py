"""TicketService without Telegram: answer_with_faq, a staff reply linked in its transaction, the reads."""

from __future__ import annotations

import pytest

from core.services import Services
from core.staff import StaffActor
from core.ticket_states import ANSWERED, CLAIMED, CLOSED, OPEN, STATES, TRANSITIONS, can_move
from core.tickets import REF, TicketError, TicketService
from storage import OPEN_STATES
from tests.auxil.harness import STAFF_CHAT

CITIZEN = 1001
SAM = StaffActor(user_id=42, name="Sam Team")


async def _ticket(tickets: TicketService, language: str = "de") -> int:
    return await tickets.create(
        user_id=CITIZEN, chat_id=CITIZEN, language=language, text="Wann hat das Amt offen?", guesses=()
    )


async def test_answer_with_faq_sends_the_entry_in_the_ticket_language(services: Services) -> None:
    tickets = services.tickets
    entry = next(e for e in services.faq.entries if e.answer_en and e.links)
    number = await _ticket(tickets, "en")
    sent = await tickets.answer_with_faq(number, SAM, entry.id)
    assert sent == entry
    ticket = await tickets.get(number)
    assert ticket is not None and ticket.status == "answered"
    staff_message = (await tickets.repo.messages(number))[-1]
    assert staff_message.author == "staff" and staff_message.text is not None
    filled = services.faq.answer(entry, "en", services.today()).strip()
    assert staff_message.text.startswith(filled)
    assert "{fact:" not in staff_message.text and "within two weeks" in staff_message.text
    assert entry.links[0] in staff_message.text
    audit = await tickets.audit.entries(REF, number)
    assert any(a.action == "ticket_answered" and a.detail == f"faq:{entry.id}" for a in audit)


async def test_answer_with_an_unknown_entry_changes_nothing(services: Services) -> None:
    tickets = services.tickets
    number = await _ticket(tickets)
    with pytest.raises(TicketError):
        await tickets.answer_with_faq(number, SAM, "no-such-entry")
    ticket = await tickets.get(number)
    assert ticket is not None and ticket.status == "open"
    assert [m.author for m in await tickets.repo.messages(number)] == ["citizen"]


async def test_a_staff_reply_is_linked_to_its_ticket_with_the_answer(services: Services) -> None:
    tickets = services.tickets
    number = await _ticket(tickets)
    await tickets.answer(number, SAM, "Montag bis Freitag.", reply_link=(STAFF_CHAT, 555))
    assert await tickets.ticket_for_message(STAFF_CHAT, 555) == number
    assert await tickets.ticket_for_message(STAFF_CHAT, 556) is None


async def test_a_failed_answer_links_nothing(services: Services) -> None:
    tickets = services.tickets
    with pytest.raises(TicketError):
        await tickets.answer(999, SAM, "Montag bis Freitag.", reply_link=(STAFF_CHAT, 557))
    assert await tickets.ticket_for_message(STAFF_CHAT, 557) is None


async def test_reads_give_tickets_with_their_first_question(services: Services) -> None:
    tickets = services.tickets
    first = await _ticket(tickets)
    second = await _ticket(tickets)
    assert [t.id for t in await tickets.open_for_user(CITIZEN)] == [second, first]
    assert {(t.id, q) for t, q in await tickets.unanswered()} == {
        (first, "Wann hat das Amt offen?"),
        (second, "Wann hat das Amt offen?"),
    }
    assert await tickets.count_unanswered() == 2
    await tickets.link_message(STAFF_CHAT, 700, first)
    assert await tickets.ticket_for_message(STAFF_CHAT, 700) == first
    await tickets.remember_list(STAFF_CHAT, 701, [first, second])
    assert await tickets.lists_quoting(CITIZEN) == [(STAFF_CHAT, 701)]
    await tickets.forget_lists([(STAFF_CHAT, 701)])
    assert await tickets.lists_quoting(CITIZEN) == []


def test_the_state_table_knows_every_state_and_ends_nowhere_unknown() -> None:
    assert set(TRANSITIONS) == set(STATES)
    assert all(targets <= set(STATES) for targets in TRANSITIONS.values())
    assert set(OPEN_STATES) <= set(STATES)  # storage's "not closed" states are table states
    assert not can_move(CLOSED, CLAIMED) and not can_move(ANSWERED, CLAIMED)
    assert can_move(ANSWERED, OPEN) and not can_move(CLAIMED, OPEN)


async def test_the_service_moves_only_along_the_table(services: Services) -> None:
    tickets = services.tickets
    number = await _ticket(tickets)
    ticket, claimed = await tickets.claim(number, SAM)
    assert claimed and ticket.status == CLAIMED
    ticket, again = await tickets.claim(number, SAM)  # a second press of "Übernehmen"
    assert not again and ticket.status == CLAIMED
    await tickets.answer(number, SAM, "Montags 8 bis 12 Uhr.")
    ticket = await tickets.add_citizen_message(number, CITIZEN, "Und dienstags?")
    assert ticket.status == OPEN  # the follow-up opens it again
    closed = await tickets.close(number, SAM)
    assert closed.status == CLOSED
    assert (await tickets.close(number, SAM)).status == CLOSED  # closing twice changes nothing
    assert [a.action for a in await tickets.audit.entries(REF, number)].count("ticket_closed") == 1
    with pytest.raises(TicketError):
        await tickets.add_citizen_message(number, CITIZEN, "Noch eine Frage")
