"""Analysis of questions and FAQ texts into weighted terms, shared by the matcher's parts.

`Analysis` is the matcher's first half: it turns text into tokens (synonyms applied,
stop words dropped, stems merged into the FAQ's form), explains unknown question words
against the FAQ's vocabulary (compound parts, typos) and measures how strongly an entry
holds each term. The matcher (`faq.matcher`) builds the index from it and scores.
"""

from __future__ import annotations

import math
from collections.abc import Container
from dataclasses import dataclass

from faq.facts import PLACEHOLDER_RE
from faq.language import ENGLISH_GENERIC_STEMS
from faq.model import FaqEntry
from faq.normalize import GENERIC_STEMS, STOPWORDS, Token, Vocabulary, stem, stem_once, tokenize, words
from faq.synonyms import SynonymTable
from faq.understand import PERSON_WORDS

__all__ = ["FIELD_WEIGHTS", "Analysis", "Term", "entry_fields", "generic", "phrase_kind"]

FIELD_TITLE = 3.0
FIELD_KEYWORD = 3.0
FIELD_QUESTION = 2.0
QUESTION_REPEAT_BONUS = 0.5
FIELD_ANSWER = 0.5
COMPOUND_PART = 0.5
FULL_STRENGTH = 3.0
CORE_QUESTIONS = 2
PHRASE_WORDS = 2.0
FIELD_WEIGHTS = {
    "title": FIELD_TITLE,
    "keyword": FIELD_KEYWORD,
    "question": FIELD_QUESTION,
    "keyphrase": FIELD_QUESTION,
    "answer": FIELD_ANSWER,
}


@dataclass(frozen=True)
class Term:
    """A query term: stem, weight in the query, whether the FAQ knows it, and its parts."""

    stem: str
    weight: float
    known: bool
    parts: tuple[str, ...] = ()
    """Known parts of a compound term; an entry holding only a part matches it weakly."""


