"""Looking before leaping (a mixin of StopService): the notice and its recipients before a
cancellation or move, the sending progress after it, and the dry run of an import.

The web console shows these; the changes themselves are StaffChanges' (core/stops/changes.py),
so the group's /ausfall and the console store and send the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from core.outbox import message_payload
from core.staff import StaffActor
from core.stops.changes import CONFIRMATION, NOTICE, StaffChanges, StopActionError
from core.stops.drafts import ImportDraft, ImportDrafts
from core.stops.import_preview import ImportPreview, preview_of
from core.stops.model import Override, Stop
from core.texts import t
from storage.stops import StopOverrideRecord

__all__ = ["ChangePreview", "ChangePreviews", "DraftApply", "NoticeProgress"]

REF_TYPE = "stop_override"


@dataclass(frozen=True)
class ChangePreview:
    """A change not yet stored: the stop before and after, who would be told and with what text."""

    before: Stop
    after: Stop
    recipients: int
    notices: tuple[tuple[str, str], ...]
    """(language, Telegram HTML) of the notice; German always, English when someone reads it."""


@dataclass(frozen=True)
class DraftApply:
    """What "apply" of an uploaded plan did: done, changed (with the new preview) or why not."""

    outcome: Literal["done", "changed", "expired", "applied", "unknown"]
    preview: ImportPreview | None


@dataclass(frozen=True)
class NoticeProgress:
    """A stored change and how far its notices are: sent, failed and waiting in the outbox."""

    change: StopOverrideRecord
    sent: int
    failed: int
    pending: int

    @property
    def total(self) -> int:
        """All notices of the change."""
        return self.sent + self.failed + self.pending

    @property
    def done(self) -> bool:
        """Nothing is waiting any more."""
        return self.pending == 0


class ChangePreviews(StaffChanges):
    """Previews, progress and import dry runs; StopService provides the state."""

    drafts: ImportDrafts
    _signature: tuple[tuple[str, int, int], ...]

    async def _preview(self, before: Stop, override: Override, after: Stop) -> ChangePreview:
        del override  # the stop after already carries it
        stops = [before, after]
        keys = await self._district_keys(None, stops)
        people, read = await self.subscriptions.matching_summary({s.place.id for s in stops}, keys)
        languages = ["de", *(["en"] if "en" in read else [])]
        notices = tuple((lang, self._notice_text(before, after, lang)) for lang in languages)
        return ChangePreview(before, after, people, notices)

    async def preview_cancel(self, stop_id: str, reason: str) -> ChangePreview:
        """What a cancellation would send, to how many (raises StopActionError like `cancel`)."""
        return await self._preview(*self.planned_cancel(stop_id, reason))

    async def preview_move(
        self,
        stop_id: str,
        new_start: datetime,
        new_end: datetime,
        reason: str | None,
        new_place_id: str | None = None,
    ) -> ChangePreview:
        """What a move would send, to how many (raises StopActionError like `move`)."""
        return await self._preview(*self.planned_move(stop_id, new_start, new_end, reason, new_place_id))

    async def notice_progress(self, override_id: int) -> NoticeProgress | None:
        """A stored change with the state of its notices; None for an unknown id."""
        change = await self.overrides.get(override_id)
        if change is None:
            return None
        states = await self.outbox.repo.states_of_ref(NOTICE, REF_TYPE, override_id)
        sent, failed, pending = (states.get(state, 0) for state in ("sent", "failed", "pending"))
        return NoticeProgress(change, sent, failed, pending)

    # -- the import's dry run ------------------------------------------------------------------
    def plan_state(self) -> str:
        """The plan's files (path, mtime, size) and the staff overrides laid over them."""
        overrides = [(o.stop_id, o.kind, o.new_start, o.new_end, o.new_place_id) for o in self.plan.overrides]
        return repr((self._signature, overrides))

    async def preview_import(self, name: str, data: bytes, fmt: str) -> ImportPreview:
        """Check an upload and list every change it would make (nothing is written)."""
        if fmt not in ("csv", "yaml"):
            raise StopActionError(f"unknown format {fmt!r}")
        result = await self.check_import(data, "csv" if fmt == "csv" else "yaml")
        return preview_of(name, data, result, self.plan, self.plan_path, self.plan_state())

    async def preview_draft(self, draft: ImportDraft) -> ImportPreview:
        """The preview of a waiting upload against the plan as it is now."""
        return await self.preview_import(draft.name, draft.data, draft.fmt)

    async def apply_draft(
        self,
        token: str,
        owner: int,
        fingerprint: str,
        actor: StaffActor,
        *,
        announce: tuple[int, str] | None = None,
    ) -> DraftApply:
        """Apply a previewed upload if its preview still holds.

        The outcome says "unknown" (no such draft of this account), "expired", "applied" (by
        an earlier press), "changed" with the new preview (the plan or the file's effect
        changed since the preview; the draft is kept) or "done" with the preview once written
        and reloaded; then `announce` = (staff chat, name shown) is told through the outbox
        who applied how many stops for which months.
        """
        now = self.now()
        state, draft = await self.drafts.lookup(token, owner, now)
        if draft is None:
            return DraftApply("unknown" if state == "ready" else state, None)
        preview = await self.preview_draft(draft)
        if not preview.ok or preview.fingerprint != fingerprint:
            return DraftApply("changed", preview)
        if not await self.drafts.take(token, owner, now):  # a second press while the first one checked
            state, _ = await self.drafts.lookup(token, owner, now)
            return DraftApply("unknown" if state == "ready" else state, None)
        try:
            await self.apply_import(preview.result, draft.name, actor)
        except Exception:
            await self.drafts.give_back(token)  # nothing was written (apply_import restores the files)
            raise
        if announce is not None:
            chat_id, name = announce
            text = t(
                "stops.import.applied",
                name=name,
                count=len(preview.result.stops),
                months=", ".join(preview.result.months()),
            )
            async with self.db.transaction() as conn:
                await self.outbox.add(
                    conn, chat_id, message_payload(text), CONFIRMATION, ref_type="stop_import"
                )
        return DraftApply("done", preview)
