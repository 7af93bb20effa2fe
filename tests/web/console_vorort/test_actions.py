"""The Vor-Ort actions over HTTP: the citizen gets exactly what the staff group's actions send.

The bot is the real offline Application on a real SQLite file; a relative books a visit in
Telegram, the team works it in the console, and the citizen's side is the recorded Bot API.
"""

from __future__ import annotations

import httpx

from core.appointments.notices import visit_notice
from core.texts import t
from tests.auxil.appointment_steps import fill_request, staff_press
from tests.auxil.console import AGENT, Desk, csrf_of, sign_in
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT

OTTO = {"id": 4242, "is_bot": False, "first_name": "Otto", "language_code": "de"}
FRIDAY = "2026-11-27"


async def _csrf(desk: Desk, number: int = 1) -> str:
    return csrf_of((await desk.client.get(f"/console/vorort/{number}")).text)


async def _propose(desk: Desk, number: int, start: str, end: str, **extra: str) -> httpx.Response:
    csrf = await _csrf(desk, number)
    data = {"csrf": csrf, "day": FRIDAY, "start": start, "end": end, **extra}
    return await desk.client.post(f"/console/vorort/{number}/propose", data=data)


async def test_the_list_and_the_request_page_show_the_request(team: Desk) -> None:
    bot, client = team.bot, team.client
    await fill_request(bot)
    listing = await client.get("/console/vorort?tab=new")
    assert listing.status_code == 200
    assert 'href="/console/vorort/1">VO-1<' in listing.text and "Borbeck-Mitte" in listing.text
    assert "0 Min." in listing.text  # the age
    assert "Keine Anfragen in diesem Status." in (await client.get("/console/vorort?tab=done")).text
    page = await client.get("/console/vorort/1")
    text = page.text
    assert "Erna Muster (geb. 1938)" in text  # the applicant
    assert "Klaus Muster" in text  # the submitter
    assert "Für Angehörige oder eine Person, die ich betreue" in text  # and the relation
    assert "Haus Abendsonne, Borbecker Str. 5, 45355 Essen" in text  # the address
    assert "Personalausweis" in text and "An- oder Ummeldung" in text  # the services
    assert "erteilt am 25.11.2026" in text  # consent
    assert "Checkliste für die Person" in text and "Vollmacht" in text  # the checklist (acting for someone)
    assert "created" in text  # the history
    assert (await client.get("/console/vorort/99")).status_code == 404


async def test_a_proposal_from_the_console_is_the_groups_proposal(team: Desk) -> None:
    bot = team.bot
    await fill_request(bot)  # VO-1: proposed in the console
    await fill_request(bot, OTTO)  # VO-2: proposed in the group
    answer = await _propose(team, 1, "10:00", "11:00")
    assert answer.status_code == 303 and answer.headers["location"].endswith("done=proposed")
    await bot.settle()
    web = bot.api.last(CITIZEN_ID)
    await bot.send("/vorschlag 2 27.11. 14:00-15:00", user=bot.staff, chat_id=STAFF_CHAT)
    group = bot.api.last(4242)
    assert web.text.replace("VO-1", "VO-2").replace("10:00–11:00", "14:00–15:00") == group.text
    assert [label for label, _ in web.buttons] == [label for label, _ in group.buttons]
    assert [data for _, data in web.buttons] == ["vc:yes:1:1", "vc:no:1:1"]
    note = "📅 Vorschlag für VO-1 gesendet: Fr, 27.11.2026, 10:00–11:00 Uhr (von vera)"
    assert note in bot.api.texts(STAFF_CHAT)
    a = await bot.services.appointments.get(1)
    assert a.status == "termin_vorgeschlagen" and a.claimed_by_name == "vera"


async def test_a_second_press_of_the_same_proposal_sends_nothing_twice(team: Desk) -> None:
    bot = team.bot
    await fill_request(bot)
    await _propose(team, 1, "10:00", "11:00")
    await bot.settle()
    sent = len(bot.api.sent(CITIZEN_ID))
    again = await _propose(team, 1, "10:00", "11:00")
    assert again.headers["location"].endswith("error=already_proposed")
    await bot.settle()
    assert len(bot.api.sent(CITIZEN_ID)) == sent
    assert (await bot.services.appointments.get(1)).proposal_seq == 1