class Analysis:
    """Text analysis over the FAQ's vocabulary and synonyms (the state the matcher sets up)."""

    _table: SynonymTable
    vocabulary: Vocabulary
    stopwords: frozenset[str]
    _merge: dict[str, str]
    _postings: Container[str]
    """The terms the FAQ holds (the matcher's postings)."""
    _canon_cache: dict[str, Token]
    _canon_limit: int
    """How many words `_canon_cache` may hold (unbounded while the FAQ is analysed)."""
    _parts_cache: dict[str, tuple[Token, ...]]
    _word_terms: dict[str, tuple[Token, ...]]
    _text_cache: dict[str, list[Token]]

    def _analyse(self, text: str, kind: str) -> list[Token]:
        """Tokens of an FAQ text; for answers only their distinct words (they weigh little)."""
        if kind != "answer":
            cached = self._text_cache.get(text)
            if cached is None:
                cached = self._text_cache[text] = self._base(text)
            return cached
        cache = self._word_terms
        found: list[Token] = []
        for word in sorted(words(text)):
            terms = cache.get(word)
            if terms is None:
                terms = cache[word] = self._table.lookup(self._table.token(word))
            found.extend(terms)
        return found

    def _base(self, text: str) -> list[Token]:
        """Tokens with synonyms applied and stop words dropped.

        Person words ("Vater", "Oma") go before the synonyms: they are no topic, not even
        "Angehörige" (which would pull every relative's question to the power of attorney).
        """
        words = [w for w in tokenize(text) if w not in PERSON_WORDS]
        return [t for t in self._table.apply(words) if t.surface not in self.stopwords]

    def _canon(self, token: Token) -> Token:
        """The token with its stem merged into the FAQ's form (kommt → komm)."""
        if token.weight != 1.0 or not token.known:
            return self._canon_uncached(token)
        cache = self._canon_cache
        found = cache.get(token.surface)
        if found is None:
            found = self._canon_uncached(token)
            if len(cache) < self._canon_limit:  # the FAQ's words, then the first few of questions
                cache[token.surface] = found
        return found

    def _canon_uncached(self, token: Token) -> Token:
        merged = self._merge.get(token.stem)
        stems = self.vocabulary.stems
        if (
            merged is None
            and token.stem.endswith("t")
            and len(token.stem) >= 4
            and token.stem[:-1] in stems
            and token.stem not in stems
        ):
            merged = token.stem[:-1]
        if merged is None:
            return token
        return Token(token.surface, merged, token.weight, token.known)

    def _strengths(
        self, fields: list[tuple[list[Token], str]]
    ) -> tuple[dict[str, float], frozenset[str]]:
        """Each term's strength (0..1] in one entry; and the entry's core terms.

        The core terms are what the entry is about: its title's, those of several
        of its example questions, and keywords that also occur in a question.
        """
        best: dict[str, float] = {}
        get = best.get
        question_hits: dict[str, int] = {}
        core: set[str] = set()
        keywords: set[str] = set()
        parts_cache = self._parts_cache
        for tokens, kind in fields:
            weight = FIELD_WEIGHTS[kind]
            if kind == "answer":
                for token in tokens:
                    if get(token.stem, 0.0) < weight:
                        best[token.stem] = weight
                continue
            if kind == "keyword":
                keywords.update(t.stem for t in tokens)
            elif kind == "title":
                core.update(t.stem for t in tokens)
                # a title of many words is about their combination: each single
                # word of it says less about the topic
                content = {t.stem for t in tokens if not generic(t.stem)}
                weight *= min(1.0, math.sqrt(PHRASE_WORDS / max(1, len(content))))
            part_weight = weight * COMPOUND_PART
            seen: set[str] = set()
            for token in tokens:
                term = token.stem
                if get(term, 0.0) < weight:
                    best[term] = weight
                seen.add(term)
                parts = parts_cache.get(token.surface)
                if parts is None:
                    parts = self._parts(token.surface)
                for part in parts:
                    value = part_weight * part.weight
                    if get(part.stem, 0.0) < value:
                        best[part.stem] = value
            if kind == "question":
                for term in seen:
                    question_hits[term] = question_hits.get(term, 0) + 1
        for term, hits in question_hits.items():
            if hits > 1:
                best[term] = max(best[term], FIELD_QUESTION + QUESTION_REPEAT_BONUS * (hits - 1))
            if hits >= CORE_QUESTIONS or term in keywords:
                core.add(term)
        strengths = {
            term: value / FULL_STRENGTH if value < FULL_STRENGTH else 1.0
            for term, value in best.items()
        }
        return strengths, frozenset(core)

    def _parts(self, word: str) -> tuple[Token, ...]:
        """Parts of an FAQ compound word (all parts, or its known head)."""
        found = self._parts_cache.get(word)
        if found is None:
            found = self._parts_cache[word] = self._parts_uncached(word)
        return found

    def _parts_uncached(self, word: str) -> tuple[Token, ...]:
        parts = self.vocabulary.split(word)
        if parts is not None:
            return tuple(
                self._canon(x) for p in parts for x in self._table.lookup(Token(p, stem(p)))
            )
        head = self.vocabulary.head(word)
        if head is not None:
            return tuple(self._canon(x) for x in self._table.lookup(Token(head, stem(head))))
        return ()

    def _terms(self, text: str) -> list[Term]:
        """Analyse a question into weighted terms."""
        tokens = self._join_split_words([self._canon(t) for t in self._base(text)])
        terms: dict[str, Term] = {}
        for token in tokens:
            if token.stem in self._postings:
                found: tuple[Token, ...] = (token,)
            elif token.surface.isdigit():
                found = (Token(token.surface, token.stem, 0.3, known=False),)
            else:
                found = tuple(
                    self._canon(x)
                    for part in self.vocabulary.resolve(token.surface, self._holds)
                    for x in self._table.lookup(part)
                )
            for part in found:
                known = part.known and part.stem in self._postings
                if part.stem in STOPWORDS:
                    continue
                old = terms.get(part.stem)
                if old is None or old.weight < part.weight:
                    parts = tuple(
                        p.stem for p in self._parts(part.surface)
                        if p.stem in self._postings and p.stem != part.stem
                    ) if known else ()
                    terms[part.stem] = Term(part.stem, part.weight, known, parts)
        return list(terms.values())

    def _holds(self, term: str) -> bool:
        """Whether the FAQ holds this stem, itself or as the canonical term of a synonym."""
        if term in self._postings:
            return True
        return any(self._canon(x).stem in self._postings for x in self._table.lookup(Token(term, term)))

    def _join_split_words(self, tokens: list[Token]) -> list[Token]:
        """Join two words the FAQ writes as one ("Bürger Amt" → buergeramt)."""
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            if i + 1 < len(tokens):
                joined = tokens[i].surface + tokens[i + 1].surface
                joined_stem = stem_once(joined)  # word pairs are mostly unique: not cached
                if joined_stem in self._postings and len(tokens[i].surface) >= 3:
                    out.extend(self._table.lookup(Token(joined, joined_stem)))
                    i += 2
                    continue
            out.append(tokens[i])
            i += 1
        return out


def generic(term: str) -> bool:
    """True for words that are no topic on their own: generic verbs, numbers (German, English)."""
    return term in GENERIC_STEMS or term in ENGLISH_GENERIC_STEMS or term.isdigit()


def phrase_kind(tokens: list[Token], kind: str) -> tuple[list[Token], str]:
    """A keyword of several words ("vorläufiger Reisepass") counts like an example question."""
    if kind == "keyword" and len({t.stem for t in tokens if not generic(t.stem)}) > 1:
        return tokens, "keyphrase"
    return tokens, kind


def entry_fields(entry: FaqEntry) -> list[tuple[str, str]]:
    """The texts of an entry that feed the index, with their kind of field."""
    fields = [(entry.title, "title")]
    fields += [(keyword, "keyword") for keyword in entry.keywords]
    fields += [(question, "question") for question in entry.questions]
    fields.append((PLACEHOLDER_RE.sub(" ", entry.answer), "answer"))
    return fields
