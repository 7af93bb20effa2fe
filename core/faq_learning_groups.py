"""Grouping the review list: the same question in other words is one group (rapidfuzz).

Pure functions over `ReviewRow`s; `core/faq_learning.py` reads the rows and acts on groups.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from faq.normalize import fold
from storage.faq_reviews import ReviewRow

__all__ = ["FUZZY_HEADS", "SIMILAR", "ReviewGroup", "group_items"]

SIMILAR = 82.0
"""rapidfuzz token_set_ratio from which two questions count as the same (0-100)."""
FUZZY_HEADS = 100
"""Groups a wording is compared with: the first ones found, i.e. the most frequent wordings.

Compared with every group found before it, the work grew with the square of the distinct
wordings (5,000 of them: about 3 s); now it grows with their number. A wording that matches
none of these starts a group of its own words (and similar ones found later join it only
when they have the same words): the long tail of the list, never one of its big groups."""

_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ReviewGroup:
    """Questions that say the same: the most frequent wording, how often, and where they came from."""

    key: int
    """The id of the group's representative item (stable while it is open: buttons carry it)."""
    text: str
    lang: str | None
    item_ids: tuple[int, ...]
    variants: tuple[str, ...]
    """Other wordings in the group, most frequent first."""
    kinds: Counter[str]
    entries: tuple[str, ...]
    """Entries citizens chose ("Meinten Sie") or disliked (👎), most frequent first."""
    guesses: tuple[str, ...]
    """The matcher's guesses when the questions were asked, most frequent first."""
    ticket_ids: tuple[int, ...]

    @property
    def count(self) -> int:
        """How many times the question was asked (items in the group)."""
        return len(self.item_ids)


def _key(text: str) -> str:
    return " ".join(_NON_WORD.split(fold(text))).strip()


def group_items(items: Sequence[ReviewRow], *, similar: float = SIMILAR) -> list[ReviewGroup]:
    """Group items by similar wording; the largest groups first (then the most recent).

    Items with the same words (case, umlauts, punctuation aside) are always one group; a
    wording joins the most similar of the first `FUZZY_HEADS` groups that is similar enough.
    """
    by_key: dict[str, list[ReviewRow]] = {}
    for item in items:  # the same words (case, umlauts, punctuation aside) first
        by_key.setdefault(_key(item.text), []).append(item)
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), -max(i.id for i in by_key[k])))
    heads: list[str] = []
    members: list[list[str]] = []
    for key in keys:
        found = (
            process.extractOne(key, heads[:FUZZY_HEADS], scorer=fuzz.token_set_ratio, score_cutoff=similar)
            if heads
            else None
        )
        if found is None or not key:
            heads.append(key)
            members.append([key])
        else:
            members[found[2]].append(key)
    groups = [_group([row for key in keys_ for row in by_key[key]], keys_, by_key) for keys_ in members]
    return sorted(groups, key=lambda g: (-g.count, -max(g.item_ids)))


def _wording(rows: list[ReviewRow]) -> ReviewRow:
    """The row with the most frequent exact wording (the first asked on a tie)."""
    counts = Counter(row.text for row in rows)
    return min(rows, key=lambda row: (-counts[row.text], row.id))


def _group(rows: list[ReviewRow], keys: list[str], by_key: dict[str, list[ReviewRow]]) -> ReviewGroup:
    head = _wording(by_key[keys[0]])
    variants = tuple(_wording(by_key[key]).text for key in keys[1:])
    entries = Counter(row.entry_id for row in rows if row.entry_id)
    guesses = Counter(guess for row in rows for guess in row.guesses[:3])
    langs = Counter(row.lang for row in rows if row.lang)
    return ReviewGroup(
        key=head.id,
        text=head.text,
        lang=langs.most_common(1)[0][0] if langs else None,
        item_ids=tuple(sorted(row.id for row in rows)),
        variants=variants,
        kinds=Counter(row.kind for row in rows),
        entries=tuple(entry for entry, _ in entries.most_common()),
        guesses=tuple(guess for guess, _ in guesses.most_common()),
        ticket_ids=tuple(sorted({row.ticket_id for row in rows if row.ticket_id is not None})),
    )
