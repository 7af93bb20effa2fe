"""Scoring parts of the matcher: term importance, strengths per entry, the wording similarity.

A mixin of `faq.matcher.FaqMatcher` (which decides with them). Strengths are dense numpy
vectors over the entries, read from the prepared state's postings (`faq.state`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol

import numpy as np

from faq.analysis import Term, generic
from faq.state import GENERIC_FACTOR
from faq.verify import Verification

__all__ = ["PART_MATCH", "Scoring", "Shortlister", "best_positions"]

PART_MATCH = 0.6
UNKNOWN_IMPORTANCE = 0.5

Weighted = list[tuple[int, tuple[int, ...], float]]
"""Per known question term: its id, the ids of its parts, its importance."""


class Shortlister(Protocol):
    """A lexical index over the entries (`faq.index.LexicalIndex`): their best for some terms."""

    size: int

    def shortlist(self, terms: Iterable[str], size: int) -> list[int]:
        """Positions of the (at most `size`) entries scoring best for these terms."""


class Scoring(Verification):
    """Importance, strengths and wording over the prepared state (set by the matcher)."""

    _lexical: Shortlister | None = None
    _size: int
    _ids: list[str]
    _imp: dict[str, float]
    _phrase_sets: Callable[[int], list[tuple[frozenset[int], float]]]

    def _importance(self, term: Term) -> float:
        """How much a query term counts: scaled IDF, generic words and unknown words less."""
        if generic(term.stem) and not term.known:
            return term.weight * GENERIC_FACTOR
        if not term.known:
            return term.weight * (UNKNOWN_IMPORTANCE if len(term.stem) > 3 else 0.3)
        return term.weight * self._imp[term.stem]

    def _term_strengths(self, term: Term, only: np.ndarray | None) -> np.ndarray:
        """Strength of a term per entry (`only`: 1.0 for the entries to score); parts at a discount."""
        strengths = np.zeros(self._size)
        entries, values = self._postings.row(term.stem)
        strengths[entries] = values
        for part in term.parts:
            entries, values = self._postings.row(part)
            strengths[entries] = np.maximum(strengths[entries], values * PART_MATCH)
        if only is not None:
            strengths *= only
        return strengths

    def use_index(self, index: Shortlister | None) -> None:
        """Shortlist candidates with this lexical index (for big FAQs; None: score every entry)."""
        if index is not None and index.size != len(self._ids):
            raise ValueError("the index was built for another FAQ")
        self._lexical = index

    @property
    def index(self) -> Shortlister | None:
        """The lexical index in use, if any."""
        return self._lexical

    def term_postings(self) -> Iterator[tuple[str, Mapping[int, float]]]:
        """Each analysed term and its strength (0..1] per entry position: what an index is built from."""
        return self._postings.items()

    def _wording(self, index: int, weighted: Weighted, total: float, vocabulary: frozenset[int]) -> float:
        """Best weighted Dice similarity (0..1) of the question to one example question.

        `weighted`: term id, ids of its parts and importance of each known question term;
        `vocabulary`: all those ids.
        """
        best = 0.0
        for stems, phrase_total in self._phrase_sets(index):
            if stems.isdisjoint(vocabulary):
                continue  # shares no stem and no part: nothing to add
            shared = 0.0
            for term, parts, importance in weighted:
                if term in stems:
                    shared += importance
                elif parts and any(part in stems for part in parts):
                    shared += importance * PART_MATCH
            if shared:
                best = max(best, 2.0 * shared / (total + phrase_total))
        return best

    def explain(self, text: str) -> Mapping[str, object]:
        """Return the analysed terms of a question and their weights (for debugging)."""
        return {
            "terms": [
                {"stem": t.stem, "weight": t.weight, "known": t.known,
                 "importance": round(self._importance(t), 2)}
                for t in self._terms(text)
            ]
        }




def best_positions(found: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """The `count` positions of `found` with the highest values (ties: the earlier position)."""
    if len(found) <= 8 * count:  # few: plain Python is faster than numpy's set-up
        pairs = heapq.nsmallest(count, zip((-values).tolist(), found.tolist(), strict=True))
        return np.sort(np.asarray([index for _, index in pairs], dtype=found.dtype))
    kth = np.partition(values, len(values) - count)[len(values) - count]
    above = found[values > kth]
    tied = found[values == kth][: count - len(above)]
    return np.sort(np.concatenate((above, tied)))


