"""The console's main path over HTTP: a Telegram citizen's ticket is claimed, answered, noted, closed.

The real offline bot and the console share services and database; the citizen's side is the
offline Bot API, so "the citizen receives it" is a recorded sendMessage to the citizen's chat.
"""

from __future__ import annotations

from tests.auxil.console import Desk, csrf_of, escalate, sign_in
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT


async def test_claim_reply_note_close_through_the_shared_services(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    signed = await sign_in(client)
    assert signed.status_code == 303 and signed.headers["location"] == "/console/"
    number = await escalate(bot)
    rows = await client.get("/console/inbox/rows?state=open")
    assert f"#{number}" in rows.text and "Baumhaus" in rows.text
    page = await client.get(f"/console/tickets/{number}")
    csrf = csrf_of(page.text)

    claimed = await client.post(f"/console/tickets/{number}/claim", data={"csrf": csrf})
    assert claimed.status_code == 303 and claimed.headers["location"].endswith("done=claimed")
    await bot.settle()
    assert "übernommen von anna (Web-Konsole)" in bot.api.texts(STAFF_CHAT)[-1]
    ticket = await bot.services.tickets.get(number)
    assert ticket is not None and ticket.status == "claimed" and ticket.claimed_by_name == "anna"

    await client.post(f"/console/tickets/{number}/reply", data={"csrf": csrf, "text": "Ja, bis 30 m³."})
    await bot.settle()
    assert "Ja, bis 30 m³." in bot.api.texts(CITIZEN_ID)[-1]
    page = await client.get(f"/console/tickets/{number}")
    assert "zugestellt" in page.text and "Ja, bis 30 m³." in page.text

    await client.post(f"/console/tickets/{number}/note", data={"csrf": csrf, "text": "Nachbar fragt auch"})
    await bot.settle()
    page = await client.get(f"/console/tickets/{number}")
    assert "INTERN – wird nicht gesendet" in page.text and "Nachbar fragt auch" in page.text
    assert not any("Nachbar fragt auch" in text for text in bot.api.texts(CITIZEN_ID))
    assert not any("Nachbar fragt auch" in text for text in bot.api.texts(STAFF_CHAT))

    closed = await client.post(
        f"/console/tickets/{number}/close", data={"csrf": csrf, "reason": "", "comment": "alles klar"}
    )
    assert closed.headers["location"].endswith("done=closed")
    await bot.settle()
    ticket = await bot.services.tickets.get(number)
    assert ticket is not None and ticket.status == "closed" and ticket.close_reason == "answered"
    assert "geschlossen von anna (Web-Konsole). Grund: answered" in bot.api.texts(STAFF_CHAT)[-1]
    assert "alles klar" in (await client.get(f"/console/tickets/{number}")).text

    reopened = await client.post(f"/console/tickets/{number}/reopen", data={"csrf": csrf})
    assert reopened.headers["location"].endswith("done=reopened")
    await bot.settle()
    ticket = await bot.services.tickets.get(number)
    assert ticket is not None and ticket.status == "open"
    assert "wieder geöffnet von anna" in bot.api.texts(STAFF_CHAT)[-1]
    history = [entry.action for entry in (await bot.services.console.view(number)).history]
    assert history[:1] == ["ticket_created"]
    wanted = {"ticket_claimed", "ticket_answered", "ticket_note_added", "ticket_closed", "ticket_reopened"}
    assert wanted <= set(history)
    actors = {entry.actor_name for entry in (await bot.services.console.view(number)).history}
    assert "anna" in actors


async def test_a_claim_in_the_group_shows_in_the_console(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    await sign_in(client)
    number = await escalate(bot)
    await bot.press(f"t:claim:{number}", user=bot.staff, chat_id=STAFF_CHAT)
    rows = await client.get("/console/inbox/rows?state=claimed")
    assert f"#{number}" in rows.text and "Sam Team" in rows.text
    page = await client.get(f"/console/tickets/{number}")
    second = await client.post(f"/console/tickets/{number}/claim", data={"csrf": csrf_of(page.text)})
    assert second.headers["location"].endswith("error=claimed_other")


async def test_canned_answer_fills_placeholders_and_release(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    await sign_in(client, "chef")
    page = await client.get("/console/canned")
    csrf = csrf_of(page.text)
    await client.post(
        "/console/canned",
        data={"csrf": csrf, "title": "Gruß", "body": "Guten Tag, hier ist {name} zu Ihrer Anfrage {ticket}."},
    )
    number = await escalate(bot)
    canned = (await bot.services.console.canned())[0]
    page = await client.get(f"/console/tickets/{number}?canned={canned.id}")
    assert f"Guten Tag, hier ist chef zu Ihrer Anfrage #{number}." in page.text
    await client.post(f"/console/tickets/{number}/claim", data={"csrf": csrf})
    released = await client.post(f"/console/tickets/{number}/release", data={"csrf": csrf})
    assert released.headers["location"].endswith("done=released")
    ticket = await bot.services.tickets.get(number)
    assert ticket is not None and ticket.status == "open" and ticket.claimed_by is None
    again = await client.post(f"/console/tickets/{number}/release", data={"csrf": csrf})
    assert again.headers["location"].endswith("error=not_possible")


async def test_inbox_filters_mine_search_and_language(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    await sign_in(client)
    first = await escalate(bot, "Darf ich im Garten ein Baumhaus bauen?")
    second = await escalate(bot, "Wie laut darf mein Rasenmäher am Sonntag sein?")
    csrf = csrf_of((await client.get("/console/")).text)
    await client.post(f"/console/tickets/{second}/claim", data={"csrf": csrf})
    mine = await client.get("/console/inbox/rows?state=all&mine=1")
    assert f"#{second}" in mine.text and f"#{first}<" not in mine.text
    found = await client.get("/console/inbox/rows?state=all&q=Baumhaus")
    assert f"#{first}" in found.text and f"#{second}" not in found.text
    by_number = await client.get(f"/console/inbox/rows?state=all&q=%23{second}")
    assert f"#{second}" in by_number.text and "Baumhaus" not in by_number.text
    switched = await client.get("/console/lang/en?next=/console/")
    assert switched.headers["location"] == "/console/"
    english = await client.get("/console/")
    assert '<html lang="en">' in english.text and "Tickets" in english.text and "Sign out" in english.text


async def test_closing_an_unanswered_ticket_needs_a_reason(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    await sign_in(client)
    number = await escalate(bot)
    csrf = csrf_of((await client.get(f"/console/tickets/{number}")).text)
    refused = await client.post(f"/console/tickets/{number}/close", data={"csrf": csrf, "reason": ""})
    assert refused.headers["location"].endswith("error=reason_needed")
    closed = await client.post(f"/console/tickets/{number}/close", data={"csrf": csrf, "reason": "phone"})
    assert closed.headers["location"].endswith("done=closed")
    ticket = await bot.services.tickets.get(number)
    assert ticket is not None and ticket.status == "closed" and ticket.close_reason == "phone"
