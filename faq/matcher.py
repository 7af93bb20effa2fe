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
The checks before an answer are `faq.verify`.

What the matcher derives from the FAQ (postings, IDF, phrases: `faq.state`) is built once;
given a cache folder it is stored there and read back on the next start (`faq.cache`),
keyed by the FAQ's content.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import itertools
import sys
from pathlib import Path

import numpy as np

from faq.analysis import Term, entry_fields, generic, phrase_kind
from faq.cache import content_digest, load_state, state_key, store_state
from faq.language import ENGLISH_STOPWORDS, detect, english_view
from faq.model import DEFAULT_FAQ_PATH, Faq, load_faq
from faq.normalize import QUERY_WORD_CACHE, STOPWORDS, Vocabulary
from faq.result import Candidate, Decision, MatchResult
from faq.scoring import Scoring, Weighted, best_positions
from faq.state import Fields, MatcherState, build_state
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
RUN_ON_ANSWER = 48.0
RUN_ON_MARGIN = 10.0
"""A run-on message (many words, one sentence: dictation) is read like a letter with a higher bar:
its story is not told apart, so its known words explain the question less surely."""
CONTEXT_CANDIDATES = 3
ENGLISH_DISCOUNT = 10.0

WORDING_SHARE = 0.4
FUZZY_CANDIDATES = 12
MAX_CANDIDATES = 5
SHORTLIST_FROM = 500
"""FAQs with at least this many entries score only the lexical index's shortlist (`use_index`)."""
SHORTLIST_SIZE = 400
PHRASE_CACHE = 512
"""The phrases of this many entries are kept as sets (the others are read from the state's arrays)."""



