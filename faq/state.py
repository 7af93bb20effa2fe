"""The matcher's prepared state: what it derives from the FAQ once, in compact arrays.

Building it analyses every text of every entry (seconds for thousands of entries); the
state is what scoring needs afterwards, and what `faq.cache` stores on disk. It holds no
Python object per (term, entry) pair: each term's postings are a slice of three flat numpy
arrays (entry positions ascending, strengths), the example phrases of all entries are term
ids in one array. An entry's concepts (the terms it holds at least `CONCEPT_STRENGTH`) are
read from the postings instead of being kept as sets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from faq.analysis import Analysis, generic
from faq.model import Faq
from faq.normalize import Token

__all__ = ["GENERIC_FACTOR", "WEAK_TERM", "MatcherState", "Phrases", "Postings", "build_state"]

GENERIC_FACTOR = 0.35
WEAK_TERM = 0.4
_PHRASE_KINDS = frozenset({"title", "question", "keyphrase"})
_RAW_WORDS = re.compile(r"[\w-]+")

Ints = npt.NDArray[np.int64]
Positions = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
Fields = list[list[tuple[list[Token], str]]]


class Postings:
    """Each term's strength (0..1] per entry: `entries[starts[t]:starts[t + 1]]`, ascending."""

    def __init__(self, terms: list[str], starts: Ints, entries: Positions, values: Floats) -> None:
        if len(starts) != len(terms) + 1 or len(entries) != len(values) or int(starts[-1]) != len(entries):
            raise ValueError("postings arrays do not fit together")
        self.terms = terms
        self.ids: dict[str, int] = {term: i for i, term in enumerate(terms)}
        self.starts = starts
        self.entries = entries
        self.values = values

    @classmethod
    def from_mapping(cls, postings: Mapping[str, Mapping[int, float]]) -> Postings:
        """Pack {term: {entry position: strength}} into the flat arrays."""
        terms = list(postings)
        sizes = [len(postings[t]) for t in terms]
        starts = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        entries = np.empty(int(starts[-1]), dtype=np.int32)
        values = np.empty(int(starts[-1]), dtype=np.float64)
        for i, term in enumerate(terms):
            held = sorted(postings[term].items())
            a, b = int(starts[i]), int(starts[i + 1])
            entries[a:b] = [index for index, _ in held]
            values[a:b] = [value for _, value in held]
        return cls(terms, starts, entries, values)

    def __contains__(self, term: object) -> bool:
        return term in self.ids

    def __len__(self) -> int:
        return len(self.terms)

    def row(self, term: str) -> tuple[Positions, Floats]:
        """The entry positions holding `term` and their strengths (views, not copies)."""
        i = self.ids[term]
        a, b = int(self.starts[i]), int(self.starts[i + 1])
        return self.entries[a:b], self.values[a:b]

    def get(self, term: str, index: int) -> float:
        """The strength with which entry `index` holds `term` (0.0 when it does not)."""
        i = self.ids.get(term)
        if i is None:
            return 0.0
        a, b = int(self.starts[i]), int(self.starts[i + 1])
        at = a + int(np.searchsorted(self.entries[a:b], index))
        return float(self.values[at]) if at < b and int(self.entries[at]) == index else 0.0

    def items(self) -> Iterator[tuple[str, dict[int, float]]]:
        """Each term with {entry position: strength} (built on demand; for building an index)."""
        for term in self.terms:
            entries, values = self.row(term)
            yield term, dict(zip(entries.tolist(), values.tolist(), strict=True))


class Phrases:
    """The example phrases (title, questions, keyword phrases) of every entry as term-id sets."""

    def __init__(self, terms: Positions, starts: Ints, totals: Floats, of_entry: Ints) -> None:
        if (
            len(starts) != len(totals) + 1
            or int(starts[-1]) != len(terms)
            or int(of_entry[-1]) != len(totals)
        ):
            raise ValueError("phrase arrays do not fit together")
        self.terms = terms
        self.starts = starts
        self.totals = totals
        self.of_entry = of_entry

    def of(self, index: int) -> list[tuple[frozenset[int], float]]:
        """The phrases of one entry: its term ids and their summed importance."""
        a, b = int(self.of_entry[index]), int(self.of_entry[index + 1])
        bounds = self.starts[a : b + 1].tolist()
        flat = self.terms[bounds[0] : bounds[-1]].tolist()
        first = bounds[0]
        totals = self.totals[a:b].tolist()
        return [
            (frozenset(flat[bounds[k] - first : bounds[k + 1] - first]), totals[k]) for k in range(b - a)
        ]


