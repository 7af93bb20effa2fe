"""Config: defaults, the example file, and errors that name file, key and expectation."""

from __future__ import annotations

import dataclasses
from datetime import time
from pathlib import Path

import pytest
import yaml

from core.config import Config, ConfigError, load_config
from core.config.loader import section_keys
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
        ("bot:\n  default_language: fr\n", "bot.default_language", "'de' or 'en'"),
        ("bot:\n  outbox_interval_seconds: 0\n", "bot.outbox_interval_seconds", "a number >= 0.1"),
        ("telegram:\n  webhook_port: '80'\n", "telegram.webhook_port", "a whole number"),
        ("telegram:\n  rate_limit: ja\n", "telegram.rate_limit", "true or false"),
        ("telegram:\n  base_url: ftp://x\n", "telegram.base_url", "http:// or https://"),
        (
            "telegram:\n  mode: webhook\n  webhook_url: https://bot.example\n  webhook_secret: short\n",
            "telegram.webhook_secret",
            "16 to 256 characters",
        ),
        ("telegram:\n  tokn: x\n", "telegram.tokn", "did you mean 'telegram.token'"),
        ("staff:\n  routes:\n    bau: zwei\n", "staff.routes.bau", "chat id"),
        ("staff:\n  user_ids: 5\n", "staff.user_ids", "a list of Telegram user ids"),
        ("staff:\n  reminder_after_hours: true\n", "staff.reminder_after_hours", "a number >= 0.1"),
        ("stops:\n  alert_hour: 24\n", "stops.alert_hour", "an hour from 0 to 23"),
        ("stops:\n  plan: nowhere.yaml\n", "stops.plan", "existing stop plan YAML file"),
        ("stops:\n  plan_path: x.yaml\n", "stops.plan_path", "did you mean 'stops.plan'"),
        ("limits:\n  max_text_length: 10\n", "limits.max_text_length", ">= 50"),
        ("privacy:\n  controller: ''\n", "privacy.controller", "a non-empty text"),
        ("source: x\n", "source", "expected one of"),
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
    path = write(tmp_path, "staff:\n  chat_id: 1\n\tuser_ids: []\n")
    with pytest.raises(ConfigError, match=r"not valid YAML \(line 3, column 1\)") as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist") as info:
        load_config(tmp_path / "nope.yaml")
    assert str(info.value).startswith(str(tmp_path / "nope.yaml"))


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- staff\n- bot\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: expected a mapping of sections at the top level"


def test_unquoted_time_is_read_as_clock(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "office_hours:\n  opens: 07:30\n  closes: 18:00\n"))
    assert config.office_hours.opens == time(7, 30)
    assert config.office_hours.closes == time(18, 0)


def test_relative_paths_resolve_next_to_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "storage:\n  database: db/bot.sqlite3\n"))
    assert config.storage.database == (tmp_path / "db" / "bot.sqlite3").resolve()


def test_every_error_is_reported_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    path = write(
        tmp_path,
        "staff:\n  chat_id: gruppe\n"
        "office_hours:\n  opens: '25:00'\n"
        "limits:\n  tickets_per_day: 0\n"
        "bott:\n  log_level: INFO\n",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    error = info.value
    keys = [issue.key for issue in error.issues]
    assert keys == ["staff.chat_id", "office_hours.opens", "limits.tickets_per_day", "bott"]
    lines = str(error).splitlines()
    assert lines[0] == f"{path}: 4 errors in the configuration:"
    # one line per error, each naming file, line, key and what is expected
    assert lines[1] == (
        f"{path}, line 2: key 'staff.chat_id': "
        "expected a Telegram chat id (a whole number, groups start with -100), got 'gruppe'"
    )
    assert lines[2] == (
        f"{path}, line 4: key 'office_hours.opens': expected a time of day like \"07:30\", got '25:00'"
    )
    assert lines[3] == f"{path}, line 6: key 'limits.tickets_per_day': expected a whole number >= 1, got 0"
    assert lines[4].startswith(
        f"{path}, line 7: unknown key 'bott': did you mean 'bot'? expected one of 'bot', 'faq',"
    )


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "limits:\n  xyz: 1\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "did you mean" not in message
    expected = ", ".join(f"'limits.{key}'" for key in sorted(section_keys("limits")))
    assert message == f"{path}, line 2: unknown key 'limits.xyz': expected one of {expected}"


def test_missing_key_points_at_its_section(tmp_path: Path) -> None:
    path = write(tmp_path, "bot: {}\ntelegram:\n  mode: webhook\n  webhook_secret: abcdefghijklmnopq\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == (
        f"{path}, line 2: key 'telegram.webhook_url': "
        "expected an https:// address when mode is 'webhook', got nothing"
    )


def test_overrides_without_a_file_name_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    with pytest.raises(ConfigError) as info:
        load_config(None, overrides={"limits": {"messages_per_minute": "viele"}, "stafff": {}})
    message = str(info.value)
    assert "<defaults>: key 'limits.messages_per_minute': expected a whole number, got 'viele'" in message
    assert "<defaults>: unknown key 'stafff': did you mean 'staff'?" in message


def test_bad_token_from_environment_is_named_but_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "secret-but-wrong")
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "telegram:\n  mode: polling\n"))
    message = str(info.value)
    assert "key 'telegram.token'" in message
    assert "BOT_TOKEN" in message
    assert "secret-but-wrong" not in message