async def test_bad_dates_are_refused_with_a_reason(team: Desk) -> None:
    bot, client = team.bot, team.client
    await fill_request(bot)
    csrf = await _csrf(team)
    cases = {
        ("2026-11-29", "10:00", "11:00"): "slot_sunday",
        ("2026-11-20", "10:00", "11:00"): "slot_past",
        ("2026-11-27", "11:00", "10:00"): "slot_order",
        ("2026-12-25", "10:00", "11:00"): "slot_holiday",
        ("27.11.2026x", "10:00", "11:00"): "slot_format",
        ("2026-11-27", "", "11:00"): "empty",
        ("2026-11-27", "zehn", "11:00"): "slot_format",
    }
    for (day, start, end), code in cases.items():
        data = {"csrf": csrf, "day": day, "start": start, "end": end}
        answer = await client.post("/console/vorort/1/propose", data=data)
        assert answer.headers["location"].endswith(f"error={code}"), (day, start, end)
    shown = await client.get("/console/vorort/1?error=slot_sunday")
    assert "Das ist ein Sonntag. Bitte einen Werktag wählen." in shown.text
    await bot.settle()
    assert not any("Terminvorschlag" in text for text in bot.api.texts(CITIZEN_ID))
    assert (await bot.services.appointments.get(1)).status == "neu"


async def test_a_conflicting_proposal_is_flagged_and_sent_only_when_forced(team: Desk) -> None:
    bot = team.bot
    await fill_request(bot)
    await fill_request(bot, OTTO)
    await _propose(team, 1, "10:00", "11:00")
    await bot.press("vc:yes:1:1")  # the citizen accepts in Telegram
    answer = await _propose(team, 2, "11:15", "12:00")
    assert answer.status_code == 409
    page = answer.text
    assert "Dieser Termin kollidiert mit geplanten Besuchen" in page
    assert "VO-1" in page and "nur 15 Min. Abstand" in page and "30 Minuten Fahrzeit" in page
    assert not any("Terminvorschlag" in c.text for c in bot.api.sent(4242))
    forced = await _propose(team, 2, "11:15", "12:00", override="1")
    assert forced.headers["location"].endswith("done=proposed")
    await bot.settle()
    assert "Terminvorschlag zu VO-2" in bot.api.last(4242).text
    assert any("trotz Überschneidung mit VO-1" in text for text in bot.api.texts(STAFF_CHAT))


