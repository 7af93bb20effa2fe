"""A lexical index over the FAQ for the matcher's shortlist: BM25 (`bm25s`), cached on disk.

With thousands of entries, scoring every entry that shares a word with the question costs
milliseconds. The index scores all entries at once (sparse BM25 in numpy) and hands the
matcher the few best; the matcher re-scores only those with its own, finer scoring.

Its documents are the matcher's own analysed terms (stems after synonyms, compounds and
merges), each repeated by its strength in the entry (title and keywords three times, an
example question twice, a word of the answer once), scored without length normalisation:
the shortlist then ranks entries nearly as the matcher's overlap does, and the question's
analysed terms are its query.

Built indexes are cached in a folder, keyed by a SHA-256 over everything the terms come
from (`faq.cache.content_digest`: the FAQ's entries and the synonyms, their content, not a
file's name or date; the source of the ``faq`` package, a changed analysis makes other
terms) and the index format. `prepare_matcher` gives a big FAQ's matcher both its cached
state (`faq.cache`) and its cached index.
A changed FAQ gets a new index; an unreadable or foreign cache is rebuilt. Writing goes
through a temporary folder renamed into place, so a crash never leaves half an index that
would be read.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

from faq.cache import content_digest, derived_key
from faq.matcher import ANSWER_THRESHOLD, SUGGEST_THRESHOLD, FaqMatcher
from faq.model import Faq
from faq.synonyms import Synonyms

__all__ = ["INDEX_FORMAT", "LexicalIndex", "content_key", "prepare_matcher"]

logger = logging.getLogger(__name__)

INDEX_FORMAT = "faq-bm25-2"
"""Changes whenever the index's documents or layout change: older caches are then rebuilt."""
REPEAT = 3
"""A term of full strength (title, keyword) is repeated this often in its entry's document."""
K1 = 5.0
"""BM25's term-frequency saturation: high, so a stronger term counts nearly proportionally."""
_KEY_FILE = "key.json"


def _documents(matcher: FaqMatcher) -> list[list[str]]:
    """One document per entry: its analysed terms, each repeated by its strength."""
    documents: list[list[str]] = [[] for _ in range(len(matcher.faq))]
    for term, held in matcher.term_postings():
        for index, strength in held.items():
            documents[index].extend([term] * max(1, round(strength * REPEAT)))
    return [document or ["_"] for document in documents]


def content_key(faq: Faq, synonyms: Synonyms | None, digest: str | None = None) -> str:
    """SHA-256 over what the index's terms come from: entries, synonyms, the analysis code.

    `digest`: their `faq.cache.content_digest` when already known (a cached matcher's).
    """
    return derived_key(
        f"{INDEX_FORMAT}|bm25s {bm25s.__version__}", digest or content_digest(faq, synonyms)
    )


def prepare_matcher(
    faq: Faq,
    synonyms: Synonyms | None,
    cache: Path | None = None,
    *,
    answer_threshold: float = ANSWER_THRESHOLD,
    suggest_threshold: float = SUGGEST_THRESHOLD,
) -> FaqMatcher:
    """The matcher for this FAQ; with `cache` (a big FAQ): its state and a lexical index from there.

    Both are read from the folder when it holds this FAQ's, else built and stored there; so is
    the English matcher's state, prepared here too: built on the first English question, it
    would hold that question (and the event loop) for seconds at 5,000 entries.
    """
    thresholds = {"answer_threshold": answer_threshold, "suggest_threshold": suggest_threshold}
    if cache is None:
        return FaqMatcher(faq, synonyms, **thresholds)
    matcher = FaqMatcher.cached(faq, synonyms, cache, **thresholds)
    matcher.use_index(LexicalIndex.cached(matcher, synonyms, cache))
    _ = matcher.english  # built (or read from the cache) now, not in the first English question
    return matcher