def test_nulls_mean_the_default(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "telegram:\n  mode: null\nlimits: null\nfaq:\n  path: null\n"))
    assert config.telegram.mode == "polling"
    assert config.limits.messages_per_minute == 20
    assert config.faq.path.name == "essen.yaml"


def test_config_is_frozen_and_replace_revalidates(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "staff:\n  chat_id: -1001\n"))
    assert config.source == tmp_path / "config.yaml"
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.staff.chat_id = 5  # type: ignore[misc]
    changed = dataclasses.replace(config, staff=dataclasses.replace(config.staff, chat_id=-1002))
    assert changed.staff.chat_id == -1002
    assert changed.office_hours == config.office_hours
    with pytest.raises(ValueError, match="after opens"):
        dataclasses.replace(config.office_hours, closes=time(6, 0))


def test_example_config_names_every_key_of_the_schema() -> None:
    example = yaml.safe_load((ROOT / "config.example.yaml").read_text(encoding="utf-8"))
    assert list(example) == list(section_keys(""))
    for section, keys in example.items():
        assert sorted(keys) == sorted(section_keys(section)), section
    assert {f.name for f in dataclasses.fields(Config)} == {*section_keys(""), "source"}


def test_tickets_may_not_close_before_the_followup_window_ends(tmp_path: Path) -> None:
    path = write(tmp_path, "staff:\n  followup_days: 7\n  close_after_days: 3\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "staff.close_after_days" in str(caught.value) and "followup_days (7)" in str(caught.value)
    config = load_config(write(tmp_path, "staff:\n  followup_days: 2\n  close_after_days: 5\n"))
    assert (config.staff.followup_days, config.staff.close_after_days) == (2.0, 5.0)


def test_web_section_checks_address_and_key(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "web:\n  port: 0\n  public_url: https://bot.example.de/\n"))
    assert config.web.enabled and config.web.host == "127.0.0.1" and config.web.port == 0
    assert config.web.behind_tls and config.web.public_url == "https://bot.example.de"
    assert not load_config(None).web.behind_tls
    with pytest.raises(ConfigError) as info:
        bad = "web:\n  port: 70000\n  public_url: bot.example.de\n  secret_key: kurz\n"
        load_config(write(tmp_path, bad))
    message = str(info.value)
    assert "web.port" in message and "web.public_url" in message and "web.secret_key" in message
    assert "kurz" not in message  # a secret is never echoed


def test_web_chat_embed_origins_are_sites_without_a_path(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "web:\n  chat_embed_origins: ['https://www.essen.de/']\n"))
    assert config.web.chat_embed_origins == ("https://www.essen.de",)
    assert load_config(None).web.chat_embed_origins == ()
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "web:\n  chat_embed_origins: ['https://www.essen.de/chat']\n"))
    assert "web.chat_embed_origins" in str(info.value) and "without a path" in str(info.value)


def test_web_trusted_proxies_are_addresses_or_networks(tmp_path: Path) -> None:
    assert load_config(None).web.trusted_proxies == ("127.0.0.1", "::1")
    config = load_config(write(tmp_path, "web:\n  trusted_proxies: ['10.1.2.3/8', ' 192.0.2.7 ', '::1']\n"))
    assert config.web.trusted_proxies == ("10.0.0.0/8", "192.0.2.7", "::1")
    assert load_config(write(tmp_path, "web:\n  trusted_proxies: []\n")).web.trusted_proxies == ()
    for bad in ("['nginx']", "['*']", "'127.0.0.1'", "['10.0.0.0/33']"):
        with pytest.raises(ConfigError) as info:
            load_config(write(tmp_path, f"web:\n  trusted_proxies: {bad}\n"))
        assert "web.trusted_proxies" in str(info.value) and "IP address" in str(info.value), bad


OIDC = "web:\n  oidc:\n    issuer: https://login.essen.de/realms/stadt/\n    client_id: buergermobil\n"


