"""Files a citizen sends with a question: voice notes, photos, documents, videos, video notes.

The bot stores only Telegram's file id (and its size and length), never the file itself; the
staff chat gets the file sent again by that id, right after the ticket card. The file id is
personal data like the text: exported by /meinedaten, removed by /loeschen and the purge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["KINDS", "Media", "media_payload"]

KINDS = ("voice", "audio", "photo", "document", "video", "video_note")
"""The kinds of files a ticket takes (Telegram's names)."""


@dataclass(frozen=True)
class Media:
    """One file of a citizen's message, as Telegram knows it."""

    kind: str
    file_id: str
    file_unique_id: str | None = None
    size: int | None = None
    duration: int | None = None
    name: str | None = None

    def label(self) -> str:
        """What the staff card and the thread show instead of the file: '🎤 Sprachnachricht (0:12)'."""
        icon, word = _LABELS.get(self.kind, ("📎", "Datei"))
        extra = []
        if self.duration is not None:
            extra.append(f"{self.duration // 60}:{self.duration % 60:02d}")
        if self.name:
            extra.append(self.name[:60])
        return f"{icon} {word}" + (f" ({', '.join(extra)})" if extra else "")


_LABELS = {
    "voice": ("🎤", "Sprachnachricht"),
    "audio": ("🎵", "Audiodatei"),
    "photo": ("🖼", "Foto"),
    "document": ("📄", "Dokument"),
    "video": ("🎬", "Video"),
    "video_note": ("📹", "Videonachricht"),
}


def media_payload(text: str, media: Media) -> dict[str, Any]:
    """The outbox payload that sends the file again by its id, with `text` (HTML) as caption."""
    return {"text": text, "media": {"kind": media.kind, "file_id": media.file_id}}
