"""Sign-in through the city's identity provider (the stand-in): the happy path and every refusal."""

from __future__ import annotations

import logging
import socket
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.clock import ManualClock
from handlers.web.console.auth import SESSION_COOKIE
from handlers.web.console.oidc_client import ID_COOKIE
from tests.auxil.console import PASSWORD, Desk, console_desk, csrf_of, sign_in
from tests.auxil.console_oidc import city_sign_in, to_provider
from tests.auxil.harness import Harness, make_config
from tests.auxil.oidc_provider import CLIENT_ID, StandIn
from tests.web.console_oidc.conftest import oidc_section

BUTTON = "Mit dem Stadt-Konto anmelden"


def _signed_out(answer: httpx.Response) -> bool:
    return answer.status_code == 303 and answer.headers["location"].startswith("/console/login")


async def _actions(desk: Desk) -> list[tuple[str, str | None]]:
    entries = await desk.bot.services.audit.entries()
    return [(entry.action, entry.detail) for entry in entries]


async def test_the_login_page_offers_the_city_account_beside_the_password(city: Desk) -> None:
    page = await city.client.get("/console/login?next=/console/tickets/1")
    assert BUTTON in page.text and 'name="password"' in page.text
    assert 'href="/console/oidc/start?next=%2Fconsole%2Ftickets%2F1"' in page.text
    await city.client.get("/console/lang/en")
    assert "Sign in with the city account" in (await city.client.get("/console/login")).text


async def test_signed_in_through_the_provider(city: Desk, provider: StandIn) -> None:
    answer = await city_sign_in(city.client, provider, "/console/oidc/start?next=/console/stats")
    assert answer.status_code == 200, answer.text
    assert '<meta http-equiv="refresh" content="0; url=/console/stats">' in answer.text
    cookies = answer.headers.get_list("set-cookie")
    session = next(cookie for cookie in cookies if cookie.startswith(f"{SESSION_COOKIE}="))
    assert "HttpOnly" in session and "SameSite=strict" in session and "Path=/console" in session
    inbox = await city.client.get("/console/")
    assert inbox.status_code == 200 and "anna" in inbox.text
    # PKCE: the token request carried the verifier of the challenge the stand-in checked
    assert provider.token_requests[-1]["code_verifier"]
    assert ("staff_signed_in", "oidc") in await _actions(city)


async def test_the_password_still_works_and_is_audited_as_such(city: Desk) -> None:
    assert (await sign_in(city.client)).status_code == 303
    assert ("staff_signed_in", "password") in await _actions(city)


async def test_same_session_timeout_and_disabling_revokes(
    city: Desk, provider: StandIn, clock: ManualClock
) -> None:
    await city_sign_in(city.client, provider)
    assert (await city.client.get("/console/")).status_code == 200
    clock.advance(timedelta(minutes=31))  # web.session_minutes: 30
    assert _signed_out(await city.client.get("/console/"))
    await city_sign_in(city.client, provider)
    assert (await city.client.get("/console/")).status_code == 200
    await city.bot.services.accounts.disable("anna")
    assert _signed_out(await city.client.get("/console/"))
    refused = await city_sign_in(city.client, provider)
    assert refused.status_code == 403 and "keinen Zugang" in refused.text


NOW = int(time.time())


@pytest.mark.parametrize(
    ("forge", "claims", "why"),
    [
        ("state", {}, "MismatchingStateError"),
        ("signature", {}, "BadSignatureError"),
        (None, {"iss": "http://127.0.0.2:1"}, "Invalid claim: 'iss'"),
        (None, {"aud": "another-client"}, "Invalid claim: 'aud'"),
        (None, {"exp": NOW - 3600, "iat": NOW - 7200}, "ExpiredTokenError"),
        (None, {"nonce": "not-the-one-we-sent"}, "Invalid claim: 'nonce'"),
    ],
    ids=["wrong-state", "bad-signature", "wrong-issuer", "wrong-audience", "expired", "nonce-mismatch"],
)
async def test_a_wrong_answer_is_refused_politely(
    city: Desk,
    provider: StandIn,
    caplog: pytest.LogCaptureFixture,
    forge: str | None,
    claims: dict[str, Any],
    why: str,
) -> None:
    provider.forge, provider.claims = forge, claims
    with caplog.at_level(logging.WARNING, logger="handlers.web.console.oidc"):
        answer = await city_sign_in(city.client, provider)
    assert why in caplog.text  # refused for this reason, not another
    assert answer.status_code == 400
    assert "Die Anmeldung mit dem Stadt-Konto hat nicht geklappt" in answer.text
    assert 'name="password"' in answer.text  # the password form is right there
    assert SESSION_COOKIE not in city.client.cookies
    assert _signed_out(await city.client.get("/console/"))
    assert not [action for action, _ in await _actions(city) if action == "staff_signed_in"]


async def test_a_callback_in_another_browser_is_refused(city: Desk, provider: StandIn) -> None:
    back = await to_provider(city.client, provider)
    city.client.cookies.clear()  # the flow cookie (state, nonce, verifier) stayed in the first browser
    answer = await city.client.get(back)
    assert answer.status_code == 400 and SESSION_COOKIE not in city.client.cookies


async def test_unknown_account_is_refused_and_audited(city: Desk, provider: StandIn) -> None:
    provider.username = "zoe"
    answer = await city_sign_in(city.client, provider)
    assert answer.status_code == 403 and "keinen Zugang zur Team-Konsole" in answer.text
    assert SESSION_COOKIE not in city.client.cookies
    assert ("staff_login_refused", "oidc: unknown") in await _actions(city)


