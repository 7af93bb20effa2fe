"""Match a citizen's question to FAQ entries: an IDF-weighted term index plus wording.

Questions and FAQ texts are analysed alike (``faq.normalize``: folding, separable
verbs, stems, stop words; ``faq.synonyms``: colloquial words), then unknown
question words are explained against the FAQ's vocabulary: compounds are split
("Hundesteueranmeldung" → Hund + Steuer + Anmeldung) and typos corrected with
rapidfuzz.

Scoring, per entry (0..100):

* *coverage* (60 %): the share of the question's weight the entry explains. Each
  question term weighs its IDF (terms in few entries weigh more, generic verbs
  like "beantragen" little, words the FAQ does not know count against every
  entry); an entry holds each term with a strength from 0 to 1 (title and
  keywords 1, example questions 2/3 rising with repetition, the answer text and
  parts of compounds less).
* *wording* (40 %): the IDF-weighted Dice overlap of the question with the
  entry's closest example question (or title, or keyword phrase). rapidfuzz's
  token_set_ratio on the stems was tried here and did worse: it scores any
  subset 100 and sees "anmeld" and "abmeld" as near-identical strings.

The bot answers only when the best entry scores at least ``answer_threshold``,
is clearly ahead of the runner-up (``ANSWER_MARGIN``) and the match rests on
topical evidence: distinctive terms held strongly by the entry, not generic words
alone. Between the thresholds it offers up to three suggestions; below, a human
takes over. A wrong answer from the city is worse than "I will ask a colleague".
"""

from __future__ import annotations

import copy
import dataclasses
import heapq
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from faq.analysis import (
    Analysis,
    Term,
    entry_fields,
    generic,
    phrase_kind,
)
from faq.guard import CONCEPT_STRENGTH, nouns
from faq.language import ENGLISH_STOPWORDS, detect, english_view
from faq.model import DEFAULT_FAQ_PATH, Faq, load_faq
from faq.normalize import STOPWORDS, Token, Vocabulary, stem, words
from faq.result import Candidate, Decision, MatchResult
from faq.synonyms import DEFAULT_SYNONYMS_PATH, Synonyms, SynonymTable, load_synonyms
from faq.understand import PERSON_WORDS, combine, read

__all__ = [
    "ANSWER_THRESHOLD",
    "SUGGEST_THRESHOLD",
    "Candidate",
    "Decision",
    "FaqMatcher",
    "MatchResult",
]

ANSWER_THRESHOLD = 55.0
SUGGEST_THRESHOLD = 35.0
ANSWER_MARGIN = 12.0
MIN_EVIDENCE = 0.9
FOCUS_REACH = 0.75
LONG_ANSWER = 40.0
LONG_MARGIN = 7.0
LONG_RATIO = 1.2
CONTEXT_CANDIDATES = 3
ENGLISH_DISCOUNT = 10.0
COMPOUND_MIN = 8
"""In a long message, only words some entry holds in its title, keywords or questions count."""

GENERIC_FACTOR = 0.35
PART_MATCH = 0.6
UNKNOWN_IMPORTANCE = 0.5
WEAK_TERM = 0.4
WORDING_SHARE = 0.4
FUZZY_CANDIDATES = 12
MAX_CANDIDATES = 5
SHORTLIST_FROM = 500
"""FAQs with at least this many entries score only the lexical index's shortlist (`use_index`)."""
SHORTLIST_SIZE = 400
_PHRASE_KINDS = frozenset({"title", "question", "keyphrase"})
_RAW_WORDS = re.compile(r"[\w-]+")


class Shortlister(Protocol):
    """A lexical index over the entries (`faq.index.LexicalIndex`): their best for some terms."""

    size: int

    def shortlist(self, terms: Iterable[str], size: int) -> list[int]:
        """Positions of the (at most `size`) entries scoring best for these terms."""


