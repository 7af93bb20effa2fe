"""The web app factory: parts, shared templates with autoescape, static files, headers, health."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.services import Services, create_services
from handlers.web import STATIC_DIR, create_app
from tests.auxil.harness import make_config
from tests.auxil.web import asgi_client, probe_part

SECRET = b"k" * 48
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    """Real services on a temporary database."""
    built = await create_services(make_config(tmp_path), clock)
    try:
        yield built
    finally:
        await built.close()


async def test_health_checks_the_database(services: Services) -> None:
    async with asgi_client(create_app(services, [], SECRET)) as client:
        answer = await client.get("/health")
        assert answer.status_code == 200
        assert answer.json() == {"status": "ok", "database": "ok"}
        await services.db.close()
        broken = await client.get("/health")
    assert broken.status_code == 503
    assert broken.json()["database"] == "error"


async def test_a_part_page_escapes_what_it_shows(services: Services, tmp_path: Path) -> None:
    events: list[str] = []
    app = create_app(services, [probe_part(tmp_path, events)], SECRET)
    async with asgi_client(app) as client:
        assert events == ["start"]
        answer = await client.get("/probe", params={"q": HOSTILE})
    assert events == ["start", "stop closing=True"]
    assert answer.status_code == 200
    body = answer.text
    assert '<html lang="de">' in body
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&lt;script&gt;" in body
    assert "<script>alert" not in body and "<img" not in body
    assert '<script src="http://testserver/static/htmx.min.js" defer></script>' in body


async def test_security_headers_on_every_answer(services: Services) -> None:
    async with asgi_client(create_app(services, [], SECRET)) as client:
        for path in ("/health", "/static/htmx.min.js", "/nowhere"):
            answer = await client.get(path)
            csp = answer.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["x-frame-options"] == "DENY"
            assert "strict-transport-security" not in answer.headers
        assert (await client.get("/nowhere")).status_code == 404


async def test_behind_tls_adds_hsts(tmp_path: Path, clock: ManualClock) -> None:
    config = make_config(tmp_path, web={"public_url": "https://bot.example.de/"})
    assert config.web.public_url == "https://bot.example.de" and config.web.behind_tls
    built = await create_services(config, clock)
    try:
        async with asgi_client(create_app(built, [], SECRET)) as client:
            answer = await client.get("/health")
    finally:
        await built.close()
    assert answer.headers["strict-transport-security"].startswith("max-age=")


async def test_static_htmx_is_the_vendored_file(services: Services) -> None:
    async with asgi_client(create_app(services, [], SECRET)) as client:
        answer = await client.get("/static/htmx.min.js")
        missing = await client.get("/static/../app.py")
    assert answer.status_code == 200
    assert answer.content == (STATIC_DIR / "htmx.min.js").read_bytes()
    assert b'version:"2.' in answer.content
    assert (STATIC_DIR / "htmx.LICENSE.txt").is_file()
    assert missing.status_code == 404
