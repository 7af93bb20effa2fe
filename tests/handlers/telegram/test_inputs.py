"""Every other input gets a clear answer or is ignored by design."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.auxil.harness import STAFF_CHAT, Harness
from tests.auxil.telegram_html import sent_html_problems

FILE = {"file_id": "AgACAgIAAxkBAAIBfake", "file_unique_id": "AQADfake"}
MEDIA: dict[str, dict[str, Any]] = {
    "voice": {"voice": {**FILE, "duration": 3}},
    "audio": {"audio": {**FILE, "duration": 180}},
    "video": {"video": {**FILE, "width": 640, "height": 480, "duration": 5}},
    "video_note": {"video_note": {**FILE, "length": 240, "duration": 5}},
    "sticker": {
        "sticker": {
            **FILE,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
    "animation": {
        "animation": {**FILE, "width": 320, "height": 240, "duration": 2},
        "document": {**FILE, "mime_type": "video/mp4"},
    },
    "dice": {"dice": {"emoji": "🎲", "value": 4}},
    "pdf": {"document": {**FILE, "mime_type": "application/pdf", "file_name": "Ausweis.pdf"}},
    "contact": {"contact": {"phone_number": "+49 201 5551234", "first_name": "Max", "last_name": "Muster"}},
    "poll": {
        "poll": {
            "id": "1",
            "question": "Ja?",
            "options": [
                {"text": "ja", "voter_count": 0, "persistent_id": "a"},
                {"text": "nein", "voter_count": 0, "persistent_id": "b"},
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
    },
    "game": {"game": {"title": "Spiel", "description": "x", "photo": [{**FILE, "width": 1, "height": 1}]}},
}
EXPECTED = {
    "voice": "an unser Team senden",  # files are questions for the team (test_media.py)
    "audio": "an unser Team senden",
    "video": "an unser Team senden",
    "video_note": "an unser Team senden",
    "sticker": "nur Text",
    "animation": "nur Text",
    "dice": "nur Text",
    "pdf": "an unser Team senden",
    "contact": "Kontakte brauche ich nicht",
    "poll": "Umfragen",
    "game": "Diese Art von Nachricht",
}
PHOTO = {"photo": [{**FILE, "width": 90, "height": 60}, {**FILE, "width": 1280, "height": 853}]}
IMAGE_FILE = {"document": {**FILE, "mime_type": "image/jpeg", "file_name": "perso.jpg"}}


async def _send(
    bot: Harness, chat_id: int | None = None, user: dict[str, Any] | None = None, **fields: Any
) -> None:
    await bot.app.process_update(bot.factory.message(user or bot.citizen, chat_id=chat_id, **fields))
    await bot.settle()


async def _dump(bot: Harness) -> str:
    """Every value stored in the database, as one string."""
    tables = await bot.services.db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    values = []
    for table in tables:
        for row in await bot.services.db.fetchall(f'SELECT * FROM "{table["name"]}"'):
            values.extend(str(v) for v in tuple(row))
    return "\n".join(values)


@pytest.mark.parametrize("fields", [PHOTO, IMAGE_FILE], ids=["photo", "image-file"])
async def test_photos_are_offered_to_the_team_with_the_id_document_warning(
    bot: Harness, fields: dict[str, Any]
) -> None:
    await _send(bot, **fields, caption="Mein Ausweis")
    offer = bot.last_citizen()
    assert "keine Fotos von Ausweisen" in offer.text
    assert [data for _, data in offer.buttons] == ["esc:yes", "esc:no"]
    await bot.press("esc:no")  # nothing goes to the team, no ticket holds the file
    assert bot.to_staff() == []
    assert await bot.services.tickets.get(1) is None
    assert sent_html_problems(bot.api.calls) == []


async def test_english_users_get_the_warning_in_english(bot: Harness) -> None:
    await _send(bot, user=bot.factory.user(2002, "John", "en"), chat_id=2002, **PHOTO)
    assert "Please do not send photos of ID cards" in bot.api.last(2002).text


@pytest.mark.parametrize("kind", sorted(MEDIA))
async def test_every_other_kind_gets_a_clear_short_answer(bot: Harness, kind: str) -> None:
    await _send(bot, **MEDIA[kind])
    answer = bot.last_citizen()
    assert EXPECTED[kind] in answer.text
    assert len(answer.text) < 400
    assert sent_html_problems(bot.api.calls) == []


async def test_a_shared_contact_is_neither_stored_nor_logged(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await _send(bot, **MEDIA["contact"])
    assert "5551234" not in await _dump(bot)
    assert "5551234" not in caplog.text and "Muster" not in caplog.text


async def test_unknown_commands_get_the_help_hint(bot: Harness) -> None:
    for command in ("/foo", "/Start_", "/termin_xyz bitte", "/datenschutz@OtherBot"):
        await bot.send(command)
        assert "/hilfe" in bot.last_citizen().text, command


async def test_unknown_commands_in_the_staff_chat(bot: Harness) -> None:
    await bot.send("/gibtsnicht", user=bot.staff, chat_id=STAFF_CHAT)
    assert "Team-Befehle" in bot.to_staff()[-1].text
    await bot.send("/gibtsnicht@BuergermobilEssenBot", user=bot.staff, chat_id=STAFF_CHAT)
    assert len(bot.to_staff()) == 2
    await bot.send("/poll@SomeOtherBot", user=bot.staff, chat_id=STAFF_CHAT)
    assert len(bot.to_staff()) == 2


async def test_staff_chat_files_photos_and_chatter_are_left_alone(bot: Harness) -> None:
    for fields in (PHOTO, MEDIA["pdf"], MEDIA["sticker"], {"text": "Guten Morgen zusammen"}):
        await _send(bot, chat_id=STAFF_CHAT, user=bot.staff, **fields)
    assert bot.to_staff() == []


async def test_private_locations_are_not_taken_by_the_fallback(bot: Harness) -> None:
    await _send(bot, location={"latitude": 51.4556, "longitude": 7.0116})
    assert not any("Diese Art von Nachricht" in text for text in bot.api.texts())


async def test_service_messages_are_ignored(bot: Harness) -> None:
    pinned = {"message_id": 1, "date": 0, "chat": {"id": bot.citizen["id"], "type": "private"}, "text": "x"}
    await _send(bot, pinned_message=pinned)
    assert bot.to_citizen() == []