def test_web_oidc_is_off_by_default_and_reads_the_secret_when_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_config(None).web.oidc is None
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "aus-der-umgebung")
    oidc = load_config(write(tmp_path, OIDC)).web.oidc
    assert oidc is not None and oidc.issuer == "https://login.essen.de/realms/stadt"
    assert oidc.discovery_url == "https://login.essen.de/realms/stadt/.well-known/openid-configuration"
    assert oidc.client_secret() == "aus-der-umgebung" and "aus-der-umgebung" not in repr(oidc)
    assert (oidc.account_claim, oidc.scopes, oidc.role_claim) == (
        "preferred_username",
        ("openid", "profile", "email"),
        None,
    )
    monkeypatch.delenv("OIDC_CLIENT_SECRET")
    (tmp_path / "secret").write_text("aus-der-datei\n", encoding="utf-8")
    text = OIDC + "    client_secret_file: secret\n    role_claim: groups\n"
    text += "    role_map:\n      bm-team: agent\n      bm-admins: admin\n"
    oidc = load_config(write(tmp_path, text)).web.oidc
    assert oidc is not None and oidc.client_secret() == "aus-der-datei"
    assert oidc.role_for(["x", "bm-admins", "bm-team"]) == "agent"  # the first entry of role_map wins
    assert (
        oidc.role_for("bm-admins") == "admin" and oidc.role_for(["x"]) is None and oidc.role_for(None) is None
    )


@pytest.mark.parametrize(
    ("extra", "key", "expected"),
    [
        ("", "web.oidc.client_secret_env", "OIDC_CLIENT_SECRET is not set"),
        ("    client_secret_file: fehlt.txt\n", "web.oidc.client_secret_file", "a readable file"),
        ("    client_secret_env: BM_GEHEIM\n", "web.oidc.client_secret_env", "BM_GEHEIM is not set"),
        ("    scopes: [profile]\n", "web.oidc.scopes", "contains 'openid'"),
        ("    account_claim: 'user name'\n", "web.oidc.account_claim", "a claim name"),
        ("    role_claim: groups\n", "web.oidc.role_map", "when role_claim is set"),
        ("    role_map: {bm-team: agent}\n", "web.oidc.role_map", "role_claim too"),
        (
            "    role_claim: groups\n    role_map: {bm-team: chef}\n",
            "web.oidc.role_map.bm-team",
            "a role: agent",
        ),
        (
            "    client_secret: geheim\n",
            "web.oidc.client_secret",
            "did you mean 'web.oidc.client_secret_env'",
        ),
    ],
)
def test_web_oidc_errors_name_file_key_and_expectation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, key: str, expected: str
) -> None:
    monkeypatch.delenv("OIDC_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("BM_GEHEIM", raising=False)
    path = write(tmp_path, OIDC + extra)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert f"{path}, line " in message and f"'{key}'" in message and expected in message, message
    assert "geheim" not in message.replace("BM_GEHEIM", "")  # a secret is never echoed


def test_web_oidc_needs_an_https_issuer_and_a_client_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "x")
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "web:\n  oidc:\n    issuer: http://login.essen.de\n"))
    message = str(info.value)
    assert "key 'web.oidc.issuer': expected the https:// address of the identity provider" in message
    assert "key 'web.oidc.client_id': expected the client id" in message and "got nothing" in message
    local = load_config(
        write(tmp_path, "web:\n  oidc:\n    issuer: http://127.0.0.1:9000\n    client_id: a\n")
    )
    assert local.web.oidc is not None  # plain http only for a provider on this computer (tests, a demo)
    with pytest.raises(ConfigError, match=r"'web\.oidc': expected a mapping of keys"):
        load_config(write(tmp_path, "web:\n  oidc: ja\n"))


def test_the_config_knows_the_console_roles() -> None:
    from core.config.oidc import CONSOLE_ROLES
    from core.staff_accounts import ROLES

    assert CONSOLE_ROLES == ROLES


def test_the_commented_oidc_example_is_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (ROOT / "config.example.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("  # oidc:")
    block = []
    for line in lines[start:]:
        if not line.startswith("  # "):
            break
        block.append("  " + line[4:])
    example = yaml.safe_load("web:\n" + "\n".join(block))["web"]["oidc"]
    assert sorted(example) == sorted(section_keys("web.oidc"))
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "geheim")
    oidc = load_config(write(tmp_path, "web:\n" + "\n".join(block) + "\n")).web.oidc
    assert oidc is not None and oidc.issuer == "https://login.essen.de/realms/stadt" and oidc.provider_logout
