"""The near-miss guard: no confident answer when the question's key object is not the entry's.

"Bibliotheksausweis verlängern" shares "Ausweis" and "verlängern" with the ID-card entry,
"Jagdschein beantragen" shares "Schein" and "beantragen" with the trade licence; the
scores look fine, yet the question is about another thing. The guard is a second stage
after scoring: it names the key objects of the question and checks each against the
concepts of the entry about to answer (the terms its title, keywords and example questions
hold). One key object that is not among them turns the answer into suggestions (and with
them the offer to ask the team).

Key objects are
- the nouns of the question: words written with a capital that do not start a sentence,
  are no person word and do not name a place or time ("nach Kanada", "im März");
- the first parts of compound words ("Bibliotheks-ausweis", "Waffen-schein"): a compound
  is about its first part as much as its head.
Generic words ("Antrag", "Termin") are no key objects.
"""

from __future__ import annotations

import re

from faq.normalize import STOPWORDS, fold
from faq.understand import PERSON_WORDS

__all__ = ["CONCEPT_STRENGTH", "nouns"]

CONCEPT_STRENGTH = 0.3
"""An entry is about a term it holds at least this strongly (example questions: 0.67, parts 0.33)."""

_PLACE_WORDS = frozenset(
    "nach in im aus von vom bei beim zum zur ins auf an am from to at".split()  # noqa: SIM905
)
_TIME_WORDS = frozenset(
    """
    januar februar maerz april mai juni juli august september oktober november dezember
    jahr jahre jahren monat monate monaten woche wochen tag tage tagen stunde stunden minute
    minuten sommer winter herbst fruehling fruehjahr wochenende uhr zeit moment
    """.split()  # noqa: SIM905
)
_SENTENCE = re.compile(r"[^.!?\n]+")
_WORD = re.compile(r"[\w-]+")


def nouns(text: str) -> list[str]:
    """The folded nouns of a text: capitalised, not first in a sentence, not a place or time.

    A text without any capital (dictation, quick typing) has no nouns to tell.
    """
    if text == text.lower():
        return []
    found: list[str] = []
    for sentence in _SENTENCE.findall(text):
        raw = _WORD.findall(sentence)
        for position, word in enumerate(raw):
            if position == 0 or not word[:1].isupper() or word.isupper():
                continue
            folded = fold(word)
            if folded in STOPWORDS or folded in PERSON_WORDS or folded in _TIME_WORDS:
                continue
            before = {fold(w) for w in raw[max(0, position - 2) : position]}
            if before & _PLACE_WORDS:
                continue
            found.append(folded)
    return found