class FaqMatcher(Analysis):
    """Scores questions against an FAQ; everything is precomputed at construction."""

    language = "de"
    """The language of the texts this matcher reads ('de'; its `english` one: 'en')."""
    _lexical: Shortlister | None = None

    def __init__(
        self,
        faq: Faq,
        synonyms: Synonyms | None = None,
        *,
        answer_threshold: float = ANSWER_THRESHOLD,
        suggest_threshold: float = SUGGEST_THRESHOLD,
    ) -> None:
        if suggest_threshold > answer_threshold:
            raise ValueError("suggest_threshold must not exceed answer_threshold")
        self._english: FaqMatcher | None = None
        self.faq = faq
        self.answer_threshold = answer_threshold
        self.suggest_threshold = suggest_threshold
        self._table = SynonymTable(synonyms)
        self.stopwords = (ENGLISH_STOPWORDS if self.language == "en" else STOPWORDS) | PERSON_WORDS
        texts = [entry_fields(entry) for entry in faq.entries]
        self._canon_cache: dict[str, Token] = {}
        self._parts_cache: dict[str, tuple[Token, ...]] = {}
        self._word_terms: dict[str, tuple[Token, ...]] = {}
        self._text_cache: dict[str, list[Token]] = {}
        base = [[(self._analyse(text, kind), kind) for text, kind in fields] for fields in texts]
        extra = {w for w in self._table.words if w not in STOPWORDS}
        surfaces = {t.surface for fields in base for tokens, _ in fields for t in tokens}
        correctable = {
            t.surface
            for fields in base
            for tokens, kind in fields
            if kind != "answer"
            for t in tokens
        }
        self.vocabulary = Vocabulary(surfaces | extra, correctable | extra)
        # Snowball keeps the -t of "kommt", "beantragt": merge such stems into the
        # stem without it when the FAQ has both ("kommen" → komm)
        stems = self.vocabulary.stems
        self._merge = {
            s: s[:-1] for s in stems if s.endswith("t") and len(s) >= 5 and s[:-1] in stems
        }
        merged_words = {t.surface for t in self._table.cached_tokens() if t.stem in self._merge}
        self._fields = [
            [
                phrase_kind(
                    tokens
                    if merged_words.isdisjoint([t.surface for t in tokens])
                    else [self._canon(t) for t in tokens],
                    kind,
                )
                for tokens, kind in fields
            ]
            for fields in base
        ]
        self._index(self._fields)
        self._text_cache.clear()

    def _index(self, base: list[list[tuple[list[Token], str]]]) -> None:
        """Build postings, IDF and example phrases from the analysed entry fields."""
        self._ids = [entry.id for entry in self.faq.entries]
        postings: dict[str, dict[int, float]] = {}
        mass: dict[str, float] = {}
        peak: dict[str, float] = {}
        self._core: list[frozenset[str]] = []
        self._concepts: list[frozenset[str]] = []
        for index, fields in enumerate(base):
            entry_strengths, core = self._strengths(fields)
            self._core.append(core)
            self._concepts.append(
                frozenset(t for t, v in entry_strengths.items() if v >= CONCEPT_STRENGTH)
            )
            for term, value in entry_strengths.items():
                post = postings.get(term)
                if post is None:
                    postings[term] = {index: value}
                    mass[term] = peak[term] = value
                else:
                    post[index] = value
                    mass[term] += value
                    if value > peak[term]:
                        peak[term] = value
        self._postings = postings
        # IDF scaled to 0..1: 1 for a term only mentioned in passing, ~0.75 for a
        # term held by one entry of 35, falling towards 0 for terms in every entry
        n = len(self.faq.entries)
        top = math.log(1.0 + max(n, 1) / 0.5)
        self._idf: dict[str, float] = {
            term: math.log(1.0 + n / (value + 0.5)) / top for term, value in mass.items()
        }
        # a word the FAQ only mentions in passing (answer texts) tells less about
        # the topic of a question than one in a title, keyword or example question
        self._reach: dict[str, float] = {
            term: WEAK_TERM + (1.0 - WEAK_TERM) * value for term, value in peak.items()
        }
        # the nouns of each title (German capitalises them): what an entry is about
        topics: dict[str, set[int]] = {}
        for index, entry in enumerate(self.faq.entries):
            nouns = " ".join(w for w in _RAW_WORDS.findall(entry.title) if w[:1].isupper())
            for token in self._base(nouns):
                term = self._canon(token).stem
                if not generic(term):
                    topics.setdefault(term, set()).add(index)
        self._topics = {term: frozenset(entries) for term, entries in topics.items()}
        self._imp: dict[str, float] = {}
        for term, idf in self._idf.items():
            value = idf * self._reach[term]
            self._imp[term] = value * GENERIC_FACTOR if generic(term) else value
        importance = self._imp
        self._phrases: list[list[tuple[frozenset[str], float]]] = []
        for fields in base:
            phrases = {
                frozenset(t.stem for t in tokens)
                for tokens, kind in fields
                if kind in _PHRASE_KINDS and tokens
            }
            self._phrases.append([(p, sum([importance[t] for t in p])) for p in phrases])

    def without_question(self, entry_id: str, question: str) -> FaqMatcher:
        """A copy of this matcher whose entry `entry_id` lacks one example question.

        `faq check` asks each example question of this copy, to see which entry a
        citizen phrasing it in their own words would get.
        """
        index = self._ids.index(entry_id)
        entry = self.faq.entries[index]
        position = entry.questions.index(question)
        field_position = 1 + len(entry.keywords) + position
        clone = copy.copy(self)
        entries = list(self.faq.entries)
        entries[index] = dataclasses.replace(
            entry, questions=entry.questions[:position] + entry.questions[position + 1 :]
        )
        clone.faq = Faq(tuple(entries), self.faq.source)
        fields = list(self._fields)
        fields[index] = fields[index][:field_position] + fields[index][field_position + 1 :]
        clone._fields = fields
        clone._index(fields)
        return clone

    @classmethod
    def from_paths(
        cls,
        faq_path: Path | str = DEFAULT_FAQ_PATH,
        synonyms_path: Path | str | None = DEFAULT_SYNONYMS_PATH,
        **thresholds: float,
    ) -> FaqMatcher:
        """Load the FAQ and the synonyms file and build a matcher."""
        synonyms = load_synonyms(synonyms_path) if synonyms_path is not None else None
        return cls(load_faq(faq_path), synonyms, **thresholds)

    def _importance(self, term: Term) -> float:
        """How much a query term counts: scaled IDF, generic words and unknown words less."""
        if generic(term.stem) and not term.known:
            return term.weight * GENERIC_FACTOR
        if not term.known:
            return term.weight * (UNKNOWN_IMPORTANCE if len(term.stem) > 3 else 0.3)
        return term.weight * self._term_importance(term.stem)

    def _term_importance(self, stem_: str) -> float:
        return self._imp[stem_]

    def _term_strengths(self, term: Term, only: frozenset[int] | None = None) -> dict[int, float]:
        """Strength of a term per entry (`only`: of these entries); compound parts at a discount."""
        if only is not None:
            return self._shortlisted_strengths(term, only)
        strengths = dict(self._postings[term.stem])
        for part in term.parts:
            for index, strength in self._postings[part].items():
                value = strength * PART_MATCH
                if value > strengths.get(index, 0.0):
                    strengths[index] = value
        return strengths

    def _shortlisted_strengths(self, term: Term, only: frozenset[int]) -> dict[int, float]:
        """`_term_strengths` of the shortlisted entries only (the same values)."""
        strengths = _within(self._postings[term.stem], only)
        for part in term.parts:
            for index, strength in _within(self._postings[part], only).items():
                value = strength * PART_MATCH
                if value > strengths.get(index, 0.0):
                    strengths[index] = value
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
        return iter(self._postings.items())

    def _shortlist(self, terms: list[Term]) -> frozenset[int] | None:
        """The entries worth scoring: the index's best for the question, or None (all entries)."""
        if self._lexical is None or len(self._ids) < SHORTLIST_FROM:
            return None
        query = {t.stem for t in terms if t.known}
        query.update(part for t in terms for part in t.parts)
        return frozenset(self._lexical.shortlist(query, SHORTLIST_SIZE))

    def _wording(
        self, index: int, weighted: list[tuple[Term, float]], total: float, vocabulary: frozenset[str]
    ) -> float:
        """Best weighted Dice similarity (0..1) of the question to one example question.

        `vocabulary`: the stems and compound parts of the weighted terms.
        """
        best = 0.0
        for stems, phrase_total in self._phrases[index]:
            if stems.isdisjoint(vocabulary):
                continue  # shares no stem and no part: nothing to add
            shared = 0.0
            for term, importance in weighted:
                if term.stem in stems:
                    shared += importance
                elif term.parts and any(part in stems for part in term.parts):
                    shared += importance * PART_MATCH
            if shared:
                best = max(best, 2.0 * shared / (total + phrase_total))
        return best

    # -- matching ---------------------------------------------------------------

    def match(self, text: str) -> MatchResult:
        """Read the message (`faq.understand`), score its readings, decide answer / suggest / none."""
        if self.language == "de" and detect(text) == "en":
            return self.english.match(text)
        reading = read(text)
        results = [self.score(text)]
        if reading.long:
            body = self.score(reading.body, known_only=True, letter=reading.sentences > 1)
            results.append(body)
            if reading.sentences > 1:
                # a question sentence alone may answer only with an entry the whole
                # message points to as well ("Was muss ich anmelden?" after a story
                # about opening a shop is not about registering an address)
                context = {c.entry_id for c in body.candidates[:CONTEXT_CANDIDATES]}
                for question in reading.questions:
                    if self._topical(question):
                        result = self.score(question)
                        if result.answer_id is None or result.answer_id in context:
                            results.append(result)
        result = combine(text, results)
        answer = result.answer_id
        if answer is not None and not self._verified(self._ids.index(answer), reading.body):
            return dataclasses.replace(result, decision=Decision.SUGGEST)
        return result

    def _verified(self, index: int, text: str) -> bool:
        """The near-miss guard (`faq.guard`): the key objects of the text are the entry's concepts.

        The question's nouns must include one the entry is about, when it has nouns; a
        compound whose head the entry is about must have a first part it is about too.
        """
        concepts = self._concepts[index]

        def about(term: Term) -> bool:
            return generic(term.stem) or term.stem in concepts or any(p in concepts for p in term.parts)

        analysed = [self._terms(noun) for noun in nouns(text)]
        analysed = [terms for terms in analysed if terms]
        if analysed and not any(any(t.known and about(t) for t in terms) for terms in analysed):
            return False  # it names things, none of them what the entry is about
        for word in words(text):
            if len(word) < COMPOUND_MIN or stem(word) in self._postings:
                continue
            parts = self._terms(word)
            if len(parts) < 2 or not (parts[-1].known and about(parts[-1])):
                continue
            for part in parts[:-1]:
                if part.stem in STOPWORDS or len(part.stem) <= 3:
                    continue
                if not part.known or not about(part):
                    return False  # "Bibliotheks-ausweis": the entry is about the head only
        return True

    @property
    def english(self) -> FaqMatcher:
        """The matcher over the entries' English titles, example questions and answers.

        Built on the first English question (most questions are German), and kept.
        """
        if self._english is None:
            # the English view has no keywords and fewer questions: its scores run lower
            answer = self.answer_threshold - ENGLISH_DISCOUNT
            self._english = _EnglishMatcher(
                english_view(self.faq), None,
                answer_threshold=answer,
                suggest_threshold=min(self.suggest_threshold, answer),
            )
        return self._english

    def _topical(self, text: str) -> bool:
        """True when a text names a topic: a known word that is not generic."""
        return any(t.known and not generic(t.stem) for t in self._terms(text))

    def score(self, text: str, *, known_only: bool = False, letter: bool = False) -> MatchResult:
        """Score one text against all entries and decide answer / suggest / none.

        `known_only`: leave out the words the FAQ does not know (the story of a long
        message: names, places, dates), so they do not dilute the question's weight.
        `letter`: the text has several sentences; it explains less of itself, so the
        bar is relative (clearly ahead of the runner-up) rather than absolute.
        """
        terms = self._terms(text)
        if known_only:
            reach = self._reach
            terms = [t for t in terms if t.known and reach[t.stem] >= FOCUS_REACH]
        total = sum(self._importance(t) for t in terms)
        if not terms or total <= 0.0:
            return MatchResult(text, Decision.NONE, (), self.language)
        overlap: dict[int, float] = {}
        evidence: dict[int, float] = {}
        held: dict[str, dict[int, float]] = {}
        shortlist = self._shortlist(terms)
        for term in terms:
            if not term.known:
                continue
            importance = self._importance(term)
            is_generic = generic(term.stem)
            strengths = held[term.stem] = self._term_strengths(term, shortlist)
            for index, strength in strengths.items():
                overlap[index] = overlap.get(index, 0.0) + importance * strength
                if not is_generic:
                    evidence[index] = evidence.get(index, 0.0) + strength
        if not overlap:
            return MatchResult(text, Decision.NONE, (), self.language)
        top = heapq.nlargest(FUZZY_CANDIDATES, overlap.items(), key=lambda item: item[1])
        weighted = [(t, self._importance(t)) for t in terms if t.known]
        vocabulary = frozenset(
            itertools.chain.from_iterable((term.stem, *term.parts) for term, _ in weighted)
        )
        scored: list[tuple[float, int]] = []
        for index, value in top:
            wording = self._wording(index, weighted, total, vocabulary)
            score = 100.0 * ((1.0 - WORDING_SHARE) * value / total + WORDING_SHARE * wording)
            scored.append((score, index))
        scored.sort(key=lambda item: (-item[0], item[1]))
        candidates = tuple(
            Candidate(self._ids[index], round(score, 1))
            for score, index in scored[:MAX_CANDIDATES]
        )
        best_score, best_index = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if letter:
            threshold, margin = LONG_ANSWER, max(LONG_MARGIN, runner_up * (LONG_RATIO - 1.0))
        else:
            threshold, margin = self.answer_threshold, ANSWER_MARGIN
        if (
            best_score >= threshold
            and best_score - runner_up >= margin
            and evidence.get(best_index, 0.0) >= MIN_EVIDENCE
            and self._about(best_index, terms)
            # a letter's story names other things in passing (a district, a date)
            and (letter or self._no_other_topic(best_index, terms, held))
        ):
            decision = Decision.ANSWER
        elif best_score >= self.suggest_threshold:
            decision = Decision.SUGGEST
        else:
            decision = Decision.NONE
        return MatchResult(text, decision, candidates, self.language)

    def _no_other_topic(
        self, index: int, terms: list[Term], held: dict[str, dict[int, float]]
    ) -> bool:
        """False when the question names another entry's topic that this entry lacks.

        "Hund ummelden nach Umzug" is about the dog as much as the move: the entry
        on moving does not mention dogs, the dog entry's title does. Rather than
        answer half the question, the bot offers both.
        """
        for term in terms:
            if not term.known or term.weight < 1.0 or generic(term.stem):
                continue
            if self._postings[term.stem].get(index, 0.0) > 0.0:
                continue  # the entry holds the word itself, not only a part of it
            if self._topics.get(term.stem, frozenset()) - {index}:
                return False
        return True

    def _about(self, index: int, terms: list[Term]) -> bool:
        """False for a one-word question whose word is only a keyword of the entry.

        "Bus" or "sofort" may be keywords of an entry without being what it is
        about; asked alone, they get suggestions rather than an answer.
        """
        content = [t for t in terms if t.known and not generic(t.stem)]
        if len(content) != 1:
            return True
        term = content[0]
        core = self._core[index]
        return term.stem in core or any(part in core for part in term.parts)

    def explain(self, text: str) -> Mapping[str, object]:
        """Return the analysed terms of a question and their weights (for debugging)."""
        return {
            "terms": [
                {"stem": t.stem, "weight": t.weight, "known": t.known,
                 "importance": round(self._importance(t), 2)}
                for t in self._terms(text)
            ]
        }


def _within(postings: dict[int, float], only: frozenset[int]) -> dict[int, float]:
    """The postings of the entries in `only` (walking the smaller of the two)."""
    if len(postings) <= len(only):
        return {index: value for index, value in postings.items() if index in only}
    return {index: postings[index] for index in only if index in postings}


class _EnglishMatcher(FaqMatcher):
    """The matcher over the English view of the FAQ (English stop words, no re-detection)."""

    language = "en"
