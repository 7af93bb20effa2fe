"""Checked stop-plan uploads waiting for staff to confirm their preview (in memory, per staff member).

A draft holds the uploaded bytes, so "apply" checks the very file that was previewed again;
drafts expire after an hour and at most `LIMIT` are kept (the oldest go first). A restart
forgets them: the staff member uploads the file again.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.stops.importer import Format

__all__ = ["DRAFT_LIFETIME", "ImportDraft", "ImportDrafts"]

DRAFT_LIFETIME = timedelta(hours=1)
LIMIT = 50


@dataclass(frozen=True)
class ImportDraft:
    """One uploaded file, checked and shown, not yet applied."""

    token: str
    owner: int
    name: str
    fmt: Format
    data: bytes
    created: datetime


class ImportDrafts:
    """The waiting uploads by token; only their owner may see or apply them."""

    def __init__(self) -> None:
        self._drafts: OrderedDict[str, ImportDraft] = OrderedDict()

    def put(self, owner: int, name: str, fmt: Format, data: bytes, now: datetime) -> ImportDraft:
        """Keep an upload; returns the draft with its new token."""
        self._expire(now)
        draft = ImportDraft(secrets.token_urlsafe(16), owner, name, fmt, data, now)
        self._drafts[draft.token] = draft
        while len(self._drafts) > LIMIT:
            self._drafts.popitem(last=False)
        return draft

    def get(self, token: str, owner: int, now: datetime) -> ImportDraft | None:
        """The owner's draft, if it is still there."""
        self._expire(now)
        draft = self._drafts.get(token)
        return draft if draft is not None and draft.owner == owner else None

    def take(self, token: str, owner: int, now: datetime) -> ImportDraft | None:
        """Remove and return the owner's draft (None when it was taken already)."""
        draft = self.get(token, owner, now)
        if draft is not None:
            del self._drafts[token]
        return draft

    def _expire(self, now: datetime) -> None:
        for token in [t for t, d in self._drafts.items() if now - d.created > DRAFT_LIFETIME]:
            del self._drafts[token]
