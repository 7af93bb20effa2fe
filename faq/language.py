"""The language of one message (German or English), read from its words, not the phone's setting.

German speakers with English phones write German, and the reverse; Telegram's
`language_code` says only what the phone is set to. `detect` counts the function words
of each language (articles, pronouns, auxiliaries, question words): a message is English
when it has English function words and more of them than German ones. German is the
default: an unclear message ("Steele", "45257", "Perso") is German.

Also here: the English stop words and generic words the English matcher leaves out.
"""

from __future__ import annotations

import dataclasses
import re

from faq.model import Faq
from faq.normalize import STOPWORDS, fold, stem

__all__ = ["ENGLISH_GENERIC_STEMS", "ENGLISH_STOPWORDS", "detect", "english_view", "language_of"]

ENGLISH_STOPWORDS: frozenset[str] = frozenset(
    """
    a about after again all am an and any are as at be been before being but by can cannot
    could did do does doing done for from had has have having he her here hers him his how i
    if in into is it its just me mine more most my myself no nor not now of off on once only
    or other our ours out over own please same she should so some such than that the their
    them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself hello hi hey
    thanks thank dear regards morning afternoon evening good im ive dont doesnt cant wont
    isnt also still already yet there soon today tomorrow yesterday week month year ago last
    next again much many lot lots really maybe something anything someone anyone thing things
    mr mrs ms sir madam yes ok okay oh well let lets us
    """.split()  # noqa: SIM905 - a word list reads better as text
)
"""Folded English words without topic (the English matcher drops them).

"id" is not among them: "ID card" names the document ("I'd" is split at the apostrophe).
"""

ENGLISH_GENERIC_STEMS: frozenset[str] = frozenset(
    stem(word)
    for word in """
    apply applying application get getting got need needs needed want wanted make made
    new city essen office offices cost costs fee fees price information info help do take
    go come find know tell give
    """.split()  # noqa: SIM905 - a word list reads better as text
)
"""Stems too common in English questions to be topical evidence on their own."""

_ENGLISH_CUES: frozenset[str] = (ENGLISH_STOPWORDS | {"id"}) - frozenset(
    # written in German messages too, or German words themselves
    "an am in im so was will hi ok okay oh die bin also hat mine war has".split()  # noqa: SIM905
)
_GERMAN_CUES: frozenset[str] = STOPWORDS - ENGLISH_STOPWORDS - frozenset(
    ["hallo", "hi", "ok", "okay"]
) | frozenset(["ist", "sind", "und", "oder", "nicht", "kein"])
_WORD = re.compile(r"[a-z]+")


def detect(text: str) -> str:
    """'en' for a message in English, else 'de' (the default)."""
    return language_of(text) or "de"


def language_of(text: str) -> str | None:
    """'en' or 'de' when the message's function words say so; None when it is unclear."""
    english = german = 0
    for word in _WORD.findall(fold(text).replace("'", "")):
        if word in _ENGLISH_CUES:
            english += 1
        elif word in _GERMAN_CUES:
            german += 1
    if english == german:
        return None
    return "en" if english > german else "de"


def english_view(faq: Faq) -> Faq:
    """The FAQ as an English reader sees it: English title, example questions and answer.

    German keywords and questions are left out (they would not match English words),
    except example questions written in English; the English keywords (`keywords_en`) stand
    in for the German ones;
    an entry without English texts keeps its German ones, so every id stays.
    """
    entries = tuple(
        dataclasses.replace(
            entry,
            title=entry.title_en or entry.title,
            questions=(
                *entry.questions_en, *(q for q in entry.questions if detect(q) == "en")
            ) or (entry.title_en or entry.title,),
            keywords=entry.keywords_en,
            answer=entry.answer_en or entry.answer,
        )
        for entry in faq.entries
    )
    return Faq(entries, faq.source)
