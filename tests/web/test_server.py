"""uvicorn in the test's own event loop: a real socket, a taken port, the signing key."""

from __future__ import annotations

import socket
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from core.clock import ManualClock
from core.services import Services, create_services
from handlers.web import WebStartError, create_app, resolve_secret_key, running_server
from handlers.web.secret import ENV_NAME, KEY_FILE_NAME
from tests.auxil.harness import make_config


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    """Real services on a temporary database."""
    built = await create_services(make_config(tmp_path), clock)
    try:
        yield built
    finally:
        await built.close()


async def test_serves_in_the_same_loop_and_frees_the_port(services: Services) -> None:
    app = create_app(services, [], b"s" * 40)
    async with running_server(app, "127.0.0.1", 0) as url, httpx.AsyncClient() as client:
        answer = await client.get(f"{url}/health")
        assert answer.status_code == 200 and answer.json()["status"] == "ok"
        port = int(url.rsplit(":", 1)[1])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nobody listens any more


async def test_a_taken_port_is_a_clean_start_error(services: Services) -> None:
    app = create_app(services, [], b"s" * 40)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(WebStartError, match=f"127.0.0.1:{port}"):
            async with running_server(app, "127.0.0.1", port):
                pytest.fail("must not serve on a taken port")


def test_secret_key_file_is_made_once_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_NAME, raising=False)
    config = make_config(tmp_path)
    first = resolve_secret_key(config)
    key_file = tmp_path / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 32 and resolve_secret_key(config) == first  # stable across restarts


def test_secret_key_from_config_or_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_NAME, "e" * 40)
    assert resolve_secret_key(make_config(tmp_path)) == b"e" * 40
    assert resolve_secret_key(make_config(tmp_path, web={"secret_key": "c" * 32})) == b"c" * 32
    monkeypatch.setenv(ENV_NAME, "short")
    with pytest.raises(ValueError, match=ENV_NAME):
        resolve_secret_key(make_config(tmp_path))
    assert not (tmp_path / KEY_FILE_NAME).exists()
