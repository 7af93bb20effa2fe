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
import enum
import heapq
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from faq.facts import PLACEHOLDER_RE
from faq.model import DEFAULT_FAQ_PATH, Faq, FaqEntry, load_faq
from faq.normalize import GENERIC_STEMS, STOPWORDS, Token, Vocabulary, stem, tokenize, words
from faq.synonyms import DEFAULT_SYNONYMS_PATH, Synonyms, SynonymTable, load_synonyms

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
GUESS_FLOOR = 20.0
ANSWER_MARGIN = 12.0
MIN_EVIDENCE = 0.9
CORE_QUESTIONS = 2

FIELD_TITLE = 3.0
FIELD_KEYWORD = 3.0
FIELD_QUESTION = 2.0
QUESTION_REPEAT_BONUS = 0.5
FIELD_ANSWER = 0.5
COMPOUND_PART = 0.5
FULL_STRENGTH = 3.0
FIELD_WEIGHTS = {
    "title": FIELD_TITLE,
    "keyword": FIELD_KEYWORD,
    "question": FIELD_QUESTION,
    "keyphrase": FIELD_QUESTION,
    "answer": FIELD_ANSWER,
}

GENERIC_FACTOR = 0.35
PART_MATCH = 0.6
UNKNOWN_IMPORTANCE = 0.5
WEAK_TERM = 0.4
PHRASE_WORDS = 2.0
WORDING_SHARE = 0.4
FUZZY_CANDIDATES = 12
MAX_CANDIDATES = 5
MAX_SUGGESTIONS = 3
_PHRASE_KINDS = frozenset({"title", "question", "keyphrase"})
_RAW_WORDS = re.compile(r"[\w-]+")