async def test_the_provider_cancelling_is_polite(city: Desk, provider: StandIn) -> None:
    back = await to_provider(city.client, provider)
    state = httpx.URL(back).params["state"]
    answer = await city.client.get(f"/console/oidc/callback?error=access_denied&state={state}")
    assert answer.status_code == 400 and "hat nicht geklappt" in answer.text


async def test_provider_down_is_polite_and_the_password_still_works(
    tmp_path: Path, clock: ManualClock
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.2", 0))
        port = probe.getsockname()[1]
    config = make_config(tmp_path, web={"oidc": oidc_section(tmp_path, f"http://127.0.0.2:{port}")})
    async with Harness(config, clock) as bot, console_desk(bot) as desk:
        answer = await desk.client.get("/console/oidc/start")
        assert answer.status_code == 503
        assert "gerade nicht erreichbar" in answer.text and 'name="password"' in answer.text
        assert (await sign_in(desk.client)).status_code == 303
        assert (await desk.client.get("/console/")).status_code == 200


async def test_a_provider_naming_another_issuer_is_not_used(
    city: Desk, provider: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    provider.named_issuer = "https://login.example.org"
    answer = await city.client.get("/console/oidc/start")
    assert answer.status_code == 503 and "gerade nicht erreichbar" in answer.text
    assert "another issuer" in caplog.text


async def test_provider_gone_before_the_token_is_polite(city: Desk, provider: StandIn) -> None:
    back = await to_provider(city.client, provider)
    provider.broken = True
    answer = await city.client.get(back)
    assert answer.status_code == 503 and "gerade nicht erreichbar" in answer.text
    assert SESSION_COOKIE not in city.client.cookies


async def test_sign_out_ends_the_session_and_at_the_provider(city: Desk, provider: StandIn) -> None:
    await city_sign_in(city.client, provider)
    assert ID_COOKIE in city.client.cookies
    csrf = csrf_of((await city.client.get("/console/")).text)
    out = await city.client.post("/console/logout", data={"csrf": csrf})
    assert out.status_code == 200
    target = httpx.URL(out.text.split("url=", 1)[1].split('"', 1)[0].replace("&amp;", "&"))
    assert str(target).startswith(f"{provider.issuer}/logout?")
    assert target.params["post_logout_redirect_uri"] == "http://testserver/console/login"
    assert target.params["client_id"] == CLIENT_ID and target.params["id_token_hint"]
    assert _signed_out(await city.client.get("/console/"))
    assert ID_COOKIE not in city.client.cookies
    assert ("staff_signed_out", None) in await _actions(city)


async def test_password_sessions_sign_out_locally_only(city: Desk, provider: StandIn) -> None:
    await city_sign_in(city.client, provider)
    city.client.cookies.delete(SESSION_COOKIE)  # the session is gone, the provider's ID token is not
    await sign_in(city.client, "chef", PASSWORD)
    assert ID_COOKIE not in city.client.cookies
    csrf = csrf_of((await city.client.get("/console/")).text)
    out = await city.client.post("/console/logout", data={"csrf": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/console/login"


GROUPS = {
    "role_claim": "groups",
    "role_map": {"bm-admins": "admin", "bm-vorort": "vorort", "bm-team": "agent"},
}


@pytest.mark.parametrize("oidc_extra", [GROUPS])
async def test_the_role_comes_from_the_groups(city: Desk, provider: StandIn) -> None:
    provider.claims = {"groups": ["sachgebiet-42", "bm-admins"]}
    assert (await city_sign_in(city.client, provider)).status_code == 200
    assert (await city.client.get("/console/accounts")).status_code == 200  # anna is an admin now
    assert ("staff_role_set", "anna: agent -> admin") in await _actions(city)
    city.client.cookies.clear()
    provider.claims = {"groups": ["bm-vorort"]}
    step = await city_sign_in(city.client, provider)
    assert 'url=/console/vorort"' in step.text  # a vorort account lands on its own list
    city.client.cookies.clear()
    provider.claims = {"groups": ["sachgebiet-42"]}  # no group of the console
    refused = await city_sign_in(city.client, provider)
    assert refused.status_code == 403 and "keinen Zugang" in refused.text


@pytest.mark.parametrize("oidc_extra", [{"account_claim": "email"}])
async def test_the_account_claim_can_be_the_email(city: Desk, provider: StandIn) -> None:
    await city.bot.services.accounts.add("eva@essen.example", "agent", PASSWORD)
    provider.username = "eva"
    assert (await city_sign_in(city.client, provider)).status_code == 200
    assert "eva@essen.example" in (await city.client.get("/console/")).text
    city.client.cookies.clear()
    provider.claims = {"email_verified": False}
    assert (await city_sign_in(city.client, provider)).status_code == 400


async def test_no_provider_sign_out_without_an_end_session_endpoint(city: Desk, provider: StandIn) -> None:
    provider.end_session = False
    await city_sign_in(city.client, provider)
    csrf = csrf_of((await city.client.get("/console/")).text)
    out = await city.client.post("/console/logout", data={"csrf": csrf})
    assert out.status_code == 303 and out.headers["location"] == "/console/login"


async def test_without_the_section_there_is_no_button_and_no_route(desk: Desk) -> None:
    assert BUTTON not in (await desk.client.get("/console/login")).text
    assert (await desk.client.get("/console/oidc/start")).status_code == 404
    assert (await desk.client.get("/console/oidc/callback?code=x&state=y")).status_code == 404
