"""Uploading a month's plan in the console over HTTP: preview of every change, errors by line, apply.

Nothing is written before the preview is confirmed, and only while the plan is as it was
when the preview was made.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from core.stops.drafts import DRAFT_LIFETIME
from handlers.web import create_app
from handlers.web.console import console_part
from tests.auxil.console import SECRET, Desk, csrf_of, sign_in
from tests.auxil.console_stops import BAD_CSV, GOOD_CSV, token_of
from tests.auxil.harness import STAFF_CHAT
from tests.auxil.web import asgi_client
from tests.web.console_stops.conftest import VORORT


async def _upload(
    client: httpx.AsyncClient, name: str, content: bytes, csrf: str | None = None
) -> httpx.Response:
    if csrf is None:
        csrf = csrf_of((await client.get("/console/stops/import")).text)
    return await client.post("/console/stops/import", data={"csrf": csrf}, files={"file": (name, content)})


def _apply_fields(html: str) -> dict[str, str]:
    return {
        "csrf": csrf_of(html),
        "token": token_of(html, "token"),
        "fingerprint": token_of(html, "fingerprint"),
    }


async def test_upload_preview_then_apply(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await sign_in(client)
    form = await client.get("/console/stops/import")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    preview = await _upload(client, "januar.csv", GOOD_CSV.encode())
    assert preview.status_code == 200, preview.text
    html = preview.text
    assert "Vorschau: januar.csv" in html and "Monate: 2027-01" in html
    assert "1 neu, 9 fallen weg, 1 geändert, 1 bestätigt, 0 unverändert." in html
    assert "Fr 15.1., 09:00–12:00 Uhr · Werden, Werdener Markt" in html
    assert "Sondertermin" not in html or "Bürgerbüro" in html
    plan_dir = bot.config.stops.plan_path.parent
    assert not (plan_dir / "imports").exists()  # a preview writes nothing
    assert bot.services.stops.plan.stops_on(date(2027, 1, 15)) == []

    applied = await client.post("/console/stops/import/apply", data=_apply_fields(html))
    assert (
        applied.status_code == 303
        and applied.headers["location"] == "/console/stops?month=2027-01&done=imported"
    )
    assert (plan_dir / "imports" / "2027-01.yaml").is_file()
    (added,) = bot.services.stops.plan.stops_on(date(2027, 1, 15))
    assert added.confirmed and added.title == "Sondertermin Bürgerbüro"
    assert bot.services.stops.plan.stops_on(date(2027, 1, 21)) == []  # the rule date is gone
    month = await client.get(applied.headers["location"])
    assert "Der Monatsplan ist übernommen." in month.text and "0 voraussichtlich" in month.text
    entries = [e for e in await bot.services.audit.entries() if e.action == "stops_imported"]
    assert len(entries) == 1 and entries[0].actor_name == "anna" and "2027-01" in (entries[0].detail or "")
    await bot.settle()
    assert "✅ Übernommen von anna (Web-Konsole): 3 Termine" in bot.api.texts(STAFF_CHAT)[-1]

    again = await client.post("/console/stops/import/apply", data=_apply_fields(html))
    assert again.status_code == 303 and again.headers["location"] == "/console/stops/import?error=applied"
    assert "Dieser Plan ist schon übernommen." in (await client.get(again.headers["location"])).text
    assert len([e for e in await bot.services.audit.entries() if e.action == "stops_imported"]) == 1


async def test_bad_file_lists_errors_by_line_and_offers_no_apply(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await sign_in(client)
    answer = await _upload(client, "januar.csv", BAD_CSV.encode())
    assert answer.status_code == 422
    assert "Die Datei hat Fehler. Es wurde nichts geändert." in answer.text
    assert "Zeile 3: Datum &#39;32.01.2027&#39; gibt es nicht" in answer.text
    assert "Zeile 4: Ort &#39;nirgendwo&#39; ist unbekannt" in answer.text
    assert answer.text.index("Zeile 3") < answer.text.index("Zeile 4")
    assert 'name="token"' not in answer.text and "Plan übernehmen" not in answer.text
    assert not (bot.config.stops.plan_path.parent / "imports").exists()


async def test_empty_file_wrong_encoding_type_and_size(sdesk: Desk) -> None:
    client = sdesk.client
    await sign_in(client)
    empty = await _upload(client, "leer.csv", b"")
    assert empty.status_code == 422 and "Die Datei ist leer." in empty.text
    header_only = await _upload(client, "kopf.csv", b"datum;start;ende;ort_id\n")
    assert header_only.status_code == 422 and "keine Termine" in header_only.text
    wide = await _upload(client, "unicode.csv", GOOD_CSV.encode("utf-16"))
    assert wide.status_code == 422 and "kein Text in UTF-8 oder Windows-1252" in wide.text
    excel = await _upload(
        client, "ansi.csv", GOOD_CSV.encode("cp1252")
    )  # Excel's "CSV (Trennzeichen-getrennt)"
    assert excel.status_code == 200 and "Plan übernehmen" in excel.text
    wrong_type = await _upload(client, "plan.xlsx", b"PK\x03\x04")
    assert wrong_type.status_code == 400 and "Endung .csv, .yaml oder .yml" in wrong_type.text
    too_big = await _upload(client, "gross.csv", b"x" * (512 * 1024 + 1))
    assert too_big.status_code == 413 and "zu groß" in too_big.text
    csrf = csrf_of((await client.get("/console/stops/import")).text)
    no_file = await client.post("/console/stops/import", data={"csrf": csrf})
    assert no_file.status_code == 400 and "Bitte eine Datei auswählen." in no_file.text


async def test_a_plan_changed_after_the_preview_is_not_applied_unseen(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await sign_in(client)
    preview = await _upload(client, "januar.csv", GOOD_CSV.encode())
    fields = _apply_fields(preview.text)
    await bot.staff_send("/ausfall 2027-01-07-steele Glatteis")  # the group changes the month meanwhile
    assert "Abgesagt" in bot.api.texts(STAFF_CHAT)[-1]
    refused = await client.post("/console/stops/import/apply", data=fields)
    assert refused.status_code == 409
    assert "Der Plan hat sich seit der Vorschau geändert" in refused.text
    assert not (bot.config.stops.plan_path.parent / "imports").exists()
    fresh = _apply_fields(refused.text)
    assert fresh["fingerprint"] != fields["fingerprint"] and fresh["token"] == fields["token"]
    applied = await client.post("/console/stops/import/apply", data=fresh)
    assert applied.status_code == 303 and applied.headers["location"].endswith("done=imported")
    stop = bot.services.stops.find("2027-01-07-steele")
    assert stop is not None and stop.confirmed and stop.cancelled  # the staff cancellation still holds


async def test_import_refuses_wrong_role_other_accounts_and_missing_csrf(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await sign_in(client)
    no_csrf = await client.post("/console/stops/import", files={"file": ("januar.csv", GOOD_CSV.encode())})
    assert no_csrf.status_code == 403
    preview = await _upload(client, "januar.csv", GOOD_CSV.encode())
    fields = _apply_fields(preview.text)
    assert (await client.post("/console/stops/import/apply", data={**fields, "csrf": "x"})).status_code == 403
    client.cookies.clear()

    await sign_in(client, VORORT)
    forbidden = await client.get("/console/stops/import")
    assert forbidden.status_code == 403
    own = csrf_of(forbidden.text)
    assert (await client.post("/console/stops/import/apply", data={**fields, "csrf": own})).status_code == 403
    client.cookies.clear()

    await sign_in(client, "chef")  # an admin may import, but not another person's preview
    other = csrf_of((await client.get("/console/stops/import")).text)
    taken = await client.post("/console/stops/import/apply", data={**fields, "csrf": other})
    assert taken.headers["location"] == "/console/stops/import?error=gone"
    assert not (bot.config.stops.plan_path.parent / "imports").exists()


async def test_a_preview_survives_a_restart_and_applies_once(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await sign_in(client)
    fields = _apply_fields((await _upload(client, "januar.csv", GOOD_CSV.encode())).text)
    await bot.restart()  # the bot (and the console on it) start again on the same database
    app = create_app(bot.services, [console_part()], SECRET)
    async with asgi_client(app) as fresh:
        fresh.cookies = client.cookies  # the same browser: its session is stored, so it still holds
        applied = await fresh.post("/console/stops/import/apply", data=fields)
        assert applied.status_code == 303 and applied.headers["location"].endswith("done=imported")
        again = await fresh.post("/console/stops/import/apply", data=fields)
        assert again.headers["location"] == "/console/stops/import?error=applied"
    assert (bot.config.stops.plan_path.parent / "imports" / "2027-01.yaml").is_file()
    assert len([e for e in await bot.services.audit.entries() if e.action == "stops_imported"]) == 1


async def test_an_expired_preview_is_refused_politely(sdesk: Desk) -> None:
    bot, client = sdesk.bot, sdesk.client
    await sign_in(client)
    fields = _apply_fields((await _upload(client, "januar.csv", GOOD_CSV.encode())).text)
    bot.clock.advance(DRAFT_LIFETIME + timedelta(minutes=1))
    await sign_in(client)  # the console session may have ended meanwhile
    fields["csrf"] = csrf_of((await client.get("/console/stops/import")).text)
    expired = await client.post("/console/stops/import/apply", data=fields)
    assert expired.status_code == 303 and expired.headers["location"] == "/console/stops/import?error=expired"
    page = await client.get(expired.headers["location"])
    assert "Diese Vorschau ist abgelaufen (nach einer Stunde). Es wurde nichts geändert." in page.text
    assert not (bot.config.stops.plan_path.parent / "imports").exists()
