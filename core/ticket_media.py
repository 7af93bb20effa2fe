"""Files a citizen sends with a question: voice notes, photos, documents, videos, video notes.

The bot stores only Telegram's file id (and its size and length), never the file itself; the
staff chat gets the file sent again by that id, right after the ticket card. The file id is
personal data like the text: exported by /meinedaten, removed by /loeschen and the purge.
The staff console shows a file by asking the channel for it when a page needs it (the
`FileSource` port, which the Telegram sender implements); nothing is kept on our side.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "INLINE_KINDS",
    "KINDS",
    "MAX_FETCH_BYTES",
    "Attachment",
    "FileSource",
    "FileUnavailable",
    "Media",
    "content_type",
    "media_payload",
]

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


MAX_FETCH_BYTES = 20 * 1024 * 1024
"""The largest file fetched for the console (Telegram's Bot API serves files up to 20 MB)."""

INLINE_KINDS = ("photo", "voice", "audio", "video", "video_note")
"""Kinds a browser may show itself; documents are always a download (they could be HTML)."""

_DEFAULT_TYPES = {
    "photo": "image/jpeg",
    "voice": "audio/ogg",
    "audio": "audio/mpeg",
    "video": "video/mp4",
    "video_note": "video/mp4",
}
_SAFE_PREFIXES = ("image/jpeg", "image/png", "image/webp", "image/gif", "audio/", "video/")


class FileUnavailable(Exception):
    """The channel could not deliver the file now (gone, too big, or an error); the detail says which."""


@dataclass(frozen=True)
class Attachment:
    """A file of a ticket message, fetched from its channel for the console."""

    kind: str
    content: bytes
    content_type: str
    filename: str
    inline: bool
    """Whether a browser may show it in the page (a photo, a voice note); else only a download."""


@runtime_checkable
class FileSource(Protocol):
    """A channel that can hand out a file it stored for us by its id (Telegram: getFile)."""

    async def fetch_file(self, file_id: str, max_bytes: int) -> tuple[bytes, str]:
        """The file's bytes and the channel's path or name for it; raises `FileUnavailable`."""
        ...


def content_type(kind: str, path: str) -> tuple[str, bool]:
    """The type a file is served with and whether it may be shown inline.

    Photos, voice notes and other sound or video keep their media type; anything else (a
    document, or a type the path does not make safe) is `application/octet-stream`.
    """
    guessed = mimetypes.guess_type(path)[0]
    chosen = guessed or _DEFAULT_TYPES.get(kind, "application/octet-stream")
    inline = kind in INLINE_KINDS and chosen.startswith(_SAFE_PREFIXES)
    return (chosen if inline else "application/octet-stream"), inline
