"""The audit log: /protokoll for staff, "who saw" on /ticket, the CSV export."""

from __future__ import annotations

import asyncio
import csv
import io
from contextlib import redirect_stdout
from datetime import timedelta
from pathlib import Path

from bot.cli import main
from core.clock import ManualClock
from handlers.telegram.audit import parse_args
from tests.auxil.harness import STAFF_CHAT, STAFF_ID, Harness
from tests.auxil.telegram_html import sent_html_problems

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"


async def worked_ticket(bot: Harness) -> None:
    """A ticket claimed, answered and closed by staff."""
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    card = bot.to_staff()[-1]
    await bot.press("t:claim:1", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.staff_send("Ja, mit Genehmigung.", card)
    await bot.send("/schliessen 1", user=bot.staff, chat_id=STAFF_CHAT)


def test_arguments() -> None:
    assert parse_args([]) == ("latest", 20)
    assert parse_args(["50"]) == ("latest", 50)
    assert parse_args(["100000"]) is None
    assert parse_args(["999"]) == ("latest", 200)
    assert parse_args(["#12"]) == ("ticket", 12)
    assert parse_args(["anfrage", "12"]) == ("ticket", 12)
    for bad in (["#"], ["#-1"], ["#99999999999"], ["abc"], ["-5"], ["<b>"]):
        assert parse_args(bad) is None, bad


async def test_staff_see_who_did_what(bot: Harness) -> None:
    await worked_ticket(bot)
    await bot.send("/protokoll", user=bot.staff, chat_id=STAFF_CHAT)
    log = bot.to_staff()[-1].text
    lines = log.splitlines()
    assert "Protokoll" in lines[0]
    order = [
        label for label in ("Anfrage erstellt", "übernommen", "beantwortet", "geschlossen") if label in log
    ]
    assert order == ["Anfrage erstellt", "übernommen", "beantwortet", "geschlossen"]
    assert log.index("Anfrage erstellt") < log.index("übernommen") < log.index("geschlossen")
    assert "Sam Team" in log and "Bürger/in" in log
    assert QUESTION not in log  # the log says who did what, not what citizens wrote
    await bot.send("/protokoll 2", user=bot.staff, chat_id=STAFF_CHAT)
    assert len(bot.to_staff()[-1].text.splitlines()) == 2 + 2  # header, hint, two entries
    assert sent_html_problems(bot.api.calls) == []


async def test_viewing_a_ticket_is_recorded(bot: Harness) -> None:
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    await bot.send("/ticket 1", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.send("/protokoll #1", user=bot.staff, chat_id=STAFF_CHAT)
    log = bot.to_staff()[-1].text
    assert "Protokoll zu Anfrage #1" in log and "angesehen" in log and "Sam Team" in log
    entries = await bot.services.audit.entries("ticket", 1)
    assert [e.action for e in entries][:2] == ["audit_viewed", "ticket_viewed"]
    assert entries[1].actor_id == STAFF_ID


async def test_protokoll_refuses_outsiders_and_bad_arguments(bot: Harness) -> None:
    await worked_ticket(bot)
    await bot.send("/protokoll")
    assert "nur für das Team" in bot.last_citizen().text
    await bot.send("/protokoll", user=bot.factory.user(666, "Mallory"), chat_id=STAFF_CHAT)
    assert "nur für das Team" in bot.to_staff()[-1].text
    await bot.send("/protokoll <script>", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Bitte so" in bot.to_staff()[-1].text
    await bot.send("/protokoll #77", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Keine Einträge" in bot.to_staff()[-1].text


async def test_hostile_staff_names_are_escaped(bot: Harness) -> None:
    bot.staff = bot.factory.user(STAFF_ID, "<b>Sam & Co</i>", "de")
    await worked_ticket(bot)
    await bot.send("/protokoll 200", user=bot.staff, chat_id=STAFF_CHAT)
    assert "&lt;b&gt;Sam &amp; Co&lt;/i&gt;" in bot.to_staff()[-1].text
    assert sent_html_problems(bot.api.calls) == []


async def test_many_entries_are_split_into_messages(bot: Harness) -> None:
    for _ in range(70):
        await bot.send("/ticket 1", user=bot.staff, chat_id=STAFF_CHAT)
    await bot.send(QUESTION)
    await bot.press("esc:yes")
    for _ in range(90):
        await bot.send("/ticket 1", user=bot.staff, chat_id=STAFF_CHAT)
    before = len(bot.to_staff())
    await bot.send("/protokoll 200", user=bot.staff, chat_id=STAFF_CHAT)
    assert len(bot.to_staff()) - before >= 2
    assert sent_html_problems(bot.api.calls) == []


def _config_file(bot: Harness, tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(f'storage:\n  database: "{bot.config.storage.database}"\n', encoding="utf-8")
    return path


async def test_csv_export_with_dates_and_no_formulas(
    bot: Harness, clock: ManualClock, tmp_path: Path
) -> None:
    bot.staff = bot.factory.user(STAFF_ID, '=HYPERLINK("http://x")', "de")
    await worked_ticket(bot)  # Wednesday 25.11.2026
    clock.advance(timedelta(days=3))
    await bot.send("/ticket 1", user=bot.staff, chat_id=STAFF_CHAT)  # Saturday 28.11.2026
    config = _config_file(bot, tmp_path)
    target = tmp_path / "out" / "audit.csv"

    code = await asyncio.to_thread(
        main, ["export", "audit", "--config", str(config), "--output", str(target)]
    )
    assert code == 0
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert [r["action"] for r in rows][:4] == [
        "ticket_created",
        "ticket_claimed",
        "ticket_answered",
        "ticket_closed",
    ]
    assert rows[-1]["action"] == "ticket_viewed" and rows[-1]["at_local"].startswith("2026-11-28")
    assert rows[1]["actor_name"].startswith("'=")  # a spreadsheet will not run it
    assert rows[1]["actor_id"] == str(STAFF_ID) and rows[1]["ref_id"] == "1"

    args = [
        "export",
        "audit",
        "--config",
        str(config),
        "--from",
        "2026-11-26",
        "--to",
        "2026-11-28",
        "--output",
        "-",
    ]
    out = io.StringIO()

    def run() -> int:
        with redirect_stdout(out):
            return main(args)

    assert await asyncio.to_thread(run) == 0
    only_saturday = list(csv.DictReader(out.getvalue().splitlines()))
    assert [r["action"] for r in only_saturday] == ["ticket_viewed"]


async def test_csv_export_refuses_bad_dates(bot: Harness, tmp_path: Path) -> None:
    config = _config_file(bot, tmp_path)
    base = ["export", "audit", "--config", str(config), "--output", str(tmp_path / "a.csv")]
    assert await asyncio.to_thread(main, [*base, "--from", "2026-12-01", "--to", "2026-11-01"]) == 2
