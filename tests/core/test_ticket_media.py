"""What a citizen's file is served as in the staff console: only safe media inline, the rest a download."""

from __future__ import annotations

from core.ticket_media import content_type


def test_photos_and_sound_are_shown_documents_never() -> None:
    assert content_type("photo", "file_3.jpg") == ("image/jpeg", True)
    assert content_type("photo", "PH-big") == ("image/jpeg", True)  # Telegram's photos are JPEG
    assert content_type("voice", "file_9.oga") == ("audio/ogg", True)
    assert content_type("video_note", "file_2.mp4") == ("video/mp4", True)
    assert content_type("document", "brief.pdf") == ("application/octet-stream", False)
    assert content_type("document", "seite.html") == ("application/octet-stream", False)


def test_a_script_in_disguise_is_never_inline() -> None:
    assert content_type("photo", "bild.svg") == ("application/octet-stream", False)  # SVG can hold scripts
    assert content_type("audio", "lied.html") == ("application/octet-stream", False)
