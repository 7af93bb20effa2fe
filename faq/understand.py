"""Understanding in front of the FAQ: the parts of a message that carry the question.

Citizens, older ones in particular, write letters: a greeting, the story, the question at
the end, a closing ("Guten Tag, ich bin 82 und mein Ausweis ist abgelaufen. Meine Enkelin
sagt, ich brauche einen neuen. Was muss ich da machen? Vielen Dank"). `read` splits such a
message into sentences, sets aside greetings and closings, and tells the question
sentences from the story. The matcher scores the whole (without greeting and closing) and
the question parts, and keeps the best supported reading.

Relatives and carers write about someone else ("mein Vater", "für meine Oma", "sein
Perso"): the person words (`PERSON_WORDS`) carry no topic and are set aside like stop words,
so "Mein Vater braucht einen neuen Perso" reads like "Ich brauche einen neuen Perso".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from faq.normalize import fold
from faq.result import Candidate, Decision, MatchResult

__all__ = ["PERSON_WORDS", "Reading", "combine", "read"]

PERSON_WORDS: frozenset[str] = frozenset(
    """
    vater mutter papa mama vati mutti eltern elternteil oma opa omi opi grossmutter grossvater
    grosseltern mann frau ehemann ehefrau gatte gattin sohn sohnes tochter toechter soehne
    bruder schwester geschwister tante onkel neffe nichte cousin cousine schwiegervater
    schwiegermutter schwiegersohn schwiegertochter schwiegereltern schwager schwaegerin enkelin
    enkelsohn enkeltochter freund freundin partner partnerin lebensgefaehrte lebensgefaehrtin
    nachbar nachbarin bekannter bekannte verlobter verlobte
    vaters mutters papas mamas vatis muttis omas opas mannes manns ehemannes ehemanns gatten
    sohns soehnen toechtern bruders brueder bruedern schwestern tanten onkels neffen nichten
    cousins cousinen schwagers schwaegerinnen enkelinnen enkelkind enkelkinder
    enkelsohns grossmuetter grossvaters grossvaeter schwiegervaters schwiegermama schwiegerpapa
    freunde freunden freundes freundinnen partners partnerinnen lebensgefaehrten nachbarn
    nachbars nachbarinnen bekannten verlobten
    father mother dad mum mom parents grandmother grandfather grandma grandpa granny husband
    wife son daughter brother sister aunt uncle nephew niece neighbour neighbor fathers mothers
    sons daughters brothers sisters grandparents grandson granddaughter grandsons granddaughters
    nephews nieces aunts uncles neighbours neighbors
    """.split()  # noqa: SIM905 - a word list reads better as text
)
"""Folded words for the person a relative writes about, with their inflected forms ("meines
Vaters", "für meinen Neffen", "unsere Enkel"); no topic of their own."""

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_GREETING = re.compile(
    r"^(?:(?:hallo|hallöchen|hi|hey|moin(?: moin)?|servus|guten (?:tag|morgen|abend)|hello|"
    r"good (?:morning|afternoon|evening))(?: zusammen| ihr| liebes team| team| there| everyone)?|"
    r"(?:sehr )?geehrte[rs]? (?:damen und herren|frau [\w-]+|herr [\w-]+|[\w-]+)|"
    r"liebe[rs]? [\w-]+(?: team)?|liebes [\w-]+|dear [\w-]+(?: [\w-]+)?)\b[\s,!.:]*",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:(?:vielen |herzlichen |besten )?dank(?:e)?(?: schön| sehr| im voraus| für [\w ]+)?|"
    r"danke(?:schön)?|(?:mit )?(?:freundlichen |lieben |besten |herzlichen )?grü(?:ß|ss)en?|"
    r"lg|mfg|gruß|gruss|tschüss|bis bald|thanks?(?: you)?(?: in advance| very much)?|"
    r"(?:kind |best )?regards|cheers)\b[\s,!.\w]*$",
    re.IGNORECASE,
)
_QUESTION_START = frozenset(
    """
    wo wie was wann wer wen wem warum wieso weshalb welche welcher welches wohin woher womit
    kann koennen koennte muss muessen darf duerfen soll sollte brauche braucht gibt geht ist
    sind habe hat bekomme bekommt where how what when who which can could do does is are
    should must will would
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_ASKING = re.compile(r"\b(?:ich (?:möchte|moechte|will|brauche|suche|wollte)|bitte)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """A message read for the FAQ: the text without greeting and closing, the question parts."""

    body: str
    questions: tuple[str, ...]
    sentences: int

    @property
    def long(self) -> bool:
        """True for a message of several sentences or many words (a letter, dictation)."""
        return self.sentences > 1 or len(self.body.split()) >= LONG_WORDS


LONG_WORDS = 10
"""A run-on message of at least this many words is read like a letter."""


def read(text: str) -> Reading:
    """Split a message into sentences; drop greetings and closings; find the question parts."""
    kept: list[str] = []
    questions: list[str] = []
    for raw in _SENTENCE.findall(text):
        sentence = raw.strip()
        if not sentence:
            continue
        stripped = _GREETING.sub("", sentence, count=1).strip(" ,")
        if not stripped or _CLOSING.match(stripped):
            continue
        kept.append(stripped)
        if _is_question(stripped):
            questions.append(stripped)
    body = " ".join(kept) if kept else text.strip()
    return Reading(body, tuple(questions), len(kept))


def _is_question(sentence: str) -> bool:
    """A sentence that asks: ends with '?', starts with a question word, or says what is wanted."""
    if sentence.rstrip().endswith("?"):
        return True
    first = fold(sentence.split(maxsplit=1)[0]) if sentence.split() else ""
    return first in _QUESTION_START or _ASKING.search(sentence) is not None


def combine(
    query: str, results: list[MatchResult], questions: Sequence[MatchResult] = ()
) -> MatchResult:
    """One decision from the readings of a message (`results`: whole, body; `questions`: its
    question sentences, each about an entry the whole message points to).

    Readings that answer with the same entry agree: the best of them stands. When the
    question sentences that answer agree on one entry, they decide: the citizen asks there
    ("Mein Vater ist gestorben. Wo bekomme ich die Urkunde?" asks for the certificate, not how
    to report the death). Otherwise readings that answer with different entries disagree:
    the bot offers those entries instead. Without an answer, the reading with the best
    candidate stands.
    """
    asked = [r for r in questions if r.decision is Decision.ANSWER]
    results = asked if len({r.answer_id for r in asked}) == 1 else [*results, *questions]
    answers = [r for r in results if r.decision is Decision.ANSWER]
    ids = {r.answer_id for r in answers}
    if len(ids) == 1:
        best = max(answers, key=_top)
        return MatchResult(query, best.decision, best.candidates, best.lang)
    if len(ids) > 1:
        merged: dict[str, Candidate] = {}
        for result in sorted(answers, key=_top, reverse=True):
            top = result.candidates[0]
            merged.setdefault(top.entry_id, top)
        return MatchResult(query, Decision.SUGGEST, tuple(merged.values()), answers[0].lang)
    best = max(results, key=_top)
    return MatchResult(query, best.decision, best.candidates, best.lang)


def _top(result: MatchResult) -> float:
    return result.candidates[0].score if result.candidates else 0.0