async def test_confirm_move_cancel_and_done(team: Desk) -> None:
    bot, client = team.bot, team.client
    await fill_request(bot)
    await fill_request(bot, OTTO)
    await _propose(team, 1, "10:00", "11:00")
    csrf = await _csrf(team)
    confirmed = await client.post("/console/vorort/1/confirm", data={"csrf": csrf})
    assert confirmed.headers["location"].endswith("done=confirmed")
    await bot.settle()
    # the citizen gets what a "Passt" sends: the confirmation with the checklist, then the calendar file
    notice = [c for c in bot.api.sent(CITIZEN_ID) if c.method == "sendMessage"][-1]
    services = bot.services
    same = visit_notice("vo.notice.confirmed", await services.appointments.get(1), services.office_hours.tz,
                        services.config.office_hours.phone)  # fmt: skip
    assert notice.text == same and "Fr, 27.11.2026, 10:00–11:00 Uhr" in notice.text
    assert bot.api.sent(CITIZEN_ID, "sendDocument")
    assert any("bestätigt von vera (Web-Konsole)" in text for text in bot.api.texts(STAFF_CHAT))
    again = await client.post("/console/vorort/1/confirm", data={"csrf": csrf})  # second press
    assert again.headers["location"].endswith("error=wrong_state")
    await bot.settle()
    assert len(bot.api.sent(CITIZEN_ID, "sendDocument")) == 1

    moved = await _propose(team, 1, "14:00", "15:00")  # moving a confirmed visit is a new proposal
    assert moved.headers["location"].endswith("done=proposed")
    await bot.settle()
    assert "14:00–15:00" in bot.api.last(CITIZEN_ID).text
    assert [d for _, d in bot.api.last(CITIZEN_ID).buttons] == ["vc:yes:1:2", "vc:no:1:2"]
    await bot.press("vc:yes:1:1")  # the old proposal's button no longer counts
    assert (await bot.services.appointments.get(1)).status == "termin_vorgeschlagen"

    empty = await client.post("/console/vorort/1/cancel", data={"csrf": csrf, "reason": "  "})
    assert empty.headers["location"].endswith("error=reason")
    cancelled = await client.post(
        "/console/vorort/1/cancel", data={"csrf": csrf, "reason": "Die Person ist umgezogen."}
    )
    assert cancelled.headers["location"].endswith("done=cancelled")
    await bot.settle()
    expected = t("vo.notice.rejected", reference="VO-1", reason="Die Person ist umgezogen.",
                 phone=bot.services.config.office_hours.phone)  # fmt: skip
    assert bot.api.last(CITIZEN_ID).text == expected  # what "Ablehnen" in the group sends
    assert (await bot.services.appointments.get(1)).status == "abgelehnt"
    assert "VO-1" in (await client.get("/console/vorort?tab=cancelled")).text

    await staff_press(bot, "va:claim:2")  # the group claims VO-2 ...
    done = await client.post("/console/vorort/2/done", data={"csrf": csrf})  # ... the console finishes it
    assert done.headers["location"].endswith("done=finished")
    await bot.settle()
    assert t("vo.notice.done", reference="VO-2") == bot.api.last(4242).text
    assert "VO-2" in (await client.get("/console/vorort?tab=done")).text
    twice = await client.post("/console/vorort/2/done", data={"csrf": csrf})
    assert twice.headers["location"].endswith("error=wrong_state")
    actions = [e.action for e in await bot.services.appointments.history(1)]
    assert actions == ["created", "proposed", "confirmed", "proposed", "rejected"]


async def test_claim_in_the_console_and_a_second_claim(team: Desk) -> None:
    bot, client = team.bot, team.client
    await fill_request(bot)
    csrf = await _csrf(team)
    first = await client.post("/console/vorort/1/claim", data={"csrf": csrf})
    assert first.headers["location"].endswith("done=claimed")
    second = await client.post("/console/vorort/1/claim", data={"csrf": csrf})
    assert second.headers["location"].endswith("error=claimed_other")
    await bot.settle()
    assert t("vo.notice.claimed", reference="VO-1") == bot.api.last(CITIZEN_ID).text
    unknown = await client.post("/console/vorort/1/fly", data={"csrf": csrf})
    assert unknown.status_code == 404


async def test_wrong_role_and_missing_csrf_are_refused(desk: Desk) -> None:
    bot, client = desk.bot, desk.client
    await fill_request(bot)
    assert (await client.get("/console/vorort")).status_code == 303  # no session: to the sign-in page
    await sign_in(client, AGENT)  # an agent works tickets, not visits
    for path in ("/console/vorort", "/console/vorort/1", "/console/vorort/calendar", "/console/vorort/feeds"):
        assert (await client.get(path)).status_code == 403, path
    csrf = csrf_of((await client.get("/console/")).text)
    refused = await client.post("/console/vorort/1/claim", data={"csrf": csrf})
    assert refused.status_code == 403
    assert 'href="/console/vorort"' not in (await client.get("/console/")).text  # no menu entry
    await client.post("/console/logout", data={"csrf": csrf})
    await sign_in(client, "chef")  # admins have every role
    assert (await client.get("/console/vorort/1")).status_code == 200
    no_token = await client.post("/console/vorort/1/claim", data={})
    forged = await client.post("/console/vorort/1/claim", data={"csrf": "x" * 40})
    assert no_token.status_code == 403 and forged.status_code == 403
    await bot.settle()
    assert (await bot.services.appointments.get(1)).status == "neu"
