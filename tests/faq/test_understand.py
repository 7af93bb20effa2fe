"""Reading long messages: greetings and closings set aside, question parts, readings combined."""

from __future__ import annotations

import pytest

from faq import Candidate, Decision, FaqMatcher, MatchResult
from faq.understand import combine, read


def test_greeting_closing_and_story_are_told_apart() -> None:
    reading = read(
        "Sehr geehrte Damen und Herren, ich ziehe nach Spanien. Meine Wohnung gebe ich auf."
        " Muss ich mich abmelden? Mit freundlichen Grüßen"
    )
    assert reading.body == "ich ziehe nach Spanien. Meine Wohnung gebe ich auf. Muss ich mich abmelden?"
    assert reading.questions == ("Muss ich mich abmelden?",)
    assert reading.sentences == 3
    assert reading.long


def test_a_short_question_is_not_long() -> None:
    reading = read("Hallo, wo melde ich meinen Hund an?")
    assert reading.body == "wo melde ich meinen Hund an?"
    assert not reading.long


def test_a_greeting_alone_stays_as_it_is() -> None:
    assert read("Guten Morgen!").body == "Guten Morgen!"
    assert read("Danke").sentences == 0


def test_a_dictated_run_on_message_is_long() -> None:
    assert read("ja hallo ich wollte fragen wo ich meinen neuen ausweis abholen kann der ist fertig").long


def _result(decision: Decision, *ids: str) -> MatchResult:
    return MatchResult("q", decision, tuple(Candidate(i, 60.0 - n) for n, i in enumerate(ids)))


def test_readings_that_agree_answer_and_readings_that_disagree_suggest() -> None:
    agree = combine("q", [_result(Decision.ANSWER, "a", "b"), _result(Decision.ANSWER, "a")])
    assert agree.answer_id == "a"
    disagree = combine("q", [_result(Decision.ANSWER, "a"), _result(Decision.ANSWER, "b")])
    assert disagree.decision is Decision.SUGGEST
    assert set(disagree.suggestions) == {"a", "b"}
    none = combine("q", [_result(Decision.NONE), _result(Decision.SUGGEST, "c")])
    assert none.decision is Decision.SUGGEST and none.suggestions == ("c",)


def test_question_sentences_that_agree_decide_between_the_readings() -> None:
    whole = _result(Decision.ANSWER, "report-death", "certificates")
    question = _result(Decision.ANSWER, "certificates", "report-death")
    decided = combine("q", [whole], [question])
    assert decided.decision is Decision.ANSWER and decided.answer_id == "certificates"
    # question sentences that disagree decide nothing: the bot offers the entries
    other = _result(Decision.ANSWER, "dog")
    split = combine("q", [whole], [question, other])
    assert split.decision is Decision.SUGGEST
    assert set(split.suggestions) == {"report-death", "certificates", "dog"}
    # a question sentence without an answer leaves the whole message's reading standing
    unsure = combine("q", [whole], [_result(Decision.SUGGEST, "certificates")])
    assert unsure.answer_id == "report-death"


@pytest.fixture(scope="module")
def matcher() -> FaqMatcher:
    return FaqMatcher.from_paths()


def test_a_letter_with_the_topic_in_the_story_is_answered(matcher: FaqMatcher) -> None:
    letter = (
        "Guten Tag, ich habe mir im Sommer einen Welpen gekauft, einen Dackel. Eine Bekannte"
        " sagt, das muss man der Stadt melden. Was muss ich da tun? Vielen Dank"
    )
    assert matcher.match(letter).answer_id == "hundeanmeldung"


def test_a_question_part_alone_does_not_answer_against_the_story(matcher: FaqMatcher) -> None:
    letter = (
        "Hallo, ich bin Bäckerin und eröffne im Frühjahr ein Café in Rüttenscheid."
        " Was muss ich bei der Stadt anmelden?"
    )
    assert matcher.match(letter).answer_id != "anmeldung"


@pytest.mark.parametrize(
    ("relative", "first_person"),
    [
        ("Mein Vater hat seinen Führerschein verloren", "Ich habe meinen Führerschein verloren"),
        ("Für meine Oma brauche ich eine Meldebescheinigung", "Ich brauche eine Meldebescheinigung"),
        ("Meine Schwester will ihren Reisepass verlängern", "Ich will meinen Reisepass verlängern"),
    ],
)
def test_relatives_map_like_first_person(matcher: FaqMatcher, relative: str, first_person: str) -> None:
    assert matcher.match(relative).answer_id == matcher.match(first_person).answer_id is not None


@pytest.mark.parametrize(
    "text",
    [
        "für meinen Neffen einen Reisepass",
        "den Reisepass meines Vaters",
        "Reisepass für unsere Enkelkinder",
        "der Reisepass von meinen Töchtern",
    ],
)
def test_inflected_person_words_carry_no_topic(matcher: FaqMatcher, text: str) -> None:
    """'Neffen', 'Vaters', 'Töchtern' are set aside like 'Neffe', 'Vater', 'Tochter'."""
    terms = matcher.explain(text)["terms"]
    assert isinstance(terms, list)
    assert [term["stem"] for term in terms] == ["reisepass"]


def test_english_person_words_carry_no_topic(matcher: FaqMatcher) -> None:
    terms = matcher.english.explain("a passport for my grandson and my nieces")["terms"]
    assert isinstance(terms, list)
    assert [term["stem"] for term in terms] == ["passport"]


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("hallo ich habe im bus gestern meine tasche vergessen weiß jemand wo die jetzt ist", "fundbuero"),
    ],
)
def test_a_run_on_message_is_read_like_a_letter(matcher: FaqMatcher, text: str, entry: str) -> None:
    """Dictation without sentences: its known words, clearly ahead, answer below the usual bar."""
    assert read(text).sentences == 1 and read(text).long
    assert matcher.score(text).decision is not Decision.ANSWER
    assert matcher.match(text).answer_id == entry


def test_a_run_on_message_naming_another_topic_is_not_answered(matcher: FaqMatcher) -> None:
    """Without sentences the story is not told apart: another entry's topic still counts."""
    text = (
        "wir sind letzte woche innerhalb von essen umgezogen und haben einen hund"
        " muss ich den auch ummelden"
    )
    body = read(text).body
    assert matcher.score(body, known_only=True, letter=True, story=True).decision is Decision.ANSWER
    assert matcher.score(body, known_only=True, letter=True, story=False).decision is not Decision.ANSWER
    assert matcher.match(text).decision is not Decision.ANSWER
