"""Staff and the stop plan: /ausfall, /verlegen (typed and guided), the import of a month's plan."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from bot.commands import stops as stop_commands
from core.stops import BERLIN
from handlers.telegram.offline import UpdateFactory
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness
from tests.auxil.stops_support import DATA, run_alert_job, send_document

STRANGER = UpdateFactory.user(777, "Mallory", "de")


def staff_text(bot: Harness) -> str:
    """The last message in the staff group."""
    return bot.to_staff()[-1].text


def cancelled(bot: Harness, stop_id: str) -> bool:
    """Whether the live plan has this stop cancelled."""
    stop = bot.services.stops.find(stop_id)
    assert stop is not None
    return stop.cancelled


# -- /ausfall -----------------------------------------------------------------------------------------


async def test_cancel_by_stop_id_and_by_day_and_place(sbot: Harness) -> None:
    await sbot.staff_send("/ausfall 2026-11-26-steele Fahrzeug defekt")
    assert "✅ Abgesagt von Sam Team: Do 26.11., 10:00–13:00 Uhr · Steele, Dreiringplatz" in staff_text(sbot)
    assert "Grund: Fahrzeug defekt" in staff_text(sbot)
    assert cancelled(sbot, "2026-11-26-steele")
    await sbot.staff_send("/ausfall am 3.12. Steele Personalmangel")
    assert cancelled(sbot, "2026-12-03-steele")
    await sbot.staff_send("/ausfall 2026-11-26-steele nochmal")
    assert "schon abgesagt" in staff_text(sbot)
    # the citizen sees it at once, and after a restart (overrides are stored)
    await sbot.send("/buergermobil morgen")
    assert (
        "FÄLLT AUS: 10:00–13:00 Uhr · Steele, Dreiringplatz – Fahrzeug defekt" in sbot.to_citizen()[-2].text
    )
    await sbot.restart()
    assert cancelled(sbot, "2026-11-26-steele") and cancelled(sbot, "2026-12-03-steele")
    entries = await sbot.services.audit.entries()
    assert [e.action for e in entries[:2]] == ["stop_cancel", "stop_cancel"]
    assert entries[0].detail == "2026-12-03-steele" and entries[0].actor_name == "Sam Team"


async def test_cancel_errors_are_explained_and_change_nothing(sbot: Harness) -> None:
    await sbot.staff_send("/ausfall 2026-11-26-steele")
    assert "Bitte einen Grund angeben" in staff_text(sbot)
    await sbot.staff_send("/ausfall 2031-01-01-nirgendwo Regen")
    assert "gibt es nicht" in staff_text(sbot)
    await sbot.staff_send("/ausfall 2026-11-19-steele Regen")
    assert "schon vorbei" in staff_text(sbot)
    await sbot.staff_send("/ausfall 27.11. Steele Regen")
    assert "keinen Halt" in staff_text(sbot)
    await sbot.staff_send("/ausfall Quatsch Regen")
    assert "verstehe ich nicht" in staff_text(sbot)
    assert not cancelled(sbot, "2026-11-26-steele")


async def test_cancel_and_move_are_refused_for_non_staff(sbot: Harness) -> None:
    await sbot.send("/ausfall 2026-11-26-steele Scherz")
    assert "nur für das Team" in sbot.last_citizen().text
    await sbot.send("/ausfall 2026-11-26-steele Scherz", STRANGER, chat_id=STAFF_CHAT)
    assert "nur für das Team" in staff_text(sbot)
    await sbot.send("/verlegen 2026-11-26-steele 14:00-15:00", STRANGER, chat_id=STAFF_CHAT)
    assert "nur für das Team" in staff_text(sbot)
    await sbot.press("sx:c:2026-11-26-steele", user=STRANGER, chat_id=STAFF_CHAT)
    assert "nur für das Team" in staff_text(sbot)
    stop = sbot.services.stops.find("2026-11-26-steele")
    assert stop is not None and not stop.cancelled and stop.moved_from is None
    assert await sbot.services.stops.overrides.since("2000-01-01") == []


async def test_guided_cancel_with_buttons_and_a_reply(sbot: Harness) -> None:
    await sbot.press("so:sub:p:steele")
    await sbot.staff_send("/ausfall")
    listing = sbot.to_staff()[-1]
    assert "Halt absagen" in listing.text
    await sbot.press(sbot.button(listing, "Do 26.11. 10:00 · Steele"), user=sbot.staff, chat_id=STAFF_CHAT)
    prompt = sbot.to_staff()[-1]
    assert "Warum fällt dieser Halt aus?" in prompt.text
    assert "force_reply" in str(prompt.params["reply_markup"])
    await sbot.staff_send("Regen und Sturm", reply_to=prompt)
    assert "✅ Abgesagt von Sam Team" in staff_text(sbot) and "Regen und Sturm" in staff_text(sbot)
    assert "Grund: Regen und Sturm" in sbot.last_citizen().text
    # a second reply to the same question does nothing more (goes to the ticket handler)
    await sbot.staff_send("noch was", reply_to=prompt)
    assert "Abgesagt" not in staff_text(sbot)


# -- /verlegen -----------------------------------------------------------------------------------------


async def test_move_to_another_day_time_and_place_tells_subscribers(sbot: Harness) -> None:
    await sbot.press("so:sub:p:steele")
    await sbot.press("so:sub:p:kennedyplatz", user=UpdateFactory.user(1002, "Olga", "de"))
    await sbot.staff_send("/verlegen 3.12. Steele 4.12. 14:00 - 17:00 ort:kennedyplatz Markt geschlossen")
    assert "✅ Verlegt von Sam Team: Fr 4.12., 14:00–17:00 Uhr · Innenstadt, Kennedyplatz" in staff_text(sbot)
    assert "Benachrichtigt werden: 2" in staff_text(sbot)
    stop = sbot.services.stops.find("2026-12-03-steele")
    assert stop is not None and stop.place.id == "kennedyplatz"
    assert stop.start.astimezone(BERLIN).isoformat() == "2026-12-04T14:00:00+01:00"
    for chat in (CITIZEN_ID, 1002):
        notice = sbot.api.last(chat).text
        assert "Der Halt ist verlegt" in notice
        assert "Vorher geplant: Do 3.12., 10:00–13:00 Uhr · Steele, Dreiringplatz" in notice
        assert "Grund: Markt geschlossen" in notice
    await sbot.send("/buergermobil 4.12.")
    answer = sbot.to_citizen()[-2].text
    assert answer.index("Altenessen") < answer.index("14:00–17:00 Uhr · Innenstadt, Kennedyplatz")


async def test_move_errors(sbot: Harness) -> None:
    await sbot.staff_send("/verlegen 2026-11-26-steele")
    assert "neue Zeit angeben" in staff_text(sbot)
    await sbot.staff_send("/verlegen 2026-11-26-steele 14:00-12:00")
    assert "Ende muss nach dem Beginn" in staff_text(sbot)
    await sbot.staff_send("/verlegen 2026-11-26-steele 14:00-15:00 ort:mond")
    assert "Den Ort »mond« kenne ich nicht" in staff_text(sbot)
    await sbot.staff_send("/verlegen 2026-11-26-steele 24.11. 10:00-12:00")
    assert "Vergangenheit" in staff_text(sbot)
    await sbot.staff_send("/verlegen 2027-03-25-steele 28.3.2027 02:30-04:00")
    assert "Zeitumstellung" in staff_text(sbot)
    stop = sbot.services.stops.find("2026-11-26-steele")
    assert stop is not None and stop.moved_from is None


async def test_guided_move_asks_again_after_a_bad_reply(sbot: Harness) -> None:
    await sbot.staff_send("/verlegen")
    await sbot.press("sx:m:2026-11-26-steele", user=sbot.staff, chat_id=STAFF_CHAT)
    prompt = sbot.to_staff()[-1]
    assert "Wohin wird dieser Halt verlegt?" in prompt.text
    await sbot.staff_send("irgendwann", reply_to=prompt)
    assert "neue Zeit angeben" in staff_text(sbot)
    await sbot.staff_send("11:00-14:00 Markt beginnt später", reply_to=prompt)
    assert "✅ Verlegt" in staff_text(sbot) and "Do 26.11., 11:00–14:00 Uhr · Steele" in staff_text(sbot)


# -- the month import ----------------------------------------------------------------------------------


async def test_bad_import_lists_errors_per_row_and_changes_nothing(sbot: Harness) -> None:
    plan_dir = sbot.config.stops.plan_path.parent
    await send_document(sbot, "januar.csv", (DATA / "stops_import_bad.csv").read_bytes())
    answer = staff_text(sbot)
    assert "❌ <b>januar.csv</b>" in answer and "Nichts geändert." in answer
    assert "Zeile 4" in answer and "Zeile 5" in answer
    assert sbot.to_staff()[-1].buttons == []
    assert not (plan_dir / "imports").exists()


async def test_good_import_is_confirmed_written_and_the_new_stop_is_found(sbot: Harness) -> None:
    await send_document(sbot, "plan.csv", (DATA / "stops_import_ok.csv").read_bytes())
    summary = sbot.to_staff()[-1]
    assert "ist in Ordnung: 4 Termine (2027-01, 2027-02)" in summary.text
    assert "13.01.2027 10:00–12:00 Uhr · Kray, Seniorenzentrum Kray" in summary.text
    await sbot.press(sbot.button(summary, "Übernehmen"), user=sbot.staff, chat_id=STAFF_CHAT)
    assert "✅ Übernommen von Sam Team: 4 Termine" in staff_text(sbot)
    plan_dir = sbot.config.stops.plan_path.parent
    assert sorted(p.name for p in (plan_dir / "imports").iterdir()) == ["2027-01.yaml", "2027-02.yaml"]
    await sbot.send("/buergermobil 13.1.2027")
    assert "10:00–12:00 Uhr · Kray, Seniorenzentrum Kray (Beratung)" in sbot.to_citizen()[-2].text
    await sbot.press(sbot.button(summary, "Übernehmen"), user=sbot.staff, chat_id=STAFF_CHAT)
    assert "nicht mehr vorhanden" in staff_text(sbot)


async def test_import_can_be_discarded_and_is_refused_for_strangers(sbot: Harness) -> None:
    await send_document(sbot, "plan.yaml", (DATA / "stops_import.yaml").read_bytes())
    summary = sbot.to_staff()[-1]
    await sbot.press(sbot.button(summary, "Verwerfen"), user=sbot.staff, chat_id=STAFF_CHAT)
    assert "verworfen" in staff_text(sbot)
    await send_document(sbot, "plan.csv", (DATA / "stops_import_ok.csv").read_bytes(), user=STRANGER)
    assert "nur für das Team" in staff_text(sbot)
    await send_document(sbot, "plan.csv", (DATA / "stops_import_ok.csv").read_bytes())
    await sbot.press(sbot.button(sbot.to_staff()[-1], "Übernehmen"), user=STRANGER, chat_id=STAFF_CHAT)
    assert "nur für das Team" in staff_text(sbot)
    assert not (sbot.config.stops.plan_path.parent / "imports").exists()
    assert sbot.services.stops.plan.stops_on(date(2027, 1, 13)) == []


async def test_cli_import_with_the_bots_config_is_picked_up_without_restart(
    sbot: Harness, tmp_path: Path
) -> None:
    plan_path = sbot.config.stops.plan_path
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"stops:\n  plan: {plan_path}\n", encoding="utf-8")
    out = io.StringIO()
    code = stop_commands.main(
        ["stops", "import", str(DATA / "stops_import_ok.csv"), "--config", str(config_file)], stdout=out
    )
    assert code == 0, out.getvalue()
    assert (plan_path.parent / "imports" / "2027-01.yaml").is_file()
    assert sbot.services.stops.plan.stops_on(date(2027, 1, 13)) == []
    await run_alert_job(sbot)  # the periodic job notices the changed files
    assert [s.place.name for s in sbot.services.stops.plan.stops_on(date(2027, 1, 13))] == [
        "Seniorenzentrum Kray"
    ]
    # a broken edit keeps the plan in use
    plan_path.write_text(plan_path.read_text(encoding="utf-8") + "\nrules: [oops\n", encoding="utf-8")
    await run_alert_job(sbot)
    assert sbot.services.stops.plan.stops_on(date(2027, 1, 13))


async def test_an_import_with_hundreds_of_bad_rows_fits_one_message(sbot: Harness) -> None:
    rows = "".join(f"31.02.2027;10:00;12:00;borbeck;;;{i}\n" for i in range(300))
    await send_document(sbot, "viel.csv", ("datum;start;ende;ort_id;bezirk;name;hinweis\n" + rows).encode())
    answer = staff_text(sbot)
    assert "300 Fehler" in answer and "weitere" in answer
    assert len(answer) < 4096
