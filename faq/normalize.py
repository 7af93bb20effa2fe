"""Normalisation of German text for matching: folding, tokens, stop words and stems.

Every text (FAQ and citizen question alike) goes through the same steps:

1. *Folding* to one canonical ASCII form: Unicode NFC, case folding, umlauts and ß
   written out (ä→ae, ö→oe, ü→ue, ß→ss), other accents dropped (é→e), and the
   spelling variant ph→f (Photo/Foto, Telephon/Telefon). "Müll", "Muell" and
   "MÜLL" all become ``muell``; words that naturally contain "ae" (Israel) are
   folded the same way on both sides, so nothing is lost.
2. *Tokens*: runs of letters and digits; punctuation only separates clauses.
   A separable-verb particle at the end of a clause is glued back to its verb
   ("Ich ziehe nächste Woche um" → ``umziehe``; "Wo melde ich mich an?" → ``anmelde``).
3. *Stems* from the Snowball German stemmer. German inflects heavily: the FAQ
   says "Anmeldung", people write "anmelden", "angemeldet", "Anmeldungen". The
   Snowball stemmer is rule based (no dictionary to ship or license), fast,
   deterministic and well tested on German; it maps these forms to one stem and
   itself treats ae/oe/ue like ä/ö/ü, so "Fuhrerschein", "Fuehrerschein" and
   "Führerschein" meet at ``fuhrerschein``. Over-stemming merges a few unrelated
   words, which the IDF weighting of the matcher tolerates.
4. *Stop words* (articles, pronouns, auxiliaries, question words, greetings,
   weekdays) carry no topic and are dropped.

Compound splitting and typo correction need the FAQ's vocabulary and live in
``Vocabulary`` below; synonyms live in ``faq.synonyms``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

__all__ = [
    "GENERIC_STEMS",
    "GENERIC_WORDS",
    "QUERY_WORD_CACHE",
    "STOPWORDS",
    "WORD_CACHE",
    "Token",
    "Vocabulary",
    "clauses",
    "fold",
    "stem",
    "stem_once",
    "tokenize",
    "words",
]

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_CLAUSE_SPLIT = re.compile(r"[.!?;:,()\[\]\n\r\t\"“”„]+")
_WORD = re.compile(r"[a-z0-9]+")
_RAW_WORD = re.compile(r"\w+")


_STEMMER = snowballstemmer.stemmer("german")


def stem_once(word: str) -> str:
    """The Snowball German stem of a folded word, not cached (a string seen once, e.g. two words joined).

    Snowball keeps the -er of nouns in -erung ("Einbürgerung" → einburger) but not of their
    verbs ("einbürgern" → einburg): the noun takes the verb's stem.
    """
    result: str = _STEMMER.stemWord(word) or word
    if result.endswith("er") and len(result) > 5 and word.endswith(("erung", "erungen")):
        return result[:-2]
    return result


WORD_CACHE = 4096
"""Entries of each per-word cache (stems, written words): the words in use, least recent dropped.

