"""The teams' ICS feeds: created and revoked by an admin, valid calendars, revoked links give 404."""

from __future__ import annotations

import re

import httpx
from icalendar import Calendar

from tests.auxil.appointment_steps import fill_request
from tests.auxil.console import ADMIN, Desk, csrf_of, sign_in
from tests.auxil.harness import STAFF_CHAT

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}
_LINK = re.compile(
    r'id="feed-link" type="text" readonly value="http://testserver(/console/vorort/feed/[^"]+\.ics)"'
)


async def _new_link(client: httpx.AsyncClient) -> str:
    csrf = csrf_of((await client.get("/console/vorort/feeds")).text)
    created = await client.post(f"/console/vorort/feeds/{STAFF_CHAT}/new", data={"csrf": csrf})
    assert created.status_code == 200 and "nur jetzt sichtbar" in created.text
    found = _LINK.search(created.text)
    assert found, created.text
    return found.group(1)


async def test_an_admin_makes_a_team_feed_and_revokes_it(team: Desk) -> None:
    bot, client = team.bot, team.client
    await fill_request(bot)
    await fill_request(bot, OTTO)
    csrf = csrf_of((await client.get("/console/vorort/1")).text)
    for number, start in ((1, "10:00"), (2, "14:00")):
        data = {"csrf": csrf, "day": "2026-11-27", "start": start, "end": start.replace(":00", ":45")}
        await client.post(f"/console/vorort/{number}/propose", data=data)
    await bot.press("vc:yes:1:1")
    assert (await client.get("/console/vorort/feeds")).status_code == 403  # vorort: no admin page

    admin = httpx.AsyncClient(transport=httpx.ASGITransport(app=team.app), base_url="http://testserver")
    async with admin:
        await sign_in(admin, ADMIN)
        link = await _new_link(admin)
        token = link.rsplit("/", 1)[1].removesuffix(".ics")
        answer = await client.get(link)  # no session needed: the phones' calendar apps
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
        assert answer.headers["cache-control"] == "no-store"
        calendar = Calendar.from_ical(answer.content)
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        assert set(events) == {"vor-ort-1@buergermobil.essen.de", "vor-ort-2@buergermobil.essen.de"}
        assert str(events["vor-ort-1@buergermobil.essen.de"]["status"]) == "CONFIRMED"
        assert str(events["vor-ort-2@buergermobil.essen.de"]["status"]) == "TENTATIVE"
        assert calendar.walk("VTIMEZONE")  # Europe/Berlin

        stored = await bot.services.db.fetchall("SELECT * FROM appointment_feeds")
        assert len(stored) == 1 and token not in str(dict(stored[0]))  # only the keyed hash
        page = await admin.get("/console/vorort/feeds")
        assert "aktiv seit" in page.text and token not in page.text  # shown once, never again

        newer = await _new_link(admin)  # re-created: the old link stops working
        assert (await client.get(link)).status_code == 404
        assert (await client.get(newer)).status_code == 200

        csrf = csrf_of(page.text)
        no_csrf = await admin.post(f"/console/vorort/feeds/{STAFF_CHAT}/revoke", data={})
        assert no_csrf.status_code == 403 and (await client.get(newer)).status_code == 200
        revoked = await admin.post(f"/console/vorort/feeds/{STAFF_CHAT}/revoke", data={"csrf": csrf})
        assert "Der Link ist widerrufen." in revoked.text
        assert (await client.get(newer)).status_code == 404
        again = await admin.post(f"/console/vorort/feeds/{STAFF_CHAT}/revoke", data={"csrf": csrf})
        assert "Dieses Team hatte keinen Link." in again.text
        unknown_team = await admin.post("/console/vorort/feeds/-42/new", data={"csrf": csrf})
        assert unknown_team.status_code == 404
    audit = await bot.services.db.fetchall(
        "SELECT action, actor_name FROM audit_log WHERE action LIKE 'appointment_feed_%' ORDER BY id"
    )
    assert [(r["action"], r["actor_name"]) for r in audit] == [
        ("appointment_feed_created", ADMIN),
        ("appointment_feed_created", ADMIN),
        ("appointment_feed_revoked", ADMIN),
    ]


async def test_forged_tokens_give_404(desk: Desk) -> None:
    client = desk.client
    for token in ("x", "a" * 43, "../../etc/passwd", "ä" * 30, "a" * 300):
        assert (await client.get(f"/console/vorort/feed/{token}.ics")).status_code == 404, token
