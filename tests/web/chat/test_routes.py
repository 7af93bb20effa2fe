"""The chat page over HTTP without a browser: no-JS posts, cookies, CSP, limits, codes, privacy."""

from __future__ import annotations

import re

from core.channels import WEB, channel_of
from handlers.web.chat.render import RenderedMessages, safe_html
from handlers.web.chat.session import ChatLimits
from tests.web.chat.conftest import ChatSite

QUESTION = "Darf ich im Garten ein Baumhaus bauen?"
ANSWER = "Ja, mit einer Genehmigung vom Bauamt."


async def rows(site: ChatSite, table: str) -> int:
    row = await site.bot.services.db.fetchone(f"SELECT COUNT(*) AS n FROM {table}")
    assert row is not None
    return int(row["n"])


async def ask(site: ChatSite, text: str) -> str:
    """Send a question as a browser without JavaScript; returns the page after the redirect."""
    sent = await site.client.post("/chat/send", data={"text": text})
    assert sent.status_code == 303 and sent.headers["location"].startswith("/chat")
    await site.bot.settle()
    page = await site.client.get("/chat")
    assert page.status_code == 200
    return page.text


def buttons(page: str) -> list[tuple[str, str, str]]:
    """(message id, action, label) of every button on the page."""
    found = []
    for form in re.finditer(r'name="message" value="(\d+)">(.*?)</form>', page, re.S):
        for action, label in re.findall(r'name="action" value="([^"]+)">([^<]+)</button>', form.group(2)):
            found.append((form.group(1), action, label))
    return found


async def test_the_page_shows_the_privacy_notice_and_stores_nothing(site: ChatSite) -> None:
    page = await site.client.get("/chat")
    assert page.status_code == 200
    assert "Datenschutz – bevor Sie schreiben" in page.text and "Vorher speichern wir nichts" in page.text
    assert "bm_chat" not in page.headers.get("set-cookie", "")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    # no third-party requests: every script, style and image comes from this server
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        if re.search(r"<(?:script|link|img)[^>]+" + re.escape(url), page.text):
            assert url.startswith(("/", site.url + "/")), url
    for table in ("citizens", "web_citizens", "web_sessions", "web_messages"):
        assert await rows(site, table) == 0
    assert (await site.client.post("/chat/send", data={"text": "   "})).status_code == 303
    assert await rows(site, "citizens") == 0


