"""Backup and restore as docs/deployment.md says: `bot backup` while the bot runs, then the copy in place."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

from core.clock import ManualClock
from handlers.telegram.offline_bot import CITIZEN_ID
from tests.auxil.harness import Harness, make_config
from tests.auxil.paths import ROOT


async def test_a_backup_taken_while_running_restores_tickets_and_sessions(
    tmp_path: Path, clock: ManualClock
) -> None:
    config = make_config(tmp_path)
    database = config.storage.database
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"storage:\n  database: {database}\n", encoding="utf-8")
    backup = tmp_path / "backup.sqlite3"

    async with Harness(config, clock) as bot:
        await bot.send("Darf ich im Garten ein Baumhaus bauen?")
        await bot.press("esc:yes")
        await bot.app.update_persistence()  # the session rows are written as the running bot would
        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "backup", str(backup), "--config", str(config_file)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        await bot.send("Noch eine Frage nach der Sicherung?")  # not in the backup

    # the disk is lost; restore as documented: the copy in place, the old -wal/-shm gone
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
    shutil.copyfile(backup, database)

    async with Harness(config, clock) as restored:
        sessions = await restored.services.db.fetchall("SELECT kind, key FROM persistence")
        assert ("user", str(CITIZEN_ID)) in [(row["kind"], row["key"]) for row in sessions]
        tickets = await restored.services.db.fetchall("SELECT id FROM tickets")
        assert [int(row["id"]) for row in tickets] == [1]
        await restored.send("/meineanfragen")
        assert "#1" in restored.last_citizen().text
        assert restored.to_staff() == []  # the restored outbox re-sent nothing: it had been delivered