Citizens write names, streets and typos nobody writes again; a cache that kept each of them
would grow with every message (benchmarks/bench_memory.py). The hot words stay cached."""
QUERY_WORD_CACHE = 1024
"""Entries of each cache of words only questions bring (compound splits, typo fixes, heads)."""


@lru_cache(maxsize=WORD_CACHE)
def stem(word: str) -> str:
    """Return the Snowball German stem of a folded word."""
    return stem_once(word)


def _words(text: str) -> frozenset[str]:
    """A set of the whitespace-separated words of a text."""
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _words(
    """
    aber ach alle allem allen aller alles als also am an ander andere anderem anderen
    anderer anderes andern anders auch auf aus bei beim bin bis bisher bist bitte da dabei
    dafuer daher damit dann dar daran darauf darf darfst darin darueber darum das dass dein
    deine deinem deinen deiner dem den denen denn der deren des dessen dich die dies diese
    diesem diesen dieser dieses dir doch dort du durch eigentlich ein eine einem einen einer
    eines einfach einmal er es etwa etwas euch euer eure eurem euren eurer fuer gar gegen
    gehabt geht gewesen gibt gibts hab habe haben hallo hast hat hatte hatten haette
    haetten heute hi hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im immer
    in ins ist ja jede jedem jeden jeder jedes jemand jetzt kann kannst koennen koennt
    koennte koennten mal man manche mehr mein meine meinem meinen meiner mich mir mit
    moechte moechten moegen morgen muss musst muessen muesste nach naechste naechsten
    naechster nein nicht nichts noch nun nur ob oder okay ok schon sehr sein seine
    seinem seinen seiner selbst sich sie sind so soll sollen sollte sollten sondern sowie
    sonst ueber um und uns unser unsere unserem unseren unserer unter viel viele vom von
    vor waere war waren warst warum was weil welche welchem welchen welcher welches wem
    wen wenn wer werde werden werdet wessen wie wieso wieviel wieviele will wir wird wirst
    wo wollen wollte wollten wuerde wuerden zu zum zur zwar zwischen weshalb welch
    guten tag moin servus danke dankeschoen gruss gruesse liebe lieber sehr geehrte
    geehrter frage fragen bzw usw etc eventuell vielleicht bitte gerne gern kurz mal
    brauch brauche brauchen braucht brauchst braeuchte gebraucht benoetige benoetigen
    kriege kriegen bekomme bekommen
    bekommt tun tue mache machst wann wohin woher womit wofuer wozu irgendwie irgendwo
    montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend wochenende
    uebermorgen gestern woche monat jahr uhr uhrzeit demnaechst bald ab kein keine keinen
    keiner keines keinem weiter wieder gleich lange genau ganz gut richtig eben leider
    trotzdem ueberhaupt eigentlich halt eh dabei sowieso bereits gerade grad erst
    krieg kriegt kriegst nen ne nem nix is werd hab haste echt bissl bisschen
    geworden worden wurde wurden wissen weiss
    seit seitdem vorgestern neulich kuerzlich letzte letzten letzter letztes naechstes
    sagt sagte sagten sagen gesagt meint meinte meinten gemeint erzaehlt glaube glaub drin
    """
)
"""Folded words without topic. Verbs like "beantragen" stay (see GENERIC_STEMS)."""

GENERIC_WORDS: frozenset[str] = _words(
    """
    beantragen beantragt beantrage antrag antraege stellen stellt machen macht termin
    termine essen essener stadt amt aemter behoerde behoerden verwaltung kosten kostet
    gebuehr gebuehren preis neu neue neuen info infos information hilfe helfen erledigen
    dokument dokumente unterlagen formular wichtig moeglich gilt gehen bekommen erhalten
    fragen frage anliegen kommen kommt komme
    """
)
GENERIC_STEMS: frozenset[str] = frozenset(stem(word) for word in GENERIC_WORDS)
"""Stems too common in citizen questions to be topical evidence on their own."""

_CONJUNCTIONS = _words(
    "wenn weil dass ob obwohl bevor nachdem sobald falls damit und oder aber sondern denn"
)
_QUESTION_WORDS = _words("wo wie wann warum wieso weshalb wohin woher")
_DETERMINERS = _words(
    """
    der die das den dem des ein eine einen einem einer mein meine meinen meinem meiner
    dein deine deinen deinem sein seine seinen seinem ihr ihre ihren ihrem unser unsere
    unseren euer eure kein keine keinen diese dieser diesen dieses"""
)
_PARTICLES = frozenset({"an", "ab", "um", "aus", "ein", "zurueck", "weg", "nach", "auf", "mit"})
_BEFORE_VERB = _words(
    """
    ich du er sie es wir ihr man wo wie wann was warum wieso weshalb wohin woher welche
    welcher welches bitte dann jetzt heute morgen also und hallo hi muss kann soll will
    darf moechte"""
)


@lru_cache(maxsize=WORD_CACHE // 2)
def fold(text: str) -> str:
    """Fold text to lower-case ASCII with umlauts written out (Straße → strasse)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).casefold().translate(_UMLAUTS)
        if not text.isascii():
            text = unicodedata.normalize("NFKD", text)
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
    else:
        text = text.lower()
    return text.replace("ph", "f")