@dataclass
class MatcherState:
    """Everything scoring reads, derived from the FAQ and the synonyms (see `build_state`)."""

    ids: list[str]
    surfaces: list[str]
    correctable: list[str]
    merge: dict[str, str]
    postings: Postings
    idf: Floats
    reach: Floats
    importance: Floats
    topics: dict[str, frozenset[int]]
    core: list[frozenset[str]]
    phrases: Phrases

    def by_term(self, values: Floats) -> dict[str, float]:
        """A per-term array as {term: value} (the scoring loop looks terms up by name)."""
        return dict(zip(self.postings.terms, values.tolist(), strict=True))


def build_state(
    analysis: Analysis, faq: Faq, fields: Fields, surfaces: list[str], correctable: list[str]
) -> MatcherState:
    """Postings, IDF, reach, importance, topics, core terms and phrases of the analysed fields.

    `surfaces`, `correctable`: the vocabulary the analysis was built with (stored with it).
    """
    postings: dict[str, dict[int, float]] = {}
    mass: dict[str, float] = {}
    peak: dict[str, float] = {}
    core: list[frozenset[str]] = []
    for index, entry_fields in enumerate(fields):
        strengths, entry_core = analysis._strengths(entry_fields)
        core.append(entry_core)
        for term, value in strengths.items():
            post = postings.get(term)
            if post is None:
                postings[term] = {index: value}
                mass[term] = peak[term] = value
            else:
                post[index] = value
                mass[term] += value
                if value > peak[term]:
                    peak[term] = value
    packed = Postings.from_mapping(postings)
    # IDF scaled to 0..1: 1 for a term only mentioned in passing, ~0.75 for a term held
    # by one entry of 35, falling towards 0 for terms in every entry
    n = len(faq.entries)
    top = math.log(1.0 + max(n, 1) / 0.5)
    idf = [math.log(1.0 + n / (mass[term] + 0.5)) / top for term in packed.terms]
    # a word the FAQ only mentions in passing (answer texts) tells less about the topic
    # of a question than one in a title, keyword or example question
    reach = [WEAK_TERM + (1.0 - WEAK_TERM) * peak[term] for term in packed.terms]
    importance = [
        i * r * GENERIC_FACTOR if generic(term) else i * r
        for term, i, r in zip(packed.terms, idf, reach, strict=True)
    ]
    return MatcherState(
        ids=[entry.id for entry in faq.entries],
        surfaces=surfaces,
        correctable=correctable,
        merge=dict(analysis._merge),
        postings=packed,
        idf=np.asarray(idf, dtype=np.float64),
        reach=np.asarray(reach, dtype=np.float64),
        importance=np.asarray(importance, dtype=np.float64),
        topics=_topics(analysis, faq),
        core=core,
        phrases=_phrases(fields, packed, importance),
    )


def _topics(analysis: Analysis, faq: Faq) -> dict[str, frozenset[int]]:
    """The nouns of each title (German capitalises them): what an entry is about."""
    topics: dict[str, set[int]] = {}
    for index, entry in enumerate(faq.entries):
        nouns = " ".join(w for w in _RAW_WORDS.findall(entry.title) if w[:1].isupper())
        for token in analysis._base(nouns):
            term = analysis._canon(token).stem
            if not generic(term):
                topics.setdefault(term, set()).add(index)
    return {term: frozenset(entries) for term, entries in topics.items()}


def _phrases(fields: Fields, postings: Postings, importance: list[float]) -> Phrases:
    """Each entry's distinct phrases as sorted term ids, with their summed importance."""
    ids = postings.ids
    terms: list[int] = []
    starts = [0]
    totals: list[float] = []
    of_entry = [0]
    for entry_fields in fields:
        phrases = {
            tuple(sorted({ids[t.stem] for t in tokens}))
            for tokens, kind in entry_fields
            if kind in _PHRASE_KINDS and tokens
        }
        for phrase in sorted(phrases):
            terms.extend(phrase)
            starts.append(len(terms))
            totals.append(sum([importance[t] for t in phrase]))
        of_entry.append(len(totals))
    return Phrases(
        np.asarray(terms, dtype=np.int32),
        np.asarray(starts, dtype=np.int64),
        np.asarray(totals, dtype=np.float64),
        np.asarray(of_entry, dtype=np.int64),
    )