class FaqMatcher(Scoring):
    """Scores questions against an FAQ; everything is precomputed at construction."""

    language = "de"
    """The language of the texts this matcher reads ('de'; its `english` one: 'en')."""

    def __init__(
        self,
        faq: Faq,
        synonyms: Synonyms | None = None,
        *,
        answer_threshold: float = ANSWER_THRESHOLD,
        suggest_threshold: float = SUGGEST_THRESHOLD,
    ) -> None:
        self._setup(faq, synonyms, answer_threshold, suggest_threshold, None)

    @classmethod
    def cached(
        cls,
        faq: Faq,
        synonyms: Synonyms | None,
        cache: Path,
        *,
        answer_threshold: float = ANSWER_THRESHOLD,
        suggest_threshold: float = SUGGEST_THRESHOLD,
    ) -> FaqMatcher:
        """A matcher whose prepared state is read from the folder `cache` when it holds this FAQ's.

        Otherwise the state is built and stored there (`faq.cache`); so is the English one's.
        """
        matcher = cls.__new__(cls)
        matcher._setup(faq, synonyms, answer_threshold, suggest_threshold, cache)
        return matcher

    def _setup(
        self,
        faq: Faq,
        synonyms: Synonyms | None,
        answer_threshold: float,
        suggest_threshold: float,
        cache: Path | None,
    ) -> None:
        """Build (or, with `cache`, read) everything the matcher scores with."""
        if suggest_threshold > answer_threshold:
            raise ValueError("suggest_threshold must not exceed answer_threshold")
        self._english: FaqMatcher | None = None
        self.faq = faq
        self.answer_threshold = answer_threshold
        self.suggest_threshold = suggest_threshold
        self.cache = cache
        self._table = SynonymTable(synonyms)
        self.stopwords = (ENGLISH_STOPWORDS if self.language == "en" else STOPWORDS) | PERSON_WORDS
        self._canon_cache = {}
        self._canon_limit = sys.maxsize
        self._parts_cache = {}
        self._word_terms = {}
        self._text_cache = {}
        self._fields: Fields | None = None
        self.digest: str | None = None
        """`faq.cache.content_digest` of the FAQ and synonyms (computed when a cache folder is used)."""
        state = None
        if cache is not None:
            self.digest = content_digest(faq, synonyms)
            state = load_state(cache, state_key(self.digest, self.language), self.language, len(faq))
        if state is None:
            fields, surfaces, correctable = self._analyse_entries()
            state = build_state(self, faq, fields, surfaces, correctable)
            if cache is not None and self.digest is not None:
                store_state(cache, state_key(self.digest, self.language), self.language, state)
        self._use(state)
        # questions' own words (names, typos) are cached only up to a bound
        self._table.freeze()
        self._canon_limit = len(self._canon_cache) + QUERY_WORD_CACHE

    def _analyse_entries(self) -> tuple[Fields, list[str], list[str]]:
        """Analyse every entry's fields; set the vocabulary and the stem merges they give."""
        texts = [entry_fields(entry) for entry in self.faq.entries]
        base = [[(self._analyse(text, kind), kind) for text, kind in fields] for fields in texts]
        extra = {w for w in self._table.words if w not in STOPWORDS}
        surfaces = {t.surface for fields in base for tokens, _ in fields for t in tokens} | extra
        correctable = {
            t.surface for fields in base for tokens, kind in fields if kind != "answer" for t in tokens
        } | extra
        self.vocabulary = Vocabulary(surfaces, correctable)
        # Snowball keeps the -t of "kommt", "beantragt": merge such stems into the
        # stem without it when the FAQ has both ("kommen" → komm)
        stems = self.vocabulary.stems
        self._merge = {s: s[:-1] for s in stems if s.endswith("t") and len(s) >= 4 and s[:-1] in stems}
        merged_words = {t.surface for t in self._table.cached_tokens() if t.stem in self._merge}
        fields = [
            [
                phrase_kind(
                    tokens
                    if merged_words.isdisjoint([t.surface for t in tokens])
                    else [self._canon(t) for t in tokens],
                    kind,
                )
                for tokens, kind in entry
            ]
            for entry in base
        ]
        self._text_cache.clear()
        return fields, sorted(surfaces), sorted(correctable)

    def _use(self, state: MatcherState) -> None:
        """Score with this prepared state from now on."""
        self._state = state
        self._ids = state.ids
        self._size = len(state.ids)
        if not hasattr(self, "vocabulary"):
            self.vocabulary = Vocabulary(state.surfaces, state.correctable)
        self._merge = state.merge
        self._postings = state.postings
        self._idf = state.by_term(state.idf)
        self._reach = state.by_term(state.reach)
        self._imp = state.by_term(state.importance)
        self._topics = state.topics
        self._core = state.core
        self._phrase_sets = functools.lru_cache(maxsize=PHRASE_CACHE)(state.phrases.of)

    def without_question(self, entry_id: str, question: str) -> FaqMatcher:
        """A copy of this matcher whose entry `entry_id` lacks one example question.

        `faq check` asks each example question of this copy, to see which entry a
        citizen phrasing it in their own words would get.
        """
        if self._fields is None:  # analysed again on first use: not kept after construction
            self._fields = self._analyse_entries()[0]
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
        clone._use(build_state(clone, clone.faq, fields, self._state.surfaces, self._state.correctable))
        return clone

    @classmethod
    def from_paths(
        cls,
        faq_path: Path | str = DEFAULT_FAQ_PATH,
        synonyms_path: Path | str | None = DEFAULT_SYNONYMS_PATH,
        *,
        answer_threshold: float = ANSWER_THRESHOLD,
        suggest_threshold: float = SUGGEST_THRESHOLD,
    ) -> FaqMatcher:
        """Load the FAQ and the synonyms file and build a matcher."""
        synonyms = load_synonyms(synonyms_path) if synonyms_path is not None else None
        return cls(
            load_faq(faq_path), synonyms,
            answer_threshold=answer_threshold, suggest_threshold=suggest_threshold,
        )

    def _shortlist(self, terms: list[Term]) -> np.ndarray | None:
        """The entries worth scoring (1.0): the index's best for the question, or None (all)."""
        if self._lexical is None or len(self._ids) < SHORTLIST_FROM:
            return None
        query = {t.stem for t in terms if t.known}
        query.update(part for t in terms for part in t.parts)
        only = np.zeros(self._size)
        only[self._lexical.shortlist(query, SHORTLIST_SIZE)] = 1.0
        return only

    # -- matching ---------------------------------------------------------------

    def match(self, text: str) -> MatchResult:
        """Read the message (`faq.understand`), score its readings, decide answer / suggest / none."""
        if self.language == "de" and detect(text) == "en":
            return self.english.match(text)
        reading = read(text)
        results = [self.score(text)]
        asked: list[MatchResult] = []
        if reading.long:
            # a run-on message (dictation) is read like a letter, but without sentences its
            # story is not told apart: another topic it names still stops the answer
            body = self.score(
                reading.body, known_only=True, letter=True, story=reading.sentences > 1
            )
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
                            asked.append(result)
        result = combine(text, results, asked)
        answer = result.answer_id
        if answer is not None and not self._verified(self._ids.index(answer), reading.body):
            return dataclasses.replace(result, decision=Decision.SUGGEST)
        return result

    @property
    def english(self) -> FaqMatcher:
        """The matcher over the entries' English titles, example questions and answers.

        Built on the first English question (most questions are German), and kept.
        """
        if self._english is None:
            # the English view has no keywords and fewer questions: its scores run lower
            answer = self.answer_threshold - ENGLISH_DISCOUNT
            thresholds = {
                "answer_threshold": answer, "suggest_threshold": min(self.suggest_threshold, answer)
            }
            view = english_view(self.faq)
            if self.cache is None:
                self._english = _EnglishMatcher(view, None, **thresholds)
            else:
                self._english = _EnglishMatcher.cached(view, None, self.cache, **thresholds)
        return self._english

    def score(
        self, text: str, *, known_only: bool = False, letter: bool = False, story: bool | None = None
    ) -> MatchResult:
        """Score one text against all entries and decide answer / suggest / none.

        `known_only`: leave out the words the FAQ does not know (the story of a long
        message: names, places, dates), so they do not dilute the question's weight.
        `letter`: the text is long (several sentences, or a run-on of many words); it
        explains less of itself, so the bar is relative (clearly ahead of the runner-up)
        rather than absolute (`RUN_ON_ANSWER` when it has no `story`).
        `story`: the text tells a story that names other topics in passing (default: `letter`),
        so another entry's topic does not stop the answer.
        """
        if story is None:
            story = letter
        terms = self._terms(text)
        if known_only:
            reach = self._reach
            terms = [t for t in terms if t.known and reach[t.stem] >= FOCUS_REACH]
        total = sum(self._importance(t) for t in terms)
        if not terms or total <= 0.0:
            return MatchResult(text, Decision.NONE, (), self.language)
        overlap = np.zeros(self._size)
        evidence = np.zeros(self._size)
        touched = np.zeros(self._size, dtype=bool)
        shortlist = self._shortlist(terms)
        for term in terms:
            if not term.known:
                continue
            strengths = self._term_strengths(term, shortlist)
            overlap += self._importance(term) * strengths
            if not generic(term.stem):
                evidence += strengths
            touched |= strengths > 0.0
        found = np.flatnonzero(touched)
        if not len(found):
            return MatchResult(text, Decision.NONE, (), self.language)
        if len(found) > FUZZY_CANDIDATES:
            found = best_positions(found, overlap[found], FUZZY_CANDIDATES)
        top = zip(found.tolist(), overlap[found].tolist(), strict=True)
        ids = self._postings.ids
        weighted: Weighted = [
            (ids[t.stem], tuple(ids[p] for p in t.parts), self._importance(t)) for t in terms if t.known
        ]
        vocabulary = frozenset(
            itertools.chain.from_iterable((term, *parts) for term, parts, _ in weighted)
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
        if letter and not story:
            threshold = RUN_ON_ANSWER
            margin = max(RUN_ON_MARGIN, runner_up * (LONG_RATIO - 1.0))
        elif letter:
            threshold, margin = LONG_ANSWER, max(LONG_MARGIN, runner_up * (LONG_RATIO - 1.0))
        else:
            threshold, margin = self.answer_threshold, ANSWER_MARGIN
        if (
            best_score >= threshold
            and best_score - runner_up >= margin
            and float(evidence[best_index]) >= MIN_EVIDENCE
            and self._about(best_index, terms)
            # a letter's story names other things in passing (a district, a date)
            and (story or self._no_other_topic(best_index, terms))
        ):
            decision = Decision.ANSWER
        elif best_score >= self.suggest_threshold and self._mostly_known(terms):
            decision = Decision.SUGGEST
        else:
            decision = Decision.NONE
        return MatchResult(text, decision, candidates, self.language)

    def _mostly_known(self, terms: list[Term]) -> bool:
        """Whether the FAQ knows more of the question's weight than it does not.

        "Wie hoch darf ein Zaun sein?": the FAQ knows only "hoch"; buttons for Elterngeld
        (which holds amounts "bis zu … hoch") would only confuse. The team gets it instead.
        """
        known = sum(self._importance(t) for t in terms if t.known)
        unknown = sum(self._importance(t) for t in terms if not t.known)
        return known >= unknown


class _EnglishMatcher(FaqMatcher):
    """The matcher over the English view of the FAQ (English stop words, no re-detection)."""

    language = "en"
