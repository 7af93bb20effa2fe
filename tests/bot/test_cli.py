"""The command line: config errors before start, backup, run without a token, the console."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import console_database, main
from core.services import create_services
from handlers.telegram.console import DEMO_STAFF_CHAT, Console
from tests.auxil.harness import make_config
from tests.auxil.paths import ROOT


def test_bad_config_is_reported_before_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("staff:\n  chat_id: 'Team-Gruppe'\n", encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and "'staff.chat_id'" in err and "chat id" in err


def test_run_without_token_points_to_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  database: {tmp_path / 'db.sqlite3'}\n", encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 2
    assert "telegram.token" in capsys.readouterr().err


def test_check_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", "--config", str(ROOT / "config.example.yaml")]) == 0
    assert "in Ordnung" in capsys.readouterr().out


async def _backup(target: Path, config_file: Path) -> subprocess.CompletedProcess[str]:
    """`python -m bot backup` in another process, off the event loop."""
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "backup", str(target), "--config", str(config_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


async def test_backup_of_a_live_database(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    services = await create_services(config)
    await services.stats.record_question("none", None, services.clock.now())
    target = tmp_path / "backup.sqlite3"
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"storage:\n  database: {config.storage.database}\n", encoding="utf-8")
    # the bot still holds its connection while the backup runs in another process
    result = await _backup(target, config_file)
    await services.close()
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0
    again = await _backup(target, config_file)
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize("command", ["run", "console", "demo", "backup", "faq", "stops", "check-config"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage" in capsys.readouterr().out


async def test_console_runs_the_whole_loop(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config = replace(config, staff=replace(config.staff, chat_id=DEMO_STAFF_CHAT))
    services = await create_services(config)
    lines: list[str] = []
    console = Console(services, write=lines.append)
    await console.start()
    try:
        for typed in [
            "/start",
            "Darf ich im Garten ein Baumhaus bauen?",
            "1",
            ":team",
            "Ja, das dürfen Sie.",
            ":buerger",
            "m4",
        ]:
            assert await console.handle_line(typed)
        assert not await console.handle_line(":ende")
    finally:
        await console.stop()
    output = "\n".join(lines)
    assert "Menü: m1=❓ Frage stellen" in output
    assert "[1] Ja, an das Team senden" in output
    assert "🤖 Bot → Team-Chat:" in output and "Anfrage #1" in output
    assert "Antwort zu Ihrer Anfrage #1" in output and "Ja, das dürfen Sie." in output
    assert "0201 88-0" in output
    assert "<b>" not in output  # HTML is rendered as plain text


@pytest.mark.parametrize(
    ("section", "content", "expected"),
    [
        ("stops:\n  plan: {file}\n", "places: [\n", "kein gültiges YAML"),
        ("faq:\n  path: {file}\n", "version: 1\nentries:\n  - id: x\n", "field 'answer'"),
    ],
)
def test_broken_content_file_stops_the_start_with_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], section: str, content: str, expected: str
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(content, encoding="utf-8")
    config = tmp_path / "config.yaml"
    database = tmp_path / "db.sqlite3"
    config.write_text(section.format(file=broken) + f"storage:\n  database: {database}\n", encoding="utf-8")
    assert main(["console", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and expected in err
    assert not database.exists()  # nothing was touched before the content was valid
    assert main(["check-config", "--config", str(config)]) == 2


async def test_console_uploads_a_stop_plan_as_staff(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config = replace(config, staff=replace(config.staff, chat_id=DEMO_STAFF_CHAT))
    services = await create_services(config)
    lines: list[str] = []
    console = Console(services, write=lines.append)
    plan = tmp_path / "dezember.csv"
    plan.write_text("datum;start;ende;ort_id\n15.12.2026;10:00;13:00;borbeck\n", encoding="utf-8")
    await console.start()
    try:
        for typed in [":team", f":datei {plan}", f":datei {tmp_path / 'fehlt.csv'}"]:
            assert await console.handle_line(typed)
    finally:
        await console.stop()
    output = "\n".join(lines)
    assert "dezember.csv ist in Ordnung" in output
    assert "Datei nicht lesbar" in output


def test_check_config_names_the_problems_of_every_content_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text("version: 1\nentries:\n  - id: x\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("places: [\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"faq:\n  path: {faq}\nstops:\n  plan: {plan}\n", encoding="utf-8")
    assert main(["check-config", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert str(faq) in err and "field 'answer'" in err  # the FAQ's problem …
    assert str(plan) in err and "kein gültiges YAML" in err  # … and the plan's, in one run


def test_the_console_never_uses_the_bots_database() -> None:
    production = Path("/srv/bot/data/buergermobil.sqlite3")
    assert console_database(production) == Path("/srv/bot/data/buergermobil-konsole.sqlite3")
    assert console_database(production) != production
