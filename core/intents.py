"""Intent routing before the FAQ: small talk, stop questions in free text, Vor-Ort wording.

`route` reads a citizen's message (already cleaned) and says what it is, or None for an
ordinary question:
- `smalltalk`: greetings, thanks, "menü", "bist du ein Mensch?", insults, emoji only
  (`faq.smalltalk`): a short friendly reply with the menu, never the team queue;
- `stops`: where and when the Bürgermobil stands ("wo steht der bus am dienstag", "kommt das
  bürgermobil nach kettwig", a bare "Steele" or "45257"): the stop lookup. A question about
  buses and trains ("Wann fährt der nächste Bus nach Kettwig?") is public transport, not this;
- `vorort`: someone cannot come to the office (Hausbesuch, bettlägerig, Pflegeheim with a
  document) and the FAQ has no sure answer other than the Vor-Ort-Service entry: the visit
  request. With another sure answer the FAQ answers first; the desk adds the request below
  answers about what the Vor-Ort-Service does (`wants_visit`).

Pure and synchronous, like the FAQ; the desk (`core.questions`) decides what to do with it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from core.places import exact_area, fold, resolve_area
from core.stops.query import BUERGERMOBIL_ENTRY, Lookup, read_lookup
from faq import Decision, FaqMatcher
from faq.smalltalk import SmallTalk, Talk, small_talk

__all__ = ["Intent", "Routed", "Talk", "route", "wants_visit"]


class Intent(enum.Enum):
    """What a message is, before the FAQ (the names are those of the evaluation's tags)."""

    SMALLTALK = "smalltalk"
    STOPS = "stops"
    VORORT = "vorort"


@dataclass(frozen=True)
class Routed:
    """A routed message: its intent, the language of its words (None: unclear), and the details."""

    intent: Intent
    lang: str | None = None
    talk: Talk | None = None
    lookup: Lookup | None = None


_MOBIL = frozenset(
    {
        "buergermobil",
        "buergermobils",
        "burgermobil",
        "buergermobile",
        "buergermobiel",
        "buergermobl",
        "buergermoble",
        "buergerbus",
        "burgerbus",
        "infobus",
        "stadtmobil",
    }
)
_BUS = frozenset({"bus", "busse", "bussle", "buss", "van", "wagen", "mobil"})
_WHERE_WHEN = frozenset(
    {
        "wo",
        "wann",
        "wohin",
        "standort",
        "standorte",
        "steht",
        "stehen",
        "stehst",
        "haelt",
        "halten",
        "kommt",
        "kommen",
        "kommst",
        "termine",
        "zeiten",
        "uhrzeit",
        "plan",
        "einsatzplan",
        "naechstes",
        "naechste",
        "where",
        "when",
        "stand",
        "stands",
        "come",
        "comes",
        "visit",
        "schedule",
        "times",
        "markt",
        "wochenmarkt",
        "market",
    }
)
_TRANSIT = frozenset(
    {
        "linie",
        "buslinie",
        "haltestelle",
        "bushaltestelle",
        "fahrplan",
        "busfahrplan",
        "ticket",
        "fahrkarte",
        "fahrschein",
        "strassenbahn",
        "tram",
        "bahn",
        "sbahn",
        "ubahn",
        "zug",
        "ruhrbahn",
        "evag",
        "vrr",
        "umsteigen",
        "verbindung",
        "abfahrt",
        "abfahrtszeit",
        "nachtbus",
        "schulbus",
        "schienenersatzverkehr",
        "faehrt",
        "fahren",
        "faehrst",
        "fahre",
        "route",
        "train",
        "line",
        "timetable",
        "departure",
        "leaves",
    }
)
_NEXT_BUS = re.compile(r"\b(?:naechste[nrs]?|letzte[nrs]?|erste[nrs]?|next|last|first)\s+(?:bus|busse)\b")
_ENGLISH = frozenset(
    {
        "where",
        "when",
        "is",
        "the",
        "does",
        "do",
        "will",
        "come",
        "comes",
        "to",
        "on",
        "today",
        "tomorrow",
        "next",
        "week",
        "bus",
        "stand",
        "what",
        "time",
        "in",
        "at",
        "i",
        "my",
        "for",
        "home",
        "visit",
    }
)
_GERMAN = frozenset(
    {
        "wo",
        "wann",
        "ist",
        "der",
        "die",
        "das",
        "steht",
        "kommt",
        "nach",
        "am",
        "heute",
        "morgen",
        "naechste",
        "woche",
        "ich",
        "mein",
        "meine",
        "fuer",
        "und",
        "nicht",
        "mit",
        "zu",
        "im",
        "ein",
        "eine",
        "bitte",
    }
)

_VISIT_STRONG = re.compile(
    r"\b(?:haus ?besuch\w*|bettlaegerig\w*|bett ?gebunden\w*|vor ort service|vorortservice|buergerkoffer"
    r"|home visits?|bedridden|housebound|house bound"
    r"|(?:nicht|kaum) (?:mehr )?(?:aus dem haus|aus der wohnung|raus|laufen|gehen|vor die tuer)"
    r"|(?:komme|kommt|kommen|schaffe|schafft) (?:es )?(?:nicht|kaum) (?:mehr )?"
    r"(?:ins|zum|in das) (?:buerger)?amt"
    r"|(?:zu|nach) (?:mir |uns |ihr |ihm )?(?:nach )?hause (?:kommen|besuchen)"
    r"|(?:ins|in das) (?:pflege|alten|senioren)?heim kommen|cannot leave (?:the )?house)\b"
)
_VISIT_PLACE = re.compile(
    r"\b(?:(?:pflege|alten|alters|senioren|wohn)?heim\w*|pflegeeinrichtung\w*|pflegebeduerftig\w*"
    r"|seniorenresidenz|betreutes wohnen|krankenhaus|klinik\w*|hospiz|reha|rehaklinik|rollstuhl\w*"
    r"|gehbehindert\w*|rollator|bettlaegerig\w*|nicht mobil|immobil|nursing home|care home|hospital"
    r"|wheelchair)\b"
)
_DOCUMENT = re.compile(
    r"\b(?:\w*ausweis\w*|perso|personalien|reisepass\w*|pass|passe|dokument\w*|papiere|\w*bescheinigung\w*"
    r"|\w*meld\w*|umzug|wohnsitz|unterschrift\w*|beglaubig\w*|urkunde\w*|id card|passport|registration"
    r"|register|documents?)\b"
)
VISIT_ENTRY = "vor-ort-service"
"""The FAQ entry about the Vor-Ort-Service."""
_BARE_WORDS = 3
"""A message of at most this many words that names only a district or postcode is a stop lookup."""
_POSTAL_ONLY = re.compile(r"^(?:plz\s*)?(\d{5})$", re.IGNORECASE)


def _lang(tokens: list[str]) -> str | None:
    """English when its function words outnumber the German ones, German when the reverse."""
    english = sum(token in _ENGLISH for token in tokens)
    german = sum(token in _GERMAN for token in tokens)
    if english > german:
        return "en"
    return "de" if german > english else None


def wants_visit(text: str) -> bool:
    """Whether the message says someone cannot come to the office (Vor-Ort-Service wording)."""
    folded = fold(text)
    return bool(_VISIT_STRONG.search(folded)) or bool(
        _VISIT_PLACE.search(folded) and _DOCUMENT.search(folded)
    )


def _bare_area(text: str, tokens: list[str], today: date) -> Lookup | None:
    """A bare district name or postal code ("Steele", "in Kettwig?", "45257")."""
    postal = _POSTAL_ONLY.match(text.strip(" ?!.,"))
    if postal is not None:
        return read_lookup(postal.group(1), today)
    if not tokens or len(tokens) > _BARE_WORDS or any(t.isdigit() for t in tokens):
        return None
    area = exact_area(text) or (resolve_area(text) if len(tokens) == 1 else None)
    return Lookup(area=area) if area is not None else None


def _is_mobil(token: str) -> bool:
    """ "Bürgermobil" and its misspellings ("buergermobiel", "burgermobil")."""
    if token in _MOBIL:
        return True
    return len(token) >= 9 and token[:1] == "b" and fuzz.ratio(token, "buergermobil") >= 82


def _is_public_transport(folded: str, tokens: list[str]) -> bool:
    return bool(_NEXT_BUS.search(folded)) or any(token in _TRANSIT for token in tokens)


def _stop_question(
    text: str, folded: str, tokens: list[str], today: date, matcher: FaqMatcher | None
) -> Lookup | None:
    """A free-text question about where and when the Bürgermobil stands."""
    words = set(tokens)
    mobil = any(_is_mobil(token) for token in tokens) or "rollendes buero" in folded
    if not mobil and (not words & _BUS or _is_public_transport(folded, tokens) or not words & _WHERE_WHEN):
        return None
    lookup = read_lookup(text, today, matcher)
    if lookup is not None:
        return lookup
    if not mobil or not words & _WHERE_WHEN:
        return None
    if matcher is not None:
        result = matcher.match(text)
        if result.decision is Decision.ANSWER and result.answer_id != BUERGERMOBIL_ENTRY:
            return None  # "wann ist das Bürgeramt offen, und das Bürgermobil?": the FAQ's topic
    return Lookup()  # "Wo ist das Bürgermobil?": the overview of the next stops


def _faq_unsure(text: str, matcher: FaqMatcher) -> bool:
    """No confident FAQ answer, or the answer is the Vor-Ort-Service entry itself."""
    result = matcher.match(text)
    return result.decision is not Decision.ANSWER or result.answer_id == VISIT_ENTRY


def route(text: str, today: date, matcher: FaqMatcher | None = None) -> Routed | None:
    """The intent of a message, or None for an ordinary question (for the FAQ).

    `today` (Berlin) reads day words; `matcher` keeps a longer question the FAQ answers
    confidently with another topic away from the stop lookup.
    """
    talk: SmallTalk | None = small_talk(text)
    if talk is not None:
        return Routed(Intent.SMALLTALK, talk.lang, talk=talk.kind)
    folded = fold(text)
    tokens = folded.split()
    if wants_visit(text) and (matcher is None or _faq_unsure(text, matcher)):
        return Routed(Intent.VORORT, _lang(tokens))  # with a sure answer, the FAQ answers first
    bare = _bare_area(text, tokens, today)
    if bare is not None:
        if matcher is None or matcher.match(text).decision is not Decision.ANSWER:
            return Routed(Intent.STOPS, None, lookup=bare)
        return None
    lookup = _stop_question(text, folded, tokens, today, matcher)
    return Routed(Intent.STOPS, _lang(tokens), lookup=lookup) if lookup is not None else None
