"""Config: defaults, the example file, and errors that name file, key and expectation."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from core.config import ConfigError, load_config
from tests.auxil.paths import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_work_without_a_file() -> None:
    config = load_config(None)
    assert config.telegram.mode == "polling"
    assert config.office_hours.opens == time(7, 30)
    assert config.faq.path.name == "essen.yaml"
    assert config.staff.chat_id is None


def test_example_config_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    config = load_config(ROOT / "config.example.yaml")
    assert config.office_hours.days == (0, 1, 2, 3, 4)
    assert config.privacy.retention_days == 90
    assert config.storage.database == (ROOT / "data" / "buergermobil.sqlite3").resolve()


def test_token_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabc")
    config = load_config(write(tmp_path, "telegram: {}\n"))
    assert config.has_token


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("staff:\n  chat_id: gruppe\n", "staff.chat_id", "chat id"),
        ("office_hours:\n  opens: '25:00'\n", "office_hours.opens", "time of day"),
        ("office_hours:\n  opens: '18:00'\n  closes: '08:00'\n", "office_hours.closes", "after opens"),
        ("office_hours:\n  days: [montag, funday]\n", "office_hours.days", "weekdays"),
        ("office_hours:\n  timezone: Mars/Olympus\n", "office_hours.timezone", "timezone"),
        ("telegram:\n  mode: carrier-pigeon\n", "telegram.mode", "'polling' or 'webhook'"),
        ("telegram:\n  mode: webhook\n", "telegram.webhook_url", "https://"),
        ("telegram:\n  token: nonsense\n", "telegram.token", "bot token"),
        ("privacy:\n  retention_days: 0\n", "privacy.retention_days", ">= 1"),
        ("faq:\n  path: nowhere.yaml\n", "faq.path", "existing YAML file"),
        ("faq:\n  answer_threshold: 40\n  suggest_threshold: 60\n", "faq.suggest_threshold", "not above"),
        ("stafff:\n  chat_id: 1\n", "stafff", "expected one of"),
        ("limits: 5\n", "limits", "mapping"),
        ("bot:\n  log_level: LOUD\n", "bot.log_level", "DEBUG, INFO"),
    ],
)
def test_errors_name_file_key_and_expectation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, key: str, expected: str
) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    assert f"'{key}" in message
    assert expected in message


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "staff:\n  chat_id: [1,\n")
    with pytest.raises(ConfigError, match=r"not valid YAML \(line"):
        load_config(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")


def test_unquoted_time_is_read_as_clock(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "office_hours:\n  opens: 07:30\n  closes: 18:00\n"))
    assert config.office_hours.opens == time(7, 30)
    assert config.office_hours.closes == time(18, 0)


def test_relative_paths_resolve_next_to_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "storage:\n  database: db/bot.sqlite3\n"))
    assert config.storage.database == (tmp_path / "db" / "bot.sqlite3").resolve()
