"""Uploads waiting for their preview to be confirmed: only the owner's, an hour, a bounded number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.stops.drafts import DRAFT_LIFETIME, LIMIT, ImportDrafts

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_only_the_owner_takes_a_draft_and_only_once() -> None:
    drafts = ImportDrafts()
    draft = drafts.put(7, "plan.csv", "csv", b"data", NOW)
    assert drafts.get(draft.token, 8, NOW) is None
    assert drafts.get(draft.token, 7, NOW) == draft
    assert drafts.take(draft.token, 7, NOW) == draft
    assert drafts.take(draft.token, 7, NOW) is None


def test_drafts_expire_and_are_bounded() -> None:
    drafts = ImportDrafts()
    old = drafts.put(7, "plan.csv", "csv", b"data", NOW)
    assert drafts.get(old.token, 7, NOW + DRAFT_LIFETIME) == old
    assert drafts.get(old.token, 7, NOW + DRAFT_LIFETIME + timedelta(seconds=1)) is None
    tokens = [drafts.put(1, f"{i}.csv", "csv", b"x", NOW).token for i in range(LIMIT + 1)]
    assert drafts.get(tokens[0], 1, NOW) is None  # the oldest went first
    assert all(drafts.get(token, 1, NOW) is not None for token in tokens[1:])