class LexicalIndex:
    """BM25 over the FAQ's entries; `shortlist` returns entry positions, best first."""

    def __init__(self, retriever: bm25s.BM25, size: int, key: str) -> None:
        self._retriever = retriever
        self.size = size
        self.key = key
        vocab = retriever.vocab_dict
        self._vocab: dict[str, int] = {str(term): int(i) for term, i in vocab.items()}

    @classmethod
    def build(cls, matcher: FaqMatcher, key: str = "") -> LexicalIndex:
        """Index every entry of the matcher's FAQ by its analysed terms."""
        retriever = bm25s.BM25(k1=K1, b=0.0)
        retriever.index(_documents(matcher), show_progress=False)
        return cls(retriever, len(matcher.faq), key)

    @classmethod
    def cached(cls, matcher: FaqMatcher, synonyms: Synonyms | None, folder: Path | None) -> LexicalIndex:
        """The index from the cache folder when it holds this FAQ's; else built (and stored there).

        `synonyms`: those the matcher was built with (they shape its terms).
        """
        key = content_key(matcher.faq, synonyms, matcher.digest)
        if folder is None:
            return cls.build(matcher, key)
        place = folder / f"{INDEX_FORMAT}-{key[:32]}"
        loaded = cls._load(place, key, len(matcher.faq))
        if loaded is not None:
            return loaded
        index = cls.build(matcher, key)
        index._store(folder, place)
        return index

    @classmethod
    def _load(cls, place: Path, key: str, size: int) -> LexicalIndex | None:
        """A stored index, or None when it is missing, for other texts, or unreadable."""
        try:
            stored = json.loads((place / _KEY_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if stored != {"key": key, "size": size, "format": INDEX_FORMAT}:
            logger.warning("FAQ index cache %s belongs to other texts: rebuilding", place.name)
            return None
        try:
            retriever = bm25s.BM25.load(str(place), mmap=False, show_progress=False, verbosity=0)
            index = cls(retriever, size, key)
            if int(retriever.scores["num_docs"]) != size:
                raise ValueError("entry count differs")
            index.shortlist(list(index._vocab)[:3], 1)  # the arrays are usable
        except Exception:  # a damaged cache must never stop the bot: it is rebuilt
            logger.warning("FAQ index cache %s is unreadable: rebuilding", place.name, exc_info=True)
            return None
        return index

    def _store(self, folder: Path, place: Path) -> None:
        """Write the index next to the others, atomically; a failure only costs the next start."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".index-", dir=folder))
            try:
                self._retriever.save(str(staging), show_progress=False)
                key = {"key": self.key, "size": self.size, "format": INDEX_FORMAT}
                (staging / _KEY_FILE).write_text(json.dumps(key), encoding="utf-8")
                if place.exists():
                    shutil.rmtree(place, ignore_errors=True)
                os.replace(staging, place)
            finally:
                if staging.exists():
                    shutil.rmtree(staging, ignore_errors=True)
            self._prune(folder, keep=place)
        except OSError:
            logger.warning("FAQ index cache in %s could not be written", folder, exc_info=True)

    @staticmethod
    def _prune(folder: Path, keep: Path) -> None:
        """Remove indexes of older FAQ versions (they are never read again)."""
        for other in folder.glob("faq-bm25-*"):
            if other != keep and other.is_dir():
                with contextlib.suppress(OSError):
                    shutil.rmtree(other)

    def shortlist(self, terms: Iterable[str], size: int) -> list[int]:
        """Positions of the (at most `size`) entries scoring best for these index terms."""
        ids = sorted({self._vocab[t] for t in terms if t in self._vocab})
        if not ids:
            return []
        scores = self._retriever.get_scores(ids)
        hits = int(np.count_nonzero(scores > 0.0))
        if hits == 0:
            return []
        count = min(size, hits)
        top = np.argpartition(-scores, count - 1)[:count] if count < len(scores) else np.arange(len(scores))
        ranked = top[np.argsort(-scores[top], kind="stable")]
        return [int(i) for i in ranked[scores[ranked] > 0.0].tolist()]
