"""A citizen's photo, voice note or document on the console's ticket page: fetched from Telegram, guarded."""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

from playwright.async_api import BrowserContext, expect

from handlers.web import running_server
from tests.auxil.browser import assert_accessible
from tests.auxil.console import AGENT, PASSWORD, Desk, csrf_of, sign_in
from tests.auxil.harness import CITIZEN_ID, Harness

PHOTO = {"photo": [{"file_id": "PH-big", "file_unique_id": "PB", "width": 2, "height": 2, "file_size": 70}]}
VOICE = {"voice": {"file_id": "VOICE-1", "file_unique_id": "UQ-1", "duration": 12, "file_size": 5}}
DOCUMENT = {
    "document": {
        "file_id": "DOC-1",
        "file_unique_id": "UD",
        "file_name": "brief.html",
        "mime_type": "text/html",
        "file_size": 40,
    }
}
_FILE_LINK = re.compile(r'href="(/console/tickets/\d+/files/\d+)(?:\?download=1)?"')


def _png() -> bytes:
    """A real 2×2 PNG (red), small enough to write here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(raw))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


async def _file_ticket(bot: Harness, fields: dict[str, Any], content: bytes | None) -> int:
    """The citizen sends a file and hands it to the team; Telegram holds `content` under its id."""
    kind = next(iter(fields))
    item = fields[kind][-1] if kind == "photo" else fields[kind]
    if content is not None:
        bot.api.files[item["file_id"]] = content
    await bot.process(bot.factory.message(bot.citizen, **fields))
    await bot.press("esc:yes")
    rows = await bot.services.console.inbox()
    return rows[0].ticket.id


async def _file_url(desk: Desk, number: int) -> str:
    page = await desk.client.get(f"/console/tickets/{number}")
    found = _FILE_LINK.search(page.text)
    assert found, "no file on the ticket page"
    return found.group(1)


async def test_a_photo_is_shown_inline_and_can_be_downloaded(desk: Desk) -> None:
    await sign_in(desk.client)
    number = await _file_ticket(desk.bot, PHOTO, _png())
    page = await desk.client.get(f"/console/tickets/{number}")
    assert 'alt="Foto, das die Person geschickt hat"' in page.text and "Herunterladen" in page.text
    url = await _file_url(desk, number)
    shown = await desk.client.get(url)
    assert shown.status_code == 200 and shown.content == _png()
    assert shown.headers["content-type"] == "image/jpeg"  # Telegram's photos are JPEG
    assert shown.headers["content-disposition"].startswith("inline;")
    assert shown.headers["content-security-policy"].startswith("sandbox")
    assert shown.headers["cache-control"] == "private, max-age=300"
    saved = await desk.client.get(url + "?download=1")
    assert saved.headers["content-disposition"] == f'attachment; filename="anfrage-{number}-1.jpg"'
    assert any(call.method == "getFile" for call in desk.bot.api.calls)  # fetched from Telegram, not stored


async def test_a_voice_note_plays_in_the_browser(desk: Desk) -> None:
    await sign_in(desk.client)
    voice = await _file_ticket(desk.bot, VOICE, b"OggS-voice")
    assert "Datei öffnen" in (await desk.client.get(f"/console/tickets/{voice}")).text
    played = await desk.client.get(await _file_url(desk, voice))
    assert played.headers["content-type"] == "audio/ogg" and played.content == b"OggS-voice"
    assert played.headers["content-disposition"].startswith("inline;")


async def test_a_document_is_only_a_download(desk: Desk) -> None:
    await sign_in(desk.client)
    document = await _file_ticket(desk.bot, DOCUMENT, b"<script>alert(1)</script>")
    page = await desk.client.get(f"/console/tickets/{document}")
    assert "Datei öffnen" not in page.text  # no inline view of a document
    hostile = await desk.client.get(await _file_url(desk, document))
    assert hostile.headers["content-type"] == "application/octet-stream"
    assert hostile.headers["content-disposition"].startswith("attachment;")
    assert hostile.headers["x-content-type-options"] == "nosniff"


async def test_only_signed_in_staff_with_the_ticket_role_get_a_file(desk: Desk) -> None:
    number = await _file_ticket(desk.bot, PHOTO, _png())
    await sign_in(desk.client)
    url = await _file_url(desk, number)
    csrf = csrf_of((await desk.client.get("/console/")).text)
    await desk.client.post("/console/logout", data={"csrf": csrf})
    anonymous = await desk.client.get(url)
    assert anonymous.status_code == 303 and "/console/login" in anonymous.headers["location"]
    assert anonymous.content == b""
    await desk.bot.services.accounts.add("vera", "vorort", PASSWORD)
    await sign_in(desk.client, "vera")
    refused = await desk.client.get(url)
    assert refused.status_code == 403 and _png() not in refused.content
    desk.client.cookies.clear()
    await sign_in(desk.client, AGENT)
    assert (await desk.client.get(url)).status_code == 200
    other = await desk.bot.services.tickets.create(
        user_id=CITIZEN_ID, chat_id=CITIZEN_ID, language="de", text="Ohne Datei", guesses=()
    )
    message_id = url.rsplit("/", 1)[-1]
    assert (await desk.client.get(f"/console/tickets/{other}/files/{message_id}")).status_code == 404
    first_of_other = (await desk.bot.services.tickets.repo.messages(other))[0].id
    assert (await desk.client.get(f"/console/tickets/{other}/files/{first_of_other}")).status_code == 404


async def test_after_the_citizen_deleted_their_data_the_file_is_gone(desk: Desk) -> None:
    await sign_in(desk.client)
    number = await _file_ticket(desk.bot, PHOTO, _png())
    url = await _file_url(desk, number)
    await desk.bot.services.privacy.delete_everything(CITIZEN_ID)
    assert (await desk.client.get(url)).status_code == 404
    page = await desk.client.get(f"/console/tickets/{number}")
    assert "/files/" not in page.text


async def test_telegram_not_giving_the_file_is_a_clear_page(desk: Desk) -> None:
    await sign_in(desk.client)
    number = await _file_ticket(desk.bot, PHOTO, None)  # Telegram has no such file any more
    missing = await desk.client.get(await _file_url(desk, number))
    assert missing.status_code == 502
    assert "Die Datei ist gerade nicht abrufbar." in missing.text
    assert f'href="/console/tickets/{number}"' in missing.text


async def test_the_photo_in_the_browser(desk: Desk, async_context: BrowserContext) -> None:
    number = await _file_ticket(desk.bot, PHOTO, _png())
    async with running_server(desk.app, "127.0.0.1", 0) as url:
        page = await async_context.new_page()
        await page.goto(f"{url}/console/login")
        await page.get_by_label("Name").fill(AGENT)
        await page.get_by_label("Passwort").fill(PASSWORD)
        async with page.expect_navigation(wait_until="load"):
            await page.get_by_role("button", name="Anmelden").click()
        await page.goto(f"{url}/console/tickets/{number}")
        photo = page.get_by_role("img", name="Foto, das die Person geschickt hat")
        await expect(photo).to_be_visible()
        assert await photo.evaluate("image => image.complete && image.naturalWidth") == 2
        await assert_accessible(page)
        await page.close()
