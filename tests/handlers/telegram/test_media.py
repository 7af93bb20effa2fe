"""Voice notes, photos, documents and videos as questions for the team, through a real Application."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from core.clock import ManualClock
from tests.auxil.harness import CITIZEN_ID, STAFF_CHAT, Harness

VOICE = {"voice": {"file_id": "VOICE-1", "file_unique_id": "UQ-1", "duration": 12, "file_size": 40_000}}
PHOTO = {
    "photo": [
        {"file_id": "PH-small", "file_unique_id": "PS", "width": 90, "height": 60, "file_size": 900},
        {"file_id": "PH-big", "file_unique_id": "PB", "width": 1280, "height": 853, "file_size": 90_000},
    ]
}
VIDEO_NOTE = {"video_note": {"file_id": "VN-1", "file_unique_id": "UV", "length": 240, "duration": 5}}


async def _send(bot: Harness, **fields: Any) -> None:
    await bot.process(bot.factory.message(bot.citizen, **fields))


async def _dump(bot: Harness) -> str:
    """Every value stored in the database (persistence included), as one string."""
    await bot.app.update_persistence()
    tables = await bot.services.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    values = []
    for table in tables:
        for row in await bot.services.db.fetchall(f'SELECT * FROM "{table["name"]}"'):
            values.extend(str(v) for v in tuple(row))
    return "\n".join(values)


async def test_a_voice_note_becomes_a_ticket_the_team_hears_and_answers(bot: Harness) -> None:
    await _send(bot, **VOICE)
    offer = bot.last_citizen()
    assert "🎤 Sprachnachricht (0:12)" in offer.text and "an unser Team senden" in offer.text
    await bot.press("esc:yes")
    assert "Ihre Nummer: <b>#1</b>" in bot.last_citizen().text
    card = next(c for c in bot.to_staff() if "Anfrage #1" in c.text and c.method == "sendMessage")
    assert "🎤 Sprachnachricht (0:12)" in card.text
    voice = bot.api.sent(STAFF_CHAT, "sendVoice")[-1]
    assert voice.params["voice"] == "VOICE-1" and "#1" in voice.text
    await bot.press("esc:yes")  # a second press: no second ticket, no second copy
    assert await bot.services.tickets.get(2) is None
    assert len(bot.api.sent(STAFF_CHAT, "sendVoice")) == 1
    await bot.staff_send("Wir rufen Sie morgen an.", voice)  # a reply to the voice note itself
    assert "Wir rufen Sie morgen an." in bot.last_citizen().text
    (first, answer) = await bot.services.tickets.repo.messages(1)
    assert (first.file_kind, first.file_id) == ("voice", "VOICE-1") and answer.author == "staff"


async def test_a_photo_after_an_answer_is_attached_as_a_rueckfrage(bot: Harness) -> None:
    await bot.send("Darf ich im Garten ein Baumhaus bauen?")
    await bot.press("esc:yes")
    await bot.staff_send("Ja, mit Genehmigung.", bot.to_staff()[-1])
    await _send(bot, caption="Ist das das richtige Formular?", **PHOTO)
    assert "ist bei Anfrage <b>#1</b>" in bot.last_citizen().text
    note = next(c for c in reversed(bot.to_staff()) if "Rückfrage zu #1" in c.text)
    assert "🖼 Foto" in note.text and "richtige Formular" in note.text
    assert bot.api.sent(STAFF_CHAT, "sendPhoto")[-1].params["photo"] == "PH-big"  # the largest size
    ticket = await bot.services.tickets.get(1)
    assert ticket is not None and ticket.status == "open"


async def test_a_video_note_reaches_the_group_with_a_linked_caption(bot: Harness) -> None:
    await _send(bot, **VIDEO_NOTE)
    await bot.press("esc:yes")
    assert bot.api.sent(STAFF_CHAT, "sendVideoNote")[-1].params["video_note"] == "VN-1"
    caption = bot.to_staff()[-1]  # a video note has no caption: a text after it, linked
    assert "📹 Videonachricht" in caption.text
    await bot.staff_send("Danke, wir melden uns.", caption)
    assert "Danke, wir melden uns." in bot.last_citizen().text


async def test_a_voice_note_while_the_form_is_open_keeps_the_form(bot: Harness) -> None:
    await bot.send("/termin")
    await bot.press("vo:who:self")
    await _send(bot, **VOICE)
    assert "Knöpfe" in bot.last_citizen().text or "Text" in bot.last_citizen().text
    assert await bot.services.tickets.get(1) is None and bot.to_staff() == []
    await bot.press("vo:why:mobility")  # the form goes on where it was
    assert "Schritt 3" in bot.last_citizen().text


async def test_a_file_above_the_limit_is_refused_clearly_and_not_kept(bot: Harness) -> None:
    scan = {"file_id": "BIG", "file_unique_id": "B", "file_name": "scan.pdf", "file_size": 30 << 20}
    big = {"document": scan}
    await _send(bot, **big)
    refusal = bot.last_citizen().text
    assert "zu groß (30 MB, höchstens 20 MB)" in refusal and bot.config.office_hours.phone in refusal
    assert "BIG" not in await _dump(bot)


async def test_stickers_and_emoji_get_a_friendly_reply(bot: Harness) -> None:
    sticker = {"file_id": "S", "file_unique_id": "S", "type": "regular", "width": 1, "height": 1}
    await _send(bot, sticker={**sticker, "is_animated": False, "is_video": False})
    assert "😊 Danke!" in bot.last_citizen().text
    await bot.send("👍")  # emoji only: small talk (core.intents), never the team queue
    assert "Gern geschehen!" in bot.last_citizen().text
    assert "esc:yes" not in [data for _, data in bot.last_citizen().buttons]
    assert bot.to_staff() == []


async def test_file_ids_are_exported_deleted_and_purged(bot: Harness, clock: ManualClock) -> None:
    await _send(bot, **VOICE)
    await bot.press("esc:yes")
    await bot.send("/meinedaten")
    exported = json.loads(b"".join(bot.api.sent(CITIZEN_ID, "sendDocument")[-1].files.values()))
    assert "VOICE-1" in json.dumps(exported)
    voice = bot.api.sent(STAFF_CHAT, "sendVoice")[-1]
    await bot.send("/loeschen")
    await bot.press(bot.button(bot.last_citizen(), "löschen"))
    await bot.settle()
    assert "VOICE-1" not in await _dump(bot) and "UQ-1" not in await _dump(bot)
    deleted = [c.params for c in bot.api.calls if c.method == "deleteMessage"]  # no text to blank
    assert {"chat_id": STAFF_CHAT, "message_id": voice.message_id}.items() <= deleted[-1].items()
    # the purge: a closed ticket with a photo, older than the retention period
    other = bot.factory.user(4242, "Otto", "de")
    await bot.process(bot.factory.message(other, **PHOTO))
    await bot.press("esc:yes", user=other)
    await bot.staff_send("Erledigt.", bot.to_staff()[-1])
    await bot.press("tk:done:2", user=other)
    clock.advance(timedelta(days=bot.config.privacy.retention_days + 1))
    await bot.services.privacy.run_purge()
    assert "PH-big" not in await _dump(bot)
