"""Small talk: only messages made of small talk and filler words, with their language."""

from __future__ import annotations

import pytest

from faq.smalltalk import SmallTalk, Talk, small_talk


@pytest.mark.parametrize(
    ("text", "kind", "lang"),
    [
        ("hallo", Talk.GREETING, "de"),
        ("Guten Morgen!", Talk.GREETING, "de"),
        ("Hi", Talk.GREETING, None),
        ("hello there", Talk.GREETING, "en"),
        ("danke", Talk.THANKS, "de"),
        ("Vielen lieben Dank!!", Talk.THANKS, "de"),
        ("Danke schön 🙏", Talk.THANKS, "de"),
        ("thanks a lot", Talk.THANKS, "en"),
        ("Tschüss", Talk.GOODBYE, "de"),
        ("bye", Talk.GOODBYE, "en"),
        ("Menü", Talk.MENU, "de"),
        ("menue", Talk.MENU, "de"),
        ("start", Talk.MENU, None),
        ("hilfe", Talk.HELP, "de"),
        ("help", Talk.HELP, "en"),
        ("Bist du ein Mensch?", Talk.HUMAN, "de"),
        ("hallo, bist du ein bot?", Talk.HUMAN, "de"),
        ("are you a robot", Talk.HUMAN, "en"),
        ("du bist so doof", Talk.INSULT, "de"),
        ("Scheiß Bot!", Talk.INSULT, "de"),
        ("ja", Talk.YES_NO, "de"),
        ("ok", Talk.OKAY, None),
        ("ok 👍", Talk.THANKS, None),
        ("👍", Talk.THANKS, None),
        ("👋", Talk.GREETING, None),
        ("🤔", Talk.EMOJI, None),
        ("😡😡", Talk.INSULT, None),
    ],
)
def test_small_talk(text: str, kind: Talk, lang: str | None) -> None:
    assert small_talk(text) == SmallTalk(kind, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Hallo, mein Ausweis ist abgelaufen",
        "danke, und was kostet der Reisepass?",
        "Hilfe beim Ausfüllen des Antrags",
        "Steele",
        "45257",
        "Start der Briefwahl",
        "Guten Tag, ich bin 82 und mein Personalausweis ist abgelaufen.",
        "",
        "   ",
        "hallo " * 13,
    ],
)
def test_a_word_of_content_makes_it_a_question(text: str) -> None:
    assert small_talk(text) is None
