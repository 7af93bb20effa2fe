"""Checked stop-plan uploads waiting for staff to confirm their preview (in the database, per account).

A draft holds the uploaded bytes, so "apply" checks the very file that was previewed again.
It is stored (`storage/stop_drafts.py`), so it survives a restart and every worker sees it;
the token in the form is kept only as its SHA-256. A draft expires after `DRAFT_LIFETIME`;
an account keeps at most `LIMIT` unapplied ones (the oldest go first). Only the account that
uploaded it may apply it, and only once: `take` claims the row in one UPDATE.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from core.stops.importer import Format
from storage.db import Database
from storage.stop_drafts import StopDraftRepository

__all__ = ["DRAFT_LIFETIME", "LIMIT", "DraftState", "ImportDraft", "ImportDrafts"]

DRAFT_LIFETIME = timedelta(hours=1)
LIMIT = 5
"""Unapplied drafts kept per staff account."""

DraftState = Literal["ready", "expired", "applied", "unknown"]
"""ready: can be applied; expired: older than DRAFT_LIFETIME; applied: taken already;
unknown: no such token for this account (never says whether another account has it)."""


@dataclass(frozen=True)
class ImportDraft:
    """One uploaded file, checked and shown, not yet applied."""

    token: str
    owner: int
    name: str
    fmt: Format
    data: bytes
    created: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ImportDrafts:
    """The waiting uploads by token; only their owner may see or apply them."""

    def __init__(self, db: Database) -> None:
        self.repo = StopDraftRepository(db)

    async def put(self, owner: int, name: str, fmt: Format, data: bytes, now: datetime) -> ImportDraft:
        """Keep an upload; returns the draft with its new token."""
        draft = ImportDraft(secrets.token_urlsafe(16), owner, name, fmt, data, now)
        await self.repo.put(_hash(draft.token), owner, name, fmt, data, now, now + DRAFT_LIFETIME, LIMIT)
        return draft

    async def lookup(self, token: str, owner: int, now: datetime) -> tuple[DraftState, ImportDraft | None]:
        """The owner's draft and its state; the draft only when it is ready."""
        if not token:
            return "unknown", None
        record = await self.repo.get(_hash(token))
        if record is None or record.account_id != owner:
            return "unknown", None
        if record.applied_at is not None:
            return "applied", None
        if now > record.expires_at:
            return "expired", None
        fmt: Format = "csv" if record.fmt == "csv" else "yaml"
        return "ready", ImportDraft(token, owner, record.name, fmt, record.data, record.created_at)

    async def get(self, token: str, owner: int, now: datetime) -> ImportDraft | None:
        """The owner's draft, if it can still be applied."""
        return (await self.lookup(token, owner, now))[1]

    async def take(self, token: str, owner: int, now: datetime) -> bool:
        """Claim the owner's draft for applying it; False when it was taken or expired meanwhile."""
        return await self.repo.claim(_hash(token), owner, now)

    async def give_back(self, token: str) -> None:
        """Make a claimed draft appliable again (its apply failed before writing)."""
        await self.repo.release(_hash(token))
