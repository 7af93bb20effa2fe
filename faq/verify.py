"""The checks a best-scoring entry must pass before the matcher answers with it.

A mixin of `faq.matcher.FaqMatcher`: the near-miss guard (`faq.guard`: the question's key
objects are what the entry is about), one-word questions (the word must be what the entry
is about, not only a keyword of it) and questions naming another entry's topic.
"""

from __future__ import annotations

from faq.analysis import Analysis, Term, generic
from faq.guard import CONCEPT_STRENGTH, nouns
from faq.normalize import STOPWORDS, stem, tokenize, words
from faq.state import Postings

__all__ = ["COMPOUND_MIN", "Verification"]

COMPOUND_MIN = 8
"""Only words at least this long are read as compounds by the near-miss guard."""


class Verification(Analysis):
    """The checks on an entry about to answer (needs the postings, core terms and topics)."""

    _postings: Postings
    _core: list[frozenset[str]]
    _topics: dict[str, frozenset[int]]

    def _concept(self, term: str, index: int) -> bool:
        """Whether entry `index` is about `term` (holds it at least `CONCEPT_STRENGTH`)."""
        return self._postings.get(term, index) >= CONCEPT_STRENGTH

    def _verified(self, index: int, text: str) -> bool:
        """The near-miss guard (`faq.guard`): the key objects of the text are the entry's concepts.

        The question's nouns must include one the entry is about, when it has nouns; a
        compound whose head the entry is about must have a first part it is about too.
        """

        def about(term: Term) -> bool:
            return (
                generic(term.stem)
                or self._concept(term.stem, index)
                or any(self._concept(p, index) for p in term.parts)
            )

        phrased = self._table.phrases(tokenize(text))

        def noun_terms(noun: str) -> list[Term]:
            # a noun of a phrase ("einen Laden … eröffnen") stands for the phrase's term
            terms = self._terms(noun)
            if noun in phrased and not any(t.known for t in terms):
                terms = self._terms(" ".join(t.surface for t in phrased[noun]))
            return terms

        analysed = [noun_terms(noun) for noun in nouns(text)]
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

    def _topical(self, text: str) -> bool:
        """True when a text names a topic: a known word that is not generic."""
        return any(t.known and not generic(t.stem) for t in self._terms(text))

    def _no_other_topic(self, index: int, terms: list[Term]) -> bool:
        """False when the question names another entry's topic that this entry lacks.

        "Hund ummelden nach Umzug" is about the dog as much as the move: the entry
        on moving does not mention dogs, the dog entry's title does. Rather than
        answer half the question, the bot offers both.
        """
        for term in terms:
            if not term.known or term.weight < 1.0 or generic(term.stem):
                continue
            if self._postings.get(term.stem, index) > 0.0:
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
