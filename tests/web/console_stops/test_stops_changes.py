"""The month view and cancelling or moving a stop in the console, over HTTP (ASGI) next to the offline bot.

The subscribers are Telegram citizens of the offline Bot API, so "told once" is one recorded
sendMessage per chat; the staff group gets the console's line like after /ausfall.
"""

from __future__ import annotations

import asyncio

from tests.auxil.console import Desk, csrf_of, sign_in
from tests.auxil.console_stops import STEELE, SUBSCRIBERS, notices_to, subscribe_to_steele
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT
from tests.web.console_stops.conftest import VORORT


async def test_month_shows_confirmed_expected_cancelled_and_moved_stops(sdesk: Desk) -> None:
    client = sdesk.client
    await sign_in(client)
    page = await client.get("/console/stops?month=2026-12")
    assert page.status_code == 200
    html = page.text
    assert "Haltestellen-Plan: Dezember 2026" in html
    assert 'href="/console/stops?month=2026-11"' in html and 'href="/console/stops?month=2027-01"' in html
    cancelled = html[html.index('id="stop-2026-12-08-borbeck"') :].split("</tr>")[0]
    assert "abgesagt" in cancelled and "Weihnachtsmarkt" in cancelled and "Absagen" not in cancelled
    moved = html[html.index('id="stop-2026-12-22-borbeck"') :].split("</tr>")[0]
    assert "Mo 21.12., 09:00–12:00 Uhr" in moved and "vorher: Di 22.12., 08:00–13:00 Uhr" in moved
    steele = html[html.index('id="stop-2026-12-03-steele"') :].split("</tr>")[0]
    assert "voraussichtlich" in steele and "/console/stops/2026-12-03-steele/cancel" in steele
    name_at = html.index("Weihnachtsfeier", html.index('class="stop-list"'))
    party = html[html.rindex("<tr", 0, name_at) :].split("</tr>")[0]
    assert "bestätigt" in party
    # the calendar has the same stops, Monday first; nonsense months fall back to this month
    assert '<abbr title="Montag">Mo</abbr>' in html and 'href="#stop-2026-12-03-steele"' in html
    fallback = await client.get("/console/stops?month=2026-13")
    assert "Haltestellen-Plan: November 2026" in fallback.text
    english = await client.get("/console/lang/en?next=/console/stops?month=2026-12", follow_redirects=True)
    assert "Stop plan: December 2026" in english.text and "expected" in english.text


