"""Intent routing before the FAQ: which messages are small talk, stop questions, Vor-Ort wording."""

from __future__ import annotations

from datetime import date

import pytest

from core.intents import Intent, Talk, route, wants_visit
from faq import FaqMatcher

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(scope="module")
def matcher() -> FaqMatcher:
    return FaqMatcher.from_paths()


def intent(text: str, matcher: FaqMatcher) -> str | None:
    routed = route(text, TODAY, matcher)
    return routed.intent.value if routed else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hallo", "smalltalk"),
        ("bist du ein mensch?", "smalltalk"),
        ("👍", "smalltalk"),
        ("wo steht der bus am dienstag", "stops"),
        ("kommt das bürgermobil nach kettwig", "stops"),
        ("Wo ist das Bürgermobil?", "stops"),
        ("buergermobil naechste woche", "stops"),
        ("wann ist das burgermobiel in steele", "stops"),
        ("where is the bus tomorrow", "stops"),
        ("Steele", "stops"),
        ("in Rüttenscheid?", "stops"),
        ("45257", "stops"),
        ("PLZ 45127", "stops"),
        ("Hausbesuch für meine bettlägerige Mutter", "vorort"),
        ("Mein Vater lebt im Pflegeheim, sein Perso ist abgelaufen", "vorort"),
        # ordinary questions and public transport stay with the FAQ
        ("Wann fährt der nächste Bus nach Kettwig", None),
        ("Welche Buslinie fährt zum Bürgeramt Steele?", None),
        ("Was ist das Bürgermobil?", None),
        ("Kann ich am Bürgermobil meinen Ausweis beantragen?", None),
        ("Was kostet ein Personalausweis?", None),
        ("Hallo, mein Ausweis ist abgelaufen", None),
        ("Darf mein Hund im Stadtpark frei laufen?", None),
        ("Wie finde ich einen Platz im Pflegeheim?", None),
        ("Donnerstag", None),
    ],
)
def test_route(text: str, expected: str | None, matcher: FaqMatcher) -> None:
    assert intent(text, matcher) == expected


def test_stop_lookup_carries_the_day_and_the_district(matcher: FaqMatcher) -> None:
    routed = route("wo steht der bus am dienstag", TODAY, matcher)
    assert routed is not None and routed.lookup is not None and routed.lookup.day is not None
    assert routed.lookup.day.start == date(2026, 12, 1)
    routed = route("kommt das bürgermobil nach kettwig", TODAY, matcher)
    assert routed is not None and routed.lookup is not None and routed.lookup.area is not None
    assert routed.lookup.area.district == "Kettwig"
    routed = route("10115", TODAY, matcher)
    assert routed is not None and routed.lookup is not None and routed.lookup.foreign_code == "10115"


def test_language_of_the_words(matcher: FaqMatcher) -> None:
    thanks = route("thank you", TODAY, matcher)
    assert thanks is not None and thanks.talk is Talk.THANKS and thanks.lang == "en"
    bus = route("where is the bus tomorrow", TODAY, matcher)
    assert bus is not None and bus.intent is Intent.STOPS and bus.lang == "en"
    bare = route("Steele", TODAY, matcher)
    assert bare is not None and bare.lang is None  # the user's language decides


def test_without_a_matcher_the_router_still_routes() -> None:
    routed = route("wo steht der bus am dienstag", TODAY)
    assert routed is not None and routed.intent is Intent.STOPS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meine Oma ist bettlägerig", True),
        ("Kann jemand zu uns nach Hause kommen?", True),
        ("Mein Mann sitzt im Rollstuhl, sein Ausweis läuft ab", True),
        ("home visit for my bedridden father", True),
        ("Wie finde ich einen Platz im Pflegeheim?", False),
        ("Was kostet ein Reisepass?", False),
    ],
)
def test_wants_visit(text: str, expected: bool) -> None:
    assert wants_visit(text) is expected
