"""The review loop that learns from misses, channel-free.

Every question the bot could not answer, every "Meinten Sie" choice and every 👎 is a review
item (`storage/faq_reviews.py`), linked to the ticket it became. Staff see them grouped by
similar wording (`core/faq_learning_groups.py`) in /lernen, the web console and
`python -m bot faq review`, and act on a group: add it as an example question to an entry,
dismiss it, or turn a staff answer to one of its tickets into a draft entry
(`core/faq_learning_drafts.py`). Approved changes go into the FAQ overlay and the running
bot switches to the new FAQ at once (`core/faq_learning_reload.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from core.faq_learning_base import LearningError
from core.faq_learning_drafts import DraftDesk
from core.faq_learning_groups import ReviewGroup, group_items
from core.faq_learning_reload import FaqReloadError
from core.faq_learning_review import DueDesk
from core.staff import StaffActor
from faq import Faq, FaqEntry
from faq.overlay import add_question
from faq.question_rules import new_question_problems
from storage.faq_reviews import FaqReviewRepository

__all__ = ["LOOKBACK_DAYS", "FaqLearning", "FaqReviewOwner", "LearningError", "ReviewGroup"]

logger = logging.getLogger(__name__)

LOOKBACK_DAYS = 90
"""Open items of this many days are grouped (older ones are purged with the retention anyway)."""
MAX_CANDIDATES = 4
"""Entries offered as buttons for "add as example question"."""


class FaqReviewOwner:
    """The review list's data owner: the citizens' words in review items and drafts."""

    name = "faq_reviews"

    def __init__(self, repo: FaqReviewRepository) -> None:
        self.repo = repo

    async def export(self, user_id: int) -> dict[str, Any]:
        """The user's questions in the review list and the drafts made from their tickets."""
        return await self.repo.export(user_id)

    async def delete(self, user_id: int) -> int:
        """Remove the user's items and drafts (an approved entry only loses the link)."""
        return await self.repo.delete(user_id)

    async def purge(self, finished_before: datetime) -> int:
        """Remove items older than the moment or of purged tickets; unlink such drafts."""
        return await self.repo.purge(finished_before)


class FaqLearning(DraftDesk, DueDesk):
    """The review list and what staff do with it."""

    # -- recording (the question desk, every channel) -----------------------------------------

    async def record_miss(self, user_id: int, text: str, lang: str | None, guesses: Sequence[str]) -> None:
        """The bot had no sure answer (the team offered, or "Meinten Sie …?")."""
        await self.repo.add(
            kind="unanswered", at=self.clock.now(), text=text, user_id=user_id, lang=lang,
            entry_id=None, guesses=guesses,
        )

    async def record_choice(self, user_id: int, text: str, entry_id: str, lang: str | None) -> None:
        """The citizen chose an entry under "Meinten Sie …?": the miss of that text becomes the choice."""
        if not await self.repo.mark_choice(user_id, text, entry_id):
            await self.repo.add(
                kind="suggestion", at=self.clock.now(), text=text, user_id=user_id, lang=lang,
                entry_id=entry_id, guesses=(entry_id,),
            )

    async def record_dislike(self, user_id: int, text: str, entry_id: str, lang: str | None) -> None:
        """👎 "Hat nicht geholfen" under the answer `entry_id` to `text`."""
        await self.repo.add(
            kind="not_helpful", at=self.clock.now(), text=text, user_id=user_id, lang=lang,
            entry_id=entry_id, guesses=(entry_id,),
        )

    async def link_ticket(self, user_id: int, text: str, ticket_id: int) -> None:
        """The question became a ticket: link its items (their data goes with the ticket's)."""
        await self.repo.link_ticket(user_id, text, ticket_id)

    # -- the grouped list ---------------------------------------------------------------------

    async def groups(self, limit: int | None = None) -> list[ReviewGroup]:
        """The open items grouped by similar wording, largest first."""
        since = self.clock.now() - timedelta(days=LOOKBACK_DAYS)
        groups = group_items(await self.repo.open_items(since))
        return groups if limit is None else groups[:limit]

    async def group_of(self, item_id: int) -> ReviewGroup:
        """The open group that holds the item; LearningError('learn.done') once it is resolved."""
        for group in await self.groups():
            if item_id in group.item_ids:
                return group
        raise LearningError("learn.done")

    def candidates(self, group: ReviewGroup) -> tuple[FaqEntry, ...]:
        """The entries the group may become an example question of: chosen ones, then the best guesses."""
        faq, matcher = self.current()
        ids = [*group.entries, *matcher.match(group.text).guesses, *group.guesses]
        found: list[FaqEntry] = []
        for entry_id in dict.fromkeys(ids):
            entry = faq.get(entry_id)
            if entry is not None:
                found.append(entry)
        return tuple(found[:MAX_CANDIDATES])

    async def add_example(self, item_id: int, entry_id: str, who: StaffActor) -> tuple[ReviewGroup, FaqEntry]:
        """Add the group's question as an example question of the entry (overlay, reload)."""
        group = await self.group_of(item_id)
        faq, _ = self.current()
        entry = faq.get(entry_id)
        if entry is None:
            raise LearningError("learn.no_entry", entry=entry_id)
        lang = "en" if group.lang == "en" else "de"
        await self._change(
            lambda data: add_question(data, entry.id, group.text, lang),
            lambda faq, matcher: new_question_problems(faq, matcher, entry.id, group.text),
        )
        await self._resolve(group, "done", who, f"{entry.id}: {group.count}")
        return group, entry

    async def dismiss(self, item_id: int, who: StaffActor) -> ReviewGroup:
        """Take the group off the list (nothing for the FAQ)."""
        group = await self.group_of(item_id)
        await self._resolve(group, "dismissed", who, str(group.count))
        return group

    async def reload(self, who: StaffActor) -> Faq:
        """Read the FAQ and its overlay again (after a change by hand); LearningError when broken."""
        try:
            faq = await self.library.reload()
        except FaqReloadError as exc:
            logger.warning("FAQ reload refused: %d problems", len(exc.problems))
            raise LearningError("learn.broken", problems="\n".join(exc.problems[:10])) from exc
        await self._audit(who, "faq_reloaded", None, f"{len(faq)} entries")
        return faq

    # -- shared steps -------------------------------------------------------------------------

    async def _resolve(self, group: ReviewGroup, status: str, who: StaffActor, detail: str) -> None:
        changed = await self.repo.resolve(group.item_ids, status, self.clock.now(), who.name)
        if changed == 0:
            raise LearningError("learn.done")
        action = "faq_question_added" if status == "done" else "faq_question_dismissed"
        await self._audit(who, action, group.key, detail)
