"""Webhook mode for real: `python -m bot run` in a subprocess, a Bot API stand-in on 127.0.0.1, real HTTP.

The bot registers its webhook, answers real update JSON posted to /telegram, refuses a wrong
secret, reports /health, and on SIGTERM stops with exit 0 after storing its sessions and
closing the database.
"""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.auxil.botapi_http import bot_api_stand_in
from tests.auxil.paths import ROOT

TOKEN = "1234567890:AAHwebhookTESTtoken_-0123456789abcd"
SECRET = "webhook-secret_0123456789"
CITIZEN = 4711


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, body: dict[str, object], secret: str | None) -> int:
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _update(update_id: int, text: str) -> dict[str, object]:
    user = {"id": CITIZEN, "is_bot": False, "first_name": "Erika", "language_code": "de"}
    message: dict[str, object] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": CITIZEN, "type": "private", "first_name": "Erika"},
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {"update_id": update_id, "message": message}


def _wait_for(check: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return True
        time.sleep(0.05)
    return False


def _health(base: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/health", timeout=2) as answer:
            return int(answer.status)
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0


def test_webhook_mode_answers_posted_updates_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    database = tmp_path / "bot.sqlite3"
    with bot_api_stand_in() as api:
        config = tmp_path / "config.yaml"
        config.write_text(
            f"telegram:\n  token: '{TOKEN}'\n  base_url: '{api.url}'\n  mode: webhook\n"
            f"  webhook_url: 'https://bot.example.org/telegram'\n  webhook_secret: '{SECRET}'\n"
            f"  webhook_listen: '127.0.0.1'\n  webhook_port: {port}\n"
            f"storage:\n  database: '{database}'\n",
            encoding="utf-8",
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(config)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            assert _wait_for(lambda: _health(base) == 200, 60), "the webhook server did not come up"
            assert _wait_for(lambda: "setWebhook" in api.methods(), 10)
            webhook = dict(api.calls[api.methods().index("setWebhook")][1])
            assert webhook["url"] == "https://bot.example.org/telegram"
            assert webhook["secret_token"] == SECRET

            assert _post(f"{base}/telegram", _update(1, "/start"), None) == 401
            assert _post(f"{base}/telegram", _update(2, "/start"), "wrong-secret-0123456789") == 403
            assert _post(f"{base}/telegram", _update(3, "/sprache"), SECRET) == 200
            assert _wait_for(lambda: len(api.sent_to(CITIZEN)) >= 1, 20)
            assert _post(f"{base}/telegram", _update(4, "/start"), SECRET) == 200
            assert _wait_for(lambda: len(api.sent_to(CITIZEN)) >= 2, 20)
            assert len(api.sent_to(CITIZEN)) == 2  # the two refused posts were never handled
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                output, _ = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate()
    assert process.returncode == 0, output
    assert TOKEN not in output and TOKEN.split(":", 1)[1] not in output
    assert not Path(f"{database}-wal").exists()  # the last connection closed (SQLite removes its WAL)
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT kind, key FROM persistence").fetchall()
    assert ("chat", str(CITIZEN)) in rows or ("user", str(CITIZEN)) in rows  # sessions were flushed