class Decision(enum.Enum):
    """What the bot should do with a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    NONE = "none"


@dataclass(frozen=True)
class Candidate:
    """An FAQ entry and its score (0..100) for a question."""

    entry_id: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    """The decision for a question and the best candidates, best first (up to five)."""

    query: str
    decision: Decision
    candidates: tuple[Candidate, ...]
    lang: str = "de"
    """The language of the question ('de' or 'en'): the language to answer in."""

    @property
    def best(self) -> Candidate | None:
        """The best candidate, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def answer_id(self) -> str | None:
        """The id to answer with when the decision is ANSWER."""
        if self.decision is Decision.ANSWER and self.candidates:
            return self.candidates[0].entry_id
        return None

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Up to three ids to offer ("Meinten Sie …?") when the decision is SUGGEST."""
        if self.decision is not Decision.SUGGEST or not self.candidates:
            return ()
        floor = self.candidates[0].score - 25.0
        return tuple(
            c.entry_id for c in self.candidates[:MAX_SUGGESTIONS] if c.score >= floor
        )

    @property
    def guesses(self) -> tuple[str, ...]:
        """The top three ids above a low floor, whatever the decision (for staff)."""
        return tuple(
            c.entry_id for c in self.candidates[:MAX_SUGGESTIONS] if c.score >= GUESS_FLOOR
        )


@dataclass(frozen=True)
class _Term:
    """A query term: stem, weight in the query, whether the FAQ knows it, and its parts."""

    stem: str
    weight: float
    known: bool
    parts: tuple[str, ...] = ()
    """Known parts of a compound term; an entry holding only a part matches it weakly."""


class FaqMatcher:
    """Scores questions against an FAQ; everything is precomputed at construction."""

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
        self.faq = faq
        self.answer_threshold = answer_threshold
        self.suggest_threshold = suggest_threshold
        self._table = SynonymTable(synonyms)
        texts = [_entry_fields(entry) for entry in faq.entries]
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
                _phrase_kind(
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
        postings: dict[str, list[tuple[int, float]]] = {}
        mass: dict[str, float] = {}
        peak: dict[str, float] = {}
        self._core: list[frozenset[str]] = []
        for index, fields in enumerate(base):
            entry_strengths, core = self._strengths(fields)
            self._core.append(core)
            for term, value in entry_strengths.items():
                post = postings.get(term)
                if post is None:
                    postings[term] = [(index, value)]
                    mass[term] = peak[term] = value
                else:
                    post.append((index, value))
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
                if not _generic(term):
                    topics.setdefault(term, set()).add(index)
        self._topics = {term: frozenset(entries) for term, entries in topics.items()}
        self._imp: dict[str, float] = {}
        for term, idf in self._idf.items():
            value = idf * self._reach[term]
            self._imp[term] = value * GENERIC_FACTOR if _generic(term) else value
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

    # -- analysis ---------------------------------------------------------------

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
        """Tokens with synonyms applied and stop words dropped."""
        return [t for t in self._table.apply(tokenize(text)) if t.surface not in STOPWORDS]

    def _canon(self, token: Token) -> Token:
        """The token with its stem merged into the FAQ's form (kommt → komm)."""
        if token.weight != 1.0 or not token.known:
            return self._canon_uncached(token)
        found = self._canon_cache.get(token.surface)
        if found is None:
            found = self._canon_cache[token.surface] = self._canon_uncached(token)
        return found

    def _canon_uncached(self, token: Token) -> Token:
        merged = self._merge.get(token.stem)
        stems = self.vocabulary.stems
        if (
            merged is None
            and token.stem.endswith("t")
            and len(token.stem) >= 5
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
                content = {t.stem for t in tokens if not _generic(t.stem)}
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

    def _terms(self, text: str) -> list[_Term]:
        """Analyse a question into weighted terms."""
        tokens = self._join_split_words([self._canon(t) for t in self._base(text)])
        terms: dict[str, _Term] = {}
        for token in tokens:
            if token.stem in self._postings:
                found: tuple[Token, ...] = (token,)
            elif token.surface.isdigit():
                found = (Token(token.surface, token.stem, 0.3, known=False),)
            else:
                found = tuple(
                    self._canon(x)
                    for part in self.vocabulary.resolve(token.surface, self._postings.__contains__)
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
                    terms[part.stem] = _Term(part.stem, part.weight, known, parts)
        return list(terms.values())

    def _join_split_words(self, tokens: list[Token]) -> list[Token]:
        """Join two words the FAQ writes as one ("Bürger Amt" → buergeramt)."""
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            if i + 1 < len(tokens):
                joined = tokens[i].surface + tokens[i + 1].surface
                joined_stem = stem(joined)
                if joined_stem in self._postings and len(tokens[i].surface) >= 3:
                    out.extend(self._table.lookup(Token(joined, joined_stem)))
                    i += 2
                    continue
            out.append(tokens[i])
            i += 1
        return out

    def _importance(self, term: _Term) -> float:
        """How much a query term counts: scaled IDF, generic words and unknown words less."""
        if _generic(term.stem) and not term.known:
            return term.weight * GENERIC_FACTOR
        if not term.known:
            return term.weight * (UNKNOWN_IMPORTANCE if len(term.stem) > 3 else 0.3)
        return term.weight * self._term_importance(term.stem)

    def _term_importance(self, stem_: str) -> float:
        return self._imp[stem_]

    def _term_strengths(self, term: _Term) -> dict[int, float]:
        """Strength of a term per entry; compound parts stand in at a discount."""
        strengths = dict(self._postings[term.stem])
        for part in term.parts:
            for index, strength in self._postings[part]:
                value = strength * PART_MATCH
                if value > strengths.get(index, 0.0):
                    strengths[index] = value
        return strengths

    def _wording(
        self, index: int, weighted: list[tuple[_Term, float]], total: float, vocabulary: frozenset[str]
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
        """Score a question against all entries and decide answer / suggest / none."""
        terms = self._terms(text)
        total = sum(self._importance(t) for t in terms)
        if not terms or total <= 0.0:
            return MatchResult(text, Decision.NONE, ())
        overlap: dict[int, float] = {}
        evidence: dict[int, float] = {}
        held: dict[str, dict[int, float]] = {}
        for term in terms:
            if not term.known:
                continue
            importance = self._importance(term)
            generic = _generic(term.stem)
            strengths = held[term.stem] = self._term_strengths(term)
            for index, strength in strengths.items():
                overlap[index] = overlap.get(index, 0.0) + importance * strength
                if not generic:
                    evidence[index] = evidence.get(index, 0.0) + strength
        if not overlap:
            return MatchResult(text, Decision.NONE, ())
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
        if (
            best_score >= self.answer_threshold
            and best_score - runner_up >= ANSWER_MARGIN
            and evidence.get(best_index, 0.0) >= MIN_EVIDENCE
            and self._about(best_index, terms)
            and self._no_other_topic(best_index, terms, held)
        ):
            decision = Decision.ANSWER
        elif best_score >= self.suggest_threshold:
            decision = Decision.SUGGEST
        else:
            decision = Decision.NONE
        return MatchResult(text, decision, candidates)

    def _no_other_topic(
        self, index: int, terms: list[_Term], held: dict[str, dict[int, float]]
    ) -> bool:
        """False when the question names another entry's topic that this entry lacks.

        "Hund ummelden nach Umzug" is about the dog as much as the move: the entry
        on moving does not mention dogs, the dog entry's title does. Rather than
        answer half the question, the bot offers both.
        """
        for term in terms:
            if not term.known or term.weight < 1.0 or _generic(term.stem):
                continue
            if held[term.stem].get(index, 0.0) > 0.0:
                continue
            if self._topics.get(term.stem, frozenset()) - {index}:
                return False
        return True

    def _about(self, index: int, terms: list[_Term]) -> bool:
        """False for a one-word question whose word is only a keyword of the entry.

        "Bus" or "sofort" may be keywords of an entry without being what it is
        about; asked alone, they get suggestions rather than an answer.
        """
        content = [t for t in terms if t.known and not _generic(t.stem)]
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


def _generic(term: str) -> bool:
    """True for words that are no topic on their own: generic verbs, numbers."""
    return term in GENERIC_STEMS or term.isdigit()


def _phrase_kind(tokens: list[Token], kind: str) -> tuple[list[Token], str]:
    """A keyword of several words ("vorläufiger Reisepass") counts like an example question."""
    if kind == "keyword" and len({t.stem for t in tokens if not _generic(t.stem)}) > 1:
        return tokens, "keyphrase"
    return tokens, kind


def _entry_fields(entry: FaqEntry) -> list[tuple[str, str]]:
    """The texts of an entry that feed the index, with their kind of field."""
    fields = [(entry.title, "title")]
    fields += [(keyword, "keyword") for keyword in entry.keywords]
    fields += [(question, "question") for question in entry.questions]
    fields.append((PLACEHOLDER_RE.sub(" ", entry.answer), "answer"))
    return fields
