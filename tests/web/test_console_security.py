"""Security of the console: sessions, roles, CSRF, forged and expired cookies, XSS, deleted citizens."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest

from core.staff_accounts import MAX_FAILURES
from handlers.web.console.auth import SESSION_COOKIE
from tests.auxil.console import PASSWORD, Desk, csrf_of, escalate, sign_in

PAGES = [
    "/console/",
    "/console/inbox/rows",
    "/console/inbox/events",
    "/console/tickets/1",
    "/console/tickets/1/events",
    "/console/tickets/1/files/1",
    "/console/canned",
    "/console/accounts",
]
POSTS = ["/console/tickets/1/claim", "/console/tickets/1/reply", "/console/canned", "/console/logout"]
HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klick</a>',
    "</textarea><b>fett</b>",
    "{{ 7*7 }} {% raw %}",
]


def _to_login(answer: httpx.Response) -> bool:
    return answer.status_code == 303 and answer.headers["location"].startswith("/console/login")


async def test_no_page_and_no_action_without_a_session(desk: Desk) -> None:
    number = await escalate(desk.bot)
    assert number == 1
    for path in PAGES:
        assert _to_login(await desk.client.get(path)), path
    for path in POSTS:
        assert _to_login(await desk.client.post(path, data={"csrf": "x", "text": "hallo"})), path
    polled = await desk.client.get("/console/inbox/rows", headers={"HX-Request": "true"})
    assert polled.status_code == 401 and polled.headers["HX-Redirect"].startswith("/console/login")
    ticket = await desk.bot.services.tickets.get(1)
    assert ticket is not None and ticket.status == "open"


async def test_an_agent_cannot_reach_admin_pages(desk: Desk) -> None:
    await sign_in(desk.client)
    csrf = csrf_of((await desk.client.get("/console/")).text)
    for path in ("/console/canned", "/console/accounts"):
        answer = await desk.client.get(path)
        assert answer.status_code == 403 and "nur für Administratorinnen" in answer.text, path
    posted = await desk.client.post("/console/canned", data={"csrf": csrf, "title": "x", "body": "y"})
    assert posted.status_code == 403
    assert await desk.bot.services.console.canned() == []
    assert "/console/canned" not in (await desk.client.get("/console/")).text  # not offered either


async def test_missing_or_wrong_csrf_is_refused(desk: Desk) -> None:
    number = await escalate(desk.bot)
    await sign_in(desk.client)
    for data in ({}, {"csrf": "falsch"}):
        answer = await desk.client.post(f"/console/tickets/{number}/claim", data=data)
        assert answer.status_code == 403 and "Formular war ungültig" in answer.text
    ticket = await desk.bot.services.tickets.get(number)
    assert ticket is not None and ticket.status == "open"
    sign_in_form = await desk.client.post("/console/login", data={"name": "anna", "password": PASSWORD})
    assert sign_in_form.status_code == 400  # the sign-in form has its own token


async def test_forged_expired_and_disabled_sessions_lead_to_sign_in(desk: Desk) -> None:
    client = desk.client
    await sign_in(client)
    assert (await client.get("/console/")).status_code == 200
    real = client.cookies[SESSION_COOKIE]
    forged = real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB")
    client.cookies.set(SESSION_COOKIE, forged, path="/console")
    assert _to_login(await client.get("/console/"))
    client.cookies.set(SESSION_COOKIE, real, path="/console")
    assert (await client.get("/console/")).status_code == 200
    desk.bot.clock.advance(timedelta(minutes=31))  # web.session_minutes: 30 without activity
    assert _to_login(await client.get("/console/"))
    assert _to_login(await client.get("/console/"))  # the session is gone for good
    await sign_in(client)
    await desk.bot.services.accounts.disable("anna")
    assert _to_login(await client.get("/console/"))
    refused = await sign_in(client)
    assert refused.status_code == 401 and "abgeschaltet" in refused.text


async def test_sign_out_ends_the_session_on_the_server(desk: Desk) -> None:
    client = desk.client
    await sign_in(client)
    cookie = client.cookies[SESSION_COOKIE]
    csrf = csrf_of((await client.get("/console/")).text)
    out = await client.post("/console/logout", data={"csrf": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/console/login"
    client.cookies.set(SESSION_COOKIE, cookie, path="/console")  # a copied cookie is worthless now
    assert _to_login(await client.get("/console/"))


@pytest.mark.parametrize("role", ["agent", "vorort", "admin"])
async def test_every_role_can_sign_out(desk: Desk, role: str) -> None:
    await desk.bot.services.accounts.add(f"konto-{role}", role, PASSWORD)
    signed = await sign_in(desk.client, f"konto-{role}")
    page = "/console/vorort" if role == "vorort" else "/console/"
    assert signed.headers["location"] == page  # a vorort account lands on its own list, not a 403
    csrf = csrf_of((await desk.client.get(page)).text)
    out = await desk.client.post("/console/logout", data={"csrf": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/console/login"
    assert _to_login(await desk.client.get(page))
    forged = await desk.client.post("/console/logout", data={"csrf": csrf})
    assert _to_login(forged)  # signed out: nothing left to sign out of


async def test_cookie_flags(desk: Desk) -> None:
    answer = await sign_in(desk.client)
    header = answer.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/console" in header
    assert "Secure" not in header  # plain http on 127.0.0.1; web.public_url https:// adds it


async def test_wrong_passwords_lock_the_account(desk: Desk) -> None:
    for _ in range(MAX_FAILURES - 1):
        wrong = await sign_in(desk.client, password="falsch-falsch")
        assert wrong.status_code == 401 and "Name oder Passwort stimmt nicht" in wrong.text
    locked = await sign_in(desk.client, password="falsch-falsch")
    assert "gesperrt" in locked.text
    still = await sign_in(desk.client)  # the right password does not help while locked
    assert still.status_code == 401 and "gesperrt" in still.text
    desk.bot.clock.advance(timedelta(minutes=16))
    assert (await sign_in(desk.client)).status_code == 303
    desk.client.cookies.clear()
    unknown = await sign_in(desk.client, name="niemand")
    assert unknown.status_code == 401 and "Name oder Passwort stimmt nicht" in unknown.text
    log = await desk.bot.services.audit.entries()
    assert {"staff_login_failed", "staff_locked", "staff_signed_in"} <= {entry.action for entry in log}


async def test_many_failures_from_one_address_are_throttled(desk: Desk) -> None:
    for attempt in range(20):
        await sign_in(desk.client, name=f"raten{attempt}", password="x" * 12)
    throttled = await sign_in(desk.client)
    assert throttled.status_code == 429 and "Zu viele Versuche" in throttled.text


# "{{ 7*7 }}" rendered by a template engine: a lone 49, not digits inside a longer number or a token
_RENDERED_49 = re.compile(r"(?<![\w-])49(?![\w-])")


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_citizen_text_shows_as_text(desk: Desk, text: str) -> None:
    number = await escalate(desk.bot, f"Frage {text} zum Baumhaus")
    await sign_in(desk.client)
    for path in ("/console/?state=open", f"/console/tickets/{number}"):
        page = (await desk.client.get(path)).text
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>fett" not in page
        assert 'href="javascript:' not in page and not _RENDERED_49.search(page.split("<main")[1])
    ticket_page = (await desk.client.get(f"/console/tickets/{number}")).text
    assert "&lt;" in ticket_page or "{{ 7*7 }}" in ticket_page


async def test_no_data_of_a_citizen_who_deleted_everything(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    number = await escalate(bot, "Mein Name ist Erika Muster, Baumhaus?")
    await sign_in(client)
    csrf = csrf_of((await client.get("/console/")).text)
    await client.post(f"/console/tickets/{number}/note", data={"csrf": csrf, "text": "Erika ruft morgen an"})
    await bot.send("/loeschen")
    await bot.press(bot.button(bot.last_citizen(), "Ja, alles löschen"))
    assert "Ihre Daten sind gelöscht" in bot.last_citizen().text
    for path in ("/console/?state=all", f"/console/tickets/{number}"):
        page = (await client.get(path)).text
        assert "Erika" not in page and "Muster" not in page, path
    found = (await client.get("/console/inbox/rows?state=all&q=Muster")).text
    assert "Keine Anfragen gefunden" in found
    page = (await client.get(f"/console/tickets/{number}")).text
    assert "Daten gelöscht" in page and 'action="/console/tickets/1/reply"' not in page
    refused = await client.post(f"/console/tickets/{number}/reply", data={"csrf": csrf, "text": "Hallo?"})
    assert refused.headers["location"].endswith("error=citizen_deleted")
