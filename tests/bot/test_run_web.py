"""`python -m bot run` serves the web next to polling, and SIGTERM still shuts everything down.

A real subprocess against a Bot API stand-in on 127.0.0.1 (getMe, an empty getUpdates).
uvicorn must not take over the signals: after SIGTERM the bot stops, the process exits 0.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.auxil.paths import ROOT

TOKEN = "1234567890:AAHsecretSECRETsecret_-0123456789abcd"
ME = {"id": 1234567890, "is_bot": True, "first_name": "Bürgermobil", "username": "buergermobil_bot"}


class _Accepting(BaseHTTPRequestHandler):
    """getMe answers the bot, getUpdates waits a little and has nothing, the rest is `true`."""

    def do_POST(self) -> None:
        method = self.path.rsplit("/", 1)[-1]
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        result: object = True
        if method == "getMe":
            result = ME
        elif method == "getUpdates":
            time.sleep(0.2)
            result = []
        body = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def accepting_api() -> Iterator[str]:
    """A Bot API on 127.0.0.1 that accepts the token and has no updates."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Accepting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_run_serves_the_web_and_stops_cleanly_on_sigterm(tmp_path: Path, accepting_api: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"telegram:\n  token: '{TOKEN}'\n  base_url: '{accepting_api}'\n"
        f"storage:\n  database: '{tmp_path / 'bot.sqlite3'}'\n"
        "web:\n  port: 0\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(config)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        url = None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Web-Server: "):
                url = line.split(": ", 1)[1].strip()
                break
        assert url is not None, "".join(lines)
        health = httpx.get(f"{url}/health", timeout=10)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = "".join(lines) + rest
    assert process.returncode == 0, output
    assert "stopping: finishing what is in flight" in output, output
    assert "Traceback" not in output and TOKEN.split(":")[1] not in output, output
    assert (tmp_path / "web-secret.key").is_file()
