"""Sign-in through the city's identity provider in a real browser: the stand-in on another site.

Login page → "Mit dem Stadt-Konto anmelden" → the stand-in's page → back, signed in (the session
cookie is SameSite=Strict, so this checks the same-site step in between) → sign out, at the
provider too. axe-core on the login page (German and English), the step page and the refusal.
"""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from handlers.web import running_server
from tests.auxil.browser import assert_accessible
from tests.auxil.console import Desk
from tests.auxil.console_oidc import city_sign_in
from tests.auxil.oidc_provider import StandIn


async def _at_the_provider(page: Page, url: str) -> None:
    await page.goto(f"{url}/console/")
    await expect(page).to_have_url(f"{url}/console/login?next=/console/")
    await page.get_by_role("link", name="Mit dem Stadt-Konto anmelden").click()
    await expect(page.get_by_role("heading", name="Stadt-Konto")).to_be_visible()


async def test_sign_in_with_the_city_account(
    city: Desk, provider: StandIn, async_context: BrowserContext
) -> None:
    async with running_server(city.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await page.goto(f"{url}/console/login")
        await assert_accessible(page)
        await _at_the_provider(page, url)

        await page.get_by_role("button", name="Weiter zur Team-Konsole").click()
        # back from the other site: the step page goes on by itself, the strict session cookie is sent
        await expect(page.get_by_role("heading", name="Anfragen")).to_be_visible()
        await expect(page).to_have_url(f"{url}/console/")
        await expect(page.get_by_text("Angemeldet als")).to_contain_text("anna")

        await page.get_by_role("button", name="Abmelden").click()
        await expect(page).to_have_url(f"{url}/console/login")
        await expect(page.get_by_role("heading", name="Anmelden", exact=True)).to_be_visible()
        assert len(provider.logouts) == 1 and provider.logouts[0]["id_token_hint"]
        await page.goto(f"{url}/console/")
        await expect(page).to_have_url(f"{url}/console/login?next=/console/")


async def test_refused_in_the_browser_and_the_password_still_works(
    city: Desk, provider: StandIn, async_context: BrowserContext
) -> None:
    provider.username = "zoe"  # no staff account
    async with running_server(city.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await _at_the_provider(page, url)
        await page.get_by_role("button", name="Weiter zur Team-Konsole").click()
        await expect(page.get_by_role("alert")).to_contain_text("keinen Zugang zur Team-Konsole")
        await assert_accessible(page)
        await page.get_by_label("Name").fill("anna")
        await page.get_by_label("Passwort").fill("richtig-geheim-42")
        await page.get_by_role("button", name="Anmelden").click()
        await expect(page.get_by_role("heading", name="Anfragen")).to_be_visible()

        await page.get_by_role("button", name="Abmelden").click()
        await page.get_by_role("link", name="English").click()
        await expect(page.get_by_role("link", name="Sign in with the city account")).to_be_visible()
        await assert_accessible(page)


async def test_the_step_page_is_accessible(
    city: Desk, provider: StandIn, async_context: BrowserContext
) -> None:
    step = await city_sign_in(city.client, provider)  # the page between the provider and the inbox
    assert step.status_code == 200 and 'http-equiv="refresh"' in step.text
    async with running_server(city.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await page.goto(f"{url}/console/login")
        # as a browser that does not follow the refresh: the page with its link alone
        await page.set_content(step.text.replace('http-equiv="refresh"', 'data-was="refresh"'))
        await expect(page.get_by_role("heading", name="Sie sind angemeldet")).to_be_visible()
        await expect(page.get_by_role("link", name="Weiter zur Team-Konsole")).to_have_attribute(
            "href", "/console/"
        )
        await assert_accessible(page)
