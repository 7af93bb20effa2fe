"""Small talk and meta messages: greetings, thanks, "menü", "bist du ein Mensch?", insults, emoji.

A message is small talk only when *every* word in it is small talk or a filler word
("hallo", "vielen Dank!", "du bist doof", "👍"). One word of content ("hallo, mein Ausweis
ist weg") makes it a question for the FAQ. The words carry their language, so a reply can
follow the message ("thanks" → English) rather than the phone's setting.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["SmallTalk", "Talk", "small_talk"]

MAX_WORDS = 12
"""Longer messages are never small talk."""


class Talk(enum.Enum):
    """The kind of small talk, strongest first (a message with several kinds gets the first)."""

    HUMAN = "human"
    INSULT = "insult"
    HELP = "help"
    MENU = "menu"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    GREETING = "greeting"
    YES_NO = "yes_no"
    OKAY = "okay"
    EMOJI = "emoji"


@dataclass(frozen=True)
class SmallTalk:
    """What kind of small talk a message is, and its language ("de", "en", or None: unclear)."""

    kind: Talk
    lang: str | None


_DE, _EN, _ANY = "de", "en", None

# phrase (folded words) -> (kind, language)
_PHRASES: dict[str, tuple[Talk, str | None]] = {}


def _add(kind: Talk, lang: str | None, *phrases: str) -> None:
    for phrase in phrases:
        _PHRASES[phrase] = (kind, lang)


_add(Talk.GREETING, _DE, "hallo", "hallöchen", "guten tag", "guten morgen", "morgen", "moin", "moin moin",
    "guten abend", "n abend", "servus", "grüß gott", "grüß dich", "grüezi", "mahlzeit", "tach", "tag",
    "schönen guten tag", "schönen guten morgen", "einen schönen guten tag", "huhu")
_add(Talk.GREETING, _EN, "hello", "good morning", "good afternoon", "good evening", "greetings", "howdy")
_add(Talk.GREETING, _ANY, "hi", "hey", "yo")
_add(Talk.GREETING, _DE, "hallo zusammen")
_add(Talk.GREETING, _EN, "hello there", "hey there", "hi there")
_add(Talk.GREETING, _DE, "wie geht es dir", "wie geht es ihnen", "wie gehts", "wie geht's",
    "alles gut bei dir")
_add(Talk.GREETING, _EN, "how are you", "how are you doing")
_add(Talk.THANKS, _DE, "danke", "dankeschön", "danke schön", "danke sehr", "vielen dank",
    "vielen lieben dank", "herzlichen dank", "besten dank", "tausend dank", "dank", "merci",
    "danke für die hilfe", "danke für die auskunft", "danke für die info", "danke für die antwort",
    "das hat geholfen", "sehr hilfreich", "vergelts gott")
_add(Talk.THANKS, _EN, "thanks", "thank you", "thank you very much", "thanks a lot", "many thanks", "thx",
    "ty", "cheers", "much appreciated", "thanks for your help", "that helped", "very helpful")
_add(Talk.GOODBYE, _DE, "tschüss", "tschüs", "tschö", "auf wiedersehen", "wiedersehen", "bis bald",
    "bis dann", "bis später", "schönen tag noch", "schönen tag", "einen schönen tag",
    "schönes wochenende", "gute nacht", "mach's gut", "machs gut", "ade", "adieu", "schönen abend")
_add(Talk.GOODBYE, _EN, "bye", "goodbye", "good bye", "bye bye", "see you", "have a nice day",
    "good night")
_add(Talk.GOODBYE, _ANY, "ciao", "tschau")
_add(Talk.MENU, _DE, "menü", "hauptmenü", "zum menü", "zurück zum menü", "zurück", "anfang", "von vorne",
    "neustart", "neu starten", "starten", "optionen", "übersicht")
_add(Talk.MENU, _EN, "main menu", "back", "restart", "options")
_add(Talk.MENU, _ANY, "menu", "start", "stop", "abbrechen", "cancel", "reset")
_add(Talk.HELP, _DE, "hilfe", "ich brauche hilfe", "was kannst du", "was kannst du alles",
    "was können sie", "was kann ich hier machen", "was kann ich hier tun", "wie funktioniert das",
    "wie geht das", "wer bist du", "wer sind sie", "was bist du", "was ist das hier", "funktionen",
    "befehle")
_add(Talk.HELP, _EN, "help", "i need help", "what can you do", "how does this work", "who are you",
    "what are you", "commands")
_add(Talk.HUMAN, _DE, "bist du ein mensch", "bist du ein echter mensch", "sind sie ein mensch",
    "sind sie ein echter mensch", "bist du ein bot", "bist du ein roboter", "bist du ein computer",
    "bist du eine ki", "bist du echt", "sind sie echt", "sind sie ein bot", "sind sie ein roboter",
    "ist das ein bot", "ist das ein mensch", "ist da ein mensch", "ist da jemand",
    "rede ich mit einem menschen", "spreche ich mit einem menschen", "schreibe ich mit einem menschen",
    "mensch oder maschine", "mensch oder bot", "bist du ein mensch oder ein bot",
    "bist du ein mensch oder eine maschine", "ich will einen menschen",
    "ich möchte mit einem menschen sprechen", "ich will mit einem menschen reden",
    "ich möchte einen menschen sprechen", "echter mensch", "kann ich mit einem menschen sprechen",
    "kann ich mit einem mitarbeiter sprechen", "ich will einen mitarbeiter sprechen")
_add(Talk.HUMAN, _EN, "are you human", "are you a human", "are you a bot", "are you a robot",
    "are you real", "is this a bot", "am i talking to a human", "am i talking to a bot",
    "is anyone there", "i want to talk to a human", "can i talk to a human", "real person",
    "human or bot")
_add(Talk.INSULT, _DE, "doof", "blöd", "blöder bot", "blödes ding", "dumm", "dummer bot", "dummes ding",
    "du bist doof", "du bist blöd", "du bist dumm", "du bist nutzlos", "nutzlos", "unnütz", "schrott",
    "scheiße", "scheiss", "scheiß", "scheiss bot", "scheiß bot", "mist", "so ein mist", "idiot",
    "idiotisch", "bescheuert", "du nervst", "nervig", "kacke", "quatsch", "so ein quatsch", "unsinn",
    "blödsinn", "lächerlich", "depp", "trottel", "vollidiot", "halt die klappe", "halts maul",
    "halt's maul", "fick dich", "verpiss dich", "zum kotzen", "müll", "der letzte mist", "taugt nichts",
    "bringt nichts", "das bringt nichts", "du verstehst nichts", "du verstehst mich nicht",
    "versteht mich nicht", "das ist falsch", "falsch", "keine ahnung hast du")
_add(Talk.INSULT, _EN, "stupid", "stupid bot", "useless", "you are useless", "you suck", "this sucks",
    "dumb", "idiot", "crap", "shit", "garbage", "rubbish", "shut up", "fuck you", "you are stupid",
    "wrong")
_add(Talk.YES_NO, _DE, "ja", "nein", "ne", "nö", "jein", "genau", "ja bitte", "nein danke", "ja gerne")
_add(Talk.YES_NO, _EN, "yes", "no", "yes please", "no thanks", "yep", "nope")
_add(Talk.OKAY, _DE, "alles klar", "in ordnung", "verstanden", "gut", "sehr gut", "prima", "toll",
    "klasse", "schön", "na gut", "ach so", "achso", "aha", "okay danke", "passt", "passt schon", "gerne",
    "gern")
_add(Talk.OKAY, _EN, "got it", "great", "fine", "nice", "good", "understood", "all right", "alright")
_add(Talk.OKAY, _ANY, "ok", "okay", "oki", "okidoki", "super", "cool", "perfekt", "perfect", "top", "hm",
    "hmm", "aha", "oh", "ah", "lol")

_FILLERS: dict[str, str | None] = {
    **dict.fromkeys(("und", "auch", "noch", "nochmal", "mal", "sehr", "so", "ganz", "lieber", "liebe",
                     "lieben", "herzlich", "herzlichen", "bitte", "erstmal", "zusammen", "leute", "team",
                     "ihnen", "dir", "euch", "dich", "sie", "du", "ihr", "bot", "chatbot", "botchen",
                     "frau", "herr", "nochmals", "also", "nun", "jetzt", "dann", "erst", "einmal",
                     "vielmals", "schon", "wirklich", "echt", "ne", "oder", "mein", "meine", "bist", "ist",
                     "sind", "das", "es", "hier", "aber", "einfach"), _DE),
    **dict.fromkeys(("and", "again", "very", "much", "so", "really", "you", "bot", "please", "there",
                     "all", "guys", "folks", "everyone", "then", "now", "a", "lot", "are", "is",
                     "this"), _EN),
}
"""Words that may stand around small talk without making it a question."""

_EMOJI_KIND: dict[str, Talk] = {
    "👋": Talk.GREETING, "🙋": Talk.GREETING, "👍": Talk.THANKS, "🙏": Talk.THANKS, "❤": Talk.THANKS,
    "😊": Talk.THANKS, "🙂": Talk.THANKS, "😀": Talk.THANKS, "🥰": Talk.THANKS, "💐": Talk.THANKS,
    "👌": Talk.OKAY, "✅": Talk.OKAY, "👎": Talk.INSULT, "😡": Talk.INSULT, "🤬": Talk.INSULT,
    "🖕": Talk.INSULT, "💩": Talk.INSULT,
}
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "’": "'", "`": "'"})
_WORD = re.compile(r"[a-z0-9']+")
_MAX_PHRASE = 8


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_TABLE: dict[tuple[str, ...], tuple[Talk, str | None]] = {
    tuple(_WORD.findall(_fold(phrase))): value for phrase, value in _PHRASES.items()
}
_FILLER_TABLE = {_fold(word): lang for word, lang in _FILLERS.items()}
_ORDER = {kind: rank for rank, kind in enumerate(Talk)}


def _symbols(text: str) -> SmallTalk | None:
    """A message of emoji and punctuation only (no letter, no digit)."""
    if any(c.isalnum() for c in text):
        return None
    marks = [c for c in text if unicodedata.category(c) in ("So", "Sk")]
    if not marks and not text.strip():
        return None
    kinds = [_EMOJI_KIND[c] for c in marks if c in _EMOJI_KIND]
    kind = min(kinds, key=_ORDER.__getitem__) if kinds else Talk.EMOJI
    return SmallTalk(kind, None)


def _language(langs: list[str | None]) -> str | None:
    """German when any word is German, English when the words are English, else unclear."""
    if _DE in langs:
        return _DE
    return _EN if _EN in langs else None


def small_talk(text: str) -> SmallTalk | None:
    """The message as small talk, or None when it says anything more (a question for the FAQ)."""
    symbols = _symbols(text)
    if symbols is not None:
        return symbols
    tokens = _WORD.findall(_fold(text))
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    kinds: list[Talk] = []
    langs: list[str | None] = []
    position = 0
    while position < len(tokens):
        for size in range(min(_MAX_PHRASE, len(tokens) - position), 0, -1):
            hit = _TABLE.get(tuple(tokens[position : position + size]))
            if hit is not None:
                kinds.append(hit[0])
                langs.append(hit[1])
                position += size
                break
        else:
            word = tokens[position]
            if word not in _FILLER_TABLE:
                return None  # a word of content: this is a question
            langs.append(_FILLER_TABLE[word])
            position += 1
    if not kinds:
        return None
    kind = min(kinds, key=_ORDER.__getitem__)
    emoji = [_EMOJI_KIND[c] for c in text if c in _EMOJI_KIND]
    if kind is Talk.OKAY and emoji:
        kind = min(emoji, key=_ORDER.__getitem__)
    return SmallTalk(kind, _language(langs))
