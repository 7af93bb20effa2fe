"""`python -m bot staff add|list|disable`: accounts of the web console from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main

PASSWORD = "ein-langes-passwort"


def _config(tmp_path: Path) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(f"storage:\n  database: '{tmp_path / 'bot.sqlite3'}'\n", encoding="utf-8")
    return str(path)


def test_add_list_disable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["staff", "add", "anna", "--role", "agent", "--password-stdin", "--config", config]) == 0
    assert "Konto angelegt: anna (agent)" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["staff", "add", "ANNA", "--role", "admin", "--password-stdin", "--config", config]) == 2
    assert "exists already" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("kurz\n"))
    assert main(["staff", "add", "ben", "--role", "agent", "--password-stdin", "--config", config]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    assert main(["staff", "list", "--config", config]) == 0
    listed = capsys.readouterr().out
    assert "anna\tagent\taktiv" in listed and "ben" not in listed and PASSWORD not in listed
    assert main(["staff", "disable", "anna", "--config", config]) == 0
    assert main(["staff", "list", "--config", config]) == 0
    assert "anna\tagent\tabgeschaltet" in capsys.readouterr().out
    assert main(["staff", "disable", "niemand", "--config", config]) == 2


def test_role_must_be_known(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["staff", "add", "anna", "--role", "chef", "--config", _config(tmp_path)])
    assert "invalid choice" in capsys.readouterr().err


def test_asks_twice_for_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["staff", "add", "anna", "--role", "agent", "--config", _config(tmp_path)]) == 2
    assert "verschieden" in capsys.readouterr().err