async def test_preview_names_the_recipients_and_stores_nothing(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await subscribe_to_steele(bot)
    await sign_in(client)
    form = await client.get(f"/console/stops/{STEELE}/cancel")
    assert "Warum fällt der Halt aus?" in form.text and "Vorschau der Nachricht" not in form.text
    preview = await client.get(
        f"/console/stops/{STEELE}/cancel", params={"preview": "1", "reason": "Sturm <b>"}
    )
    assert preview.status_code == 200
    assert "Diese Nachricht geht an 3 Personen" in preview.text
    assert "Sturm &lt;b&gt;" in preview.text and "Sprache: en" in preview.text
    assert "Absagen und Nachricht senden" in preview.text
    empty = await client.get(f"/console/stops/{STEELE}/cancel", params={"preview": "1", "reason": " "})
    assert empty.status_code == 400 and "Bitte einen Grund angeben." in empty.text
    await bot.settle()
    assert await bot.services.stops.overrides.since("2000-01-01") == []
    assert not notices_to(bot, CITIZEN_ID, "Sturm")


async def test_cancel_reaches_each_subscriber_once_and_a_second_press_sends_nothing(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await subscribe_to_steele(bot)
    await sign_in(client)
    csrf = csrf_of((await client.get(f"/console/stops/{STEELE}/cancel")).text)
    done = await client.post(
        f"/console/stops/{STEELE}/cancel", data={"csrf": csrf, "reason": "Fahrzeug defekt"}
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?done=stored")
    progress_url = done.headers["location"].split("?")[0]
    await bot.settle()
    for chat_id in SUBSCRIBERS:
        assert len(notices_to(bot, chat_id, "Fahrzeug defekt")) == 1, chat_id
    assert "✅ Abgesagt von anna (Web-Konsole)" in bot.api.texts(STAFF_CHAT)[-1]
    progress = await client.get(progress_url)
    assert "3 von 3 gesendet" in progress.text and "Fertig" in progress.text
    assert "hx-get" not in progress.text.split('id="progress"')[1].split(">")[0]  # polling stops when done

    again = await client.post(
        f"/console/stops/{STEELE}/cancel", data={"csrf": csrf, "reason": "Fahrzeug defekt"}
    )
    assert again.status_code == 303 and again.headers["location"] == progress_url + "?done=again"
    await bot.settle()
    for chat_id in SUBSCRIBERS:
        assert len(notices_to(bot, chat_id, "Fahrzeug defekt")) == 1, chat_id
    assert "Niemand bekommt die Nachricht doppelt" in (await client.get(again.headers["location"])).text
    entries = [e for e in await bot.services.audit.entries() if e.action == "stop_cancel"]
    assert len(entries) == 1 and entries[0].actor_name == "anna" and entries[0].detail == STEELE


async def test_two_presses_at_once_store_one_cancellation(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await subscribe_to_steele(bot)
    await sign_in(client)
    csrf = csrf_of((await client.get(f"/console/stops/{STEELE}/cancel")).text)
    data = {"csrf": csrf, "reason": "Glatteis"}
    first, second = await asyncio.gather(
        client.post(f"/console/stops/{STEELE}/cancel", data=data),
        client.post(f"/console/stops/{STEELE}/cancel", data=data),
    )
    endings = sorted(response.headers["location"].split("?")[1] for response in (first, second))
    assert endings == ["done=again", "done=stored"]
    await bot.settle()
    assert len(await bot.services.stops.overrides.since("2000-01-01")) == 1
    for chat_id in SUBSCRIBERS:
        assert len(notices_to(bot, chat_id, "Glatteis")) == 1, chat_id


async def test_move_with_preview_tells_subscribers_and_bad_input_is_explained(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await subscribe_to_steele(bot)
    await sign_in(client)
    url = f"/console/stops/{STEELE}/move"
    form = await client.get(url)
    assert 'value="2026-11-26"' in form.text and 'value="10:00"' in form.text
    values = {"day": "2026-11-27", "start": "14:00", "end": "16:00", "place": "steele", "reason": "Markt"}
    preview = await client.get(url, params={"preview": "1", **values})
    assert (
        "Diese Nachricht geht an 3 Personen" in preview.text and "Fr 27.11., 14:00–16:00 Uhr" in preview.text
    )
    bad_time = await client.get(url, params={"preview": "1", **values, "start": "14 Uhr"})
    assert bad_time.status_code == 400 and "Bitte Beginn und Ende als Uhrzeit angeben" in bad_time.text
    backwards = await client.get(url, params={"preview": "1", **values, "end": "13:00"})
    assert backwards.status_code == 400 and "Das Ende muss nach dem Beginn liegen" in backwards.text

    csrf = csrf_of(form.text)
    moved = await client.post(url, data={"csrf": csrf, **values})
    assert moved.status_code == 303 and moved.headers["location"].endswith("?done=stored")
    await bot.settle()
    for chat_id in SUBSCRIBERS:
        assert len(notices_to(bot, chat_id, "14:00")) == 1, chat_id
    assert "✅ Verlegt von anna (Web-Konsole)" in bot.api.texts(STAFF_CHAT)[-1]
    again = await client.post(url, data={"csrf": csrf, **values})
    assert again.headers["location"].endswith("?done=again")
    await bot.settle()
    for chat_id in SUBSCRIBERS:
        assert len(notices_to(bot, chat_id, "14:00")) == 1, chat_id
    stop = bot.services.stops.find(STEELE)
    assert stop is not None and f"{stop.start:%d.%m. %H:%M}" == "27.11. 14:00"


async def test_wrong_role_and_missing_csrf_change_nothing(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await subscribe_to_steele(bot)
    await sign_in(client)
    csrf = csrf_of((await client.get(f"/console/stops/{STEELE}/cancel")).text)
    no_csrf = await client.post(f"/console/stops/{STEELE}/cancel", data={"reason": "Scherz"})
    assert no_csrf.status_code == 403
    wrong = await client.post(
        f"/console/stops/{STEELE}/cancel", data={"csrf": csrf + "x", "reason": "Scherz"}
    )
    assert wrong.status_code == 403
    await client.post("/console/logout", data={"csrf": csrf})

    await sign_in(client, VORORT)
    forbidden = await client.get("/console/stops")
    assert forbidden.status_code == 403 and 'href="/console/stops"' not in forbidden.text
    for path in (f"/console/stops/{STEELE}/cancel", "/console/stops/import", "/console/stops/changes/1"):
        assert (await client.get(path)).status_code == 403, path
    vorort_csrf = csrf_of(forbidden.text)  # her own session's token: the role still refuses
    refused = await client.post(
        f"/console/stops/{STEELE}/cancel", data={"csrf": vorort_csrf, "reason": "Scherz"}
    )
    assert refused.status_code == 403
    client.cookies.clear()
    anonymous = await client.post(
        f"/console/stops/{STEELE}/cancel", data={"csrf": vorort_csrf, "reason": "Scherz"}
    )
    assert anonymous.status_code == 303 and "/console/login" in anonymous.headers["location"]
    await bot.settle()
    assert await bot.services.stops.overrides.since("2000-01-01") == []
    assert not notices_to(bot, CITIZEN_ID, "Scherz")


async def test_unknown_and_past_stops(sdesk: Desk) -> None:
    client = sdesk.client
    await sign_in(client)
    assert (await client.get("/console/stops/2031-01-01-nirgendwo/cancel")).status_code == 404
    assert (await client.get(f"/console/stops/{STEELE}/explode")).status_code == 404
    assert (await client.get("/console/stops/changes/999")).status_code == 404
    past = await client.get("/console/stops/2026-11-19-steele/cancel", params={"preview": "1", "reason": "x"})
    assert past.status_code == 400 and "schon vorbei" in past.text
