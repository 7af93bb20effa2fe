"""Draft entries: a staff answer to a ticket becomes an FAQ entry that staff complete and approve.

A draft takes the citizen's question (example question and first title) and the staff's last
answer; staff fill in the title, the official link and the id, then approve it: the entry
goes into the overlay only when the FAQ with it is valid (schema, link, no literal fee).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.faq_learning_base import LearningBase, LearningError
from core.faq_learning_groups import ReviewGroup
from core.staff import StaffActor
from faq.normalize import fold
from faq.overlay import add_entry
from faq.review import STALE_AFTER_MONTHS, literal_euro_amounts, literal_fact_numbers, months_after
from storage.faq_reviews import Draft

__all__ = ["DRAFT_FIELDS", "DraftDesk", "slug"]

DRAFT_FIELDS = {"titel": "title", "title": "title", "frage": "question", "question": "question",
                "antwort": "answer", "answer": "answer", "link": "link", "id": "entry_id"}
"""The words staff use for a draft's fields (German and English) -> the stored field."""
TITLE_LENGTH = 80
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, taken: Callable[[str], bool]) -> str:
    """An entry id from a text: lower-case words joined by '-', unique against `taken`."""
    words = _SLUG.sub("-", fold(text)).strip("-")[:40].strip("-") or "neuer-eintrag"
    candidate, number = words, 2
    while taken(candidate):
        candidate, number = f"{words}-{number}", number + 1
    return candidate


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_LENGTH:
        return text
    return text[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


class DraftDesk(LearningBase):
    """Draft entries from staff answers (a part of `core.faq_learning.FaqLearning`)."""

    async def answered_tickets(self, group: ReviewGroup) -> list[int]:
        """The group's tickets that have a staff answer (a draft can be made of them)."""
        found = []
        for ticket_id in group.ticket_ids:
            ticket = await self.tickets.get(ticket_id)
            if ticket is not None and ticket.first_answer_at is not None:
                found.append(ticket_id)
        return found

    async def draft_from_ticket(self, ticket_id: int, who: StaffActor) -> tuple[Draft, bool]:
        """A draft of the ticket's question and its last staff answer: (draft, newly made)."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            raise LearningError("learn.no_ticket", number=ticket_id)
        messages = await self.tickets.repo.messages(ticket_id)
        question = next((m.text for m in messages if m.author == "citizen" and m.text), None)
        answers = [m.text for m in messages if m.author == "staff" and m.text]
        if question is None or not answers:
            raise LearningError("learn.no_answer", number=ticket_id)
        faq, _ = self.current()
        drafts = {d.entry_id for d in await self.repo.drafts()}
        entry_id = slug(question, lambda name: faq.get(name) is not None or name in drafts)
        draft_id, created = await self.repo.add_draft(
            at=self.clock.now(), by=who.name, ticket_id=ticket_id, user_id=ticket.user_id,
            entry_id=entry_id, title=_short(question), question=question, answer=answers[-1],
        )
        if created:
            await self._audit(who, "faq_draft_created", draft_id, f"#{ticket_id}")
        draft = await self.repo.draft(draft_id)
        assert draft is not None
        return draft, created

    async def drafts(self) -> list[Draft]:
        """The drafts not approved yet, newest first."""
        return await self.repo.drafts()

    async def draft(self, draft_id: int) -> Draft:
        """One draft; LearningError when there is none."""
        draft = await self.repo.draft(draft_id)
        if draft is None:
            raise LearningError("learn.no_draft", number=draft_id)
        return draft

    async def edit_draft(self, draft_id: int, field: str, value: str, who: StaffActor) -> Draft:
        """Change a field of a draft (`field`: a word of DRAFT_FIELDS or the stored name)."""
        name = DRAFT_FIELDS.get(field.lower(), field if field in DRAFT_FIELDS.values() else "")
        draft = await self.draft(draft_id)
        if not name:
            raise LearningError("learn.draft_field", field=field)
        if draft.status != "draft":
            raise LearningError("learn.draft_done", number=draft_id)
        value = " ".join(value.split()) if name != "answer" else value.strip()
        if not value:
            raise LearningError("learn.draft_empty", field=field)
        await self.repo.edit_draft(draft_id, name, value)
        await self._audit(who, "faq_draft_edited", draft_id, name)
        return await self.draft(draft_id)

    def draft_entry(self, draft: Draft) -> dict[str, Any]:
        """The draft as an entry of the FAQ file (what approving writes into the overlay)."""
        today = self.today()
        return {
            "id": draft.entry_id,
            "title": draft.title,
            "questions": [draft.question or draft.title],
            "answer": draft.answer,
            "links": [draft.link] if draft.link else [],
            "reviewed": today,
            "review_by": months_after(today, STALE_AFTER_MONTHS),
        }

    async def approve(self, draft_id: int, who: StaffActor) -> str:
        """Put the draft into the FAQ (overlay, reload); returns the entry id."""
        draft = await self.draft(draft_id)
        if draft.status != "draft":
            raise LearningError("learn.draft_done", number=draft_id)
        if not draft.link:
            raise LearningError("learn.draft_link", number=draft_id)
        faq, _ = self.current()
        literal = literal_euro_amounts(draft.answer)
        literal += [written for written, _ in literal_fact_numbers(draft.answer, faq.facts)]
        if literal:
            raise LearningError("learn.draft_literal", found=", ".join(literal))
        raw = self.draft_entry(draft)
        await self._change(lambda data: add_entry(data, raw))
        if not await self.repo.approve_draft(draft_id, self.clock.now(), who.name):
            raise LearningError("learn.draft_done", number=draft_id)
        if draft.ticket_id is not None:
            await self.repo.resolve_ticket(draft.ticket_id, self.clock.now(), who.name)
        await self._audit(who, "faq_draft_approved", draft_id, draft.entry_id)
        return draft.entry_id