async def test_ask_and_answer_without_javascript(site: ChatSite) -> None:
    sent = await site.client.post("/chat/send", data={"text": "Was kostet ein Personalausweis?"})
    cookie = sent.headers["set-cookie"]
    assert cookie.startswith("bm_chat=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/chat" in cookie
    page = (await site.client.get("/chat")).text
    assert "Personalausweis" in page and "Stand:" in page
    assert "Datenschutz – bevor Sie schreiben" not in page  # shown before the first message only
    (message, action, _), *_ = [b for b in buttons(page) if b[1].startswith("fb:1:")]
    pressed = await site.client.post("/chat/press", data={"message": message, "action": action})
    assert pressed.status_code == 303
    page = (await site.client.get("/chat")).text
    assert "Danke für Ihre Rückmeldung" in page and not [b for b in buttons(page) if b[1] == action]


async def test_hostile_text_is_shown_as_text(site: ChatSite) -> None:
    page = await ask(site, "<img src=x onerror=alert(1)> <script>alert(2)</script>")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert safe_html('<a href="javascript:alert(1)">x</a><b>ok</b><iframe>') == "x<strong>ok</strong>"


async def test_escalation_and_a_staff_reply_from_the_telegram_group(site: ChatSite) -> None:
    page = await ask(site, QUESTION)
    (message, action, _), *_ = [b for b in buttons(page) if b[1] == "esc:yes"]
    assert (
        await site.client.post("/chat/press", data={"message": message, "action": action})
    ).status_code == 303
    await site.bot.settle()
    card = site.bot.to_staff()[-1]
    assert "Web-Chat" in card.text
    page = (await site.client.get("/chat")).text
    assert "Ihre Nummer: <strong>#1</strong>" in page and re.search(
        r"Ihr Code: <strong>\w{3}-\w{3}</strong>", page
    )
    await site.bot.staff_send(ANSWER, card)
    await site.bot.settle()
    assert ANSWER in (await site.client.get("/chat")).text


async def test_posts_from_other_sites_are_refused(site: ChatSite) -> None:
    evil = {"origin": "https://evil.example"}
    assert (await site.client.post("/chat/send", data={"text": "Hallo"}, headers=evil)).status_code == 403
    assert await rows(site, "citizens") == 0
    own = {"origin": "http://testserver"}
    assert (await site.client.post("/chat/send", data={"text": "Hallo"}, headers=own)).status_code == 303


async def test_rate_limit_per_session_and_per_address(site: ChatSite) -> None:
    limit = 4  # the tests' config allows 1000 a minute; a real limiter with a small limit
    site.app.state.web.extras["chat"] = ChatLimits(limit)
    assert (await site.client.post("/chat/send", data={"text": "Hallo"})).status_code == 303  # the first
    for _ in range(limit):
        assert (await site.client.post("/chat/send", data={"text": "Hallo"})).status_code == 303
    refused = await site.client.post("/chat/send", data={"text": "Hallo"})
    assert refused.status_code == 429 and "warten Sie eine Minute" in refused.text
    scripted = await site.client.post("/chat/send", data={"text": "Hallo"}, headers={"x-chat-script": "1"})
    assert scripted.status_code == 429 and scripted.headers["content-type"].startswith("text/plain")
    stored = await rows(site, "web_messages")
    site.client.cookies.clear()  # a new session from the same address: the address limit still counts
    for _ in range(limit * 3 - limit - 3):
        await site.client.post("/chat/send", data={"text": "Hallo"})
    assert (await site.client.post("/chat/send", data={"text": "Hallo"})).status_code == 429
    assert await rows(site, "web_messages") > stored


async def test_come_back_with_the_code(site: ChatSite) -> None:
    page = await ask(site, QUESTION)
    (message, action, _), *_ = [b for b in buttons(page) if b[1] == "esc:yes"]
    await site.client.post("/chat/press", data={"message": message, "action": action})
    await site.bot.settle()
    code = re.search(r"Ihr Code: <strong>(\w{3}-\w{3})</strong>", (await site.client.get("/chat")).text)
    assert code is not None
    site.client.cookies.clear()
    assert (await site.client.post("/chat/resume", data={"code": "AAA-AAA"})).status_code == 404
    back = await site.client.post("/chat/resume", data={"code": code.group(1).lower()})
    assert back.status_code == 303
    assert QUESTION in (await site.client.get("/chat")).text
    for _ in range(10):
        await site.client.post("/chat/resume", data={"code": "AAA-AAA"})
    assert (await site.client.post("/chat/resume", data={"code": code.group(1)})).status_code == 429


async def test_the_widget_may_be_framed_by_the_listed_pages_only(site: ChatSite) -> None:
    embedded = await site.client.get("/chat?embed=1")
    assert "frame-ancestors 'self'" in embedded.headers["content-security-policy"]
    snippet = await site.client.get("/chat/widget")
    assert "&lt;iframe src=&#34;http://testserver/chat?embed=1&#34;" in snippet.text


async def test_large_text_and_contrast_are_remembered(site: ChatSite) -> None:
    page = await site.client.get("/chat?large=1&contrast=1")
    assert 'class="chat large contrast"' in page.text
    assert 'aria-pressed="true"' in page.text
    again = await site.client.get("/chat")
    assert 'class="chat large contrast"' in again.text
    english = await site.client.get("/chat?lang=en")
    assert '<html lang="en">' in english.text and "Ask us" in english.text


async def test_export_and_deletion_in_the_page(site: ChatSite) -> None:
    await ask(site, "Hallo")
    exported = await site.client.get("/chat/meinedaten")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/json")
    data = exported.json()
    assert data["citizen"]["channel"] == "web" and data["web_chat"]["messages"][0]["text"] == "Hallo"
    asked = await site.client.post("/chat/loeschen", data={"confirm": "ask"})
    assert "wirklich alles löschen" in asked.text
    assert await rows(site, "web_messages") > 0
    done = await site.client.post("/chat/loeschen", data={"confirm": "yes"})
    assert "Wir haben alles gelöscht" in done.text
    for table in ("citizens", "web_citizens", "web_sessions", "web_messages"):
        assert await rows(site, table) == 0
    assert (await site.client.get("/chat/meinedaten")).status_code == 303


async def test_events_need_a_session_and_the_web_id_range(site: ChatSite) -> None:
    assert (await site.client.get("/chat/events")).status_code == 204
    await ask(site, "Hallo")
    citizen = await site.bot.services.db.fetchone("SELECT id FROM citizens")
    assert citizen is not None and channel_of(int(citizen["id"])) == WEB


async def test_a_stop_question_links_the_stops_page_with_the_question(site: ChatSite) -> None:
    page = await ask(site, "Wo steht das Bürgermobil am Dienstag?")
    link = re.search(r'<a class="button" href="(/chat/stops\?q=[^"]+)"', page)
    assert link is not None
    stops = await site.client.get(link.group(1).replace("&amp;", "&"))
    assert stops.status_code == 200 and "Wo ist das Bürgermobil?" in stops.text
    assert "nur im Telegram-Bot" in stops.text  # reminders are Telegram-only, and the page says so
    calendar = re.search(r'href="(/chat/stops/[^"]+\.ics)"', stops.text)
    assert calendar is not None
    ics = await site.client.get(calendar.group(1))
    assert ics.headers["content-type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert (await site.client.get("/chat/stops/nope.ics")).status_code == 404


def test_rendered_messages_render_each_version_once() -> None:
    cache = RenderedMessages(size=2)
    made: list[str] = []

    def render(text: str) -> str:
        made.append(text)
        return f"<p>{text}</p>"

    payload = {"text": "a", "buttons": [[{"label": "Ja", "action": "esc:yes"}]]}
    assert cache.get(1, "de", payload, lambda: render("a")) == "<p>a</p>"
    assert cache.get(1, "de", payload, lambda: render("again")) == "<p>a</p>"
    assert cache.get(1, "de", {"text": "a"}, lambda: render("no buttons")) == "<p>no buttons</p>"
    assert cache.get(1, "en", payload, lambda: render("english")) == "<p>english</p>"  # "a" goes
    assert cache.get(1, "de", payload, lambda: render("a2")) == "<p>a2</p>"
    assert made == ["a", "no buttons", "english", "a2"]
