"""`python -m bot faq review`: the review list on the command line, and its actions."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.settings import resolve_config
from core.services import create_services

ASKED = ("Wo darf mein Papagei tagsüber frei fliegen?", "wo darf mein Papagei tagsueber frei fliegen")
OTHER = "Wer repariert die Bank vor meinem Hauseingang?"


def _config(tmp_path: Path) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(
        f"storage:\n  database: '{tmp_path / 'bot.sqlite3'}'\n"
        f"faq:\n  overlay_path: '{tmp_path / 'essen.local.yaml'}'\n",
        encoding="utf-8",
    )
    return str(path)


def _ask(config: str) -> None:
    async def run() -> None:
        services = await create_services(resolve_config(config))
        try:
            assert services.learning is not None
            for number, text in enumerate((*ASKED, OTHER)):
                await services.learning.record_miss(7000 + number, text, "de", ("kontakt",))
        finally:
            await services.close()

    asyncio.run(run())


def test_review_lists_groups_and_adds_an_example_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path)
    assert main(["faq", "review", "--config", config]) == 0
    assert "(0 groups, 0 questions)" in capsys.readouterr().out
    _ask(config)
    assert main(["faq", "review", "--config", config]) == 0
    out = capsys.readouterr().out
    assert "(2 groups, 3 questions)" in out
    assert "  1. 2x  " in out and "Papagei" in out and "  2. 1x  " + OTHER in out
    first_entries = next(line for line in out.splitlines() if "entries: " in line)
    assert "kontakt" in first_entries and "Due for review" in out

    assert main(["faq", "review", "--config", config, "--add", "1", "kontakt"]) == 0
    assert "-> kontakt" in capsys.readouterr().out
    overlay = yaml.safe_load((tmp_path / "essen.local.yaml").read_text(encoding="utf-8"))
    assert overlay["questions"]["kontakt"][0] in ASKED
    assert main(["faq", "review", "--config", config, "--add", "1", "gibt-es-nicht"]) == 1
    assert "gibt-es-nicht" in capsys.readouterr().err
    assert main(["faq", "review", "--config", config, "--dismiss", "1"]) == 0
    assert OTHER in capsys.readouterr().out
    assert main(["faq", "review", "--config", config, "--dismiss", "1"]) == 1  # nothing left
    assert "schon erledigt" in capsys.readouterr().err


def test_review_marks_an_entry_checked_and_refuses_a_broken_overlay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path)
    assert main(["faq", "review", "--config", config, "--checked", "entry:kontakt"]) == 0
    assert "next review by" in capsys.readouterr().out
    overlay = yaml.safe_load((tmp_path / "essen.local.yaml").read_text(encoding="utf-8"))
    assert "kontakt" in overlay["reviewed"]["entries"]
    (tmp_path / "essen.local.yaml").write_text("version: 1\nquestions: {kontakkt: [x]}\n", encoding="utf-8")
    assert main(["faq", "review", "--config", config]) == 2  # the bot would not start on it either
    err = capsys.readouterr().err
    assert "essen.local.yaml: key 'questions.kontakkt'" in err and "did you mean 'kontakt'" in err
