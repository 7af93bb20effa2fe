"""A failed start: a refused token or an unreachable Bot API ends the process within seconds.

The real `python -m bot run` in a subprocess, against a Bot API on 127.0.0.1 that answers 401,
and against a port where nothing listens. The token must appear nowhere in the output.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.redact import REDACTED, TokenFilter, redact
from tests.auxil.paths import ROOT

TOKEN = "1234567890:AAHsecretSECRETsecret_-0123456789abcd"
SECRET = TOKEN.split(":", 1)[1]


class _Refusing(BaseHTTPRequestHandler):
    """Every Bot API call: 401 Unauthorized, as Telegram answers a revoked token."""

    def do_POST(self) -> None:
        calls = self.server.calls  # type: ignore[attr-defined]
        calls.append(time.monotonic())
        body = json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def refusing_api() -> Iterator[ThreadingHTTPServer]:
    """A Bot API on 127.0.0.1 that refuses every token."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    server.calls = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(tmp_path: Path, base_url: str, log_level: str = "INFO") -> tuple[int, str, float]:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"telegram:\n  token: '{TOKEN}'\n  base_url: '{base_url}'\n"
        f"storage:\n  database: '{tmp_path / 'bot.sqlite3'}'\nbot:\n  log_level: {log_level}\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def _url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.parametrize("log_level", ["INFO", "DEBUG"])
def test_a_refused_token_exits_at_once_without_printing_it(
    tmp_path: Path, refusing_api: ThreadingHTTPServer, log_level: str
) -> None:
    code, output, seconds = _run(tmp_path, _url(refusing_api), log_level)
    ended = time.monotonic()
    assert code == 1, output
    assert "Start fehlgeschlagen" in output and "abgelehnt" in output, output
    assert SECRET not in output and "Traceback" not in output, output  # PTB's and httpx's lines too
    if log_level == "DEBUG":  # PTB logs the Bot API URL with the token in it: redacted
        assert f"bot{REDACTED}" in output, output
    assert seconds < 30, seconds  # a hang is forever; 30 s leaves room for a loaded CI machine
    calls: list[float] = refusing_api.calls  # type: ignore[attr-defined]
    assert calls, output
    assert ended - calls[0] < 5, ended - calls[0]  # from Telegram's refusal to the process's exit


def test_an_unreachable_bot_api_exits_at_once(tmp_path: Path) -> None:
    code, output, seconds = _run(tmp_path, f"http://127.0.0.1:{_closed_port()}")
    assert code == 1, output
    assert "nicht erreichbar" in output, output
    assert SECRET not in output and "Traceback" not in output, output
    assert seconds < 30, seconds


def test_the_filter_redacts_messages_arguments_and_tracebacks() -> None:
    url = f"https://x/bot{TOKEN}/getMe"
    message = 'HTTP Request: POST %s "%s"'
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, message, (url, 401), None)
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    assert TokenFilter(TOKEN).filter(record)
    formatted = logging.Formatter("%(message)s").format(record)
    assert SECRET not in formatted and formatted.count(REDACTED) == 2
    assert redact("bot7000001:OFFLINE-console-token-not-for-telegram/getMe") == f"bot{REDACTED}/getMe"
    assert redact("Ticket #12 am 3.12. um 10:00") == "Ticket #12 am 3.12. um 10:00"