def clauses(text: str) -> list[list[tuple[str, bool]]]:
    """Split text into clauses of (folded word, written with a capital) pairs.

    Clauses end at punctuation and before conjunctions ("…, wenn …", "… und …").
    Single letters are dropped; digits are kept.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    result: list[list[tuple[str, bool]]] = []
    for part in _CLAUSE_SPLIT.split(text):
        words: list[tuple[str, bool]] = []
        for raw in _RAW_WORD.findall(part):
            for pair in _raw_word(raw):
                # a question word inside a clause starts one in unpunctuated text
                # ("… in die schule wo melde ich sie an")
                if words and (
                    pair[0] in _CONJUNCTIONS or (pair[0] in _QUESTION_WORDS and len(words) >= 2)
                ):
                    result.append(words)
                    words = []
                words.append(pair)
        if words:
            result.append(words)
    return result


@lru_cache(maxsize=WORD_CACHE // 2)
def _raw_word(raw: str) -> tuple[tuple[str, bool], ...]:
    """The folded words of one written word, each with "written with a capital"."""
    capital = raw[:1].isupper() and not raw.isupper()
    return tuple(
        (word, capital)
        for word in _WORD.findall(fold(raw))
        if len(word) > 1 or word.isdigit()
    )


def words(text: str) -> set[str]:
    """The distinct folded words of a text, without stop words (fast, for long texts)."""
    return {w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOPWORDS}


def tokenize(text: str) -> list[str]:
    """Return the folded word tokens, separable verbs joined ("melde … an" → anmelde)."""
    tokens: list[str] = []
    for words in clauses(text):
        if words[-1][0] in _PARTICLES:
            tokens.extend(_join_separable(words))
        else:
            tokens.extend([word for word, _ in words])
    return tokens


def _join_separable(words: list[tuple[str, bool]]) -> list[str]:
    """Glue a clause-final particle to the clause's finite verb.

    German main clauses put the finite verb first or second ("Wo melde ich mich
    an?", "Ich ziehe … um"): skip question words and pronouns, and a determiner
    with its noun ("Mein Ausweis läuft ab"); a capitalised word after the first
    is a noun, not the verb.
    """
    plain = [word for word, _ in words]
    if len(plain) < 2 or plain[-1] not in _PARTICLES:
        return plain
    index = 0
    while index < len(plain) - 1 and index <= 3:
        word, capital = words[index]
        if word in _BEFORE_VERB:
            index += 1
        elif word in _DETERMINERS:
            index += 2
        elif capital and index > 0:
            index += 1
        elif word in STOPWORDS or word.isdigit():
            return plain
        else:
            return [*plain[:index], plain[-1] + word, *plain[index + 1 : -1]]
    return plain


@dataclass(frozen=True)
class Token:
    """A folded word and its stem; `weight` < 1 for parts guessed from compounds."""

    surface: str
    stem: str
    weight: float = 1.0
    known: bool = True


_LINKERS = ("", "s", "es", "n", "en", "e")
_ENDINGS = ("e", "n", "s", "en", "er", "es", "em", "ern", "st", "et", "t")
_MIN_PART = 3
CLOSE_TYPO = 87.0
"""A word this close (rapidfuzz ratio) to a whole FAQ word is read as that word, not split."""
_MAX_WORD = 48


class Vocabulary:
    """The FAQ's words: splits unknown compounds and corrects typos against them."""

    def __init__(
        self,
        surfaces: Iterable[str],
        correctable: Iterable[str] | None = None,
        *,
        typo_cutoff: float = 80.0,
    ) -> None:
        self.surfaces: frozenset[str] = frozenset(s for s in surfaces if len(s) > 1)
        self.stems: frozenset[str] = frozenset(stem(s) for s in self.surfaces)
        self._forms = self.surfaces | self.stems
        pool = self.surfaces if correctable is None else frozenset(correctable)
        self._choices: list[str] = sorted(s for s in pool if len(s) >= 4)
        self._typo_cutoff = typo_cutoff
        self.split = lru_cache(maxsize=QUERY_WORD_CACHE)(self._split)
        self.correct = lru_cache(maxsize=QUERY_WORD_CACHE)(self._correct)
        self.head = lru_cache(maxsize=QUERY_WORD_CACHE)(self._head)

    def knows(self, word: str) -> bool:
        """Return True when the word, or the word without an inflection ending, is known.

        A cheap stand-in for comparing stems (the stemmer is too slow to run on every
        substring of every compound): "anmeldungen" is known through "anmeldung",
        "kinder" through the stem "kind".
        """
        forms = self._forms
        if word in forms:
            return True
        return any(word.endswith(end) and word[: -len(end)] in forms for end in _ENDINGS)

    def _split(self, word: str) -> tuple[str, ...] | None:
        """Split a compound fully into known words (fewest, then longest parts)."""
        n = len(word)
        # best[i]: the best split of word[i:], as (number of parts, -shortest part, parts)
        best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
        for i in range(n - _MIN_PART, -1, -1):
            candidates: list[tuple[int, int, tuple[str, ...]]] = []
            tail = word[i:]
            if i > 0 and self.knows(tail):
                candidates.append((1, -len(tail), (tail,)))
            for j in range(i + _MIN_PART, n - _MIN_PART + 1):
                part = word[i:j]
                if not self.knows(part):
                    continue
                for linker in _LINKERS:
                    k = j + len(linker)
                    if linker and word[j:k] != linker:
                        continue
                    rest = best[k] if k <= n else None
                    if rest is None:
                        continue
                    count, shortest, parts = rest
                    candidates.append(
                        (count + 1, max(shortest, -len(part)), (part, *parts))
                    )
            if candidates:
                best[i] = min(candidates)
        found = best[0]
        if found is None or found[0] < 2:
            return None
        return found[2]

    def _correct(self, word: str) -> tuple[str, ...]:
        """The FAQ words closest to a misspelt word (best first, up to three)."""
        if len(word) < 4 or not self._choices:
            return ()
        # one wrong letter in a short word often makes another real word
        # (Wetter/weiter): short words may only miss or add a letter
        cutoff = self._typo_cutoff if len(word) >= 7 else max(self._typo_cutoff, 88.0)
        found = process.extract(word, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
        return tuple(choice for choice, _, _ in found)

    def _fix(
        self, word: str, accept: Callable[[str], bool] | None, cutoff: float = 0.0
    ) -> str | None:
        """The closest FAQ word (scoring at least `cutoff`) that `accept`s (by stem), or None."""
        for choice in self.correct(word):
            if cutoff and fuzz.ratio(word, choice) < cutoff:
                return None
            if accept is None or accept(stem(choice)):
                return choice
        return None

    def _known_form(self, part: str) -> str:
        """The form of a compound part the FAQ holds: itself, or without an inflection ending.

        `knows` accepts "ausweiss" through "ausweis"; its stem must be that of the known form.
        """
        if part in self._forms:
            return part
        for end in _ENDINGS:
            base = part[: -len(end)]
            if part.endswith(end) and len(base) >= _MIN_PART and base in self._forms:
                return base
        return part

    def _tokens(self, parts: Iterable[str]) -> list[Token]:
        """Tokens of compound parts, each in the form the FAQ holds."""
        return [Token(form, stem(form)) for form in map(self._known_form, parts)]

    def _head(self, word: str) -> str | None:
        """Return the longest known final part (the compound's head), or None."""
        for i in range(_MIN_PART, len(word) - 3):
            tail = word[i:]
            if self.knows(tail):
                return tail
        return None

    def resolve(self, word: str, accept: Callable[[str], bool] | None = None) -> list[Token]:
        """Explain an unknown query word: compound parts, typo fix, or a known head.

        `accept` tells which stems a typo may be corrected to (default: any FAQ word).
        """
        if len(word) > _MAX_WORD:  # not a word anyone types; keep the work bounded
            return [Token(word, word, known=False)]
        parts = self.split(word)
        if len(word) < 4:
            return [Token(word, stem(word), known=False)] if parts is None else self._tokens(parts)
        # one letter off a whole FAQ word is a typo, not a compound of two short words
        # ("wohngelt" is Wohngeld, not wohn + gelt)
        close = self._fix(word, accept, CLOSE_TYPO) if parts is not None else None
        if close is not None:
            return [Token(close, stem(close))]
        if parts is not None:
            return self._tokens(parts)
        fixed = self._fix(word, accept)
        if fixed is not None:
            return [Token(fixed, stem(fixed))]
        for i in range(len(word) - 4, 3, -1):  # known prefix + misspelt rest
            prefix, rest = word[:i], word[i:]
            if prefix not in self._forms:
                continue
            rest_parts = self.split(rest)
            if rest_parts is None and len(rest) >= 5:
                rest_fixed = self._fix(rest, accept)
                rest_parts = None if rest_fixed is None else (rest_fixed,)
            if rest_parts is not None:
                return [Token(prefix, stem(prefix)), *self._tokens(rest_parts)]
        head = self.head(word)
        if head is not None:
            modifier = word[: len(word) - len(head)]
            return [
                Token(modifier, stem(modifier), known=False),
                Token(head, stem(head), weight=0.6),
            ]
        return [Token(word, stem(word), known=False)]
